"""One article on its way through scoring, or the error that stopped it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Record:
    """An article read from ``source`` (``line`` = line or row number inside multi-article files)."""

    source: str
    line: int | None = None
    id: str | None = None
    date: str | None = None
    title: str | None = None
    text: str = ""
    encoding: str = ""
    error: str = ""

    @property
    def key(self) -> str:
        """The article's id, or its source location when it has none."""
        if self.id:
            return self.id
        return self.source if self.line is None else f"{self.source}:{self.line}"


class InputError(Exception):
    """An input that cannot be read as an article; its message goes into the row's ``error``."""
