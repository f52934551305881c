"""Silver labels: texts read back from the corpus and checked, held-out dates left out, and
cross-validation and tuning that measure on gold alone."""
import gzip
import json

import mlflow
import pandas as pd
import pytest
import yaml

from conftest import REPO, tiny_records, write_jsonl
from training.config import load_config
from training.corpus import CorpusError, labelled_dates, labelled_records, read_records
from training.crossval import cross_validate, tune
from training.data import load_frame
from training.silver import paragraph_digest, silver_examples, silver_frame
from training.train import _evaluated, build_estimator, silver_documents, training_frames

REPORT = ("April 3, 7pm ET\nRussian forces attacked near Bakhmut eleven times on April 3.\n"
          "Parliament met to discuss the budget.")
PARAGRAPH = "Russian forces attacked near Bakhmut eleven times on April 3."
DAYS = ("2023-04-03", "2023-04-04")


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "reports.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for day in DAYS:
            out.write(json.dumps({"id": f"isw-{day}", "date": day, "text": REPORT}) + "\n")
    return path


def label(report="isw-2023-04-03", **change):
    return {"id": f"silver-{report}", "report": report, "start": REPORT.index(PARAGRAPH), "length": len(PARAGRAPH),
            "sha1": paragraph_digest(PARAGRAPH), "sectors": ["kramatorsk"], "primary_sector": "kramatorsk",
            "intensity": "moderate", "sector_intensity": {"kramatorsk": "moderate"}, **change}


def reports(corpus):
    return {r["id"]: r for r in read_records(corpus)}


def test_silver_text_is_read_back_from_the_corpus_and_skipped_items_left_out(tmp_path, corpus):
    labels = write_jsonl(tmp_path / "labels.jsonl", [label(), label("isw-2023-04-04"),
                                                     label(skip=True, sectors=[], primary_sector="none")])
    examples = silver_examples(labels, reports(corpus), exclude_dates={"2023-04-04"})
    assert [(e.id, e.text, e.date, e.intensity, e.source) for e in examples] == [
        ("silver-isw-2023-04-03", PARAGRAPH, "2023-04-03", "moderate", "silver")]


@pytest.mark.parametrize("change, message", [
    ({"start": 0}, "is not the one labelled"),
    ({"report": "isw-2023-05-01"}, "no report 'isw-2023-05-01'"),
    ({"start": "16"}, "non-negative integers"),
    ({"sha1": None}, "is not the one labelled"),
    ({"intensity": "severe"}, "intensity"),
])
def test_a_bad_label_line_is_refused_naming_file_and_line(tmp_path, corpus, change, message):
    labels = write_jsonl(tmp_path / "labels.jsonl", [label(), label(**change)])
    with pytest.raises(CorpusError, match=rf"labels.jsonl:2: .*{message}"):
        silver_examples(labels, reports(corpus), exclude_dates=())


def test_a_label_line_missing_a_field_or_not_an_object_is_refused(tmp_path, corpus):
    missing = label()
    del missing["sha1"]
    for bad in (missing, ["not", "an", "object"]):
        labels = write_jsonl(tmp_path / "labels.jsonl", [bad])
        with pytest.raises(CorpusError, match=r"labels.jsonl:1"):
            silver_examples(labels, reports(corpus), exclude_dates=())


def test_training_frames_add_silver_items_but_none_from_a_dev_date(tmp_path, corpus, tiny_corpus, mlflow_store):
    dev = tiny_records(1) + [{**tiny_records(1)[0], "id": "isw-2023-04-04-p001", "date": None, "skip": True}]
    write_jsonl(tiny_corpus["dev"], dev)  # a dev item marked skip still keeps its date out
    labels = write_jsonl(tmp_path / "labels.jsonl", [label(), label("isw-2023-04-04")])
    config = tmp_path / "silver.yaml"
    config.write_text(yaml.safe_dump({"data": {
        "train": str(tiny_corpus["train"]), "dev": str(tiny_corpus["dev"]), "dev_long": None,
        "silver": [str(labels)], "silver_corpus": str(corpus)}}))
    with mlflow.start_run():
        train, extra = training_frames(load_config(config))
    assert len(train) == len(tiny_records(4)) and extra["id"].tolist() == ["silver-isw-2023-04-03"]
    assert training_frames(load_config(config, ["data.silver=[]"]))[1] is None


