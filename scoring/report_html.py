"""One self-contained HTML page from the aggregated report: charts as base64 PNG, the numbers as tables.

No external resource of any kind: styles and the one small script are inline, images are data URIs.
The script only sets ``data-charts-ready="<loaded>/<charts>"`` on ``<body>`` once images decode, so a
headless browser can confirm the page rendered.
"""
from __future__ import annotations

import base64
import html
from collections.abc import Mapping

import numpy as np
import pandas as pd

from model.labels import INTENSITIES, SECTORS, split_sectors
from scoring.report_data import ReportData, evidence_names
from scoring.report_timeline import Timeline

#: Chart file stems in page order, with their captions.
CHART_CAPTIONS = {
    "intensity_heatmap": "Mean reported intensity per sector over time. Each cell averages the level "
                         "(0 none, 1 low, 2 moderate, 3 high) of the articles covering that sector; grey cells had no article.",
    "articles_over_time": "How many articles cover each sector over time. Each row has its own scale; "
                          "the numbers on the right are the total and the busiest period.",
    "levels_per_sector": "All scored articles per sector, split by the intensity they report (undated ones included).",
    "evidence_per_sector": "What the model cited as evidence, most frequent first.",
}

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1400px;
 padding:0 16px;color:#1d1d1d;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd}
