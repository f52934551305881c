"""The report in a real headless Chromium: every chart decodes, no console error, a screenshot is kept.

Needs Debian's ``chromium`` (``.ci/run`` installs it). Screenshots land in the test's tmp dir and
are copied to ``tests/artifacts/`` (gitignored) for a human to look at.
"""
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from predict import score_folder
from report_fixtures import FIXTURE_ROWS, write_scores
from scoring.report import build_report

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium")
CHARTS = 4

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian package 'chromium' is not installed")


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium on ``page`` with console logging on stderr."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args, page.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def console_messages(stderr: str) -> list[str]:
    """Lines where the page wrote to its console or threw (Chromium logs them as ``CONSOLE``)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def render(page: Path, tmp_path: Path, shot_name: str) -> tuple[str, list[str], Path]:
    """The page's DOM after load, its console messages, and a full-page-wide screenshot."""
    dom = chromium(page, tmp_path / "profile", "--dump-dom")
    shot = tmp_path / shot_name
    pictured = chromium(page, tmp_path / "profile", "--hide-scrollbars", "--window-size=1300,3600",
                        f"--screenshot={shot}")
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / shot_name)
    return dom.stdout, console_messages(dom.stderr) + console_messages(pictured.stderr), shot


def assert_rendered(dom: str, console: list[str], shot: Path) -> None:
    assert f'data-charts-ready="{CHARTS}/{CHARTS}"' in dom, "not every chart image decoded"
    assert console == []
    assert shot.stat().st_size > 50_000  # a blank page is a few kB


def test_console_errors_are_caught(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>missingFunction();</script></body></html>", encoding="utf-8")
    dom = chromium(page, tmp_path / "profile", "--dump-dom")
    assert any("missingFunction" in line for line in console_messages(dom.stderr))


def test_fixture_report_renders_every_chart_without_console_errors(tmp_path):
    page = tmp_path / "report.html"
    build_report(write_scores(tmp_path / "scores.csv", FIXTURE_ROWS), page)
    dom, console, shot = render(page, tmp_path, "report_fixture.png")
    assert_rendered(dom, console, shot)
    assert "Kupiansk, Petropavlivka" in dom


@pytest.mark.slow
def test_report_of_the_scored_example_articles_renders(tmp_path):
    """End to end: predict.py on examples/articles with the bundled model, then the report, then Chromium."""
    scores = tmp_path / "scores.csv"
    frame = score_folder(REPO / "examples" / "articles", scores)
    page = tmp_path / "report.html"
    data = build_report(scores, page)
    assert data.scored == len(frame)
    covered = frame["sectors"].fillna("").str.split(";").explode()
    assert data.levels.sum(axis=1)[lambda s: s > 0].to_dict() == covered[covered != ""].value_counts().to_dict()
    dom, console, shot = render(page, tmp_path, "report_examples.png")
    assert_rendered(dom, console, shot)
