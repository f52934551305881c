"""``frontline-report scores.csv -o report.html [--png-dir charts/]``: a scored folder as pictures.

Reads ``predict.py`` output in chunks, aggregates it, and writes one self-contained HTML page
(charts embedded as PNG) plus, optionally, each chart as a PNG file.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scoring import report_charts
from scoring.report_data import CHUNK_ROWS, TOP_ARTICLES, ReportData, ReportInputError, read_scores
from scoring.report_html import CHART_CAPTIONS, render
from scoring.report_timeline import timeline


def draw_charts(data: ReportData, series) -> dict[str, bytes]:
    """Every chart of the report as PNG bytes, keyed by file stem (page order); ``series`` is
    ``data``'s :func:`~scoring.report_timeline.timeline`."""
    figures = {
        "intensity_heatmap": report_charts.intensity_heatmap(series),
        "articles_over_time": report_charts.articles_over_time(series),
        "levels_per_sector": report_charts.levels_per_sector(data),
        "evidence_per_sector": report_charts.evidence_per_sector(data),
    }
    assert list(figures) == list(CHART_CAPTIONS)
    return {name: report_charts.png_bytes(figure) for name, figure in figures.items()}


def build_report(scores: str | Path, out: str | Path, png_dir: str | Path | None = None,
                 chunk_rows: int = CHUNK_ROWS, top_n: int = TOP_ARTICLES) -> ReportData:
    """Write the HTML report of ``scores`` to ``out`` (and chart PNGs to ``png_dir``); return the aggregates."""
    data = read_scores(scores, chunk_rows=chunk_rows, top_n=top_n)
    series = timeline(data)
    charts = draw_charts(data, series)
    page = render(data, series, charts, source=Path(scores).name)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    if png_dir is not None:
        png_dir = Path(png_dir)
        png_dir.mkdir(parents=True, exist_ok=True)
        for name, png in charts.items():
            (png_dir / f"{name}.png").write_bytes(png)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frontline-report", description=__doc__.splitlines()[0])
    parser.add_argument("scores", help="CSV written by predict.py / frontline-predict")
    parser.add_argument("-o", "--out", default="report.html", help="HTML file to write (default: report.html)")
    parser.add_argument("--png-dir", default=None, help="also write each chart as a PNG into this folder")
    parser.add_argument("--top", type=int, default=TOP_ARTICLES, help="rows in the most-intense-articles table")
    parser.add_argument("--chunk-rows", type=int, default=CHUNK_ROWS, help="CSV rows read at a time")
    args = parser.parse_args(argv)
    try:
        data = build_report(args.scores, args.out, args.png_dir, chunk_rows=args.chunk_rows, top_n=args.top)
    except ReportInputError as exc:
        print(f"frontline-report: {exc}", file=sys.stderr)
        return 2
    print(f"{data.scored:,} scored articles ({data.errors:,} errors, {data.undated:,} undated) -> {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
