"""predict.py over a temporary folder with the bundled model."""
import csv
import json

import pandas as pd
import pytest

import predict
from model.article import parse_article
from scoring.runner import Execution
from tests.scoring_articles import AID, KUPIANSK, ODESA, POKROVSK, csv_text, run_predict, write


@pytest.mark.parametrize("raw", ["date 2025-11-11 The Russians are trying to hold…",
                                 "date 2025-11-11\nThe Russians are trying to hold…"])
def test_date_prefix_is_parsed_and_stripped(raw):
    article = parse_article(raw)
    assert article.date == "2025-11-11" and article.text == "The Russians are trying to hold…"


def test_front_matter_gives_date_and_title():
    article = parse_article("---\ntitle: Night strike\ndate: 2026-01-20\n---\nDrones hit Odesa.")
    assert (article.date, article.title, article.text) == ("2026-01-20", "Night strike", "Drones hit Odesa.")


@pytest.mark.parametrize("given", [None, "", " ", float("nan")])
def test_a_given_date_and_title_win_over_the_texts_own_unless_missing(given):
    raw = "---\ntitle: Night strike\n---\ndate 2026-01-20\nDrones hit Odesa."
    given_article = parse_article(raw, "2026-01-21", "Odesa at night")
    assert (given_article.text, given_article.date, given_article.title) == ("Drones hit Odesa.", "2026-01-21", "Odesa at night")
    own = parse_article(raw, given, given)
    assert (own.date, own.title) == ("2026-01-20", "Night strike")


@pytest.mark.parametrize("raw, given, date", [
    ("---\ndate: November 5, 2025\n---\nDrones hit Odesa.", None, "2025-11-05"),  # written out
    ("---\ndate: 5 Nov 2025\n---\nDrones hit Odesa.", None, "2025-11-05"),
    ("date 2025-02-30\nDrones hit Odesa.", None, None),  # no such day: split off, no date
    ("date 2025-13-01 Drones hit Odesa.", None, None),
    ("Drones hit Odesa.", "2025-11-05T10:00:00Z", "2025-11-05"),  # an ISO datetime given
    ("Drones hit Odesa.", "20251105", "2025-11-05"),
    ("Drones hit Odesa.", "2025/11/05", "2025-11-05"),
    ("Drones hit Odesa.", "Wednesday, 5 November 2025, 14:05", "2025-11-05"),
    ("Drones hit Odesa.", "not a date", None),
    ("date 2025-11-04\nDrones hit Odesa.", "05/11/2025", "2025-11-04"),  # ambiguous: none given, the text's own counts
])
def test_dates_are_read_as_iso_and_impossible_or_ambiguous_ones_dropped(raw, given, date):
    article = parse_article(raw, given)
    assert (article.text, article.date) == ("Drones hit Odesa.", date)


def test_an_impossible_date_is_not_used_for_the_front_geometry(tmp_path):
    text = "Russian forces attacked 12 times near Sloviansk approaches and Siversk, injuring two civilians in Sloviansk."
    write(tmp_path / "in" / "a-impossible.txt", "date 2025-02-30\n" + text)  # dated, it adds kramatorsk
    write(tmp_path / "in" / "b-undated.txt", text)
    rows = predict.score_folder(tmp_path / "in", tmp_path / "s.csv", execution=Execution(workers=1, quiet=True))
    assert rows["date"].tolist() == ["", ""]
    columns = [c for c in rows.columns if c not in ("path", "id", "duplicate_of")]  # the second duplicates the first
    pd.testing.assert_frame_equal(rows.loc[[0], columns].reset_index(drop=True), rows.loc[[1], columns].reset_index(drop=True))


