"""Reading labelled JSONL: one article per line, validated against the label contract."""
from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from model.labels import LabelError, sector_intensity, validate_labels


_DATE_IN_ID = re.compile(r"\d{4}-\d{2}-\d{2}")


class CorpusError(ValueError):
    """A labelled file with a line that cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Example:
    """One labelled article."""

    id: str
    text: str
    date: str | None
    sectors: tuple[str, ...]
    primary_sector: str
    intensity: str
    sector_intensity: dict[str, str] = field(default_factory=dict)
    source: str | None = None


@contextmanager
def line_errors(path: str | Path, number: int) -> Iterator[None]:
    """Turn what a bad line raises into a :class:`CorpusError` naming ``path`` and line ``number``."""
    try:
        yield
    except (json.JSONDecodeError, LabelError, KeyError, TypeError, ValueError) as exc:
        raise CorpusError(f"{path}:{number}: {exc}") from exc


def json_objects(path: str | Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) of each non-blank line of a JSON Lines file (gzip-compressed when its
    name ends in ``.gz``); a line that is not a JSON object raises :class:`CorpusError`."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                with line_errors(path, number):
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise LabelError("a line must hold a JSON object")
                yield number, record


def labelled_records(path: str | Path) -> Iterator[tuple[int, dict]]:
    """(line number, record) of each labelled line of ``path``, its labels validated against the
    contract; blank lines and items marked ``skip`` are left out."""
    for number, record in json_objects(path):
        if not record.get("skip"):
            with line_errors(path, number):
                validate_labels(record)
            yield number, record


def labelled_example(record: dict, text: str, date: str | None, source: str | None, default_id: str) -> Example:
    """The :class:`Example` of a validated labelled ``record`` about ``text``."""
    return Example(id=str(record.get("id", default_id)), text=text, date=date, sectors=tuple(record["sectors"]),
                   primary_sector=record["primary_sector"], intensity=record["intensity"],
                   sector_intensity=sector_intensity(record), source=source)


def iter_examples(path: str | Path) -> Iterator[Example]:
    """Yield the usable examples of ``path``; items marked ``skip`` are left out.

    A line that is not JSON, lacks a field or breaks the contract raises :class:`CorpusError`.
    """
    for number, record in labelled_records(path):
        with line_errors(path, number):
            if not isinstance(record.get("text"), str):
                raise LabelError("'text' must be a string")
            example = labelled_example(record, record["text"], record.get("date"), record.get("source"),
                                       f"{Path(path).name}:{number}")
        yield example


def read_examples(path: str | Path) -> list[Example]:
    """All usable examples of ``path`` (see :func:`iter_examples`)."""
    return list(iter_examples(path))


def read_records(path: str | Path) -> Iterator[dict]:
    """The JSON objects of an unlabelled corpus file, one per line (see :func:`json_objects`)."""
    return (record for _, record in json_objects(path))


def item_dates(item_id, date) -> list[str]:
    """The dates an item covers: its own ``date`` and those in its id (``isw-2022-05-03-p004``)."""
    return _DATE_IN_ID.findall(str(item_id or "")) + ([date] if date else [])


def labelled_dates(paths: Iterable[str | Path]) -> set[str]:
    """Every date the labelled files ``paths`` cover (:func:`item_dates`), items marked ``skip``
    included."""
    dates: set[str] = set()
    for path in paths:
        for number, record in json_objects(path):
            with line_errors(path, number):
                dates.update(item_dates(record.get("id"), record.get("date")))
    return dates
