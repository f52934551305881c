"""Cross-validation and tuning on the training data, each fold or candidate a nested MLflow run."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import mlflow
import pandas as pd
from sklearn.model_selection import ParameterGrid, StratifiedKFold

from training.evaluate import evaluate, metric_mean


def cross_validate(make_estimator: Callable[[], object], train: pd.DataFrame, folds: int, seed: int,
                   log: bool = True, label: str = "cv", extra: pd.DataFrame | None = None) -> dict[str, float]:
    """Mean (and std) of the metrics over stratified folds of ``train`` (gold); each fold a nested
    run. ``extra`` items (weak or silver labels) join every fold's fitting data and are never held out:
    the metrics are measured on gold alone."""
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    per_fold = []
    for k, (fit_rows, held_rows) in enumerate(splitter.split(train, train["primary_sector"])):
        fit, held = pd.concat([train.iloc[fit_rows], extra], ignore_index=True), train.iloc[held_rows]
        metrics, _ = evaluate(held, make_estimator().fit(fit, fit).predict(held))
        per_fold.append(metrics)
        if log:
            with mlflow.start_run(run_name=f"{label}-fold-{k}", nested=True):
                mlflow.log_metrics({f"cv_{m}": v for m, v in metrics.items()})
    table = pd.DataFrame(per_fold)
    summary = {f"cv_{m}": float(v) for m, v in table.mean().items()}
    summary.update({f"cv_{m}_std": float(v) for m, v in table.std(ddof=0).items()})
    return summary


def tune(make_estimator: Callable[[dict], object], train: pd.DataFrame, grid: dict[str, list], folds: int,
         metric: str | Sequence[str], seed: int, extra: pd.DataFrame | None = None) -> tuple[dict, list[tuple[dict, float]]]:
    """Grid search by cross-validated ``metric`` on the training data (never on dev gold); with
    several metrics, by their mean (so a grid over the sector and the intensity models' C is scored
    on what each of them decides).

    ``extra`` items join every fold's fitting data (see :func:`cross_validate`). Each candidate is
    a nested run holding its parameters and CV score; returns the best
    parameters and every (parameters, score) pair.
    """
    results = []
    for candidate in ParameterGrid(grid):
        with mlflow.start_run(run_name="tune " + " ".join(f"{k}={v}" for k, v in candidate.items()), nested=True):
            mlflow.log_params({f"tune.{k}": v for k, v in candidate.items()})
            summary = cross_validate(lambda: make_estimator(candidate), train, folds, seed, log=False, extra=extra)
            mlflow.log_metrics(summary)
            score = metric_mean(summary, metric, "cv_")
            if score is None:
                raise KeyError(f"tuning metric {metric!r} is not among the cross-validated metrics {sorted(summary)}")
            results.append((candidate, score))
    best = max(results, key=lambda r: r[1])[0] if results else {}
    return best, results


def summarise(results: list[tuple[dict, float]], metric: str | Sequence[str]) -> str:
    """Markdown table of tuning results, best first."""
    name = metric if isinstance(metric, str) else "mean of " + ", ".join(metric)
    lines = [f"| parameters | cv {name} |", "|---|---|"]
    for params, score in sorted(results, key=lambda r: -r[1]):
        lines.append(f"| {', '.join(f'{k}={v}' for k, v in params.items())} | {score:.4f} |")
    return "\n".join(lines) + "\n"


