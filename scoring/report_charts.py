"""The report's charts, drawn with matplotlib's object API (Agg canvas, no pyplot state).

Sectors are always rows in ``model.labels.SECTORS`` order: the ground front north to south,
then the rear sectors below a rule.
"""
from __future__ import annotations

import io

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from model.labels import FRONT_SECTORS, INTENSITIES, SECTORS
from scoring.report_data import ReportData
from scoring.report_timeline import Timeline

DPI = 110
#: Widest figure, in inches: at DPI it fits the report page (max 1400 px) without shrinking the text.
MAX_WIDTH = 12.5
#: One colour per intensity level, shared by the heatmap and the bar charts.
LEVEL_COLORS = colormaps["YlOrRd"](np.linspace(0.08, 0.92, len(INTENSITIES)))
MAX_LABELLED_COLUMNS = 40
TOP_NAMES = 6


def png_bytes(figure: Figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _message(title: str, text: str) -> Figure:
    figure = Figure(figsize=(8, 1.6))
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_title(title, loc="left", fontweight="bold")
    axes.text(0.5, 0.4, text, ha="center", va="center", color="#555555", transform=axes.transAxes)
    return figure


_UNIT_AXIS = {"day": "day", "week": "week starting (Monday)", "month": "month"}


def _bucket_labels(timeline: Timeline) -> list[str]:
    fmt = {"day": "%d %b %Y", "week": "%d %b %Y", "month": "%b %Y"}[timeline.unit]
    return [b.strftime(fmt) for b in timeline.articles.columns]


def _sparse_ticks(axes, labels: list[str], axis: str = "x") -> None:
    step = max(1, int(np.ceil(len(labels) / 24)))
    ticks = list(range(0, len(labels), step))
    if axis == "x":
        axes.set_xticks(ticks, [labels[i] for i in ticks], rotation=60, ha="right", fontsize=8)


def _rear_rule(axes) -> None:
    axes.axhline(len(FRONT_SECTORS) - 0.5, color="#222222", linewidth=1.2)


def intensity_heatmap(timeline: Timeline) -> Figure:
    """Sector × time heatmap of the mean reported intensity (grey: no article)."""
    title = f"Mean reported intensity per sector and {timeline.unit}"
    if timeline.articles.shape[1] == 0:
        return _message(title, "No dated articles to place on a time axis.")
    values = timeline.mean_intensity.to_numpy(dtype=float)
    columns = values.shape[1]
    figure = Figure(figsize=(min(MAX_WIDTH, max(8.5, 2.8 + 0.36 * columns)), 7.6), layout="constrained")
    axes = figure.add_subplot()
    cmap = ListedColormap(colormaps["YlOrRd"](np.linspace(0.08, 0.92, 256))).with_extremes(bad="#e9e9e9")
    image = axes.imshow(np.ma.masked_invalid(values), aspect="auto", cmap=cmap, vmin=0, vmax=len(INTENSITIES) - 1,
                        interpolation="nearest")
    axes.set_yticks(range(len(SECTORS)), list(SECTORS), fontsize=9)
    _sparse_ticks(axes, _bucket_labels(timeline))
    axes.set_xticks(np.arange(-0.5, columns, 1), minor=True)
    axes.set_yticks(np.arange(-0.5, len(SECTORS), 1), minor=True)
    axes.grid(which="minor", color="white", linewidth=0.8)
    axes.tick_params(which="minor", length=0)
    _rear_rule(axes)
    if columns <= MAX_LABELLED_COLUMNS:
        for (row, col), value in np.ndenumerate(values):
            if not np.isnan(value):
                axes.text(col, row, f"{value:.1f}", ha="center", va="center", fontsize=7,
                          color="white" if value >= 2.2 else "#222222")
    bar = figure.colorbar(image, ax=axes, ticks=range(len(INTENSITIES)), shrink=0.6, pad=0.01)
    bar.ax.set_yticklabels(list(INTENSITIES))
    axes.set_title(title + "  (0 none · 1 low · 2 moderate · 3 high; grey = no article)", loc="left",
                   fontweight="bold", fontsize=11)
    axes.set_xlabel(_UNIT_AXIS[timeline.unit], fontsize=9)
    return figure


def articles_over_time(timeline: Timeline) -> Figure:
    """One strip of bars per sector (and one for all articles): articles per bucket, each strip scaled to its
    own peak, with the total and the peak written on the right. One axes, so it draws fast."""
    title = f"Articles per sector per {timeline.unit}"
    if timeline.articles.shape[1] == 0:
        return _message(title, "No dated articles to place on a time axis.")
    counts = np.vstack([timeline.total.to_numpy(), timeline.articles.to_numpy()])
    names = ["all articles", *SECTORS]
    columns = counts.shape[1]
    figure = Figure(figsize=(min(MAX_WIDTH, max(8.5, 3.5 + 0.3 * columns)), 0.4 * len(names) + 1.4), layout="constrained")
    axes = figure.add_subplot()
    x = np.arange(columns)
    top = len(names) - 1  # row 0 ("all articles") is drawn highest
    for row, (name, series) in enumerate(zip(names, counts)):
        colour = "#555555" if row == 0 else "#b2182b" if name in FRONT_SECTORS else "#2166ac"
        peak = max(int(series.max()), 1)
        axes.bar(x, series / peak * 0.8, bottom=top - row - 0.4, width=0.85, color=colour)
        axes.text(1.005, (top - row + 0.5) / len(names), f"{int(series.sum()):,} (peak {int(series.max()):,})",
                  transform=axes.transAxes, va="center", fontsize=8, color="#333333")
    axes.set_ylim(-0.5, top + 0.5)
    axes.set_yticks(top - np.arange(len(names)), names, fontsize=9)
    axes.hlines(top - np.arange(len(names)) - 0.4, -0.5, columns - 0.5, color="#bbbbbb", linewidth=0.6)
    axes.axhline(top - 0.5, color="#222222", linewidth=0.8)
    axes.axhline(top - len(FRONT_SECTORS) - 0.5, color="#222222", linewidth=1.2)
    axes.set_xlim(-0.5, columns - 0.5)
    axes.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    _sparse_ticks(axes, _bucket_labels(timeline))
    axes.set_xlabel(_UNIT_AXIS[timeline.unit], fontsize=9)
    axes.set_title(title + "  (grey: all; red: ground front, north → south; blue: rear; right: total and peak)",
                   loc="left", fontweight="bold", fontsize=11)
    return figure


def levels_per_sector(data: ReportData) -> Figure:
    """Horizontal stacked bars: articles covering each sector, split by reported intensity."""
    title = "Articles per sector by reported intensity"
    levels = data.levels.reindex(index=list(SECTORS))
    if int(levels.to_numpy().sum()) == 0:
        return _message(title, "No article reports fighting in any sector.")
    figure = Figure(figsize=(9.5, 6.8), layout="constrained")
    axes = figure.add_subplot()
    left = np.zeros(len(SECTORS))
    for level, colour in zip(INTENSITIES, LEVEL_COLORS):
        values = levels[level].to_numpy(dtype=float)
        axes.barh(range(len(SECTORS)), values, left=left, color=colour, label=level, edgecolor="white", linewidth=0.5)
        left += values
    for row, total in enumerate(left):
        axes.text(total, row, f" {int(total):,}", va="center", fontsize=8)
    axes.set_yticks(range(len(SECTORS)), list(SECTORS), fontsize=9)
    axes.invert_yaxis()
    _rear_rule(axes)
    axes.set_xlim(0, max(left.max(), 1) * 1.12)
    axes.set_xlabel("articles covering the sector")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(title="intensity", loc="lower right", fontsize=8, frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_title(title, loc="left", fontweight="bold", fontsize=11)
    return figure


def evidence_per_sector(data: ReportData, top: int = TOP_NAMES) -> Figure:
    """A small bar chart per sector of the places (or, without a gazetteer, terms) most often cited."""
    kind = data.evidence_kind
    title = ("Places most often cited as evidence, per sector" if kind == "places"
             else "Terms most often cited as evidence, per primary sector (no place evidence in this file)")
    counts = data.evidence_counts()
    sectors = [s for s in SECTORS if counts[s]]
    if not sectors:
        return _message(title, "No evidence cited.")
    ncols = min(3, len(sectors))
    nrows = int(np.ceil(len(sectors) / ncols))
    bars = max(min(top, len(counts[s])) for s in sectors)  # rows of bars per panel
    figure = Figure(figsize=(MAX_WIDTH / 3 * ncols, (0.28 * bars + 1.0) * nrows + 0.5), layout="constrained")
    grid = np.atleast_1d(figure.subplots(nrows, ncols, squeeze=False)).ravel()
    for axes, sector in zip(grid, sectors):
        names, values = zip(*counts[sector].most_common(top))
        colour = "#b2182b" if sector in FRONT_SECTORS else "#2166ac"
        axes.barh(range(len(names)), values, color=colour)
        axes.set_yticks(range(len(names)), names, fontsize=8)
        axes.invert_yaxis()
        axes.set_ylim(bars - 0.5, -0.5)
        axes.set_title(sector, loc="left", fontsize=9, fontweight="bold")
        axes.set_xticks([])
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        for row, value in enumerate(values):
            axes.text(value, row, f" {value:,}", va="center", fontsize=7)
        axes.set_xlim(0, max(values) * 1.25)
    for axes in grid[len(sectors):]:
        axes.set_axis_off()
    figure.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=11)
    return figure
