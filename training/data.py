"""Labelled examples as the DataFrames the estimators take."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from training.corpus import Example, read_examples

LABEL_COLUMNS = ["sectors", "primary_sector", "intensity", "sector_intensity"]


def to_frame(examples: Iterable[Example]) -> pd.DataFrame:
    """One row per example: ``id``, ``text``, ``date``, ``source`` and the label columns."""
    return pd.DataFrame(
        [
            {
                "id": e.id, "text": e.text, "date": e.date, "source": e.source, "sectors": list(e.sectors),
                "primary_sector": e.primary_sector, "intensity": e.intensity, "sector_intensity": e.sector_intensity,
            }
            for e in examples
        ],
        columns=["id", "text", "date", "source", *LABEL_COLUMNS],
    )


def load_frame(path) -> pd.DataFrame:
    """The usable examples of a labelled JSONL file as a DataFrame."""
    return to_frame(read_examples(path))
