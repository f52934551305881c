"""Weak labels for unlabelled reports: labelling functions over ``../shared/corpora``.

* ISW daily assessments are split into sections; a section whose places or direction phrases
  point to sectors gets those sectors (gazetteer rules) and the lexicon's intensity (at least
  ``low``: a section about a sector reports activity there). Sections with no place are left out.
* News articles with no place, no direction and no kinetic cue are labelled ``none``/``none``.

Reports on a date that dev or dev_long cover are left out, so weak labels never leak gold text.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from model.gazetteer import rule_sectors
from model.intensity_lexicon import rule_level
from model.labels import INTENSITIES, NO_SECTOR
from model.sections import split_sections
from training.data import to_frame
from training.corpus import Example, item_dates, read_records

MIN_SECTION_CHARS = 250


def label_report_sections(record: dict) -> Iterator[Example]:
    """Sector and intensity weak labels for the sections of one long report."""
    for section in split_sections(record["text"]):
        if len(section.text) < MIN_SECTION_CHARS:
            continue
        primary, sectors = rule_sectors(section.text, record.get("date"))
        if primary == NO_SECTOR or not sectors:
            continue
        level = INTENSITIES[max(rule_level(section.text), 1)]
        yield Example(id=f"weak-{record['id']}-s{section.index}", text=section.text, date=record.get("date"),
                      sectors=tuple(sectors), primary_sector=primary, intensity=level,
                      sector_intensity={s: level for s in sectors}, source="weak_isw")


def label_news(record: dict) -> Iterator[Example]:
    """A ``none`` weak label for a news article that names no place and reports no event."""
    text = record.get("text") or ""
    if len(text) < MIN_SECTION_CHARS or rule_level(text) > 0:
        return
    primary, _ = rule_sectors(text, record.get("date"))
    if primary == NO_SECTOR:
        yield Example(id=f"weak-{record['id']}", text=text, date=record.get("date"), sectors=(),
                      primary_sector=NO_SECTOR, intensity="none", source="weak_news")


def weak_examples(corpus: str | Path, exclude_dates: Iterable[str] = (), exclude_ids: Iterable[str] = ()) -> list[Example]:
    """Weakly labelled examples from one corpus file (reports split into sections, or news)."""
    skip_dates, skip_ids = set(exclude_dates), set(exclude_ids)
    out: list[Example] = []
    for record in read_records(Path(corpus)):
        if record.get("date") in skip_dates or record.get("id") in skip_ids:
            continue
        labeller = label_report_sections if len(record.get("text") or "") > 6000 else label_news
        out.extend(labeller(record))
    return out


def weak_frame(corpora: Iterable[str | Path], held_out: pd.DataFrame) -> pd.DataFrame:
    """Weak examples of ``corpora`` as a DataFrame, leaving out dates and ids of ``held_out`` (gold)."""
    dates = {day for i, date in zip(held_out["id"], held_out["date"]) for day in item_dates(i, date)}
    examples = [e for corpus in corpora for e in weak_examples(corpus, dates, held_out["id"])]
    return to_frame(examples)
