"""Metrics on gold labels: sectors (primary and set-based) and intensity (ordinal)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, classification_report, cohen_kappa_score, f1_score, mean_absolute_error

from model.labels import INTENSITIES, INTENSITY_RANK, PRIMARY_SECTORS, SECTORS, covered_levels, split_sectors


def metric_names(metric) -> list[str]:
    """The metric names of a config setting: one name, a list (ranked by the mean), or nothing."""
    return [metric] if isinstance(metric, str) else list(metric or [])


def metric_mean(values, metric, prefix: str = "") -> float | None:
    """The value of a metric setting in ``values``: the mean of its names, each looked up with
    ``prefix`` (``"cv_"``, ``"dev_"``); None when one of them is missing."""
    found = [values.get(prefix + name) for name in metric_names(metric)]
    return None if None in found or not found else sum(found) / len(found)


def set_f1(gold_sets, predicted_sets) -> dict[str, float]:
    """Micro and macro precision/recall/F1 over (article, sector) pairs."""
    gold = [set(split_sectors(g)) for g in gold_sets]
    pred = [set(split_sectors(p)) for p in predicted_sets]
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
    multi = np.asarray([len(split_sectors(s)) > 1 for s in gold["sectors"]])
    if multi.any() and "sector_intensity" in gold and "sector_intensity" in predicted:
        metrics["multi_sector_intensity_qwk"] = sector_intensity_qwk(gold[multi], predicted[multi])
    if "intensity_scores" in predicted:
        proba = np.vstack([intensity_score_row(s) for s in predicted["intensity_scores"]])
        metrics["intensity_ece"] = expected_calibration_error(proba, g_rank)
    reports = {
        "primary_sector": classification_report(gold["primary_sector"], predicted["primary_sector"],
                                                labels=list(PRIMARY_SECTORS), zero_division=0),
        "intensity": classification_report(gold["intensity"], predicted["intensity"],
                                           labels=list(INTENSITIES), zero_division=0),
    }
    return {k: float(v) for k, v in metrics.items()}, reports


def intensity_score_row(value) -> list[float]:
    """Probabilities in INTENSITIES order from an ``intensity_scores`` value (JSON or a mapping)."""
    scores = json.loads(value) if isinstance(value, str) else value
    return [float(scores[level]) for level in INTENSITIES]


def _levels(value) -> dict[str, str]:
    return json.loads(value) if isinstance(value, str) else dict(value or {})


def sector_intensity_qwk(gold: pd.DataFrame, predicted: pd.DataFrame) -> float:
    """QWK of per-sector intensity over every gold (document, sector) pair.

    A gold sector without its own level has the document's; a gold sector the prediction misses
    counts as predicted ``none``, so missing a sector costs here as well as in the set F1.
    """
    g_ranks, p_ranks = [], []
    for gold_levels, covered, overall, predicted_levels in zip(
            gold["sector_intensity"], gold["sectors"], gold["intensity"], predicted["sector_intensity"]):
        predicted_levels = _levels(predicted_levels)
        for sector, level in covered_levels(split_sectors(covered), overall, _levels(gold_levels)).items():
            g_ranks.append(INTENSITY_RANK[level])
            p_ranks.append(INTENSITY_RANK[predicted_levels.get(sector, "none")])
    return float(cohen_kappa_score(g_ranks, p_ranks, weights="quadratic")) if g_ranks else 0.0


def evaluate_documents(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, float]:
    """Document-level metrics for long multi-sector reports (dev_long)."""
    metrics = set_f1(gold["sectors"], predicted["sectors"])
    metrics["primary_accuracy"] = accuracy_score(gold["primary_sector"], predicted["primary_sector"])
    metrics["sector_intensity_qwk"] = sector_intensity_qwk(gold, predicted)
    return {k: float(v) for k, v in metrics.items()}


def worst_errors(gold: pd.DataFrame, predicted: pd.DataFrame, limit: int = 25, excerpt: int = 300) -> str:
    """Markdown table of the worst wrong predictions: a wrong primary sector costs 2, each intensity
    level off costs 1; the costliest ``limit`` rows with an excerpt of their text."""
    rows = []
    for i in range(len(gold)):
        g, p = gold.iloc[i], predicted.iloc[i]
        wrong_sector = g["primary_sector"] != p["primary_sector"]
        distance = abs(INTENSITY_RANK[g["intensity"]] - INTENSITY_RANK[p["intensity"]])
        if wrong_sector or distance:
            cost = wrong_sector * 2 + distance
            text = " ".join(str(g["text"]).split())[:excerpt].replace("|", "/")
            rows.append((cost, g.get("id", i), g["primary_sector"], p["primary_sector"], g["intensity"], p["intensity"], text))
    rows.sort(key=lambda r: -r[0])
    lines = ["| id | gold sector | predicted | gold intensity | predicted | text |", "|---|---|---|---|---|---|"]
    lines += [f"| {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} |" for r in rows[:limit]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``frontline-evaluate [--model LOCATION] [--dev FILE] [--long FILE]``: a saved model's metrics
    on gold labels (dev items, and dev_long documents prefixed ``long_``), as a Markdown table."""
    import argparse
    from pathlib import Path

    from model.loading import default_model_uri, load_model
    from training.config import ExperimentConfig
    from training.data import load_frame

    # the gold files a training run evaluates on: the experiments' default data paths
    defaults = ExperimentConfig(base_dir=str(Path(__file__).resolve().parent.parent / "experiments"))
    parser = argparse.ArgumentParser(prog="frontline-evaluate", description="A saved model's metrics on gold labels.")
    parser.add_argument("--model", default=None,
                        help=f"model folder or registry URI such as models:/frontline@champion (default: {default_model_uri()})")
    parser.add_argument("--dev", default=str(defaults.path(defaults.data.dev)), help="gold items (JSONL); '' to skip")
    parser.add_argument("--long", default=str(defaults.path(defaults.data.dev_long)),
                        help="gold long documents (JSONL); '' to skip")
    args = parser.parse_args(argv)
    for path in filter(None, (args.dev, args.long)):
        if not Path(path).is_file():
            parser.error(f"no gold file at {path}: pass --dev / --long (or '' to skip one)")
    classifier = load_model(args.model)
    metrics: dict[str, float] = {}
    if args.dev:
        gold = load_frame(args.dev)
        metrics.update(evaluate(gold, classifier.predict(gold))[0])
    if args.long:
        gold = load_frame(args.long)
        metrics.update({f"long_{k}": v for k, v in evaluate_documents(gold, classifier.predict(gold)).items()})
    print("| metric | value |\n|---|---:|")
    print("\n".join(f"| {name} | {value:.4f} |" for name, value in metrics.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
