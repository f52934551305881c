"""Every input format (and its gzip version) read into the same rows; decoding fallbacks flagged."""
from __future__ import annotations

import json

import pytest

from scoring.readers import FieldMap, read_multi, read_single
from tests.scoring_articles import AID, HTML, KUPIANSK, POKROVSK, csv_text, html_page, jsonl, write


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


def test_html_date_comes_from_metadata_or_markup_never_from_a_copyright_year_or_a_month(tmp_path):
    pages = {
        "meta": (html_page('<meta property="article:published_time" content="2025-11-04T10:00:00Z">',
                           footer="&copy; 2025 Kyiv Post"), "2025-11-04"),
        "time": (html_page(byline='<time datetime="2025-11-03">3 November</time>', footer="&copy; 2025 Kyiv Post"),
                 "2025-11-03"),
        "json-ld": (html_page('<script type="application/ld+json">{"@type": "NewsArticle", '
                              '"datePublished": "2025-11-02T08:00:00+02:00"}</script>'), "2025-11-02"),
        "copyright": (html_page(footer="&copy; 2025 Kyiv Post. All rights reserved."), None),  # was 2025-01-01
        "month": (html_page(byline='<div class="date">2025-11</div>'), None),  # htmldate makes up the day
        # day first, as Ukrainian sites write it: htmldate reads the day, the page states it
        "dotted time": (html_page(byline="<time>25.11.2025 10:00</time>"), "2025-11-25"),
        "dotted span": (html_page(byline='<span class="date">05.11.2025</span>'), "2025-11-05"),
        "slashed span": (html_page(byline='<span class="date">5/11/2025</span>'), "2025-11-05"),
        "dotted month": (html_page(byline='<div class="date">11.2025</div>'), None),
    }
    dates = {name: read_single(str(write(tmp_path / f"{name}.html", page))).date for name, (page, _) in pages.items()}
    assert dates == {name: date for name, (_, date) in pages.items()}


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


def test_record_dates_are_iso_or_none(tmp_path):
    dates = ["2025-02-30", "not a date", "05/11/2025", "November 5, 2025", "2025-11-05T08:00:00+02:00"]
    expected = [None, None, None, "2025-11-05", "2025-11-05"]
    feed = write(tmp_path / "f.jsonl", jsonl([{"text": POKROVSK, "date": d} for d in dates] + [{"date": "2025-13-01"}]))
    table = write(tmp_path / "f.csv", csv_text(["text", "date"], [[POKROVSK, d] for d in dates]))
    from_feed, from_table = list(read_multi(str(feed))), list(read_multi(str(table)))
    assert [r.date for r in from_feed] == expected + [None]  # the last is an error row (no text)
    assert [r.date for r in from_table] == expected


def test_csv_without_the_text_column(tmp_path):
    [record] = read_multi(str(write(tmp_path / "f.csv", csv_text(["a", "b"], [["1", "2"]]))))
    assert "no 'text' column" in record.error


@pytest.mark.parametrize("raw, encoding", [
    (b"\xef\xbb\xbf" + POKROVSK.encode(), "utf-8-bom"),
    ("Обстріл Харкова: Russian drones hit Kharkiv.".encode("cp1251"), "cp1251"),
    (b"Strike near Kherson\x98 hit a depot.", "cp1252"),  # 0x98 is undefined in cp1251, a tilde in cp1252
])
def test_decoding_fallbacks_are_flagged(tmp_path, raw, encoding):
    record = read_single(str(write(tmp_path / "a.txt", raw)))
    assert record.error == "" and record.encoding == encoding
    assert not record.text.startswith("\ufeff")


def test_plain_utf8_has_no_flag(tmp_path):
    assert read_single(str(write(tmp_path / "a.txt", "Obstril: Kharkiv — drones.".encode()))).encoding == ""


KUPIANSK_UK = ("Ukrainian troops cleared the northern part of Kupiansk (Куп’янськ) – the enemy tried to advance "
               "through a pipeline, spokesman Viktor Trehubov said. “Eleven attacks were repelled.”")
ODESA_FR = "Odesa port hit by drones; a Swiss café owner from Panamá and Señora Ruiz were among the injured."


def test_single_byte_encoding_is_the_one_that_reads_as_words(tmp_path):
    cases = {
        "latin-1": ODESA_FR,  # cp1251 would read "cafй", "Panamб", "Seсora"
        "cp1252": ODESA_FR.replace("; a", " – a") + " “It was loud,” he said.",
        "cp1251": KUPIANSK_UK,  # English with a Ukrainian word, curly quotes and a dash
    }
    for encoding, text in cases.items():
        record = read_single(str(write(tmp_path / f"{encoding}.txt", text.encode(encoding))))
        assert (record.error, record.encoding, record.text) == ("", encoding, text)
    for encoding, text in {"latin-1": "Kyiv will get a £3bn package, officials said.",  # cp1251: "Ј3bn"
                           "cp1252": "The EU pledged €5 million to rebuild Kharkiv."}.items():  # cp1251: "Ђ5"
        record = read_single(str(write(tmp_path / "sign.txt", text.encode(encoding))))
        assert (record.encoding, record.text) == (encoding, text)


