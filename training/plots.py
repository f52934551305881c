"""Pictures of a training run and the Markdown model card that embeds them.

``log_run_figures(gold, predicted, metrics, config_summary)`` logs, to the active MLflow run,
``figures/*.png`` (confusion matrices of primary sector and intensity, per-class F1 bars, a
reliability diagram for intensity and sector probabilities) and ``model_card.md``, whose image
links are relative to the run's artifact root. Figures are ``matplotlib.figure.Figure`` objects
rendered by the Agg canvas; pyplot (and so any interactive backend) is never imported.
"""
from __future__ import annotations

from collections.abc import Mapping

import mlflow
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.calibration import calibration_curve
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from model.classifier import sector_matrix
from model.labels import INTENSITIES, PRIMARY_SECTORS, SECTORS, split_sectors
from training.evaluate import intensity_score_row

FIGURE_DIR = "figures"
CARD = "model_card.md"
BINS = 10
#: Figure stem → heading in the model card, in card order.
FIGURE_TITLES = {
    "confusion_primary_sector": "Primary sector: confusion matrix",
    "confusion_intensity": "Intensity: confusion matrix",
    "f1_per_class": "Per-class F1",
    "calibration": "Calibration (reliability)",
}


def _present(labels: tuple[str, ...], *columns: pd.Series) -> list[str]:
    """``labels`` (contract order) that occur in any of ``columns``."""
    seen = set().union(*(set(c) for c in columns))
    return [label for label in labels if label in seen]


def confusion_figure(gold: pd.Series, predicted: pd.Series, labels: tuple[str, ...], title: str) -> Figure:
    """Counts of gold (rows) against predicted (columns), coloured by the share of each gold row."""
    shown = _present(labels, gold, predicted)
    counts = confusion_matrix(gold, predicted, labels=shown)
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    size = 2.4 + 0.45 * len(shown)
    figure = Figure(figsize=(size + 1.2, size), layout="constrained")
    axes = figure.add_subplot()
    image = axes.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for (row, col), n in np.ndenumerate(counts):
        if n:
            axes.text(col, row, str(n), ha="center", va="center", fontsize=8,
                      color="white" if share[row, col] > 0.6 else "#222222")
    axes.set_xticks(range(len(shown)), shown, rotation=60, ha="right", fontsize=8)
    axes.set_yticks(range(len(shown)), shown, fontsize=8)
    axes.set_xlabel("predicted")
    axes.set_ylabel("gold")
    axes.set_title(title, loc="left", fontweight="bold", fontsize=11)
    figure.colorbar(image, ax=axes, shrink=0.7, label="share of the gold row")
    return figure


def _f1_bars(axes, gold: pd.Series, predicted: pd.Series, labels: list[str], title: str, rows: int) -> None:
    _, _, f1, support = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    axes.barh(range(len(labels)), f1, color="#2166ac", height=0.7)
    axes.axvline(f1.mean(), color="#b2182b", linestyle="--", linewidth=1, zorder=0)
    for row, (value, n) in enumerate(zip(f1, support)):
        axes.text(value, row, f" {value:.2f}  (n={n})", va="center", fontsize=8)
    axes.set_yticks(range(len(labels)), labels, fontsize=8)
    axes.set_ylim(rows - 0.5, -0.5)  # the same bar thickness in both panels
    axes.set_xlim(0, 1.3)
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    axes.set_xlabel("F1 on dev gold")
    axes.set_title(f"{title}  (dashed: macro F1 {f1.mean():.2f})", loc="left", fontweight="bold", fontsize=10)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def f1_figure(gold: pd.DataFrame, predicted: pd.DataFrame) -> Figure:
    """Per-class F1 with gold support: primary sectors (those in gold) and intensity levels."""
    sectors = _present(PRIMARY_SECTORS, gold["primary_sector"])
    levels = _present(INTENSITIES, gold["intensity"])
    rows = max(len(sectors), len(levels))
    figure = Figure(figsize=(11, 1.4 + 0.3 * rows), layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[3, 2])
    _f1_bars(left, gold["primary_sector"], predicted["primary_sector"], sectors, "Primary sector", rows)
    _f1_bars(right, gold["intensity"], predicted["intensity"], levels, "Intensity", rows)
    return figure


