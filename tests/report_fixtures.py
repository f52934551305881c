"""Scores files written for the report tests, and a small reader of the report's HTML tables."""
from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

from model.labels import SECTORS

COLUMNS = ["path", "date", "primary_sector", "sectors", "intensity", "expected_intensity", "sector_intensity",
           "evidence", *[f"p_{s}" for s in SECTORS], "error"]


def place(name: str, sector: str) -> dict:
    return {"name": name, "sector": sector, "kind": "settlement"}


def scored_row(path, date, sectors, intensity, expected, per_sector=None, places=(), terms=(), error="") -> dict:
    """One ``predict.py`` output row; ``per_sector`` None leaves ``sector_intensity`` blank."""
    row = {
        "path": path, "date": date, "primary_sector": sectors[0] if sectors else "none",
        "sectors": ";".join(sectors), "intensity": intensity, "expected_intensity": expected,
        "sector_intensity": "" if per_sector is None else json.dumps(per_sector),
        "evidence": json.dumps({"places": list(places), "terms": list(terms)}), "error": error,
    }
    row.update({f"p_{s}": 0.9 if s in sectors else 0.01 for s in SECTORS})
    return row


#: Eight rows with known aggregates (see the expectations in test_report.py).
FIXTURE_ROWS = [
    scored_row("a.txt", "2025-06-01", ["kupiansk"], "high", 2.8, {"kupiansk": "high"},
               places=[place("Kupiansk", "kupiansk"), place("Petropavlivka", "kupiansk")], terms=["kupiansk"]),
    scored_row("b.txt", "2025-06-01", ["kupiansk"], "low", 1.2, {"kupiansk": "low"},
               places=[place("Kupiansk", "kupiansk")], terms=["shell"]),
    scored_row("c.txt", "2025-06-02", ["pokrovsk", "kostiantynivka"], "high", 2.6,
               {"pokrovsk": "high", "kostiantynivka": "moderate"},
               places=[place("Myrnohrad", "pokrovsk"), place("Toretsk", "kostiantynivka")]),
    scored_row("d.txt", "2025-06-03", [], "none", 0.2, {}, terms=["sanction"]),
    scored_row("e.txt", "", [], "", "", None, error="UnicodeDecodeError: invalid start byte"),
    scored_row("f.txt", "", ["rear_strike"], "moderate", 2.0, None, places=[place("Odesa", "rear_strike")]),
    scored_row("g.txt", "not a date", ["prydniprovske"], "low", 0.9, None, places=[place("Kherson", "prydniprovske")]),
    scored_row("h.txt", "2025-06-02", ["mars"], "high", 2.9, {"mars": "high"}),
]


def write_scores(path: Path, rows: list[dict], columns: list[str] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.images: list[dict] = []
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id", f"table-{len(self.tables)}"), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "img":
            self.images.append(attrs)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None


def page_tables(page: str) -> tuple[dict[str, list[list[str]]], list[dict]]:
    """Tables (by id, rows of cell texts, header first) and ``<img>`` attributes of an HTML page."""
    parser = _Tables()
    parser.feed(page)
    return parser.tables, parser.images


def rows_by_first_cell(table: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row for row in table[1:]}
