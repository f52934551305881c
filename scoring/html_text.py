"""The main text of an HTML page (navigation, footers and boilerplate dropped) via trafilatura.

The page's date is the publication date htmldate finds in its metadata and markup (meta tags,
JSON-LD, ``<time>``, elements marked as dates), without its guesses from free text, and only when
the page states that very day: a copyright year ("© 2025") or a month ("2025-11") is no date.
The page may write that day in any form :func:`model.article.dates_in` reads, or with numbers in
another order (``25.11.2025``, ``5/11/2025``, ``11/25/2025``): htmldate has already decided which
day such a date is, and only the day it decided on is looked for.
"""
from __future__ import annotations

import re

from model.article import Article, dates_in, iso_date
from scoring.records import InputError


def extract_article(html: str) -> Article:
    """Title, date and main text of ``html``; :class:`InputError` when no main text is found."""
    import trafilatura  # imported on first HTML page: it costs ~0.5 s
    from trafilatura.settings import set_date_params

    # extensive=False: no search of the page's free text, whose last resort is the copyright year
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                           date_extraction_params=set_date_params(extensive=False))
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise InputError("HTML page without main text")
    return Article(text=text, date=stated_date(html, getattr(document, "date", None)),
                   title=getattr(document, "title", None) or None)


def stated_date(html: str, found: str | None) -> str | None:
    """``found`` (htmldate's date of the page) as ``YYYY-MM-DD`` if ``html`` writes that day out;
    htmldate fills in a day it was not given (the 1st, or today's day of the month)."""
    day = iso_date(found)
    if day is None:
        return None
    if day in html or day in dates_in(html):  # most pages write it as YYYY-MM-DD
        return day
    return day if _written_with_numbers(html, day) else None


def _written_with_numbers(html: str, day: str) -> bool:
    """Whether ``html`` writes ``day`` (``YYYY-MM-DD``) as D.M.YYYY, DD.MM.YYYY, D/M/YYYY, DD/MM/YYYY
    (or month first, or with ``-``), not inside a longer number."""
    year, month, mday = day.split("-")
    d, m = f"0?{int(mday)}", f"0?{int(month)}"
    orders = "|".join(f"{a}(?P<sep{i}>[./-]){b}(?P=sep{i})" for i, (a, b) in enumerate([(d, m), (m, d)]))
    pattern = rf"(?<![\w.\-/])(?:{orders}){year}(?!\d|[-/.]\d)"
    return re.search(pattern, html) is not None
