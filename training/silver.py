"""Silver labels: paragraphs of an unlabelled corpus labelled by hand-off annotators, not by rules.

A silver label file holds labels only, no text (the corpus is third-party text and stays out of
the repository): each line names its report (``report``), where the paragraph lies in it
(``start``, ``length``, in characters) and the SHA-1 of the paragraph, so the text is read back from
the corpus and checked. The labels follow LABELS.md like gold ones; ``training/labels/README.md``
says who labelled what and how the paragraphs were chosen.

Silver items only ever join the data a model is fitted on: cross-validation and tuning hold out
gold items alone (:func:`training.crossval.cross_validate`), and reports on a date dev or dev_long
cover are left out.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from model.labels import LabelError, sector_intensity, validate_labels
from training.corpus import CorpusError, Example
from training.data import to_frame
from training.weak import held_out_dates, read_records


def paragraph_digest(text: str) -> str:
    """The SHA-1 a silver label keeps of its paragraph's text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def silver_examples(labels: str | Path, corpus: str | Path, exclude_dates: Iterable[str] = ()) -> list[Example]:
    """The examples of one silver label file, their texts read from ``corpus`` (JSONL of reports with
    ``id``, ``date``, ``text``). A label whose report is missing or whose paragraph no longer has its
    digest raises :class:`~training.corpus.CorpusError`: the corpus changed under the labels."""
    reports = {record["id"]: record for record in read_records(Path(corpus))}
    skip = set(exclude_dates)
    out: list[Example] = []
    with Path(labels).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{labels}:{number}"
            try:
                record = json.loads(line)
                validate_labels(record)
                report = reports[record["report"]]
                text = report["text"][record["start"]:record["start"] + record["length"]]
            except (json.JSONDecodeError, LabelError) as exc:
                raise CorpusError(f"{where}: {exc}") from exc
            except KeyError as exc:
                raise CorpusError(f"{where}: no report or field {exc} in {corpus}") from exc
            if paragraph_digest(text) != record["sha1"]:
                raise CorpusError(f"{where}: the paragraph at {record['start']} of {record['report']} is not the one labelled")
            if report.get("date") in skip:
                continue
            out.append(Example(id=record["id"], text=text, date=report.get("date"), sectors=tuple(record["sectors"]),
                               primary_sector=record["primary_sector"], intensity=record["intensity"],
                               sector_intensity=sector_intensity(record), source="silver"))
    return out


def silver_frame(label_files: Iterable[str | Path], corpus: str | Path, held_out: pd.DataFrame) -> pd.DataFrame:
    """Silver examples of ``label_files`` as a DataFrame, leaving out the dates of ``held_out`` (gold)."""
    dates = held_out_dates(held_out)
    return to_frame(e for labels in label_files for e in silver_examples(labels, corpus, dates))
