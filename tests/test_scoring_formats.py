"""Every input format (and its gzip version) read into the same rows; decoding fallbacks flagged."""
from __future__ import annotations

import json

import pytest

from scoring.readers import FieldMap, read_multi, read_single
from tests.scoring_articles import AID, HTML, KUPIANSK, POKROVSK, csv_text, jsonl, write


@pytest.mark.parametrize("gz", [False, True])
def test_txt_seed_style_date_is_parsed(tmp_path, gz):
    path = write(tmp_path / ("a.txt.gz" if gz else "a.txt"), KUPIANSK, gz)
    record = read_single(str(path))
    assert record.error == "" and record.date == "2025-11-11"
    assert record.text.startswith("The Russians are trying to hold")


@pytest.mark.parametrize("gz", [False, True])
def test_md_front_matter(tmp_path, gz):
    path = write(tmp_path / ("a.md.gz" if gz else "a.md"), f"---\ntitle: Night strike\ndate: 2026-01-20\n---\n{POKROVSK}", gz)
    record = read_single(str(path))
    assert (record.title, record.date, record.text) == ("Night strike", "2026-01-20", POKROVSK)


@pytest.mark.parametrize("name", ["a.html", "a.htm", "a.html.gz"])
def test_html_main_text_without_navigation_or_footer(tmp_path, name):
    record = read_single(str(write(tmp_path / name, HTML, name.endswith(".gz"))))
    assert record.error == "" and record.title == "Assaults near Pokrovsk"
    assert "42 times" in record.text and "Myrnohrad" in record.text
    assert "Subscribe" not in record.text and "Copyright" not in record.text


@pytest.mark.parametrize("gz", [False, True])
def test_json_object_and_list(tmp_path, gz):
    single = write(tmp_path / ("one.json.gz" if gz else "one.json"), json.dumps({"id": "x1", "text": POKROVSK, "date": "2025-10-02"}), gz)
    many = write(tmp_path / ("many.json.gz" if gz else "many.json"),
                 json.dumps([{"id": "y1", "text": AID}, {"id": "y2", "text": KUPIANSK, "title": "Kupiansk"}]), gz)
    [one] = read_multi(str(single))
    assert (one.id, one.line, one.date, one.text) == ("x1", None, "2025-10-02", POKROVSK)
    first, second = read_multi(str(many))
    assert (first.id, first.line, second.id, second.line) == ("y1", 1, "y2", 2)
    assert second.date == "2025-11-11" and second.title == "Kupiansk"  # date prefix inside the text


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_with_a_malformed_line(tmp_path, gz):
    body = jsonl([{"id": "a", "text": POKROVSK}]) + "{not json\n\n" + jsonl([{"id": "c", "body": AID}, {"id": "d", "text": 5}])
    records = list(read_multi(str(write(tmp_path / ("f.jsonl.gz" if gz else "f.jsonl"), body, gz))))
    assert [(r.line, r.id) for r in records] == [(1, "a"), (2, None), (4, "c"), (5, "d")]
    assert records[0].error == ""
    assert records[1].error.startswith("malformed JSON line")
    assert records[2].error == "no text in field 'text'"
    assert records[3].error == "field 'text' is not a string"


@pytest.mark.parametrize("gz", [False, True])
def test_csv_with_configured_fields_and_a_bad_row(tmp_path, gz):
    body = csv_text(["doc", "published", "headline", "body"],
                    [["d1", "2025-09-08", "River", POKROVSK], ["d2", "", "", AID], ["d3", "x"]])
    fields = FieldMap(text="body", date="published", id="doc", title="headline")
    records = list(read_multi(str(write(tmp_path / ("f.csv.gz" if gz else "f.csv"), body, gz)), fields))
    assert [(r.line, r.id, r.date, r.title) for r in records[:2]] == [(1, "d1", "2025-09-08", "River"), (2, "d2", None, None)]
    assert records[2].line == 3 and "2 fields, the header has 4" in records[2].error


def test_csv_without_the_text_column(tmp_path):
    [record] = read_multi(str(write(tmp_path / "f.csv", csv_text(["a", "b"], [["1", "2"]]))))
    assert "no 'text' column" in record.error


@pytest.mark.parametrize("raw, encoding", [
    (b"\xef\xbb\xbf" + POKROVSK.encode(), "utf-8-bom"),
    ("Обстріл Харкова: Russian drones hit Kharkiv.".encode("cp1251"), "cp1251"),
    (b"Strike near Kherson\x98 hit a depot.", "latin-1"),  # 0x98 is undefined in cp1251
])
def test_decoding_fallbacks_are_flagged(tmp_path, raw, encoding):
    record = read_single(str(write(tmp_path / "a.txt", raw)))
    assert record.error == "" and record.encoding == encoding
    assert not record.text.startswith("\ufeff")


def test_plain_utf8_has_no_flag(tmp_path):
    assert read_single(str(write(tmp_path / "a.txt", "Obstril: Kharkiv — drones.".encode()))).encoding == ""
