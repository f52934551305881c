"""kill -9 in the middle of a run, then --resume: the output equals an uninterrupted run's; and
kill -9 of the parent alone ends its worker processes too.

Slow (two full runs of a 1,200-file folder in real subprocesses); part of the default run because
issue 4 requires it.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest

import predict

from conftest import REPO
from tests.scoring_articles import predict_command, predict_env, report, run_predict, write

LOUD_ARGS = ["--chunk-size", "40", "--workers", "2"]
ARGS = [*LOUD_ARGS, "--quiet"]


def command(folder, out, *extra):
    return predict_command(folder, "--out", out, *ARGS, *extra)


def run(folder, out, *extra):
    return run_predict(folder, "--out", out, *ARGS, *extra, timeout=900)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("resume") / "in"
    for i in range(1200):
        # every 100th file repeats an early one, so duplicate flags depend on chunks done before the kill
        write(root / f"{i:05d}.txt", "date 2025-11-%02d %s" % (1 + i % 28, report(8, i % 100 if i % 100 == 7 else i)))
    return root


@pytest.mark.slow
def test_kill_9_then_resume_equals_uninterrupted_run(folder, tmp_path):
    reference = tmp_path / "reference.csv"
    assert run(folder, reference).returncode == 0

    out = tmp_path / "scores.csv"
    parts = tmp_path / ".scores.csv.parts"
    process = subprocess.Popen(command(folder, out), cwd=REPO, env=predict_env(),
                               start_new_session=True)
    deadline = time.monotonic() + 600
    while len(list(parts.glob("*.csv"))) < 5:  # a few chunks done, most still to go
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the CLI and its workers, as kill -9 of the process group
    process.wait()
    assert not out.exists()
    done = len(list(parts.glob("*.csv")))
    assert done < 30  # 1,200 files / 40 per chunk

    resumed = run_predict(folder, "--out", out, *LOUD_ARGS, "--resume", timeout=900)  # not --quiet: the summary says it resumed
    assert resumed.returncode == 0, resumed.stderr
    finished = re.search(r"resumed after (\d+) finished chunks", resumed.stderr)
    assert finished, resumed.stderr  # a fresh run would give the same output; this shows the parts were reused
    assert int(finished.group(1)) == done >= 1
    assert out.read_bytes() == reference.read_bytes()
    assert not parts.exists()
    rows = predict.read_output(out)
    flagged = rows[rows["duplicate_of"] != ""]
    assert [os.path.basename(p) for p in flagged["path"]] == [f"{i:05d}.txt" for i in range(107, 1200, 100)]
    assert set(flagged["duplicate_of"]) == {str(folder / "00007.txt")}


def process_state(pid: int | str) -> tuple[str, int] | None:
    """(state, parent pid) of a process, from /proc; None once it is gone."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # the name in parentheses may hold spaces
    except OSError:
        return None
    return fields[0], int(fields[1])


def alive(pid: int | str) -> bool:
    """True while ``pid`` runs (a zombie, exited but not yet reaped, does not count)."""
    state = process_state(pid)
    return state is not None and state[0] != "Z"


def children(pid: int) -> list[int]:
    """Pids of the living child processes of ``pid``."""
    pids = (int(entry) for entry in os.listdir("/proc") if entry.isdigit())
    return [child for child in pids if (process_state(child) or ("", 0))[1] == pid and alive(child)]


def test_workers_exit_soon_after_the_parent_is_killed(folder, tmp_path):
    process = subprocess.Popen(command(folder, tmp_path / "scores.csv", "--chunk-size", "5"), cwd=REPO,
                               env=predict_env())
    workers = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2:  # the pool starts once the model is loaded
            assert process.poll() is None and time.monotonic() < deadline, "the run ended before its workers were seen"
            time.sleep(0.05)
            workers = children(process.pid)
        process.kill()  # SIGKILL to the parent only, as kill -9 PID
        process.wait()
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)], "workers outlived their parent by 5 s"
    finally:
        process.kill()
        process.wait()
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_resume_refuses_changed_settings(folder, tmp_path):
    out = tmp_path / "scores.csv"
    parts = tmp_path / ".scores.csv.parts"
    parts.mkdir()
    (parts / "manifest.json").write_text('{"chunk_size": 1}')
    result = run(folder, out, "--resume")
    assert result.returncode == 2 and "settings changed" in result.stderr
