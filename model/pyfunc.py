"""The MLflow pyfunc wrapper: what predict.py, Spark and ``mlflow models serve`` all call.

Input: a DataFrame with a ``text`` column and an optional ``date`` column (``YYYY-MM-DD``).
Output: one row per input row with the columns of :func:`model.classifier.output_columns`.
"""
from __future__ import annotations

from pathlib import Path

import mlflow.pyfunc
import pandas as pd

from model.features import as_frame
from model.persistence import ARTIFACT, load_classifier


class FrontlinePyfunc(mlflow.pyfunc.PythonModel):
    """Wraps a fitted :class:`~model.classifier.FrontlineClassifier` stored with joblib."""

    def load_context(self, context) -> None:
        self.classifier = load_classifier(context.artifacts[ARTIFACT])

    def predict(self, context, model_input, params=None) -> pd.DataFrame:
        return self.classifier.predict(as_frame(model_input))

