"""The scored-folder report: the numbers it aggregates and shows, from a scores file written here."""
import json
import re

import pandas as pd
import pytest

from model.labels import SECTORS
from report_fixtures import COLUMNS, FIXTURE_ROWS, page_tables, rows_by_first_cell, scored_row, write_scores
from scoring.report import build_report, main
from scoring.report_data import ReportInputError, read_scores
from scoring.report_timeline import timeline

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHARTS = {"intensity_heatmap", "articles_over_time", "levels_per_sector", "evidence_per_sector"}


@pytest.fixture
def scores(tmp_path):
    return write_scores(tmp_path / "scores.csv", FIXTURE_ROWS)


def test_aggregates_count_rows_errors_dates_and_sector_levels(scores):
    data = read_scores(scores)
    assert (data.rows, data.errors, data.scored, data.undated, data.unknown_labels) == (8, 1, 7, 2, 1)
    assert data.levels.loc["kupiansk"].to_dict() == {"none": 0, "low": 1, "moderate": 0, "high": 1}
    assert data.levels.loc["kostiantynivka", "moderate"] == 1  # from sector_intensity, not the overall "high"
    assert data.levels.loc["rear_strike", "moderate"] == 1  # undated, no sector_intensity: sectors + intensity
    assert data.levels.loc["prydniprovske", "low"] == 1
    assert int(data.levels.to_numpy().sum()) == 6
    assert data.places["kupiansk"] == {"Kupiansk": 2, "Petropavlivka": 1}
    assert data.evidence_kind == "places"
    assert data.daily_total.to_dict() == {pd.Timestamp("2025-06-01"): 2, pd.Timestamp("2025-06-02"): 1,
                                          pd.Timestamp("2025-06-03"): 1}


def test_section_rows_do_not_count_as_articles(tmp_path):
    """``predict.py --sections`` adds rows per section beside the article's own row."""
    sectioned = [{**FIXTURE_ROWS[0], "section": ""},
                 *({**FIXTURE_ROWS[0], "section": str(i)} for i in range(3)),
                 {**FIXTURE_ROWS[2], "section": ""}]
    data = read_scores(write_scores(tmp_path / "sections.csv", sectioned, COLUMNS + ["section"]))
    assert (data.rows, data.scored) == (2, 2)
    assert data.places["kupiansk"] == {"Kupiansk": 1, "Petropavlivka": 1}
    assert int(data.levels.to_numpy().sum()) == 3  # kupiansk, pokrovsk, kostiantynivka once each


def test_reading_in_small_chunks_gives_the_same_aggregates(scores):
    whole, chunked = read_scores(scores), read_scores(scores, chunk_rows=2)
    pd.testing.assert_frame_equal(whole.daily, chunked.daily)
    pd.testing.assert_frame_equal(whole.levels, chunked.levels)
    pd.testing.assert_frame_equal(whole.top, chunked.top)
    assert whole.places == chunked.places
    assert (whole.rows, whole.errors, whole.undated) == (chunked.rows, chunked.errors, chunked.undated)


