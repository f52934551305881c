"""The report's time axis: per-day sums bucketed by day, week or month, sectors north to south."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.labels import SECTORS
from scoring.report_data import ReportData

#: Bucket widths by the span of the dates: (longest span in days, pandas period, label).
BUCKETS = ((62, "D", "day"), (2 * 366, "W-SUN", "week"), (None, "M", "month"))


@dataclass(frozen=True)
class Timeline:
    """Per-sector series on a common time axis (sectors north to south as rows, buckets as columns)."""

    unit: str  # "day", "week" or "month"
    articles: pd.DataFrame  # articles covering the sector in the bucket
    total: pd.Series  # dated articles in the bucket, whatever they cover
    mean_intensity: pd.DataFrame  # mean level rank (0 none … 3 high); NaN where no article


def timeline(data: ReportData) -> Timeline:
    """Bucket the per-day sums by day, week or month, whichever keeps the chart readable."""
    if data.date_range is None:
        empty = pd.DataFrame(index=list(SECTORS), dtype=float)
        return Timeline("day", empty.astype("int64"), pd.Series(dtype="int64"), empty)
    first, last = data.date_range
    span = (last - first).days
    period, unit = next((p, u) for limit, p, u in BUCKETS if limit is None or span <= limit)
    frame = data.daily.reset_index()
    frame["bucket"] = frame["day"].dt.to_period(period).dt.start_time
    sums = frame.groupby(["sector", "bucket"])[["articles", "intensity_sum"]].sum()
    buckets = pd.period_range(first, last, freq=period).start_time
    articles = sums["articles"].unstack("bucket").reindex(index=list(SECTORS), columns=buckets).fillna(0).astype("int64")
    totals = sums["intensity_sum"].unstack("bucket").reindex(index=list(SECTORS), columns=buckets)
    mean = (totals / articles.where(articles > 0)).astype(float)
    total = data.daily_total.groupby(data.daily_total.index.to_period(period).start_time).sum()
    return Timeline(unit, articles, total.reindex(buckets, fill_value=0).astype("int64"), mean)