def _reliability(axes, hit: np.ndarray, probability: np.ndarray, title: str, note: str,
                 labels: tuple[str, str]) -> None:
    observed, predicted = calibration_curve(hit, probability, n_bins=BINS, strategy="uniform")
    bin_ids = np.searchsorted(np.linspace(0, 1, BINS + 1)[1:-1], probability)  # calibration_curve's binning
    counts = np.bincount(bin_ids, minlength=BINS)
    counts = counts[counts > 0]
    axes.plot([0, 1], [0, 1], linestyle="--", color="#999999", label="perfectly calibrated")
    axes.plot(predicted, observed, marker="o", color="#b2182b", label="model")
    for x, y, n in zip(predicted, observed, counts):
        axes.annotate(str(n), (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7, color="#555555")
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_aspect("equal")
    axes.set_title(title, loc="left", fontweight="bold", fontsize=10)
    axes.set_xlabel(labels[0])
    axes.set_ylabel(labels[1])
    axes.text(0.98, 0.03, note, ha="right", va="bottom", fontsize=8, transform=axes.transAxes)
    axes.legend(loc="upper left", fontsize=8, frameon=False)


def calibration_figure(gold: pd.DataFrame, predicted: pd.DataFrame) -> Figure:
    """Reliability diagrams: intensity top-level confidence vs. accuracy, and every ``p_<sector>``
    vs. whether gold covers that sector (bins of width 0.1; the numbers are items per bin)."""
    figure = Figure(figsize=(10, 5), layout="constrained")
    left, right = figure.subplots(1, 2)
    if "intensity_scores" in predicted:
        proba = np.vstack([intensity_score_row(s) for s in predicted["intensity_scores"]])
        gold_rank = gold["intensity"].map(INTENSITIES.index).to_numpy()
        confidence, hit = proba.max(axis=1), (proba.argmax(axis=1) == gold_rank).astype(int)
        gap = np.abs(confidence.mean() - hit.mean())
        _reliability(left, hit, confidence, "Intensity: confidence vs. accuracy",
                     f"mean confidence {confidence.mean():.2f}, accuracy {hit.mean():.2f} (gap {gap:.2f})",
                     ("probability of the predicted level", "share predicted correctly"))
    else:
        _unavailable(left, "no intensity_scores in the predictions")
    columns = [f"p_{s}" for s in SECTORS]
    if set(columns) <= set(predicted.columns):
        covered = sector_matrix([split_sectors(s) for s in gold["sectors"]]).ravel()
        probability = predicted[columns].to_numpy(dtype=float).ravel()
        _reliability(right, covered, probability, "Sectors: P(sector covered) vs. gold",
                     f"{len(gold)} articles × {len(SECTORS)} sectors",
                     ("predicted probability p_<sector>", "share where gold covers the sector"))
    else:
        _unavailable(right, "no p_<sector> columns in the predictions")
    return figure


def _unavailable(axes, message: str) -> None:
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center")


def run_figures(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, Figure]:
    """Every figure of a run, keyed by file stem (see :data:`FIGURE_TITLES`)."""
    gold, predicted = gold.reset_index(drop=True), predicted.reset_index(drop=True)
    figures = {
        "confusion_primary_sector": confusion_figure(gold["primary_sector"], predicted["primary_sector"],
                                                     PRIMARY_SECTORS, "Primary sector (gold rows × predicted columns)"),
        "confusion_intensity": confusion_figure(gold["intensity"], predicted["intensity"], INTENSITIES,
                                                "Intensity (gold rows × predicted columns)"),
        "f1_per_class": f1_figure(gold, predicted),
        "calibration": calibration_figure(gold, predicted),
    }
    assert list(figures) == list(FIGURE_TITLES)
    return figures


def _cell(value) -> str:
    text = f"{value:.4f}" if isinstance(value, float) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def model_card(metrics: Mapping[str, float], config_summary: Mapping, images: Mapping[str, str],
               items: int | None = None, title: str = "frontline model card") -> str:
    """Markdown: configuration, metrics and the figures (``images``: stem → relative path)."""
    lines = [f"# {title}", "", "Sector and intensity labels follow the project's label contract (LABELS.md): "
             "sectors north to south along the ground front, then the rear; intensity none < low < moderate < high.", ""]
    lines += ["## Configuration", "", "| setting | value |", "|---|---|"]
    lines += [f"| {_cell(k)} | {_cell(v)} |" for k, v in config_summary.items()]
    lines += ["", "## Metrics on dev gold" + (f" ({items} items)" if items is not None else "")
              + " (`long_*`: on the whole reports of dev_long, when evaluated)", "",
              "| metric | value |", "|---|---|"]
    lines += [f"| {_cell(k)} | {_cell(float(v))} |" for k, v in metrics.items()]
    lines += ["", "## Figures", ""]
    for stem, heading in FIGURE_TITLES.items():
        if stem in images:
            lines += [f"### {heading}", "", f"![{heading}]({images[stem]})", ""]
    return "\n".join(lines)


def log_run_figures(gold: pd.DataFrame, predicted: pd.DataFrame, metrics: Mapping[str, float],
                    config_summary: Mapping) -> dict[str, str]:
    """Log every run figure and ``model_card.md`` to the active MLflow run; return stem → artifact path."""
    images = {}
    for stem, figure in run_figures(gold, predicted).items():
        images[stem] = f"{FIGURE_DIR}/{stem}.png"
        mlflow.log_figure(figure, images[stem])
    mlflow.log_text(model_card(metrics, config_summary, images, items=len(gold)), CARD)
    return {**images, "model_card": CARD}
