"""Reading labelled JSONL: one article per line, validated against the label contract."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from model.labels import LabelError, sector_intensity, validate_labels


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


def iter_examples(path: str | Path) -> Iterator[Example]:
    """Yield the usable examples of ``path``; items marked ``skip`` are left out.

    A line that is not JSON, lacks a field or breaks the contract raises :class:`CorpusError`.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise LabelError("a line must hold a JSON object")
                if record.get("skip"):
                    continue
                validate_labels(record)
                if not isinstance(record.get("text"), str):
                    raise LabelError("'text' must be a string")
                yield Example(
                    id=str(record.get("id", f"{path.name}:{number}")),
                    text=record["text"],
                    date=record.get("date"),
                    sectors=tuple(record["sectors"]),
                    primary_sector=record["primary_sector"],
                    intensity=record["intensity"],
                    sector_intensity=sector_intensity(record),
                    source=record.get("source"),
                )
            except (json.JSONDecodeError, LabelError, KeyError) as exc:
                raise CorpusError(f"{path}:{number}: {exc}") from exc


def read_examples(path: str | Path) -> list[Example]:
    """All usable examples of ``path`` (see :func:`iter_examples`)."""
    return list(iter_examples(path))
