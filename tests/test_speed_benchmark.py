"""benchmarks/speed.py --smoke: the harness runs end to end and prints its table (CI keeps it alive)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_speed_benchmark_smoke_prints_a_row_per_path(tmp_path):
    result = subprocess.run([sys.executable, "benchmarks/speed.py", "--smoke", "--workers", "2", "--scratch", str(tmp_path)],
                            cwd=REPO, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    table = [line for line in result.stdout.splitlines() if line.startswith("| 60 |")]
    assert [line.split(" | ")[1] for line in table] == [
        "predict.py, 2 worker processes (-j 2)", "floor: read + tokenize, 2 processes",
        "predict.py, single process (-j 1)", "floor: read + tokenize, 1 process"]
    for line in table:
        articles_per_second = float(line.split(" | ")[2].replace(",", ""))
        assert articles_per_second > 0
    assert "Speed-up of 2 worker processes over the single process: 60:" in result.stdout
    assert list(tmp_path.iterdir()) == []  # generated folders removed


def test_synthetic_reports_are_about_2_kb_and_dated():
    import random

    sys.path.insert(0, str(REPO / "benchmarks"))
    from speed import synthetic_report

    from model.article import parse_article

    report = synthetic_report(random.Random(3))
    assert 1900 <= len(report) <= 2400
    assert parse_article(report).date is not None


@pytest.mark.slow
def test_stage_benchmark_smoke_sums_the_stages_every_row_needs_against_the_budget():
    result = subprocess.run([sys.executable, "benchmarks/stages.py", "--smoke", "--target", "3000", "--cores", "2"],
                            cwd=REPO, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert "budget for 3,000 articles/s on 2 cores: 0.67 CPU ms per article" in result.stdout
    rows = {cells[0]: float(cells[1]) for cells in (line.strip("| ").split(" | ") for line in result.stdout.splitlines()
                                                    if line.startswith("| ") and not line.startswith("| stage"))}
    stages = [ms for stage, ms in rows.items() if not stage.startswith("**")]
    assert len(stages) == 5 and all(ms > 0 for ms in stages)
    # six figures rounded to 3 decimals: the five stages and their total each carry up to 0.0005
    assert rows["**needed by every row, whatever the model**"] == pytest.approx(sum(stages), abs=0.0031)
    assert "**whole worker chunk (`score_records`: reading, model, output frame)**" in rows
