"""Output rows: where each article came from, around the classifier's own prediction columns.

Column order: :data:`LEAD_COLUMNS`, the columns of :func:`model.classifier.output_columns`
(unchanged), the top sectors, then :data:`TAIL_COLUMNS`. Error rows keep their lead and tail
columns and leave the prediction columns empty.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.classifier import output_columns as prediction_columns
from model.sections import split_sections
from scoring.dedup import fingerprint
from scoring.records import Record

LEAD_COLUMNS = ["path", "line", "id", "date", "title", "section"]
TAIL_COLUMNS = ["model_name", "model_version", "encoding", "duplicate_of", "error"]
TOP_SECTORS = 3
INT_COLUMNS = ("line", "section")


def top_columns() -> list[str]:
    return [f"top{rank}_{kind}" for rank in range(1, TOP_SECTORS + 1) for kind in ("sector", "p")]


def output_columns() -> list[str]:
    """Every column of an output row, in order."""
    return LEAD_COLUMNS + prediction_columns() + top_columns() + TAIL_COLUMNS


def float_columns() -> list[str]:
    """Prediction columns holding numbers (probabilities and the expected intensity)."""
    return [c for c in prediction_columns() + top_columns()
            if c.startswith("p_") or c.endswith("_p") or c == "expected_intensity"]


@dataclass(frozen=True)
class RowSettings:
    """What every row carries besides its article: the model's identity and the section rule."""

    model_name: str = ""
    model_version: str = ""
    sections: bool = False
    section_chars: int = 4000


@dataclass
class ScoredChunk:
    """Rows of one chunk and, per row, its near-duplicate keys (all zero: not indexed)."""

    frame: pd.DataFrame
    keys: np.ndarray

    @staticmethod
    def concat(chunks: list[ScoredChunk]) -> ScoredChunk:
        width = max(c.keys.shape[1] for c in chunks)
        keys = [np.pad(c.keys, ((0, 0), (0, width - c.keys.shape[1]))) for c in chunks]
        return ScoredChunk(pd.concat([c.frame for c in chunks], ignore_index=True), np.vstack(keys))


def _units(record: Record, settings: RowSettings) -> list[tuple[int | None, str]]:
    """(section index or None for the whole article, text) pairs to score for one record."""
    units: list[tuple[int | None, str]] = [(None, record.text)]
    if settings.sections and not record.error:
        parts = split_sections(record.text, settings.section_chars)
        if len(parts) > 1:
            units += [(part.index, part.text) for part in parts]
    return units


def score_records(classifier, records: list[Record], settings: RowSettings) -> ScoredChunk:
    """Score ``records`` in one ``predict`` call; one row per record (plus one per section)."""
    lead, tail, texts, dates, scored, keys = [], [], [], [], [], []
    for record in records:
        for section, text in _units(record, settings):
            lead.append([record.source, record.line, record.key, record.date, record.title, section])
            tail.append([record.encoding, record.error])
            keys.append(fingerprint(text) if section is None and not record.error else None)
            if not record.error:
                scored.append(len(lead) - 1)
                texts.append(text)
                dates.append(record.date)
    predictions = predict_texts(classifier, texts, dates)
    predictions.index = scored
    frame = pd.DataFrame(lead, columns=LEAD_COLUMNS).join(predictions.join(top_sectors(predictions)))
    tail = pd.DataFrame(tail, columns=["encoding", "error"])
    frame = frame.assign(model_name=settings.model_name, model_version=settings.model_version,
                         encoding=tail["encoding"], duplicate_of="", error=tail["error"])
    return ScoredChunk(conform(frame), _key_matrix(keys))


def _key_matrix(keys: list) -> np.ndarray:
    width = max((len(k) for k in keys if k is not None), default=1)
    matrix = np.zeros((len(keys), width), dtype=np.uint64)
    for row, row_keys in enumerate(keys):
        if row_keys is not None:
            matrix[row] = row_keys
    return matrix


def predict_texts(classifier, texts: list[str], dates: list) -> pd.DataFrame:
    if not texts:
        return pd.DataFrame(columns=prediction_columns())
    return classifier.predict(pd.DataFrame({"text": texts, "date": dates})).reset_index(drop=True)


def top_sectors(predictions: pd.DataFrame) -> pd.DataFrame:
    """The ``TOP_SECTORS`` most probable sectors and their probabilities, per row."""
    proba_columns = [c for c in predictions.columns if c.startswith("p_")]
    proba = predictions[proba_columns].to_numpy(dtype=float)
    order = np.argsort(-proba, axis=1, kind="stable")[:, :TOP_SECTORS]
    out = {}
    for rank in range(min(TOP_SECTORS, len(proba_columns))):
        out[f"top{rank + 1}_sector"] = [proba_columns[j][2:] for j in order[:, rank]]
        out[f"top{rank + 1}_p"] = proba[np.arange(len(proba)), order[:, rank]]
    return pd.DataFrame(out, index=predictions.index, columns=top_columns())


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly :func:`output_columns`, numbers as float64/Int64 and text as str/None."""
    floats, columns = set(float_columns()), {}
    for column in output_columns():
        values = frame[column] if column in frame.columns else pd.Series(None, index=frame.index, dtype=object)
        if column in INT_COLUMNS:
            columns[column] = values.astype("Int64").array
        elif column in floats:
            columns[column] = values.to_numpy(dtype="float64", na_value=np.nan)
        else:
            array = values.to_numpy(dtype=object, copy=True)
            array[pd.isna(array)] = None
            columns[column] = pd.Series(array, index=frame.index, dtype=object)
    return pd.DataFrame(columns, index=frame.index)
