"""Training-run pictures: from a real classifier fitted on the tiny corpus, into a real MLflow store."""
import re
from pathlib import Path

import mlflow
import pandas as pd
import pytest
from conftest import tiny_records

from model.classifier import FrontlineClassifier
from training.evaluate import evaluate
from training.plots import FIGURE_TITLES, log_run_figures, model_card, run_figures

CONFIG = {"model.kind": "frontline", "model.params.min_df": 1, "data.train": "train.jsonl"}


@pytest.fixture(scope="module")
def gold_and_predicted():
    train, gold = pd.DataFrame(tiny_records(4)), pd.DataFrame(tiny_records(2))
    classifier = FrontlineClassifier(min_df=1, max_features=2000).fit(train, train)
    return gold, classifier.predict(gold)


def _annotated_counts(figure) -> int:
    return sum(int(t.get_text()) for t in figure.axes[0].texts)


def test_figures_show_every_gold_item(gold_and_predicted):
    gold, predicted = gold_and_predicted
    figures = run_figures(gold, predicted)
    assert list(figures) == list(FIGURE_TITLES)
    assert _annotated_counts(figures["confusion_primary_sector"]) == len(gold)
    assert _annotated_counts(figures["confusion_intensity"]) == len(gold)
    shown = [t.get_text() for t in figures["confusion_primary_sector"].axes[0].get_yticklabels()]
    assert shown == ["kupiansk", "pokrovsk", "rear_strike", "none"]  # contract order, only labels present
    left, right = figures["calibration"].axes[:2]
    assert left.lines and right.lines  # both reliability curves drawn


def test_calibration_tolerates_predictions_without_probabilities(gold_and_predicted):
    gold, predicted = gold_and_predicted
    bare = predicted[["primary_sector", "sectors", "intensity"]]
    figure = run_figures(gold, bare)["calibration"]
    assert any("no intensity_scores" in t.get_text() for t in figure.axes[0].texts)


def test_model_card_lists_config_metrics_and_relative_images(gold_and_predicted):
    gold, predicted = gold_and_predicted
    metrics, _ = evaluate(gold, predicted)
    images = {stem: f"figures/{stem}.png" for stem in FIGURE_TITLES}
    card = model_card(metrics, CONFIG, images, items=len(gold))
    for name, value in metrics.items():
        assert f"| {name} | {value:.4f} |" in card
    assert "| model.params.min_df | 1 |" in card
    assert f"({len(gold)} items)" in card
    assert re.findall(r"!\[[^]]*\]\(([^)]+)\)", card) == list(images.values())


def test_log_run_figures_puts_figures_and_card_into_the_run(gold_and_predicted, mlflow_store, tmp_path):
    gold, predicted = gold_and_predicted
    metrics, _ = evaluate(gold, predicted)
    with mlflow.start_run() as run:
        logged = log_run_figures(gold, predicted, metrics, CONFIG)
    client = mlflow.MlflowClient()
    figures = {a.path for a in client.list_artifacts(run.info.run_id, "figures")}
    assert figures == {f"figures/{stem}.png" for stem in FIGURE_TITLES}
    local = Path(mlflow.artifacts.download_artifacts(run_id=run.info.run_id, dst_path=str(tmp_path / "dl")))
    card = (local / logged["model_card"]).read_text(encoding="utf-8")
    assert f"{metrics['primary_macro_f1']:.4f}" in card
    for link in re.findall(r"!\[[^]]*\]\(([^)]+)\)", card):
        assert (local / link).stat().st_size > 5_000
