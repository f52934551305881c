"""Metrics on gold labels: sectors (primary and set-based) and intensity (ordinal)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, classification_report, cohen_kappa_score, f1_score, mean_absolute_error

from model.labels import INTENSITIES, INTENSITY_RANK, PRIMARY_SECTORS, SECTORS


def _split(value) -> list[str]:
    if isinstance(value, str):
        return [s for s in value.split(";") if s]
    return list(value)


def set_f1(gold_sets, predicted_sets) -> dict[str, float]:
    """Micro and macro precision/recall/F1 over (article, sector) pairs."""
    gold = [set(_split(g)) for g in gold_sets]
    pred = [set(_split(p)) for p in predicted_sets]
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    fp = sum(len(p - g) for g, p in zip(gold, pred))
    fn = sum(len(g - p) for g, p in zip(gold, pred))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    per_sector = []
    for s in SECTORS:
        s_tp = sum(s in g and s in p for g, p in zip(gold, pred))
        s_support = sum(s in g for g in gold) + sum(s in p for p in pred)
        if sum(s in g for g in gold):
            per_sector.append(2 * s_tp / s_support)
    return {
        "set_precision": precision,
        "set_recall": recall,
        "set_micro_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "set_macro_f1": float(np.mean(per_sector)) if per_sector else 0.0,
    }


def expected_calibration_error(proba: np.ndarray, gold_index: np.ndarray, bins: int = 10) -> float:
    """ECE of the top-class probability (equal-width bins)."""
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == gold_index
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            ece += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(ece)


def evaluate(gold: pd.DataFrame, predicted: pd.DataFrame) -> tuple[dict[str, float], dict[str, str]]:
    """Metrics dict and text reports of ``predicted`` against ``gold`` (both label frames)."""
    g_rank = gold["intensity"].map(INTENSITY_RANK).to_numpy()
    p_rank = predicted["intensity"].map(INTENSITY_RANK).to_numpy()
    metrics = {
        "primary_macro_f1": f1_score(gold["primary_sector"], predicted["primary_sector"], average="macro",
                                     labels=sorted(set(gold["primary_sector"])), zero_division=0),
        "primary_accuracy": accuracy_score(gold["primary_sector"], predicted["primary_sector"]),
        "intensity_macro_f1": f1_score(gold["intensity"], predicted["intensity"], average="macro",
                                       labels=list(INTENSITIES), zero_division=0),
        "intensity_accuracy": accuracy_score(g_rank, p_rank),
        "intensity_qwk": cohen_kappa_score(g_rank, p_rank, weights="quadratic"),
        "intensity_mae": mean_absolute_error(g_rank, p_rank),
    }
    metrics.update(set_f1(gold["sectors"], predicted["sectors"]))
    if "intensity_scores" in predicted:
        proba = np.vstack([_scores(s) for s in predicted["intensity_scores"]])
        metrics["intensity_ece"] = expected_calibration_error(proba, g_rank)
    reports = {
        "primary_sector": classification_report(gold["primary_sector"], predicted["primary_sector"],
                                                labels=list(PRIMARY_SECTORS), zero_division=0),
        "intensity": classification_report(gold["intensity"], predicted["intensity"],
                                           labels=list(INTENSITIES), zero_division=0),
    }
    return {k: float(v) for k, v in metrics.items()}, reports


def _scores(value) -> list[float]:
    scores = json.loads(value) if isinstance(value, str) else value
    return [float(scores[level]) for level in INTENSITIES]