def test_predict_cli_scores_folder(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("date 2025-11-11 The Russians are trying to hold Kupiansk; 30 assaults were repelled near Kupiansk.")
    (folder / "sub" / "b.md").write_text("Finance ministers discussed the aid package and sanctions.")
    (folder / "ignored.pdf").write_text("not an article")
    out = tmp_path / "scores.csv"
    assert predict.main([str(folder), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert [r["path"].split("/")[-1] for r in rows] == ["a.txt", "b.md"]
    assert rows[0]["date"] == "2025-11-11" and rows[1]["date"] == ""
    assert rows[0]["primary_sector"] == "kupiansk"
    assert rows[1]["primary_sector"] == "none"
    for column in ("intensity", "top1_sector", "top1_p", "p_kupiansk"):
        assert column in rows[0]


def test_cli_reads_paths_from_stdin_with_field_names_format_and_size_cap(tmp_path):
    """``predict.py -`` in a subprocess: paths listed on stdin (only those), records read by the named
    fields, Parquet output despite the ``.out`` suffix, and an error row per article over --max-bytes."""
    long_text = "Drones struck positions near Pokrovsk again. " * 30  # 1,350 characters against a 1,000 cap
    feed = write(tmp_path / "in" / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in [
        {"key": "j1", "published": "2025-10-01", "headline": "Assaults", "body": POKROVSK},
        {"key": "j2", "published": "2025-10-02", "headline": "Too long", "body": long_text},
        {"key": "j3", "published": "2025-10-03", "headline": "Summit", "body": AID},
    ]))
    table = write(tmp_path / "in" / "table.csv", csv_text(["key", "published", "headline", "body"], [
        ["c1", "2025-10-04", "Port", ODESA],
        ["c2", "2025-10-05", "Too long", long_text],
        ["c3", "2025-10-06", "North", KUPIANSK[len("date 2025-11-11 "):]],
    ]))
    write(tmp_path / "in" / "unlisted.txt", POKROVSK)  # in the same folder, not on stdin
    out = tmp_path / "x.out"
    result = run_predict("-", "--text-field", "body", "--date-field", "published", "--id-field", "key",
                         "--title-field", "headline", "--format", "parquet", "--max-bytes", "1000", "--out", out,
                         "-j", "1", input=f"{feed}\n{table}\n")
    assert result.returncode == 0, result.stderr
    rows = pd.read_parquet(out)  # Parquet although the suffix says nothing
    assert rows["path"].tolist() == [str(feed)] * 3 + [str(table)] * 3
    assert rows["line"].tolist() == [1, 2, 3, 1, 2, 3]
    assert rows["error"].tolist() == [
        "", "oversized: line longer than 1000 bytes", "",
        "", "oversized: text longer than 1000 characters (raise --max-bytes to score it)", ""]
    scored = rows[rows["error"] == ""]
    assert scored["id"].tolist() == ["j1", "j3", "c1", "c3"]
    assert scored["date"].tolist() == ["2025-10-01", "2025-10-03", "2025-10-04", "2025-10-06"]
    assert scored["title"].tolist() == ["Assaults", "Summit", "Port", "North"]
    assert scored["primary_sector"].tolist() == ["pokrovsk", "none", "rear_strike", "kupiansk"]
    assert rows["primary_sector"].isna().tolist() == [False, True, False, False, True, False]


def test_the_classifier_and_the_pyfunc_read_dates_alike():
    """FrontlineClassifier.predict (called directly) and the pyfunc (predict.py, Spark, serving) read
    a date the same way: a datetime64 column is a date, an impossible date string is none."""
    import datetime

    from model.loading import load_model
    from model.pyfunc import FrontlinePyfunc

    classifier = load_model()
    wrapper = FrontlinePyfunc()
    wrapper.classifier = classifier
    text = "Russian forces attacked 12 times near Sloviansk approaches and Siversk, injuring two civilians in Sloviansk."
    expected = classifier.predict(pd.DataFrame({"text": [text] * 2, "date": ["2025-11-05", None]}))
    assert expected.loc[0, "sectors"] != expected.loc[1, "sectors"]  # the date matters for this text
    given = {
        "datetime64": pd.to_datetime(["2025-11-05 10:00", None]),
        "objects": [datetime.date(2025, 11, 5), pd.NaT],
        "datetimes": [datetime.datetime(2025, 11, 5, 23, 30), float("nan")],
        "impossible": ["2025-11-05", "2025-02-30"],
        "dotted": ["2025.11.05", "not a date"],
    }
    for name, dates in given.items():
        frame = pd.DataFrame({"text": [text] * 2, "date": dates})
        pd.testing.assert_frame_equal(wrapper.predict(None, frame), expected, obj=f"pyfunc, {name}")
        pd.testing.assert_frame_equal(classifier.predict(frame), expected, obj=f"classifier, {name}")
