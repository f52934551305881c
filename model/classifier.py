"""FrontlineClassifier: multi-label sectors with a primary, and ordinal intensity.

It follows scikit-learn's estimator API: ``fit(X, y)`` with ``X`` a DataFrame of ``text``
(and optional ``date``) and ``y`` a DataFrame of labels (``sectors``, ``primary_sector``,
``intensity``); ``predict(X)`` returns one row of labels, probabilities and evidence per input.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from model.features import LexiconFeatures, TextFeatures, as_frame
from model.labels import INTENSITIES, NO_SECTOR, PRIMARY_SECTORS, SECTORS


def sector_matrix(sectors) -> np.ndarray:
    """Binary indicator matrix (n × len(SECTORS)) of lists of sector ids."""
    index = {s: i for i, s in enumerate(SECTORS)}
    out = np.zeros((len(sectors), len(SECTORS)), dtype=np.int8)
    for row, covered in enumerate(sectors):
        for sector in covered:
            out[row, index[sector]] = 1
    return out


class OrdinalClassifier(BaseEstimator):
    """Ordinal classification by cumulative binary models P(y > k) (Frank & Hall, 2001)."""

    def __init__(self, estimator=None, n_levels: int = len(INTENSITIES)):
        self.estimator = estimator
        self.n_levels = n_levels

    def fit(self, X, y):
        y = np.asarray(y)
        base = self.estimator if self.estimator is not None else LogisticRegression(max_iter=2000)
        self.models_ = [clone(base).fit(X, (y > k).astype(int)) for k in range(self.n_levels - 1)]
        return self

    def predict_proba(self, X) -> np.ndarray:
        above = np.column_stack([m.predict_proba(X)[:, 1] for m in self.models_])
        above = np.minimum.accumulate(above, axis=1)  # P(y>k) cannot grow with k
        cumulative = np.column_stack([np.ones(above.shape[0]), above, np.zeros(above.shape[0])])
        proba = np.clip(cumulative[:, :-1] - cumulative[:, 1:], 0.0, None)
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        return self.predict_proba(X).argmax(axis=1)


class FrontlineClassifier(BaseEstimator):
    """Sectors (multi-label, with a primary) and intensity (ordinal) from article text."""

    def __init__(
        self,
        ngram_range=(1, 2),
        max_features=50_000,
        min_df=2,
        char_ngrams=False,
        lexicon=True,
        places=False,
        C_primary=10.0,
        C_sectors=10.0,
        C_intensity=2.0,
        class_weight="balanced",
        sector_threshold=0.5,
        random_state=0,
    ):
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.min_df = min_df
        self.char_ngrams = char_ngrams
        self.lexicon = lexicon
        self.places = places
        self.C_primary = C_primary
        self.C_sectors = C_sectors
        self.C_intensity = C_intensity
        self.class_weight = class_weight
        self.sector_threshold = sector_threshold
        self.random_state = random_state

    # -- fitting -----------------------------------------------------------------------------
    def _features(self) -> FeatureUnion:
        blocks = [("text", TextFeatures(self.ngram_range, self.max_features, self.min_df, char_ngrams=self.char_ngrams))]
        if self.lexicon:
            blocks.append(("lexicon", LexiconFeatures()))
        if self.places:
            from model.gazetteer import PlaceFeatures  # the place layer is optional

            blocks.append(("places", PlaceFeatures()))
        return FeatureUnion(blocks)

    def _logistic(self, C: float) -> LogisticRegression:
        return LogisticRegression(C=C, max_iter=3000, class_weight=self.class_weight, random_state=self.random_state)

    def fit(self, X, y: pd.DataFrame):
        frame = as_frame(X)
        self.features_ = self._features().fit(frame)
        Z = self.features_.transform(frame)
        self.primary_ = self._logistic(self.C_primary).fit(Z, np.asarray(y["primary_sector"]))
        covered = sector_matrix(y["sectors"])
        self.sector_models_ = [
            self._logistic(self.C_sectors).fit(Z, covered[:, j]) if 0 < covered[:, j].sum() < len(covered) else None
            for j in range(len(SECTORS))
        ]
        self.thresholds_ = np.full(len(SECTORS), float(self.sector_threshold))
        levels = np.asarray([INTENSITIES.index(v) for v in y["intensity"]])
        self.intensity_ = OrdinalClassifier(self._logistic(self.C_intensity)).fit(Z, levels)
        return self

    # -- prediction --------------------------------------------------------------------------
    def transform(self, X) -> sparse.csr_matrix:
        """The feature matrix the classifiers see."""
        return self.features_.transform(as_frame(X))

    def primary_proba(self, Z) -> np.ndarray:
        """P(primary sector) over PRIMARY_SECTORS, columns in contract order."""
        proba = np.zeros((Z.shape[0], len(PRIMARY_SECTORS)))
        proba[:, [PRIMARY_SECTORS.index(c) for c in self.primary_.classes_]] = self.primary_.predict_proba(Z)
        return proba

    def sector_proba(self, Z) -> np.ndarray:
        """P(sector is covered), one independent probability per sector."""
        return np.column_stack(
            [m.predict_proba(Z)[:, 1] if m is not None else np.zeros(Z.shape[0]) for m in self.sector_models_]
        )

    def intensity_proba(self, Z) -> np.ndarray:
        """P(intensity level), columns in INTENSITIES order."""
        return self.intensity_.predict_proba(Z)

    def predict(self, X) -> pd.DataFrame:
        """One row per input: labels, probabilities and evidence (see :func:`output_columns`)."""
        frame = as_frame(X)
        Z = self.transform(frame)
        primary_p, sector_p, intensity_p = self.primary_proba(Z), self.sector_proba(Z), self.intensity_proba(Z)
        rows = []
        for i in range(len(frame)):
            primary = PRIMARY_SECTORS[int(primary_p[i].argmax())]
            covered = [s for j, s in enumerate(SECTORS) if sector_p[i, j] >= self.thresholds_[j]]
            if primary != NO_SECTOR and primary not in covered:
                covered.insert(0, primary)
            if primary == NO_SECTOR and covered:
                primary = max(covered, key=lambda s: primary_p[i, PRIMARY_SECTORS.index(s)])
            level = INTENSITIES[int(intensity_p[i].argmax())] if covered else "none"
            evidence = self._evidence(Z[i], frame["text"].iat[i], frame["date"].iat[i])
            rows.append(self._row(primary, covered, level, sector_p[i], intensity_p[i], evidence))
        return pd.DataFrame(rows, columns=output_columns())

    def _evidence(self, z, text: str = "", date=None) -> dict:
        from model.gazetteer import mention_evidence

        return {"places": mention_evidence(text, date), "terms": self.features_.transformer_list[0][1].top_terms(z)}

    @staticmethod
    def _row(primary, covered, level, sector_p, intensity_p, evidence) -> dict:
        ranks = np.arange(len(INTENSITIES))
        row = {
            "primary_sector": primary,
            "sectors": ";".join(covered),
            "intensity": level,
            "expected_intensity": float(intensity_p @ ranks),
            "sector_intensity": json.dumps({s: level for s in covered}),
            "sector_scores": json.dumps({s: round(float(p), 6) for s, p in zip(SECTORS, sector_p)}),
            "intensity_scores": json.dumps({v: round(float(p), 6) for v, p in zip(INTENSITIES, intensity_p)}),
            "evidence": json.dumps(evidence, ensure_ascii=False),
        }
        row.update({f"p_{s}": float(p) for s, p in zip(SECTORS, sector_p)})
        return row


def output_columns() -> list[str]:
    """The columns every prediction frame has, in order."""
    return [
        "primary_sector", "sectors", "intensity", "expected_intensity", "sector_intensity",
        "sector_scores", "intensity_scores", "evidence",
    ] + [f"p_{s}" for s in SECTORS]
