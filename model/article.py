"""One article's text as it arrives: a leading ``date YYYY-MM-DD`` line and Markdown front matter."""
from __future__ import annotations

import re
from dataclasses import dataclass

#: Suffixes (compared case-insensitively) of the files a folder of articles is made of.
ARTICLE_SUFFIXES = (".txt", ".md")

_DATE_PREFIX = re.compile(r"\A\ufeff?\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*\r?\n?", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?", re.DOTALL)
_FIELD = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Article:
    text: str
    date: str | None = None
    title: str | None = None


def parse_article(raw: str, date=None, title=None) -> Article:
    """Split a leading ``date YYYY-MM-DD`` (text on the same or the next line) or YAML-style front
    matter (``date:``, ``title:``) off ``raw``; what remains is the article text. A ``date`` or
    ``title`` given with the text (a record's field, a DataFrame column) wins over the text's own."""
    given_date, given_title = _given(date), _given(title)
    date = title = None
    front = _FRONT_MATTER.match(raw)
    if front:
        fields = {k.lower(): v.strip("'\"") for k, v in _FIELD.findall(front.group(1))}
        date = _iso_date(fields.get("date"))
        title = fields.get("title") or None
        raw = raw[front.end():]
    prefix = _DATE_PREFIX.match(raw)
    if prefix:
        date = prefix.group(1)
        raw = raw[prefix.end():]
    return Article(text=raw.strip(), date=given_date or date, title=given_title or title)


def _given(value) -> str | None:
    """A given date or title: a string with something in it, stripped; else nothing (None, NaN, " ")."""
    return value.strip() or None if isinstance(value, str) else None


def _iso_date(value: str | None) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
    return match.group(0) if match else None
