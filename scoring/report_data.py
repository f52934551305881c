"""Stream a scores CSV (``predict.py`` output) in chunks into the small tables a report shows.

Nothing here holds all rows: each chunk is reduced to per-day, per-sector sums, evidence counts
and a running top-N of the most intense articles, so a million rows cost what a few thousand do.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from model.labels import INTENSITIES, INTENSITY_RANK, NO_SECTOR, SECTORS, covered_levels, split_sectors

CHUNK_ROWS = 20_000
TOP_ARTICLES = 25
#: Columns the report reads; any other column (``p_<sector>``, ``top1_sector`` ...) is skipped.
READ_COLUMNS = ("path", "date", "primary_sector", "sectors", "intensity", "expected_intensity",
                "sector_intensity", "evidence", "error", "section")
#: A row needs the overall intensity and at least one way to know its sectors.
SECTOR_COLUMNS = ("sector_intensity", "sectors", "primary_sector")
TOP_COLUMNS = ["path", "date", "primary_sector", "sectors", "intensity", "expected_intensity", "evidence"]


class ReportInputError(ValueError):
    """A scores file the report cannot read."""


@dataclass
class ReportData:
    """Everything the report draws, already aggregated."""

    rows: int = 0
    errors: int = 0
    undated: int = 0
    unknown_labels: int = 0
    #: One row per (day, sector): ``articles`` and ``intensity_sum`` (the sum of their level ranks).
    daily: pd.DataFrame = field(default_factory=lambda: _empty_daily())
    #: Articles per (sector, level) over all scored rows, dated or not.
    levels: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(0, index=list(SECTORS), columns=list(INTENSITIES)))
    places: dict[str, Counter] = field(default_factory=lambda: {s: Counter() for s in SECTORS})
    terms: dict[str, Counter] = field(default_factory=lambda: {s: Counter() for s in SECTORS})
    top: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TOP_COLUMNS + ["_rank"]))
    #: Dated scored articles per day, whatever sectors they cover (``none`` included).
    daily_total: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))

    @property
    def scored(self) -> int:
        """Rows without an error."""
        return self.rows - self.errors

    @property
    def evidence_kind(self) -> str:
        """``places`` when any row cites places (gazetteer models), else ``terms``."""
        return "places" if any(self.places.values()) else "terms"

    def evidence_counts(self) -> dict[str, Counter]:
        return self.places if self.evidence_kind == "places" else self.terms

    @property
    def date_range(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """First and last date of the dated scored articles (``None`` without any)."""
        if self.daily_total.empty:
            return None
        return self.daily_total.index.min(), self.daily_total.index.max()


def _empty_daily() -> pd.DataFrame:
    index = pd.MultiIndex.from_arrays([pd.DatetimeIndex([]), pd.Index([], dtype=object)], names=["day", "sector"])
    return pd.DataFrame({"articles": pd.Series(dtype="int64"), "intensity_sum": pd.Series(dtype="int64")},
                        index=index)


def read_scores(path: str | Path, chunk_rows: int = CHUNK_ROWS, top_n: int = TOP_ARTICLES) -> ReportData:
    """Aggregate the scores CSV at ``path``, ``chunk_rows`` rows at a time."""
    path = Path(path)
    if not path.is_file():
        raise ReportInputError(f"{path}: no such file")
    header = _header(path)
    missing = [c for c in ("intensity",) if c not in header]
    if missing or not any(c in header for c in SECTOR_COLUMNS):
        raise ReportInputError(
            f"{path}: not a frontline scores file (needs 'intensity' and one of {', '.join(SECTOR_COLUMNS)}; "
            f"has {', '.join(header) or 'no columns'})")
    data = ReportData()
    daily_parts: list[pd.DataFrame] = []
    chunks = pd.read_csv(path, chunksize=chunk_rows, dtype=str, keep_default_na=False,
                         usecols=lambda c: c in READ_COLUMNS)
    for chunk in chunks:
        chunk = chunk.reindex(columns=list(READ_COLUMNS), fill_value="")
        daily_parts.append(_add_chunk(data, chunk, top_n))
        if len(daily_parts) >= 20:  # keep the per-day table compact as chunks arrive
            daily_parts = [_sum_daily(daily_parts)]
    data.daily = _sum_daily(daily_parts) if daily_parts else _empty_daily()
    data.top = data.top.reset_index(drop=True)
    return data


def _header(path: Path) -> list[str]:
    try:
        return list(pd.read_csv(path, nrows=0).columns)
    except pd.errors.EmptyDataError:
        return []
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ReportInputError(f"{path}: not a readable CSV ({exc})") from exc


def _sum_daily(parts: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat(parts)
    return frame.groupby(level=["day", "sector"]).sum() if not frame.empty else _empty_daily()


def _add_chunk(data: ReportData, chunk: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """Fold one chunk into ``data``; return its per-day sums. Section rows (``predict.py --sections``)
    are skipped: their article's own row already counts it."""
    chunk = chunk[chunk["section"].str.strip() == ""]
    data.rows += len(chunk)
    failed = chunk["error"].str.strip() != ""
    data.errors += int(failed.sum())
    chunk = chunk[~failed]
    # plain lists: iterating Arrow-backed string columns element by element is many times slower
    levels = list(map(_sector_levels, *(chunk[c].tolist() for c in ("intensity", "sector_intensity", "sectors",
                                                                      "primary_sector"))))
    valid = np.fromiter((covered is not None for covered in levels), dtype=bool, count=len(levels))
    data.unknown_labels += int((~valid).sum())
    chunk = chunk[valid]
    levels = [covered for covered in levels if covered is not None]
    days = pd.to_datetime(chunk["date"].str.strip(), errors="coerce", format="ISO8601").dt.normalize()
    data.undated += int(days.isna().sum())
    for evidence, primary in zip(chunk["evidence"].tolist(), chunk["primary_sector"].tolist()):
        _count_evidence(data, evidence, primary)
    _keep_top(data, chunk, top_n)
    long = pd.DataFrame([(day, sector, INTENSITY_RANK[level]) for day, covered in zip(days.tolist(), levels)
                         for sector, level in covered.items()], columns=["day", "sector", "rank"])
    _count_levels(data, long)
    _count_days(data, days.dropna())
    dated = long.dropna(subset=["day"])
    if dated.empty:
        return _empty_daily()
    return dated.groupby(["day", "sector"]).agg(articles=("rank", "size"), intensity_sum=("rank", "sum"))


