"""Silver labels: texts read back from the corpus and checked, held-out dates left out, and
cross-validation that measures on gold alone."""
import gzip
import json

import pandas as pd
import pytest

from conftest import REPO, tiny_records, write_jsonl
from training.config import load_config
from training.corpus import CorpusError
from training.crossval import cross_validate
from training.silver import paragraph_digest, silver_examples, silver_frame

REPORT = ("April 3, 7pm ET\nRussian forces attacked near Bakhmut eleven times on April 3.\n"
          "Parliament met to discuss the budget.")
PARAGRAPH = "Russian forces attacked near Bakhmut eleven times on April 3."


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "reports.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for day in ("2023-04-03", "2023-04-04"):
            out.write(json.dumps({"id": f"isw-{day}", "date": day, "text": REPORT}) + "\n")
    return path


def label(report="isw-2023-04-03", start=REPORT.index(PARAGRAPH), length=len(PARAGRAPH), sha1=paragraph_digest(PARAGRAPH)):
    return {"id": f"silver-{report}", "report": report, "start": start, "length": length, "sha1": sha1,
            "sectors": ["kramatorsk"], "primary_sector": "kramatorsk", "intensity": "moderate",
            "sector_intensity": {"kramatorsk": "moderate"}}


def test_silver_text_is_read_back_from_the_corpus(tmp_path, corpus):
    labels = write_jsonl(tmp_path / "labels.jsonl", [label(), label("isw-2023-04-04")])
    examples = silver_examples(labels, corpus, exclude_dates={"2023-04-04"})
    assert [(e.id, e.text, e.date, e.intensity, e.source) for e in examples] == [
        ("silver-isw-2023-04-03", PARAGRAPH, "2023-04-03", "moderate", "silver")]


@pytest.mark.parametrize("change, message", [
    ({"start": 0}, "is not the one labelled"),
    ({"report": "isw-2023-05-01"}, "no report"),
])
def test_a_label_the_corpus_no_longer_matches_is_refused(tmp_path, corpus, change, message):
    labels = write_jsonl(tmp_path / "labels.jsonl", [{**label(), **change}])
    with pytest.raises(CorpusError, match=message):
        silver_examples(labels, corpus)


def test_a_label_breaking_the_contract_names_its_line(tmp_path, corpus):
    labels = write_jsonl(tmp_path / "labels.jsonl", [label(), {**label(), "intensity": "severe"}])
    with pytest.raises(CorpusError, match=r"labels.jsonl:2"):
        silver_examples(labels, corpus)


def test_silver_frame_leaves_out_the_dates_of_gold_held_out_items(tmp_path, corpus):
    labels = write_jsonl(tmp_path / "labels.jsonl", [label(), label("isw-2023-04-04")])
    held_out = pd.DataFrame({"id": ["isw-2023-04-03-p002"], "date": [None]})
    assert silver_frame([labels], corpus, held_out)["date"].tolist() == ["2023-04-04"]


def test_the_shipped_silver_labels_match_the_shared_corpus():
    config = load_config(REPO / "experiments" / "silver.yaml")
    corpus = config.path(config.data.silver_corpus)
    if not corpus.exists():
        pytest.skip("the ISW corpus is not on this machine")
    examples = [e for path in config.data.silver for e in silver_examples(config.path(path), corpus)]
    assert len(examples) >= 300 and {e.source for e in examples} == {"silver"}


class Memorise:
    """Predicts, for a text it was fitted on, its label; for any other, the majority label. Keeps
    the ids of every row it was asked about."""

    asked: list[str] = []

    def fit(self, X, y):
        self.seen_ = dict(zip(X["text"], y["primary_sector"]))
        self.fallback_ = y["primary_sector"].mode()[0]
        return self

    def predict(self, X):
        Memorise.asked.extend(X["id"])
        primary = [self.seen_.get(t, self.fallback_) for t in X["text"]]
        return pd.DataFrame({"primary_sector": primary, "sectors": [p if p != "none" else "" for p in primary],
                             "intensity": "low", "sector_intensity": "{}"})


def test_cross_validation_holds_out_gold_only_and_fits_on_the_extra_items():
    gold = pd.DataFrame(tiny_records(2))
    extra = gold.assign(id=gold["id"] + "-silver", source="silver")  # the same texts, labelled again
    plain = cross_validate(Memorise, gold, folds=2, seed=0, log=False)
    Memorise.asked = []
    helped = cross_validate(Memorise, gold, folds=2, seed=0, log=False, extra=extra)
    # every held-out text is among the extra items, so a memoriser fitted with them is right on all
    assert helped["cv_primary_accuracy"] == 1.0 > plain["cv_primary_accuracy"]
    assert sorted(Memorise.asked) == sorted(gold["id"])  # each gold item held out once, no extra item