def test_html_shows_counts_heatmap_cells_and_the_top_table(scores, tmp_path):
    out = tmp_path / "report.html"
    build_report(scores, out, png_dir=tmp_path / "png", top_n=4)
    page = out.read_text(encoding="utf-8")
    tables, images = page_tables(page)

    sectors = rows_by_first_cell(tables["table-sectors"])
    assert list(sectors) == list(SECTORS)  # north to south, then the rear
    assert sectors["kupiansk"] == ["kupiansk", "2", "0", "1", "0", "1", "2.00"]
    assert sectors["pokrovsk"][1] == "1" and sectors["lyman"][1] == "0"

    heat = tables["table-heatmap"]
    assert heat[0] == ["sector", "2025-06-01", "2025-06-02", "2025-06-03"]
    cells = rows_by_first_cell(heat)
    assert cells["kupiansk"][1:] == ["2.00", "", ""]  # (high + low) / 2
    assert cells["pokrovsk"][1:] == ["", "3.00", ""]
    assert cells["kostiantynivka"][1:] == ["", "2.00", ""]
    assert cells["rear_strike"][1:] == ["", "", ""]  # undated

    top = tables["table-top"][1:]
    assert [row[-1] for row in top] == ["a.txt", "c.txt", "f.txt", "b.txt"]  # by level, then expected level
    assert top[0][1:4] == ["high", "2.80", "2025-06-01"]
    assert top[0][6] == "Kupiansk, Petropavlivka"
    assert top[1][5] == "pokrovsk, kostiantynivka"

    assert {img["id"].removeprefix("chart-") for img in images} == CHARTS
    assert all(img["src"].startswith("data:image/png;base64,") for img in images)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?https?:""", page)  # self-contained
    assert {p.name for p in (tmp_path / "png").iterdir()} == {f"{c}.png" for c in CHARTS}
    assert all(p.read_bytes().startswith(PNG_SIGNATURE) for p in (tmp_path / "png").iterdir())


def test_terms_stand_in_for_places_from_models_without_a_gazetteer(tmp_path):
    rows = [{**scored_row("x.txt", "2025-06-01", ["lyman"], "moderate", 2.0, None),
             "evidence": json.dumps({"terms": ["lyman", "torsk"]})}]
    data = build_report(write_scores(tmp_path / "s.csv", rows), tmp_path / "r.html")
    assert data.evidence_kind == "terms"
    tables, _ = page_tables((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert tables["table-evidence"][1] == ["lyman", "lyman (1); torsk (1)"]
    assert tables["table-top"][1][6] == "lyman, torsk"


def test_minimal_columns_are_enough(tmp_path):
    rows = [scored_row(f"{i}.txt", "2025-06-0%d" % (1 + i % 3), ["siversk"], "high", "", None) for i in range(5)]
    scores = write_scores(tmp_path / "s.csv", rows, columns=["date", "primary_sector", "intensity"])
    data = build_report(scores, tmp_path / "r.html")
    assert data.levels.loc["siversk", "high"] == 5
    assert len(data.top) == 5


@pytest.mark.parametrize("days, unit", [(20, "day"), (200, "week"), (1000, "month")])
def test_time_unit_follows_the_span_and_keeps_every_article(tmp_path, days, unit):
    dates = pd.date_range("2024-01-01", periods=days, freq="D")
    rows = [scored_row(f"{i}.txt", f"{d:%Y-%m-%d}", ["orikhiv"], "low", 1.0, None) for i, d in enumerate(dates)]
    series = timeline(read_scores(write_scores(tmp_path / "s.csv", rows), chunk_rows=64))
    assert series.unit == unit
    assert series.articles.loc["orikhiv"].sum() == days == series.total.sum()
    assert series.mean_intensity.loc["orikhiv"].dropna().eq(1.0).all()


def test_header_only_file_gives_a_report_without_charts_data(tmp_path):
    scores = write_scores(tmp_path / "s.csv", [])
    data = build_report(scores, tmp_path / "r.html", png_dir=tmp_path / "png")
    assert data.rows == 0
    assert "no dates" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert len(list((tmp_path / "png").iterdir())) == 4


def test_bad_input_is_refused_with_a_clear_message(tmp_path, capsys):
    with pytest.raises(ReportInputError, match="no such file"):
        read_scores(tmp_path / "missing.csv")
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main([str(other), "-o", str(tmp_path / "r.html")]) == 2
    assert "not a frontline scores file" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_articles_about_no_sector_still_count_on_the_time_axis(tmp_path):
    rows = [scored_row(f"{i}.txt", f"2025-01-0{i}", [], "none", 0.1, {}) for i in range(1, 4)]
    series = timeline(read_scores(write_scores(tmp_path / "s.csv", rows)))
    assert series.total.tolist() == [1, 1, 1]
    assert series.articles.to_numpy().sum() == 0
