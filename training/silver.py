"""Silver labels: paragraphs of an unlabelled corpus labelled by annotators, not by rules.

A silver label file holds labels only, no text (the corpus is third-party text and stays out of
the repository): each line names its report (``report``), where the paragraph lies in it
(``start``, ``length``, in characters) and the SHA-1 of the paragraph, so the text is read back from
the corpus and checked. The labels follow LABELS.md like gold ones, items marked ``skip`` left out
as in gold files; ``training/labels/README.md`` says who labelled what and how the paragraphs were
chosen (``scripts/choose_silver_paragraphs.py``, ``scripts/choose_silver_reports.py``, which write
the annotators' batches with :func:`batch_options` and :func:`write_batch`).

Silver items only ever join the data a model is fitted on: cross-validation and tuning hold out
gold items alone (:func:`training.crossval.cross_validate`), and the caller names the dates whose
reports must be left out (dev's and dev_long's).
"""
from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from model.labels import LabelError
from training.corpus import Example, labelled_example, labelled_records, line_errors, read_records
from training.data import to_frame


#: The ISW assessments corpus the silver labels point into, under ``../shared``.
ISW_CORPUS = "corpora/isw_assessments_2022_2023/isw_reports.jsonl.gz"


def paragraph_digest(text: str) -> str:
    """The SHA-1 a silver label keeps of its paragraph's text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _paragraph(record: dict, reports: dict[str, dict], corpus) -> tuple[str, str | None]:
    """The text and date of the paragraph a silver label ``record`` points to, checked by its digest."""
    report = reports.get(record["report"])
    if report is None:
        raise LabelError(f"no report {record['report']!r} in {corpus}")
    start, length = record["start"], record["length"]
    if not all(isinstance(n, int) and n >= 0 for n in (start, length)):
        raise LabelError(f"'start' and 'length' must be non-negative integers, got {start!r}, {length!r}")
    text = report["text"][start:start + length]
    if paragraph_digest(text) != record["sha1"]:
        raise LabelError(f"the paragraph at {start} of {record['report']} is not the one labelled (the corpus changed?)")
    return text, report.get("date")


def silver_examples(labels: str | Path, reports: dict[str, dict], exclude_dates: Iterable[str], corpus="the corpus") -> list[Example]:
    """The examples of one silver label file, their texts read from ``reports`` (corpus records by
    ``id``), but for those of reports dated in ``exclude_dates``. A line that breaks the contract, or
    whose report or paragraph the corpus no longer holds, raises
    :class:`~training.corpus.CorpusError` naming the file and line."""
    skip, out = set(exclude_dates), []
    for number, record in labelled_records(labels):
        with line_errors(labels, number):
            text, date = _paragraph(record, reports, corpus)
            example = labelled_example(record, text, date, "silver", f"{Path(labels).name}:{number}")
        if date not in skip:
            out.append(example)
    return out


def silver_frame(label_files: Iterable[str | Path], corpus: str | Path, exclude_dates: Iterable[str]) -> pd.DataFrame:
    """Silver examples of ``label_files`` (texts in ``corpus``) as a DataFrame, leaving out the
    reports dated in ``exclude_dates``."""
    label_files = list(label_files)
    if not label_files:
        return to_frame([])
    reports = {record.get("id"): record for record in read_records(corpus)}
    dates = set(exclude_dates)
    return to_frame(e for labels in label_files for e in silver_examples(labels, reports, dates, corpus))


def batch_options(description: str, shared: Path) -> argparse.Namespace:
    """The command line of a script that chooses texts for annotators: ``--shared`` (default
    ``shared``), ``--out`` (the batches' folder) and ``--round`` (1, 2 or 3)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--shared", type=Path, default=shared)
    parser.add_argument("--out", type=Path, default=Path("batches"))
    parser.add_argument("--round", type=int, choices=(1, 2, 3), default=1)
    return parser.parse_args()


def write_batch(path: Path, items: Iterable[dict]) -> None:
    """One annotator batch: a JSON line (id, date, text) per item."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps({"id": item["id"], "date": item["date"], "text": item["text"]}) + "\n")
