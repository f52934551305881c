"""One article's text as it arrives: a leading ``date YYYY-MM-DD`` line and Markdown front matter.

Dates become ``YYYY-MM-DD`` (:func:`iso_date`): ISO dates and datetimes (also with ``/`` or ``.``
between year, month and day), and dates written out with the month's name ("November 5, 2025",
"5 Nov 2025"), and date and datetime values (``datetime.date``, ``pandas.Timestamp``,
``numpy.datetime64``). An impossible date (2025-02-30) or one that is ambiguous (05/11/2025) is no
date, as are NaT, NaN and None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date as _date

from model.text import MONTH_NUMBERS

#: Suffixes (compared case-insensitively) of the files a folder of articles is made of.
ARTICLE_SUFFIXES = (".txt", ".md")

_DATE_PREFIX = re.compile(r"\A\ufeff?\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*\r?\n?", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?", re.DOTALL)
_FIELD = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$", re.MULTILINE)

_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>[a-z]+)\.?"
#: The date forms :func:`iso_date` reads (each matches a date alone, without a time).
DATE_FORMS = (
    re.compile(r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{2})(?P=sep)(?P<day>\d{2})"),  # 2025-11-05, 2025/11/05
    re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"),  # ISO basic format
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})", re.IGNORECASE),  # November 5, 2025
    re.compile(rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})", re.IGNORECASE),  # 5 November 2025
)
#: A time after a date ("T10:00:00Z", " 10:00 +0200", ", 14:05"), up to the end of the value.
_TIME = re.compile(r"(?:T|,?\s+)\d{1,2}:\d{2}(?!\d).*\Z", re.DOTALL)
#: :data:`DATE_FORMS` as they occur within a text: not inside a longer word or number (a time may follow).
_DATES_WITHIN = tuple(re.compile(rf"(?<![\w.-])(?:{form.pattern})(?!\d|[-/.]\d)", form.flags) for form in DATE_FORMS)


@dataclass(frozen=True)
class Article:
    text: str
    date: str | None = None
    title: str | None = None


def parse_article(raw: str, date=None, title=None) -> Article:
    """Split a leading ``date YYYY-MM-DD`` (text on the same or the next line) or YAML-style front
    matter (``date:``, ``title:``) off ``raw``; what remains is the article text. A ``date`` or
    ``title`` given with the text (a record's field, a DataFrame column) wins over the text's own.
    Dates are read by :func:`iso_date`: one it cannot read counts as no date (the line is still
    split off)."""
    given_date, given_title = iso_date(date), _given(title)
    date = title = None
    front = _FRONT_MATTER.match(raw)
    if front:
        fields = {k.lower(): v.strip("'\"") for k, v in _FIELD.findall(front.group(1))}
        date = iso_date(fields.get("date"))
        title = fields.get("title") or None
        raw = raw[front.end():]
    prefix = _DATE_PREFIX.match(raw)
    if prefix:
        date = iso_date(prefix.group(1))
        raw = raw[prefix.end():]
    return Article(text=raw.strip(), date=given_date or date, title=given_title or title)


def _given(value) -> str | None:
    """A given title: a string with something in it, stripped; else nothing (None, NaN, " ")."""
    return value.strip() or None if isinstance(value, str) else None


def iso_date(value) -> str | None:
    """``YYYY-MM-DD`` of a date in one of the :data:`DATE_FORMS`, maybe followed by a time, or of a
    ``datetime.date``/``datetime.datetime``/``pandas.Timestamp``/``numpy.datetime64`` (its own day,
    in its own time zone); None for anything else (NaT, NaN, None, another form, an impossible date)."""
    if isinstance(value, _date):  # datetime and pandas.Timestamp too
        return None if value != value else value.isoformat()[:10]  # pandas.NaT is not equal to itself
    if type(value).__name__ == "datetime64":  # numpy's, without importing numpy: "NaT" reads as no date
        value = str(value)
    return _read_date(value) if isinstance(value, str) else None


@lru_cache(maxsize=4096)
def _read_date(value: str) -> str | None:
    """:func:`iso_date` of a string; cached: the gazetteer reads the same few dates for every text."""
    text = _TIME.sub("", value.strip())
    for form in DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            return _valid(match)
    return None


def dates_in(text: str) -> set[str]:
    """Every date written in ``text`` in one of the :data:`DATE_FORMS`, as ``YYYY-MM-DD``."""
    return {day for form in _DATES_WITHIN for match in form.finditer(text) if (day := _valid(match))}


def _valid(match: re.Match) -> str | None:
    """The matched year, month (number or name) and day as ``YYYY-MM-DD``, if such a day exists."""
    month = match["month"]
    number = int(month) if month.isdigit() else MONTH_NUMBERS.get(month.lower(), 0)
    try:
        return _date(int(match["year"]), number, int(match["day"])).isoformat()
    except ValueError:
        return None
