"""Baselines with the same interface as FrontlineClassifier: majority class and rules only."""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from model.classifier import prediction_frame
from model.features import as_frame
from model.labels import INTENSITIES, NO_SECTOR, PRIMARY_SECTORS, SECTORS


class MajorityClassifier(BaseEstimator):
    """Predicts the most frequent primary sector and intensity of the training data."""

    def fit(self, X, y: pd.DataFrame):
        self.primary_ = y["primary_sector"].mode()[0]
        self.intensity_ = y["intensity"].mode()[0]
        return self

    def predict(self, X) -> pd.DataFrame:
        n = len(as_frame(X))
        primary = np.zeros((n, len(PRIMARY_SECTORS)))
        primary[:, PRIMARY_SECTORS.index(self.primary_)] = 1.0
        covered = np.zeros((n, len(SECTORS)))
        if self.primary_ != NO_SECTOR:
            covered[:, SECTORS.index(self.primary_)] = 1.0
        intensity = np.zeros((n, len(INTENSITIES)))
        intensity[:, INTENSITIES.index(self.intensity_)] = 1.0
        return prediction_frame(primary, covered, intensity, thresholds=np.full(len(SECTORS), 0.5))


class RulesClassifier(BaseEstimator):
    """No learning: sectors from the gazetteer and direction phrases, intensity from the lexicon."""

    def fit(self, X, y=None):
        return self

    def predict(self, X) -> pd.DataFrame:
        from model.gazetteer import rule_sectors
        from model.intensity_lexicon import rule_level

        frame = as_frame(X)
        n = len(frame)
        primary = np.zeros((n, len(PRIMARY_SECTORS)))
        covered = np.zeros((n, len(SECTORS)))
        intensity = np.zeros((n, len(INTENSITIES)))
        for i, (text, date) in enumerate(zip(frame["text"], frame["date"])):
            top, sectors = rule_sectors(text, date)
            primary[i, PRIMARY_SECTORS.index(top)] = 1.0
            covered[i, [SECTORS.index(s) for s in sectors]] = 1.0
            intensity[i, max(rule_level(text), 1) if sectors else 0] = 1.0
        return prediction_frame(primary, covered, intensity, thresholds=np.full(len(SECTORS), 0.5))
