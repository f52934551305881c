"""Would more gold labels reach the targets? The bundled model's design fitted on growing shares of train.

    python benchmarks/learning_curve.py [--shares 0.125 0.25 0.5 0.75 1] [--seeds 0 1 2] [--out curve.md]

For each share of ``train.jsonl`` (a stratified sample by primary sector, one per seed), a model
with the bundled model's parameters (gold only: no silver section model or router) is fitted and
scored on dev gold and dev_long gold. Each metric's error (one minus it) is then fitted as a power
of the training items, the usual shape of a learning curve, which gives the share of the error a
doubling of the training data leaves and, if the curve holds, the items at which the metric would
reach its target (issues 8 and 9). Dev gold only measures here: nothing is selected by it. About
5 minutes on two cores with the defaults.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the project importable without an install
    sys.path.insert(0, str(REPO))

from sklearn.model_selection import train_test_split  # noqa: E402

from model.classifier import FrontlineClassifier  # noqa: E402
from model.loading import BUNDLED_MODEL, load_model  # noqa: E402
from training.config import load_config  # noqa: E402
from training.data import load_frame  # noqa: E402
from training.evaluate import evaluate, evaluate_documents  # noqa: E402
from training.train import base_params  # noqa: E402

#: (metric, where it is measured, target): issue 8's targets on dev, issue 9's on dev_long.
TARGETS = (("primary_macro_f1", "dev", 0.93), ("intensity_qwk", "dev", 0.95), ("intensity_macro_f1", "dev", 0.85),
           ("set_micro_f1", "dev", None), ("set_micro_f1", "dev_long", 0.85),
           ("sector_intensity_qwk", "dev_long", 0.85))


def sample(train: pd.DataFrame, share: float, seed: int) -> pd.DataFrame:
    """A stratified ``share`` of ``train`` (by primary sector; all of it at 1)."""
    if share >= 1:
        return train
    rare = train["primary_sector"].map(train["primary_sector"].value_counts()) < 2
    kept, _ = train_test_split(train[~rare], train_size=share, stratify=train.loc[~rare, "primary_sector"], random_state=seed)
    return pd.concat([kept, train[rare]])


def curve(train: pd.DataFrame, dev: pd.DataFrame, dev_long: pd.DataFrame, params: dict, shares, seeds) -> pd.DataFrame:
    """One row per (share, seed): the training items and every metric of :data:`TARGETS`."""
    rows = []
    for share in shares:
        for seed in seeds if share < 1 else seeds[:1]:  # all of train is one sample, whatever the seed
            fitted = sample(train, share, seed)
            model = FrontlineClassifier(**params).fit(fitted, fitted)
            scores = {"dev": evaluate(dev, model.predict(dev))[0],
                      "dev_long": evaluate_documents(dev_long, model.predict(dev_long))}
            rows.append({"share": share, "seed": seed, "items": len(fitted),
                         **{f"{where} {metric}": scores[where][metric] for metric, where, _ in TARGETS}})
            print(rows[-1], flush=True)
    return pd.DataFrame(rows)


def trends(points: pd.DataFrame, mean: pd.DataFrame) -> pd.DataFrame:
    """Per metric: its value on all of train and its gain from the share before (both measured,
    ``mean``: the per-share means), and a learning curve fitted to every point
    (``points``): the error, one minus the metric, as a power of the items (a least-squares line in
    log-log), which gives the share of the error each doubling leaves and the items at which the
    curve meets the target ("met" when all of train already does, "never" when the error does not fall)."""
    x = np.log2(points["items"].to_numpy(float))
    last, before = mean.iloc[-1], mean.iloc[-2]
    out = []
    for metric, where, target in TARGETS:
        column = f"{where} {metric}"
        slope, intercept = np.polyfit(x, np.log2(1 - points[column].to_numpy(float)), 1)
        if target is None or last[column] >= target:
            reach = None if target is None else "met"
        else:
            reach = 2 ** ((np.log2(1 - target) - intercept) / slope) if slope < 0 else "never"
        out.append({"metric": column, "target": target, "all of train": last[column],
                    f"gain from {before['items']:,.0f} items": last[column] - before[column],
                    "error left per doubling (fit)": 2 ** slope, "items to reach target (fit)": reach})
    return pd.DataFrame(out)


def markdown(frame: pd.DataFrame) -> str:
    """``frame`` as a Markdown table (numbers to three decimals, items whole, none as a dash)."""
    def cell(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return "—"
        return f"{v:,.0f}" if isinstance(v, (int, np.integer)) or (isinstance(v, float) and v >= 100) else f"{v:.3f}"
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) if not isinstance(v, str) else v for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shares", type=float, nargs="+", default=[0.125, 0.25, 0.5, 0.75, 1.0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--config", type=Path, default=REPO / "experiments" / "best.yaml", help="for the data paths")
    parser.add_argument("--out", type=Path, help="also write the tables here (Markdown)")
    args = parser.parse_args()
    config = load_config(args.config)
    train, dev, dev_long = (load_frame(config.path(p)) for p in (config.data.train, config.data.dev, config.data.dev_long))
    params = base_params(load_model(str(BUNDLED_MODEL)))
    points = curve(train.reset_index(drop=True), dev, dev_long, params, sorted(args.shares), args.seeds)
    mean = points.drop(columns="seed").groupby("share").mean().reset_index()
    tables = "\n\n".join(markdown(t) for t in (mean, trends(points, mean)))
    print(tables)
    if args.out:
        args.out.write_text(tables + "\n")


if __name__ == "__main__":
    main()
