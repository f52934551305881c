"""Batch scoring: ``python predict.py FOLDER --out scores.csv`` tags every article in a folder.

Python API::

    from predict import score_folder
    score_folder("examples/articles", "scores.csv")
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from model.article import parse_article
from model.loading import default_model_uri, load_model

ARTICLE_SUFFIXES = (".txt", ".md")
TOP_SECTORS = 3


def iter_articles(folder: str | Path) -> Iterator[dict]:
    """One record per ``.txt``/``.md`` file under ``folder`` (recursively, in path order)."""
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
            try:
                article = parse_article(path.read_text(encoding="utf-8-sig"))
                yield {"path": str(path), "date": article.date, "text": article.text, "error": ""}
            except (OSError, UnicodeDecodeError) as exc:
                yield {"path": str(path), "date": None, "text": "", "error": f"{type(exc).__name__}: {exc}"}


def score_records(classifier, records: list[dict]) -> pd.DataFrame:
    """Score ``records`` (``path``, ``date``, ``text``, ``error``) into output rows."""
    frame = pd.DataFrame(records, columns=["path", "date", "text", "error"])
    scores = classifier.predict(frame[["text", "date"]])
    out = pd.concat([frame[["path", "date"]].reset_index(drop=True), scores], axis=1)
    proba = scores[[c for c in scores.columns if c.startswith("p_")]]
    for rank in range(TOP_SECTORS):
        order = proba.to_numpy().argsort(axis=1)[:, ::-1][:, rank]
        out[f"top{rank + 1}_sector"] = [proba.columns[j][2:] for j in order]
        out[f"top{rank + 1}_p"] = proba.to_numpy()[range(len(out)), order]
    out["error"] = frame["error"].to_numpy()
    return out


def write_atomically(frame: pd.DataFrame, out: str | Path) -> None:
    """Write ``frame`` as CSV to a temporary file beside ``out``, then rename it into place."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            frame.to_csv(stream, index=False)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def score_folder(folder: str | Path, out: str | Path, model: str | None = None) -> pd.DataFrame:
    """Score every article under ``folder`` with ``model`` and write the rows to ``out``."""
    classifier = load_model(model)
    frame = score_records(classifier, list(iter_articles(folder)))
    write_atomically(frame, out)
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frontline-predict", description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="folder of .txt/.md articles (searched recursively)")
    parser.add_argument("--out", required=True, help="CSV file to write")
    parser.add_argument("--model", default=None,
                        help=f"model folder or registry URI such as models:/frontline@champion (default: {default_model_uri()})")
    args = parser.parse_args(argv)
    frame = score_folder(args.folder, args.out, args.model)
    print(f"scored {len(frame)} articles -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
