"""predict.py over a temporary folder with the bundled model."""
import csv

import pytest

import predict
from model.article import parse_article


@pytest.mark.parametrize("raw", ["date 2025-11-11 The Russians are trying to hold…",
                                 "date 2025-11-11\nThe Russians are trying to hold…"])
def test_date_prefix_is_parsed_and_stripped(raw):
    article = parse_article(raw)
    assert article.date == "2025-11-11" and article.text == "The Russians are trying to hold…"


def test_front_matter_gives_date_and_title():
    article = parse_article("---\ntitle: Night strike\ndate: 2026-01-20\n---\nDrones hit Odesa.")
    assert (article.date, article.title, article.text) == ("2026-01-20", "Night strike", "Drones hit Odesa.")


@pytest.mark.parametrize("given", [None, "", float("nan")])
def test_a_given_date_and_title_win_over_the_texts_own_unless_missing(given):
    raw = "---\ntitle: Night strike\n---\ndate 2026-01-20\nDrones hit Odesa."
    given_article = parse_article(raw, "2026-01-21", "Odesa at night")
    assert (given_article.text, given_article.date, given_article.title) == ("Drones hit Odesa.", "2026-01-21", "Odesa at night")
    own = parse_article(raw, given, given)
    assert (own.date, own.title) == ("2026-01-20", "Night strike")


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