def test_utf8_with_a_stray_byte_keeps_utf8_and_counts_the_replaced_byte(tmp_path):
    text = "Kupiansk’s defenders — the 14th brigade — repelled “dozens” of assaults near Kupiansk’s station."
    data = text.encode().replace(b"brigade", b"brigade\xe9", 1)  # one latin-1 byte in UTF-8 text
    record = read_single(str(write(tmp_path / "a.txt", data)))
    assert record.encoding == "utf-8 (1 byte replaced)"
    assert record.text == text.replace("brigade", "brigade\ufffd")


def test_utf16_with_or_without_bom_is_text_not_binary(tmp_path):
    text = "Guided bomb strike on Zaporizhzhia city kills five\r\n\r\nRussian forces struck Zaporizhzhia – five killed."
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):  # "utf-16" writes a BOM
        record = read_single(str(write(tmp_path / f"{codec}.txt", text.encode(codec))))
        assert (record.error, record.encoding, record.text) == ("", codec, text.replace("\r\n", "\n"))
    binary = read_single(str(write(tmp_path / "bom.txt", b"\xff\xfe" + bytes(range(256)) * 4)))
    assert binary.error.startswith("binary content")  # a BOM before binary data is not enough


def test_csv_rows_name_their_own_replaced_bytes(tmp_path):
    body = csv_text(["id", "text"], [["a", POKROVSK + " – clean"], ["b", AID + " – XX"], ["c", KUPIANSK_UK]])
    data = body.encode().replace(b"XX", b"\xff")
    records = list(read_multi(str(write(tmp_path / "f.csv", data))))
    assert [(r.id, r.encoding, r.error) for r in records] == [("a", "", ""), ("b", "utf-8 (1 byte replaced)", ""), ("c", "", "")]
    assert records[1].text.endswith("– \ufffd") and records[2].text == KUPIANSK_UK


def test_csv_in_utf16_and_cp1251(tmp_path):
    body = csv_text(["id", "text"], [["a", KUPIANSK_UK], ["b", POKROVSK]])
    for codec in ("utf-16", "cp1251"):
        records = list(read_multi(str(write(tmp_path / f"{codec}.csv", body.encode(codec)))))
        assert [(r.id, r.encoding, r.text) for r in records] == [("a", codec, KUPIANSK_UK), ("b", codec, POKROVSK)]


def test_csv_sample_cut_inside_a_character_is_still_utf8(tmp_path):
    for prefix in range(3):  # the decoding sample ends inside one of the 3-byte characters for two of these
        quotes = "x" * prefix + "’" * 25000  # 75 KB: more than the 64 KB sample
        path = write(tmp_path / f"{prefix}.csv", csv_text(["id", "text"], [["a", quotes]]))
        assert [(r.encoding, r.text) for r in read_multi(str(path))] == [("", quotes)]


@pytest.mark.parametrize("gz", [False, True])
def test_csv_encoding_is_chosen_from_a_64kb_sample_not_the_first_buffer(tmp_path, gz):
    # the first 9 KB are ASCII; the cp1252 quotes and dash come after the 4 KB (8 KB for .gz) buffer
    rows = [[str(i), f"{POKROVSK} ({i})"] for i in range(80)] + [["late", "Troops said “eleven attacks were repelled” – the café was hit."]]
    body = csv_text(["id", "text"], rows)
    assert body.index("“") > 9000
    records = list(read_multi(str(write(tmp_path / ("f.csv.gz" if gz else "f.csv"), body.encode("cp1252"), gz))))
    assert len(records) == 81 and {r.encoding for r in records} == {"cp1252"}
    assert records[-1].text == rows[-1][1]


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_jsonl_in_utf16(tmp_path, codec, gz):
    lines = [json.dumps({"id": "a", "text": KUPIANSK_UK, "date": "2025-11-05"}, ensure_ascii=False), "",
             "{not json", json.dumps({"id": "b", "text": POKROVSK + " – “52”"}, ensure_ascii=False)]
    data = "\r\n".join(lines).encode(codec)
    records = list(read_multi(str(write(tmp_path / ("f.jsonl.gz" if gz else "f.jsonl"), data, gz))))
    assert [(r.line, r.id, r.encoding, r.error[:19]) for r in records] == [
        (1, "a", codec, ""), (3, None, "", "malformed JSON line"), (4, "b", codec, "")]
    assert (records[0].text, records[0].date, records[2].text) == (KUPIANSK_UK, "2025-11-05", POKROVSK + " – “52”")


def test_jsonl_lines_with_a_stray_byte(tmp_path):
    lines = [{"id": "a", "text": KUPIANSK_UK}, {"id": "b", "text": AID + " – XX"}, {"id": "c", "text": AID + " XX"}]
    data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode().replace(b"XX", b"\x92")
    records = list(read_multi(str(write(tmp_path / "f.jsonl", data))))
    # in UTF-8 text the byte is replaced; in an otherwise ASCII line it is cp1252's apostrophe
    assert [(r.encoding, r.text[-3:]) for r in records] == [("", "d.”"), ("utf-8 (1 byte replaced)", "– \ufffd"), ("cp1252", ". ’")]