OTHER = ("April 4, 7pm ET\nUkrainian forces repelled an assault near Avdiivka on April 4.\n"
         "Ministers met to discuss sanctions.")


def test_silver_documents_are_scored_and_no_training_item_comes_from_them(tmp_path, tiny_corpus, mlflow_store):
    """The corpus holds some reports twice, under two dates: a silver paragraph is left out when
    its report's date is a document's, and when its text is part of a document's text."""
    corpus = tmp_path / "reports.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as out:
        for day, text in (("2023-04-03", REPORT), ("2023-04-04", OTHER), ("2023-04-05", REPORT)):
            out.write(json.dumps({"id": f"isw-{day}", "date": day, "text": text}) + "\n")
    avdiivka = "Ukrainian forces repelled an assault near Avdiivka on April 4."
    labels = write_jsonl(tmp_path / "labels.jsonl", [
        label(), label("isw-2023-04-05"),  # the document's text, under another date and under its own
        {**label("isw-2023-04-04"), "start": OTHER.index(avdiivka), "length": len(avdiivka), "sha1": paragraph_digest(avdiivka),
         "sectors": ["pokrovsk"], "primary_sector": "pokrovsk", "sector_intensity": {"pokrovsk": "low"}, "intensity": "low"}])
    document = {**label("isw-2023-04-05"), "id": "silverdoc-isw-2023-04-05", "start": 0, "length": len(REPORT),
                "sha1": paragraph_digest(REPORT)}
    documents = write_jsonl(tmp_path / "documents.jsonl", [document])
    config = tmp_path / "silver.yaml"
    config.write_text(yaml.safe_dump({"data": {
        "train": str(tiny_corpus["train"]), "dev": str(tiny_corpus["dev"]), "dev_long": None,
        "silver": [str(labels)], "silver_corpus": str(corpus), "silver_documents": [str(documents)]},
        "model": {"kind": "rules"}}))
    config = load_config(config)
    with mlflow.start_run() as run:
        train, extra = training_frames(config)
        metrics = _evaluated(build_estimator(config).fit(train, train), config, load_frame(config.path(config.data.dev)),
                             silver_documents(config))
    assert extra["id"].tolist() == ["silver-isw-2023-04-04"]
    logged = mlflow.get_run(run.info.run_id).data.metrics
    assert logged["silver_docs_set_micro_f1"] == 1.0 and logged["silver_docs_primary_accuracy"] == 1.0
    assert not any(name.startswith("silver_docs") for name in metrics)  # logged, never gated on


@pytest.fixture
def shipped():
    """The silver experiment's config, its corpus and the dev sets' dates (skips without the shared data)."""
    config = load_config(REPO / "experiments" / "silver.yaml")
    corpus = config.path(config.data.silver_corpus)
    gold = [config.path(config.data.dev), config.path(config.data.dev_long)]
    if not corpus.exists() or not all(p.exists() for p in gold):
        pytest.skip("the ISW corpus or the dev sets are not on this machine")
    return config, corpus, labelled_dates(gold)


def test_the_shipped_silver_labels_match_the_shared_corpus_and_avoid_every_dev_date(shipped):
    config, corpus, dev_dates = shipped
    [labels] = [config.path(p) for p in config.data.silver]
    frame = silver_frame([labels], corpus, exclude_dates=())
    assert len(frame) == 801 and set(frame["source"]) == {"silver"}
    assert not set(frame["date"]) & dev_dates


def test_the_third_round_of_paragraphs_is_new_text_on_no_dev_or_silver_document_date(shipped):
    config, corpus, dev_dates = shipped
    labels = REPO / "training" / "labels"
    third = silver_frame([labels / "isw_paragraphs_round3.jsonl"], corpus, exclude_dates=())
    earlier = silver_frame([labels / "isw_paragraphs.jsonl"], corpus, exclude_dates=())
    documents = silver_frame([labels / "isw_reports.jsonl", labels / "isw_reports_round3.jsonl"], corpus, exclude_dates=())
    assert len(third) == 259 and third["text"].is_unique and not set(third["text"]) & set(earlier["text"])
    assert not set(third["date"]) & (dev_dates | set(documents["date"]))


