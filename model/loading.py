"""Finding and loading a model: the bundled default, a local MLflow model folder, or a registry URI.

A model is only read from a location the caller names (or the bundled default): a registry URI
needs an explicitly configured tracking store, never MLflow's implicit ``./mlflow.db`` in the
working directory, and every folder and file that gets unpickled must pass
:func:`model.persistence.check_trusted` and the classifier's checksum.
"""
from __future__ import annotations

import os
from pathlib import Path

from model.persistence import ARTIFACT, UnsafeModelError, check_trusted, classifier_path, load_classifier, verify_classifier

#: The default model shipped with the package (an MLflow pyfunc model folder).
BUNDLED_MODEL = Path(__file__).resolve().parent / "bundled"
#: Registry URI used by default when a tracking store is configured.
CHAMPION_URI = "models:/frontline@champion"
#: URI schemes resolved through the tracking/registry store rather than a storage location.
_STORE_SCHEMES = ("models:/", "runs:/")


def default_model_uri() -> str:
    """``models:/frontline@champion`` when ``MLFLOW_TRACKING_URI`` is set, else the bundled model."""
    return CHAMPION_URI if os.environ.get("MLFLOW_TRACKING_URI") else str(BUNDLED_MODEL)


def is_uri(location: str) -> bool:
    return "://" in location or location.startswith(_STORE_SCHEMES)


def require_tracking_store(location: str) -> None:
    """Refuse a ``models:/``/``runs:/`` URI unless the tracking store was chosen explicitly."""
    from mlflow.tracking._tracking_service.utils import is_tracking_uri_set

    if location.startswith(_STORE_SCHEMES) and not is_tracking_uri_set():
        raise UnsafeModelError(
            f"refusing to resolve {location}: no tracking store is configured, and frontline does not "
            "fall back to ./mlflow.db in the working directory; set MLFLOW_TRACKING_URI "
            "(e.g. MLFLOW_TRACKING_URI=sqlite:///$PWD/mlflow.db) to the store you trust")


def local_model_dir(location: str) -> Path:
    """The local folder of a model: given directly, or downloaded from MLflow for a URI."""
    if is_uri(location):
        require_tracking_store(location)
        import mlflow.artifacts

        return Path(mlflow.artifacts.download_artifacts(artifact_uri=location))
    path = Path(location).expanduser()
    if not (path / "MLmodel").is_file():
        raise UnsafeModelError(f"{location} is not an MLflow model folder (no MLmodel file in it)")
    return path


def verify_model_dir(folder: str | Path) -> Path:
    """``folder`` once the MLflow model in it is safe to load: the folder, its ``MLmodel``, its
    pickled python model and the classifier artifact are trusted and the classifier's checksum
    matches. Spark and serving load the whole pyfunc, so they call this before handing it over."""
    folder = _trusted_folder(folder)
    verify_classifier(classifier_path(folder))
    return folder


def _trusted_folder(folder: str | Path) -> Path:
    """``folder`` once it, its ``MLmodel``, its pickled python model and its artifact folders are
    trusted (:func:`~model.persistence.check_trusted`)."""
    folder = Path(folder)
    pickled = [p for p in (folder / "python_model.pkl",) if p.exists()]
    check_trusted(folder, folder / "MLmodel", *pickled, folder / "artifacts", folder / "artifacts" / ARTIFACT)
    return folder


def load_model(location: str | None = None):
    """The fitted classifier behind ``location`` (default: :func:`default_model_uri`).

    The classifier is read from the model's joblib artifact once its folder is trusted and its
    checksum matches (as :func:`verify_model_dir` checks); for a local folder this avoids importing
    MLflow at all, so loading takes well under a second.
    """
    return load_classifier(classifier_path(_trusted_folder(local_model_dir(location or default_model_uri()))))
