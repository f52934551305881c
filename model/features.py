"""Feature transformers: each takes a DataFrame with ``text`` (and optional ``date``) columns."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from model import intensity_lexicon
from model.text import analyze


def as_frame(X) -> pd.DataFrame:
    """A DataFrame with ``text`` and ``date`` columns from a DataFrame, a dict of columns, a list of
    records, a list of texts or one text (REST clients send all of these)."""
    if isinstance(X, str):
        X = [X]
    if isinstance(X, pd.DataFrame):
        frame = X
    elif isinstance(X, dict):
        frame = pd.DataFrame(X)
    else:
        items = list(X)
        frame = pd.DataFrame(items) if items and isinstance(items[0], dict) else pd.DataFrame({"text": items})
    if "text" not in frame.columns:
        raise ValueError(f"input needs a 'text' column; got columns {list(frame.columns)}")
    if "date" not in frame.columns:
        frame = frame.assign(date=None)
    return frame.assign(text=frame["text"].fillna("").astype(str))


class NgramAnalyzer:
    """Stemmed word n-grams for :class:`~sklearn.feature_extraction.text.TfidfVectorizer`."""

    def __init__(self, ngram_range: tuple[int, int] = (1, 2)):
        self.ngram_range = tuple(ngram_range)

    def __call__(self, text: str) -> list[str]:
        tokens = analyze(text)
        low, high = self.ngram_range
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), high + 1):
            grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        return grams


class TextFeatures(BaseEstimator, TransformerMixin):
    """TF-IDF over stemmed word n-grams, optionally beside character n-grams."""

    def __init__(self, ngram_range=(1, 2), max_features=50_000, min_df=2, sublinear_tf=True, char_ngrams=False):
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.char_ngrams = char_ngrams

    def fit(self, X, y=None):
        texts = as_frame(X)["text"]
        self.words_ = TfidfVectorizer(
            analyzer=NgramAnalyzer(self.ngram_range), max_features=self.max_features,
            min_df=self.min_df, sublinear_tf=self.sublinear_tf, dtype=np.float32,
        ).fit(texts)
        self.chars_ = None
        if self.char_ngrams:
            self.chars_ = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), max_features=self.max_features,
                min_df=self.min_df, sublinear_tf=True, lowercase=True, dtype=np.float32,
            ).fit(texts)
        return self

    def transform(self, X):
        texts = as_frame(X)["text"]
        blocks = [self.words_.transform(texts)]
        if self.chars_ is not None:
            blocks.append(self.chars_.transform(texts))
        return sparse.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0]

    @property
    def n_features_(self) -> int:
        """Number of word n-gram columns (they come first in :meth:`transform`)."""
        return len(self.words_.vocabulary_)

    def top_terms(self, Z, k: int = 5) -> list[list[str]]:
        """The ``k`` heaviest word n-grams of each row of a word-feature matrix ``Z`` (CSR)."""
        if not hasattr(self, "term_names_"):
            self.term_names_ = self.words_.get_feature_names_out()
        Z = sparse.csr_matrix(Z)
        out = []
        for row in range(Z.shape[0]):
            low, high = Z.indptr[row], Z.indptr[row + 1]
            order = np.argsort(-Z.data[low:high])[:k]
            out.append([str(self.term_names_[Z.indices[low + i]]) for i in order])
        return out


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """Event counts and intensity cues of :mod:`model.intensity_lexicon`, as a sparse block."""

    def __init__(self, scale: float = 1.0):
        self.scale = scale

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        texts: Sequence[str] = as_frame(X)["text"]
        rows = np.vstack([intensity_lexicon.features(t) for t in texts]) if len(texts) else np.zeros(
            (0, len(intensity_lexicon.FEATURE_NAMES))
        )
        return sparse.csr_matrix(rows * self.scale)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"lexicon__{n}" for n in intensity_lexicon.FEATURE_NAMES], dtype=object)
