"""Saving and loading the fitted classifier: joblib with a SHA-256 checksum checked before unpickling.

Why joblib and not MLflow's default skops: the TF-IDF vocabulary would become hundreds of MB of
skops objects; a joblib file of the same model is a few MB and loads in a fraction of a second.
Unpickling runs code, so :func:`load_classifier` refuses a file whose checksum does not match
the one written beside it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import joblib

MODEL_FILE = "frontline.joblib"
#: Name of the classifier artifact (a folder: joblib file + checksum) inside an MLflow model.
ARTIFACT = "classifier"
CHECKSUM_SUFFIX = ".sha256"


class UnsafeModelError(RuntimeError):
    """A model file that is missing, altered or without its checksum."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_classifier(classifier, directory: str | Path) -> Path:
    """Write ``classifier`` to ``directory/frontline.joblib`` with its checksum; return the path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    joblib.dump(classifier, path, compress=3)
    path.with_name(path.name + CHECKSUM_SUFFIX).write_text(sha256(path) + "\n")
    return path


def load_classifier(path: str | Path):
    """Load a classifier written by :func:`save_classifier`, after checking its checksum."""
    path = Path(path)
    if path.is_dir():
        path = path / MODEL_FILE
    checksum = path.with_name(path.name + CHECKSUM_SUFFIX)
    if not path.is_file():
        raise UnsafeModelError(f"no model file at {path}")
    if not checksum.is_file():
        raise UnsafeModelError(f"refusing to load {path}: no checksum file {checksum.name} beside it")
    expected = checksum.read_text().split()[0] if checksum.read_text().strip() else ""
    if sha256(path) != expected:
        raise UnsafeModelError(f"refusing to load {path}: its SHA-256 does not match {checksum.name}")
    return joblib.load(path)


def classifier_path(model_dir: str | Path) -> Path:
    """Where the joblib classifier sits inside a saved MLflow pyfunc model folder."""
    return Path(model_dir) / "artifacts" / ARTIFACT / MODEL_FILE
