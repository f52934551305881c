"""A real training run on a tiny corpus into a temporary MLflow store, then the registry round trip."""
import re
import shutil

import mlflow
import pandas as pd
import pytest
import yaml

from training.train import run
from training.config import load_config


@pytest.fixture
def config_file(tmp_path, tiny_corpus):
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump({
        "data": {"train": str(tiny_corpus["train"]), "dev": str(tiny_corpus["dev"]), "dev_long": None},
        "model": {"kind": "frontline", "params": {"min_df": 1, "max_features": 2000}},
    }))
    return path


def test_training_run_logs_metrics_and_registers(config_file, mlflow_store):
    result = run(load_config(config_file))
    client = mlflow.MlflowClient()
    logged = client.get_run(result["run_id"]).data
    for metric in ("dev_primary_macro_f1", "dev_intensity_macro_f1", "dev_intensity_qwk", "dev_primary_accuracy"):
        assert 0.0 <= logged.metrics[metric] <= 1.0
    assert logged.params["model.kind"] == "frontline"
    assert client.get_model_version_by_alias("frontline", "champion").version == 1
    artifacts = {a.path for a in client.list_artifacts(result["run_id"], "reports")}
    assert "reports/dev_primary_sector.txt" in artifacts


def test_logged_model_pins_the_versions_it_was_trained_with(config_file, mlflow_store):
    import sklearn

    run(load_config(config_file))
    local = mlflow.pyfunc.get_model_dependencies("models:/frontline@champion")
    requirements = open(local, encoding="utf-8").read().split()
    assert f"scikit-learn=={sklearn.__version__}" in requirements
    assert all("==" in line for line in requirements if not line.startswith("mlflow"))


def test_registered_model_scores_a_multirow_frame(config_file, mlflow_store):
    run(load_config(config_file))
    model = mlflow.pyfunc.load_model("models:/frontline@champion")
    texts = pd.DataFrame({
        "text": ["Assaults on Pokrovsk continued near Myrnohrad and Pokrovsk.",
                 "Ministers discussed sanctions at the summit.",
                 "A missile hit Kyiv, killing 7 people."],
        "date": ["2025-06-01", None, "2025-06-02"],
    })
    out = model.predict(texts)
    assert len(out) == 3
    assert {"primary_sector", "sector_scores", "intensity", "intensity_scores"} <= set(out.columns)
    assert list(out["primary_sector"]) == ["pokrovsk", "none", "rear_strike"]


def test_bundling_writes_the_champion_in_the_current_format_with_its_predictions(config_file, mlflow_store, tmp_path,
                                                                                 monkeypatch):
    from sklearn.base import BaseEstimator

    from model import features
    from model.loading import load_model
    from training.bundle import bundle

    def as_before(self):  # how TextFeatures pickled before its vocabulary was packed
        return {k: v for k, v in BaseEstimator.__getstate__(self).items() if k != "_counter"}

    with monkeypatch.context() as old_code:
        old_code.setattr(features.TextFeatures, "__getstate__", as_before)
        run(load_config(config_file))
    unpacked, unpack = [], features.unpack_vocabulary

    def loaded_counting_unpacks(load):
        with monkeypatch.context() as counting:
            counting.setattr(features, "unpack_vocabulary", lambda terms: unpacked.append(terms) or unpack(terms))
            return load()

    texts = pd.DataFrame({"text": ["Assaults on Pokrovsk continued near Myrnohrad.", "A missile hit Kyiv."], "date": None})
    registered = loaded_counting_unpacks(lambda: mlflow.pyfunc.load_model("models:/frontline@champion"))
    assert not unpacked  # the registered champion holds a plain vocabulary
    bundled = bundle("models:/frontline@champion", tmp_path / "bundled")
    assert not (bundled / "code").exists() and (bundled / "MLmodel").is_file()
    classifier = loaded_counting_unpacks(lambda: load_model(str(bundled)))  # checksum verified on load
    assert unpacked  # the bundle's classifier was written anew, its vocabulary packed
    pd.testing.assert_frame_equal(classifier.predict(texts), registered.predict(texts))


def test_second_run_that_does_not_win_keeps_the_champion(config_file, mlflow_store):
    run(load_config(config_file))
    second = run(load_config(config_file))
    assert "does not beat" in second["gate"]
    assert mlflow.MlflowClient().get_model_version_by_alias("frontline", "champion").version == 1


def test_gate_breaks_exact_ties_with_the_next_metric_only():
    from training.registry import decide

    metrics = ["primary_macro_f1", "intensity_qwk", "multi_sector_intensity_qwk"]
    champion = {"primary_macro_f1": 0.90, "intensity_qwk": 0.86}
    assert decide({"primary_macro_f1": 0.91, "intensity_qwk": 0.10}, champion, metrics).promoted
    assert not decide({"primary_macro_f1": 0.89, "intensity_qwk": 0.99}, champion, metrics).promoted
    tied = decide({"primary_macro_f1": 0.90, "intensity_qwk": 0.86, "multi_sector_intensity_qwk": 0.36}, champion, metrics)
    assert tied.promoted and tied.reason.startswith("tie on primary_macro_f1, intensity_qwk;")
    assert "(not measured)" in tied.reason
    same = decide(dict(champion), champion, metrics)
    assert not same.promoted and "does not beat" in same.reason
    assert decide({"primary_macro_f1": 0.5}, None, metrics).promoted
    mean = [["primary_macro_f1", "intensity_qwk"]]  # a list is ranked by its mean
    assert decide({"primary_macro_f1": 0.89, "intensity_qwk": 0.90}, champion, mean).promoted
    kept = decide({"primary_macro_f1": 0.91, "intensity_qwk": 0.80}, champion, mean)
    assert not kept.promoted and "mean(primary_macro_f1, intensity_qwk)=0.8550" in kept.reason