def _count_levels(data: ReportData, long: pd.DataFrame) -> None:
    if not long.empty:
        counts = pd.crosstab(long["sector"], long["rank"]).reindex(
            index=list(SECTORS), columns=range(len(INTENSITIES)), fill_value=0)
        data.levels += counts.to_numpy()


def _count_days(data: ReportData, days: pd.Series) -> None:
    if not days.empty:
        data.daily_total = data.daily_total.add(days.value_counts(), fill_value=0).astype("int64")


def _sector_levels(intensity: str, sector_intensity: str, sectors: str, primary: str) -> dict[str, str] | None:
    """Level per covered sector of one row, from ``sector_intensity`` or else ``sectors``/``primary_sector``
    with the overall intensity; ``{}`` for a row about no sector, ``None`` for labels outside the contract."""
    level = intensity.strip()
    if level not in INTENSITY_RANK:
        return None
    covered = _json(sector_intensity)
    if not isinstance(covered, dict) or not covered:
        names = split_sectors(sectors) or ([primary] if primary not in ("", NO_SECTOR) else [])
        covered = covered_levels(names, level)
    if not all(s in SECTORS and v in INTENSITY_RANK for s, v in covered.items()):
        return None
    return covered


def _json(value: str):
    try:
        return json.loads(value) if value else None
    except json.JSONDecodeError:
        return None


def evidence_names(value: str) -> tuple[list[dict], list[str]]:
    """Places (dicts with ``name`` and maybe ``sector``) and terms of an ``evidence`` cell."""
    evidence = _json(value)
    if not isinstance(evidence, dict):
        return [], []
    places = [p for p in evidence.get("places") or [] if isinstance(p, dict) and p.get("name")]
    terms = [str(t) for t in evidence.get("terms") or []]
    return places, terms


def _count_evidence(data: ReportData, value: str, primary: str) -> None:
    places, terms = evidence_names(value)
    for place in places:
        sector = place.get("sector") or primary
        if sector in data.places:
            data.places[sector][place["name"]] += 1
    if primary in data.terms:
        data.terms[primary].update(terms)


def _keep_top(data: ReportData, chunk: pd.DataFrame, top_n: int) -> None:
    """Merge the chunk's most intense rows into the running top ``top_n``."""
    if chunk.empty:
        return
    candidates = chunk[TOP_COLUMNS].assign(
        _rank=chunk["intensity"].map(INTENSITY_RANK),
        expected_intensity=pd.to_numeric(chunk["expected_intensity"], errors="coerce"),
    ).dropna(subset=["_rank"])
    merged = pd.concat([data.top, candidates]) if not data.top.empty else candidates
    data.top = merged.sort_values(["_rank", "expected_intensity", "path"], ascending=[False, False, True],
                                  na_position="last").head(top_n)
