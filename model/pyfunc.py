"""The MLflow pyfunc wrapper: what predict.py, Spark and ``mlflow models serve`` all call.

Input: a DataFrame with a ``text`` column and an optional ``date`` column (``YYYY-MM-DD``, or a form
:func:`model.article.iso_date` reads; other values count as no date). A text
that begins with ``date YYYY-MM-DD`` (or front matter) has it split off, as predict.py does; a
``date`` given in its column wins.
Output: one row per input row with the columns of :func:`model.classifier.output_columns`.
"""
from __future__ import annotations

import mlflow.pyfunc
import pandas as pd

from model.article import parse_article
from model.features import as_frame
from model.persistence import ARTIFACT, load_classifier


class FrontlinePyfunc(mlflow.pyfunc.PythonModel):
    """Wraps a fitted :class:`~model.classifier.FrontlineClassifier` stored with joblib."""

    def load_context(self, context) -> None:
        self.classifier = load_classifier(context.artifacts[ARTIFACT])

    def predict(self, context, model_input, params=None) -> pd.DataFrame:
        frame = as_frame(model_input)
        articles = [parse_article(text, date) for text, date in zip(frame["text"], frame["date"])]
        return self.classifier.predict(pd.DataFrame({"text": [a.text for a in articles], "date": [a.date for a in articles]}))