def test_tuning_on_several_metrics_ranks_candidates_by_their_cross_validated_mean(tiny_corpus, mlflow_store):
    from model.classifier import FrontlineClassifier
    from training.crossval import summarise, tune
    from training.data import load_frame

    train = load_frame(tiny_corpus["train"])
    metrics = ["primary_macro_f1", "intensity_qwk"]
    mlflow.set_experiment("tuning")  # the store is this test's own; the active experiment may be another's
    with mlflow.start_run() as parent:
        best, results = tune(lambda p: FrontlineClassifier(min_df=1, max_features=2000, **p), train,
                             {"C_intensity": [0.001, 10.0]}, 2, metrics, seed=0)
    nested = mlflow.search_runs([parent.info.experiment_id], f"tags.mlflow.parentRunId = '{parent.info.run_id}'")
    for params, score in results:
        row = nested[nested["params.tune.C_intensity"] == str(params["C_intensity"])].iloc[0]
        assert score == pytest.approx((row["metrics.cv_primary_macro_f1"] + row["metrics.cv_intensity_qwk"]) / 2)
    assert best == max(results, key=lambda r: r[1])[0]
    assert "cv mean of primary_macro_f1, intensity_qwk" in summarise(results, metrics)


def test_tie_breakers_may_be_one_name_or_none():
    from training.evaluate import metric_names as _names

    assert _names("intensity_qwk") == ["intensity_qwk"] and _names(None) == [] and _names(["a", "b"]) == ["a", "b"]


def test_bundle_pins_the_environment_its_classifier_is_written_in(tmp_path):
    import sklearn

    from model.loading import BUNDLED_MODEL
    from training.bundle import bundle

    source = shutil.copytree(BUNDLED_MODEL, tmp_path / "logged")
    (source / "requirements.txt").write_text("mlflow==3.17.2\nscikit-learn\nnltk\n")  # as logged before pinning
    conda = yaml.safe_load((source / "conda.yaml").read_text())
    conda["dependencies"] = ["python=3.11.7", {"pip": ["mlflow==3.17.2", "scikit-learn", "nltk"]}]
    (source / "conda.yaml").write_text(yaml.safe_dump(conda))
    bundled = bundle(str(source), tmp_path / "bundled")
    requirements = (bundled / "requirements.txt").read_text().split()
    assert f"scikit-learn=={sklearn.__version__}" in requirements and all("==" in r for r in requirements)
    pip = next(d["pip"] for d in yaml.safe_load((bundled / "conda.yaml").read_text())["dependencies"] if isinstance(d, dict))
    assert pip == requirements


def test_the_gate_scores_the_champion_now_not_by_the_metrics_its_run_logged(config_file, mlflow_store):
    first = run(load_config(config_file))
    client = mlflow.MlflowClient()
    for name in ("dev_primary_macro_f1", "dev_intensity_qwk", "dev_multi_sector_intensity_qwk"):
        client.log_metric(first["run_id"], name, 0.0)  # as if older code had scored it lower
    second = run(load_config(config_file))  # the same model again: a tie, not a win
    assert "does not beat" in second["gate"] and "version 1, scored now" in second["gate"]
    assert client.get_model_version_by_alias("frontline", "champion").version == 1


def test_a_run_from_the_champion_adds_a_section_model_and_keeps_its_short_texts(config_file, mlflow_store):
    from model.loading import load_model

    run(load_config(config_file))
    champion = load_model("models:/frontline@champion")
    second = run(load_config(config_file, ["model.base=models:/frontline@champion", "model.params.section_sources=[test]"]))
    added = load_model(f"models:/frontline/{second['version']}")
    assert champion.section_model_ is None and added.section_model_ is not None
    texts = ["Assaults on Pokrovsk continued near Myrnohrad and Pokrovsk.", "Ministers discussed sanctions at the summit."]
    pd.testing.assert_frame_equal(added.predict(texts), champion.predict(texts))
    assert second["gate"].startswith("candidate ties the champion")  # no dev_long here to tell them apart
    assert mlflow.MlflowClient().get_model_version_by_alias("frontline", "champion").version == 1


def test_a_champion_that_cannot_be_loaded_is_judged_by_its_logged_metrics(config_file, mlflow_store, tmp_path):
    run(load_config(config_file))
    for checksum in tmp_path.rglob("frontline.joblib.sha256"):  # the champion's files, altered
        checksum.write_text("0" * 64)
    second = run(load_config(config_file))
    assert "its logged metrics: not re-scored, UnsafeModelError" in second["gate"] and "does not beat" in second["gate"]
    assert mlflow.MlflowClient().get_model_version_by_alias("frontline", "champion").version == 1


@pytest.mark.parametrize("override, message", [
    ("tuning.grid={C_primary: [1, 3]}", "no tuning.grid"),
    ("model.params.C_primary=99", "the config's differ: {'C_primary': 99}"),
    ("model.params.section_sources=[nosuchsource]", "no training item has a source in section_sources"),
    ("model.params.routed_sources=[test]", "it needs section_sources"),
])
def test_a_run_from_a_fitted_model_refuses_what_it_would_not_do(config_file, mlflow_store, override, message):
    run(load_config(config_file))
    with pytest.raises(ValueError, match=re.escape(message)):
        run(load_config(config_file, ["model.base=models:/frontline@champion", override]))
