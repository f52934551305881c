"""Saving and loading the fitted classifier: joblib with a SHA-256 checksum checked before unpickling.

Why joblib and not MLflow's default skops: the TF-IDF vocabulary would become hundreds of MB of
skops objects; a joblib file of the same model is a few MB and loads in a fraction of a second.
Unpickling runs code, so :func:`load_classifier` refuses a file whose checksum does not match
the one written beside it, and a file (or its folder) that someone other than the current user
or root owns or could have rewritten: a checksum stored beside a file only proves something when
nobody else can write to either.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import joblib

MODEL_FILE = "frontline.joblib"
#: Name of the classifier artifact (a folder: joblib file + checksum) inside an MLflow model.
ARTIFACT = "classifier"
CHECKSUM_SUFFIX = ".sha256"


class UnsafeModelError(RuntimeError):
    """A model that frontline refuses to load: missing, altered, without its checksum, or stored
    where someone other than the current user (or root) could have written it."""


def check_trusted(*paths: str | Path) -> None:
    """Raise :class:`UnsafeModelError` unless every path exists, is owned by the current user or
    root, and is not world-writable (symlinks are judged by their target). Group-writable files
    pass: checkouts made with umask 002 are common on shared team machines."""
    user = os.getuid() if hasattr(os, "getuid") else None
    for path in map(Path, paths):
        try:
            info = path.stat()
        except OSError as exc:
            raise UnsafeModelError(f"refusing to load a model from {path}: {exc.strerror or exc}") from None
        if user is not None and info.st_uid not in (user, 0):
            raise UnsafeModelError(
                f"refusing to load a model from {path}: it is owned by uid {info.st_uid}, not by you "
                f"(uid {user}) or root; copy the model to a folder you own if you trust it")
        if info.st_mode & stat.S_IWOTH:
            raise UnsafeModelError(
                f"refusing to load a model from {path}: it is writable by other users "
                f"(mode {stat.filemode(info.st_mode)}); run `chmod o-w {path}` if you trust it")


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


def verify_classifier(path: str | Path) -> Path:
    """The classifier file at ``path`` (a file or its folder) once it is trusted (see
    :func:`check_trusted`) and matches its checksum; :class:`UnsafeModelError` otherwise."""
    path = Path(path)
    if path.is_dir():
        path = path / MODEL_FILE
    checksum = path.with_name(path.name + CHECKSUM_SUFFIX)
    if not path.is_file():
        raise UnsafeModelError(f"no model file at {path}")
    if not checksum.is_file():
        raise UnsafeModelError(f"refusing to load {path}: no checksum file {checksum.name} beside it")
    check_trusted(path.parent, path, checksum)
    expected = (checksum.read_text().split() or [""])[0]
    if sha256(path) != expected:
        raise UnsafeModelError(f"refusing to load {path}: its SHA-256 does not match {checksum.name}")
    return path


def load_classifier(path: str | Path):
    """Load a classifier written by :func:`save_classifier`, after :func:`verify_classifier`."""
    return joblib.load(verify_classifier(path))


#: The distributions a saved classifier imports: a joblib pickle of scikit-learn estimators loads
#: reliably only under the versions it was written with.
MODEL_REQUIREMENTS = ("scikit-learn", "nltk", "joblib", "pandas", "numpy", "scipy", "pyahocorasick")


def pinned_requirements() -> list[str]:
    """``name==version`` of MLflow and each of :data:`MODEL_REQUIREMENTS` as installed here: the
    pip requirements of a model whose classifier :func:`save_classifier` writes in this environment."""
    from importlib.metadata import version

    return [f"{name}=={version(name)}" for name in ("mlflow", *MODEL_REQUIREMENTS)]


def classifier_path(model_dir: str | Path) -> Path:
    """Where the joblib classifier sits inside a saved MLflow pyfunc model folder."""
    return Path(model_dir) / "artifacts" / ARTIFACT / MODEL_FILE
