"""REST serving end to end: a real ``mlflow models serve`` process answers like predict.py."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import REPO, tiny_records, write_jsonl

import predict
from model.article import parse_article
from model.classifier import output_columns
from model.loading import BUNDLED_MODEL, CHAMPION_URI

pytestmark = pytest.mark.slow

STARTUP_TIMEOUT = 150  # seconds; the server starts in 20-45 s on 2 idle cores

#: Articles written for this test: the raw file text predict.py reads.
ARTICLES = {
    "a.txt": "date 2025-11-11 Russian troops attacked positions near Kupiansk 31 times; fighting continues in Kupiansk.",
    "b.txt": "Assaults on Pokrovsk continued: 40 attacks were repelled near Pokrovsk and Myrnohrad.",
    "c.txt": "date 2026-01-20\nA missile hit an apartment block in Kyiv, killing 6 people.",
    "d.txt": "Ministers discussed sanctions and a new aid package at the summit.",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url: str, payload: dict | None = None, timeout: float = 60) -> tuple[int, bytes]:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextmanager
def model_server(model_uri: str, env: dict, log: Path):
    """``mlflow models serve`` on 127.0.0.1 and a free port; yields the base URL, stops the server."""
    port = free_port()
    command = [sys.executable, "-m", "mlflow", "models", "serve", "-m", model_uri,
               "--env-manager", "local", "-h", "127.0.0.1", "-p", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, cwd=log.parent, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"model server exited with {server.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if http(f"{base}/ping", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"model server did not answer /ping within {STARTUP_TIMEOUT} s:\n{log.read_text()[-3000:]}")
            time.sleep(1)
        yield base
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    """Stop the server and the workers it started (its own process group)."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, None)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:  # the whole group is gone already
            break
        try:
            server.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    server.wait()


def request_frame() -> pd.DataFrame:
    """The articles as a REST client sends them: parsed text and date."""
    articles = [parse_article(raw) for raw in ARTICLES.values()]
    return pd.DataFrame({"text": [a.text for a in articles], "date": [a.date for a in articles]})


def local_scores(model: str, tmp: Path) -> pd.DataFrame:
    folder = tmp / "articles"
    folder.mkdir()
    for name, raw in ARTICLES.items():
        (folder / name).write_text(raw, encoding="utf-8")
    return predict.score_folder(folder, tmp / "scores.csv", model).reset_index(drop=True)


def assert_same_predictions(answer: bytes, expected: pd.DataFrame) -> None:
    served = pd.DataFrame(json.loads(answer)["predictions"])
    assert list(served.columns) == output_columns() and len(served) == len(expected)
    for column in output_columns():
        if column.startswith("p_") or column == "expected_intensity":
            np.testing.assert_allclose(served[column].astype(float), expected[column].astype(float), rtol=0, atol=1e-9, err_msg=column)
        else:
            assert list(served[column]) == list(expected[column]), column


@pytest.fixture(scope="module")
def champion_store(tmp_path_factory):
    """A temporary MLflow store whose ``frontline@champion`` was trained on the tiny corpus."""
    from training.config import load_config
    from training.train import run
    import mlflow

    tmp = tmp_path_factory.mktemp("store")
    config = tmp / "tiny.yaml"
    config.write_text(yaml.safe_dump({
        "data": {"train": str(write_jsonl(tmp / "train.jsonl", tiny_records(4))),
                 "dev": str(write_jsonl(tmp / "dev.jsonl", tiny_records(1))), "dev_long": None},
        "model": {"kind": "frontline", "params": {"min_df": 1, "max_features": 2000}},
    }))
    uri = f"sqlite:///{tmp / 'mlflow.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp)
        patch.setenv("MLFLOW_TRACKING_URI", uri)
        mlflow.set_tracking_uri(uri)
        try:
            run(load_config(config))
            yield {"uri": uri, "dir": tmp}
        finally:
            mlflow.set_tracking_uri(None)


def server_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # mlflow starts `uvicorn` from PATH: put this interpreter's bin folder first, as an activated venv does.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(MLFLOW_DISABLE_TELEMETRY="true", **extra)
    return env


def test_registered_champion_is_served_like_predict(champion_store, tmp_path):
    """The registered model ships the ``model`` package as code, so the server needs nothing else."""
    expected = local_scores(CHAMPION_URI, tmp_path)
    frame = request_frame()
    env = server_env(MLFLOW_TRACKING_URI=champion_store["uri"])
    with model_server(CHAMPION_URI, env, tmp_path / "server.log") as base:
        status, answer = http(f"{base}/invocations", {"dataframe_split": frame.to_dict(orient="split", index=False)})
        assert status == 200, answer[:2000]
        assert_same_predictions(answer, expected)
        status, answer = http(f"{base}/invocations", {"dataframe_records": frame.to_dict(orient="records")})
        assert status == 200, answer[:2000]
        assert_same_predictions(answer, expected)
        status, answer = http(f"{base}/invocations", {"dataframe_records": [{"title": "no text column"}]})
        assert 400 <= status < 500 and b"text" in answer


def test_bundled_model_is_served_when_the_project_is_installed(tmp_path):
    """The bundled model has no ``code/`` folder: the installed project provides ``model``."""
    expected = local_scores(str(BUNDLED_MODEL), tmp_path)
    model = shutil.copytree(BUNDLED_MODEL, tmp_path / "bundled")
    env = server_env(PYTHONPATH=str(REPO))  # what `pip install -e .` gives outside this checkout
    with model_server(str(model), env, tmp_path / "server.log") as base:
        status, answer = http(f"{base}/invocations", {"dataframe_split": request_frame().to_dict(orient="split", index=False)})
        assert status == 200, answer[:2000]
        assert_same_predictions(answer, expected)
