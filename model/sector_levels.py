"""Intensity per sector of a text that covers several (LABELS.md ``sector_intensity``).

A General Staff summary reports 46 assaults in one direction and "two attempts" in another; the
article's level is the highest, but each sector has its own. The text's sentences are attributed to
the sectors their places and directions point to (a sentence naming none continues the previous
one's sectors); the intensity model scores each sector's sentences (its *view*); and a small model,
learned from the training data's per-sector labels, turns what is known about the pair — the
article's level probabilities, the view's, whether the sector is the primary one, its share of the
place evidence and of the text — into the sector's level. No sector is above the article's level,
and the most intense one is at it (the article's level is the highest of its sectors').
"""
from __future__ import annotations

import re

import numpy as np
from sklearn.linear_model import LogisticRegression

from model.labels import INTENSITIES

_RANKS = np.arange(len(INTENSITIES))
#: A sentence end: terminal punctuation (closing quotes allowed) and a capital, or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[A-Z“\"(])|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def sector_views(text: str, mentions) -> dict[str, str]:
    """The sentences of ``text`` about each sector, joined: a sentence belongs to the sectors its
    mentions (gazetteer :class:`~model.gazetteer.Mention` objects) point to, or, naming none, to
    those of the sentence before it."""
    starts = sorted((m.start, m.sector) for m in mentions if m.sector)
    views: dict[str, list[str]] = {}
    current: set[str] = set()
    i = 0
    for start, end in sentence_spans(text):
        here = set()
        while i < len(starts) and starts[i][0] < end:
            if starts[i][0] >= start:
                here.add(starts[i][1])
            i += 1
        current = here or current
        for sector in current:
            views.setdefault(sector, []).append(text[start:end])
    return {sector: " ".join(parts) for sector, parts in views.items()}


def pair_features(article_proba, view_proba, primary, evidence_share, text_share, n_sectors) -> np.ndarray:
    """One row per (text, sector) pair: the article's and the view's level probabilities and
    expected levels, whether the sector is the text's primary one, its share of the text's place
    evidence and of its characters, and the log number of sectors the text covers."""
    article_proba, view_proba = np.asarray(article_proba, float), np.asarray(view_proba, float)
    return np.column_stack([
        article_proba, view_proba, article_proba @ _RANKS, view_proba @ _RANKS,
        np.asarray(primary, float), np.asarray(evidence_share, float), np.asarray(text_share, float),
        np.log(np.asarray(n_sectors, float)),
    ])


class SectorLevelModel:
    """Multinomial logistic regression from :func:`pair_features` to a level rank.

    ``C`` = 10, chosen by cross-validation on the training data: on its multi-sector items (540
    pairs; 5 folds grouped by article; gold sectors; levels made consistent by
    :func:`consistent_levels`) the per-pair QWK is 0.434 for the article's level for every sector,
    0.580 / 0.587 / 0.609 with this model at C = 0.1 / 1 / 10.
    """

    def __init__(self, C: float = 10.0):
        self.C = C

    def fit(self, features: np.ndarray, levels: np.ndarray) -> "SectorLevelModel":
        self.model_ = LogisticRegression(C=self.C, max_iter=5000).fit(features, levels)
        return self

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        proba = np.zeros((len(features), len(INTENSITIES)))
        proba[:, self.model_.classes_] = self.model_.predict_proba(features)
        return proba


def consistent_levels(proba: np.ndarray, article_level: int) -> list[int]:
    """Levels of one text's sectors from their probability rows: each its most probable level
    (at least ``low``: a covered sector reports something), none above ``article_level``, and the
    sector with the highest expected level at it."""
    levels = [min(int(row[1:].argmax()) + 1, article_level) for row in proba]
    if levels:
        levels[int(np.argmax(proba @ _RANKS))] = article_level
    return levels
