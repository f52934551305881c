"""Does an experiment's silver data help short texts? 5-fold CV on train gold, side by side.

    python benchmarks/silver_cv.py [--config experiments/champion_sections.yaml] [--seed 0]

Two models with the bundled model's parameters: one fitted on the fold's gold items, one on them
and the config's silver items (``training.train.training_frames``) with the config's
``section_sources`` and ``routed_sources``. Both predict the held-out gold items; the metrics are
computed once over the pooled out-of-fold predictions, for all items and for the ISW paragraphs.
About 10 minutes a seed on two cores.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the project importable without an install
    sys.path.insert(0, str(REPO))

from sklearn.model_selection import StratifiedKFold  # noqa: E402

from model.classifier import FrontlineClassifier  # noqa: E402
from model.loading import BUNDLED_MODEL, load_model  # noqa: E402
from training.config import load_config  # noqa: E402
from training.evaluate import evaluate  # noqa: E402
from training.train import ADDED_TO_BASE, base_params, silver_documents, training_frames  # noqa: E402

SHOWN = ("primary_macro_f1", "primary_accuracy", "set_micro_f1", "intensity_qwk", "intensity_macro_f1",
         "multi_sector_intensity_qwk")


def out_of_fold(train: pd.DataFrame, extra: pd.DataFrame, params: dict, added: dict, seed: int) -> dict[str, pd.DataFrame]:
    """Pooled out-of-fold predictions of the gold-only model and of the one with ``extra`` and ``added``."""
    parts: dict[str, list] = {"gold only": [], "with silver": []}
    for fit_rows, held_rows in StratifiedKFold(5, shuffle=True, random_state=seed).split(train, train["primary_sector"]):
        fold, held = train.iloc[fit_rows], train.iloc[held_rows]
        both = pd.concat([fold, extra], ignore_index=True)
        for name, model in (("gold only", FrontlineClassifier(**params).fit(fold, fold)),
                            ("with silver", FrontlineClassifier(**params, **added).fit(both, both))):
            predicted = model.predict(held)
            predicted.index = held.index
            parts[name].append(predicted)
    return {name: pd.concat(frames).sort_index() for name, frames in parts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=REPO / "experiments" / "champion_sections.yaml")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    config = load_config(args.config)
    params = base_params(load_model(str(BUNDLED_MODEL)))
    added = {k: v for k, v in config.model.params.items() if k in ADDED_TO_BASE}
    train, extra = training_frames(config, silver_documents(config))
    train = train.reset_index(drop=True)
    isw = (train["source"] == "isw").to_numpy()
    print(f"seed {args.seed}: {len(train)} gold items, {0 if extra is None else len(extra)} silver; {added}")
    for name, predicted in out_of_fold(train, extra, params, added, args.seed).items():
        every, _ = evaluate(train, predicted)
        paragraphs, _ = evaluate(train[isw], predicted[isw])
        print(f"{name:12s}", " ".join(f"{k} {every[k]:.4f}" for k in SHOWN),
              "| ISW", " ".join(f"{k} {paragraphs[k]:.3f}" for k in SHOWN if k in paragraphs))


if __name__ == "__main__":
    main()
