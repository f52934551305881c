"""Finding and loading a model: the bundled default, a local MLflow model folder, or a registry URI."""
from __future__ import annotations

import os
from pathlib import Path

from model.persistence import UnsafeModelError, classifier_path, load_classifier

#: The default model shipped with the package (an MLflow pyfunc model folder).
BUNDLED_MODEL = Path(__file__).resolve().parent / "bundled"
#: Registry URI used by default when a tracking store is configured.
CHAMPION_URI = "models:/frontline@champion"


def default_model_uri() -> str:
    """``models:/frontline@champion`` when ``MLFLOW_TRACKING_URI`` is set, else the bundled model."""
    return CHAMPION_URI if os.environ.get("MLFLOW_TRACKING_URI") else str(BUNDLED_MODEL)


def is_uri(location: str) -> bool:
    return "://" in location or location.startswith(("models:/", "runs:/"))


def local_model_dir(location: str) -> Path:
    """The local folder of a model: given directly, or downloaded from MLflow for a URI."""
    if is_uri(location):
        import mlflow.artifacts

        return Path(mlflow.artifacts.download_artifacts(artifact_uri=location))
    path = Path(location).expanduser()
    if not (path / "MLmodel").is_file():
        raise UnsafeModelError(f"{location} is not an MLflow model folder (no MLmodel file in it)")
    return path


def load_model(location: str | None = None):
    """The fitted classifier behind ``location`` (default: :func:`default_model_uri`).

    The classifier is read from the model's joblib artifact after its checksum is verified;
    for a local folder this avoids importing MLflow at all, so loading takes well under a second.
    """
    return load_classifier(classifier_path(local_model_dir(location or default_model_uri())))