.summary{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.stat{background:#f4f4f4;border-radius:6px;padding:8px 14px} .stat b{display:block;font-size:1.3em}
img.chart{max-width:100%;height:auto;display:block;margin:8px 0}
.caption{color:#555;font-size:.9em;margin:0 0 6px}
table{border-collapse:collapse;font-size:.85em;margin:6px 0} th,td{border:1px solid #ddd;padding:3px 7px;text-align:left}
th{background:#f4f4f4} td.num{text-align:right;font-variant-numeric:tabular-nums}
details{margin:6px 0} summary{cursor:pointer;color:#2166ac}
.level-high{background:#f7c4b3} .level-moderate{background:#fde2b0} .level-low{background:#fdf6c8}
.scroll{overflow-x:auto}
"""

_SCRIPT = """
window.addEventListener("load", function () {
  var charts = document.querySelectorAll("img.chart");
  var loaded = Array.prototype.filter.call(charts, function (img) { return img.complete && img.naturalWidth > 0; });
  document.body.setAttribute("data-charts-ready", loaded.length + "/" + charts.length);
});
"""


def _e(value) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value))


def _table(table_id: str, header: list[str], rows: list[list], numeric: set[int] = frozenset(),
           row_classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for r, row in enumerate(rows):
        cells = "".join(f'<td class="num">{_e(v)}</td>' if i in numeric else f"<td>{_e(v)}</td>"
                        for i, v in enumerate(row))
        css = f' class="{row_classes[r]}"' if row_classes and row_classes[r] else ""
        body.append(f"<tr{css}>{cells}</tr>")
    return f'<div class="scroll"><table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def sector_rows(data: ReportData) -> list[list]:
    """Per sector: articles, articles per level, mean level (2 decimals; blank with no article)."""
    rows = []
    for sector in SECTORS:
        counts = [int(data.levels.at[sector, level]) for level in INTENSITIES]
        total = sum(counts)
        mean = sum(rank * n for rank, n in enumerate(counts)) / total if total else None
        rows.append([sector, total, *counts, "" if mean is None else f"{mean:.2f}"])
    return rows


def heatmap_rows(timeline: Timeline) -> tuple[list[str], list[list]]:
    """Header and rows of the heatmap's numbers: mean level per sector and bucket, '' where empty."""
    header = ["sector"] + [b.strftime("%Y-%m-%d") for b in timeline.mean_intensity.columns]
    rows = [[sector] + ["" if np.isnan(v) else f"{v:.2f}" for v in timeline.mean_intensity.loc[sector].to_numpy(float)]
            for sector in SECTORS]
    return header, rows


def top_rows(top: pd.DataFrame) -> list[list]:
    """The most intense articles with their evidence (places, else terms)."""
    rows = []
    for i, row in enumerate(top.itertuples(index=False), start=1):
        places, terms = evidence_names(row.evidence)
        cited = ", ".join(p["name"] for p in places) or ", ".join(terms)
        expected = "" if pd.isna(row.expected_intensity) else f"{row.expected_intensity:.2f}"
        rows.append([i, row.intensity, expected, row.date, row.primary_sector, ", ".join(split_sectors(row.sectors)),
                     cited, row.path])
    return rows


def _chart(name: str, png: bytes) -> str:
    encoded = base64.b64encode(png).decode("ascii")
    return (f'<p class="caption">{_e(CHART_CAPTIONS[name])}</p>'
            f'<img class="chart" id="chart-{name}" alt="{_e(name.replace("_", " "))}" '
            f'src="data:image/png;base64,{encoded}">')


def _stat(label: str, value) -> str:
    return f'<div class="stat"><b>{_e(value)}</b>{_e(label)}</div>'


def render(data: ReportData, timeline: Timeline, charts: Mapping[str, bytes], source: str) -> str:
    """The report page for ``data`` with ``charts`` (stem → PNG bytes) drawn from it."""
    span = data.date_range
    dates = f"{span[0]:%Y-%m-%d} – {span[1]:%Y-%m-%d}" if span else "no dates"
    stats = "".join([
        _stat("rows in file", f"{data.rows:,}"), _stat("scored articles", f"{data.scored:,}"),
        _stat("rows with errors (left out)", f"{data.errors:,}"), _stat("articles without a date", f"{data.undated:,}"),
        _stat("dates", dates), _stat("time unit", timeline.unit),
    ] + ([_stat("rows with labels outside the contract (left out)", f"{data.unknown_labels:,}")]
         if data.unknown_labels else []))
    heat_header, heat_rows = heatmap_rows(timeline)
    evidence = data.evidence_counts()
    evidence_rows = [[s, "; ".join(f"{name} ({n:,})" for name, n in evidence[s].most_common(10))]
                     for s in SECTORS if evidence[s]]
    top = top_rows(data.top)
    sections = [
        "<h2>Intensity by sector over time</h2>", _chart("intensity_heatmap", charts["intensity_heatmap"]),
        "<details><summary>Heatmap values</summary>",
        _table("table-heatmap", heat_header, heat_rows, numeric=set(range(1, len(heat_header)))), "</details>",
        "<h2>Articles per sector over time</h2>", _chart("articles_over_time", charts["articles_over_time"]),
        "<h2>Articles per sector</h2>", _chart("levels_per_sector", charts["levels_per_sector"]),
        _table("table-sectors", ["sector", "articles", *INTENSITIES, "mean level"], sector_rows(data),
               numeric=set(range(1, len(INTENSITIES) + 3))),
        f"<h2>Evidence cited per sector ({data.evidence_kind})</h2>",
        _chart("evidence_per_sector", charts["evidence_per_sector"]),
        "<details><summary>Evidence counts</summary>",
        _table("table-evidence", ["sector", f"{data.evidence_kind} (times cited)"], evidence_rows), "</details>",
        f"<h2>The {len(top)} most intense articles</h2>",
        _table("table-top", ["#", "intensity", "expected level", "date", "primary sector", "sectors", "evidence", "article"],
               top, numeric={0, 2}, row_classes=[f"level-{row[1]}" for row in top]),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>frontline report: {_e(source)}</title><style>{_STYLE}</style></head>"
        f'<body><h1>frontline report</h1><p class="caption">Scores from <code>{_e(source)}</code>. '
        "Sectors run north to south along the ground front, then the rear.</p>"
        f'<div class="summary">{stats}</div>{"".join(sections)}<script>{_SCRIPT}</script></body></html>\n'
    )