class Memorise:
    """Predicts, for a text it was fitted on, its label; for any other, the majority label. Keeps
    the ids of every row it was asked about."""

    asked: list[str] = []

    def __init__(self, **params):
        self.params = params

    def fit(self, X, y):
        self.seen_ = dict(zip(X["text"], y["primary_sector"]))
        self.fallback_ = y["primary_sector"].mode()[0]
        return self

    def predict(self, X):
        Memorise.asked.extend(X["id"])
        primary = [self.seen_.get(t, self.fallback_) for t in X["text"]]
        return pd.DataFrame({"primary_sector": primary, "sectors": [p if p != "none" else "" for p in primary],
                             "intensity": "low", "sector_intensity": "{}"})


@pytest.fixture
def gold_and_extra():
    gold = pd.DataFrame(tiny_records(2))
    return gold, gold.assign(id=gold["id"] + "-silver", source="silver")  # the same texts, labelled again


def test_cross_validation_holds_out_gold_only_and_fits_on_the_extra_items(gold_and_extra):
    gold, extra = gold_and_extra
    plain = cross_validate(Memorise, gold, folds=2, seed=0, log=False)
    Memorise.asked = []
    helped = cross_validate(Memorise, gold, folds=2, seed=0, log=False, extra=extra)
    # every held-out text is among the extra items, so a memoriser fitted with them is right on all
    assert helped["cv_primary_accuracy"] == 1.0 > plain["cv_primary_accuracy"]
    assert sorted(Memorise.asked) == sorted(gold["id"])  # each gold item held out once, no extra item


def test_tuning_fits_on_the_extra_items_and_scores_gold_only(gold_and_extra, mlflow_store):
    gold, extra = gold_and_extra
    Memorise.asked = []
    with mlflow.start_run():
        _, results = tune(lambda params: Memorise(**params), gold, {"C": [1, 2]}, folds=2,
                          metric="primary_accuracy", seed=0, extra=extra)
    assert [score for _, score in results] == [1.0, 1.0]
    assert sorted(Memorise.asked) == sorted(2 * list(gold["id"]))


def test_the_document_labels_match_the_shared_corpus_and_avoid_every_dev_date(shipped):
    config, corpus, dev_dates = shipped
    docs = silver_frame([REPO / "training" / "labels" / "isw_reports.jsonl"], corpus, exclude_dates=())
    assert len(docs) == 64 and docs["text"].str.len().min() >= 15_000
    assert not set(docs["date"]) & dev_dates
    # round 2 (batches 8-15) also avoids the dates of train's ISW paragraphs
    train_isw = {r["date"] for r in read_records(config.path(config.data.train)) if r["id"].startswith("isw-")}
    batches = [record["batch"] for _, record in labelled_records(REPO / "training" / "labels" / "isw_reports.jsonl")]
    round_two = docs[[batch >= 8 for batch in batches]]
    assert len(round_two) == 40 and not set(round_two["date"]) & train_isw


def test_the_third_round_of_document_labels_is_new_text_holding_no_dev_text(shipped):
    config, corpus, dev_dates = shipped
    labels = REPO / "training" / "labels"
    third = silver_frame([labels / "isw_reports_round3.jsonl"], corpus, exclude_dates=())
    first = silver_frame([labels / "isw_reports.jsonl"], corpus, exclude_dates=())
    assert len(third) == 48 and third["text"].str.len().min() >= 15_000
    assert not set(third["date"]) & (dev_dates | set(first["date"]))
    # the corpus holds some reports under two dates: dates alone do not keep dev text out
    assert third["text"].is_unique and not set(third["text"]) & set(first["text"])
    dev_long = set(load_frame(config.path(config.data.dev_long))["text"])
    dev = load_frame(config.path(config.data.dev))
    kinetic_dev = [t for t, sectors in zip(dev["text"], dev["sectors"]) if len(t) > 200 and len(sectors)]
    for text in third["text"]:
        assert text not in dev_long and not any(t in text for t in kinetic_dev)
