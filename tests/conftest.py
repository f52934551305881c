"""Shared fixtures: a tiny labelled corpus written for the tests, and a throwaway MLflow store."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"

#: (text template, primary sector, intensity) — short reports written for the tests.
_TEMPLATES = [
    ("Russian troops attacked Ukrainian positions near Kupiansk {n} times; fighting continues in Kupiansk.", "kupiansk", "high"),
    ("Shelling of Kupiansk outskirts damaged a barn near Kupiansk, no one was hurt.", "kupiansk", "low"),
    ("Assaults on Pokrovsk continued: {n} attacks were repelled near Pokrovsk and Myrnohrad.", "pokrovsk", "high"),
    ("Drones struck positions outside Pokrovsk; the Pokrovsk garrison reported no losses.", "pokrovsk", "low"),
    ("A missile hit an apartment block in Kyiv, killing {k} people and injuring many.", "rear_strike", "high"),
    ("Air defence shot down drones over Lviv; debris damaged a warehouse in Lviv.", "rear_strike", "low"),
    ("Ministers discussed sanctions and an aid package at the summit; talks continue.", "none", "none"),
    ("Parliament passed the budget and debated the economy and elections.", "none", "none"),
]


def tiny_records(copies: int = 4) -> list[dict]:
    records = []
    for c in range(copies):
        for i, (template, sector, level) in enumerate(_TEMPLATES):
            records.append({
                "id": f"t-{c}-{i}", "source": "test", "date": "2025-06-0%d" % (1 + c % 9),
                "text": template.format(n=30 + c, k=5 + c) + f" Report {c}.",
                "sectors": [] if sector == "none" else [sector], "primary_sector": sector,
                "intensity": level, "sector_intensity": {}, "skip": False,
            })
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> dict[str, Path]:
    """A training and a dev file in a temporary folder."""
    return {
        "train": write_jsonl(tmp_path / "train.jsonl", tiny_records(4)),
        "dev": write_jsonl(tmp_path / "dev.jsonl", tiny_records(1)),
    }


@pytest.fixture
def mlflow_store(tmp_path: Path, monkeypatch) -> str:
    """A fresh SQLite tracking store and artifact folder inside ``tmp_path``, its ``Default``
    experiment active (an experiment set by an earlier test belonged to another store)."""
    monkeypatch.chdir(tmp_path)
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    import mlflow

    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment("Default")
    yield uri
    mlflow.set_tracking_uri(None)
