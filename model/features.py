"""Feature transformers: each takes a DataFrame with ``text`` (and optional ``date``) columns."""
from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from model import intensity_lexicon
from model.text import ANALYZED, analyze, raw_tokens


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
    # Python strings (object dtype): pandas' Arrow-backed strings would be copied out again on every pass
    return frame.assign(text=frame["text"].fillna("").astype(str).astype(object))


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


class _TokenIds(dict):
    """Raw token → id of its stem among ``stems`` (-1: not among them, -2: a stopword), filled on
    first use and bounded like :data:`model.text.ANALYZED`."""

    def __init__(self, stems: dict[str, int]):
        super().__init__()
        self.stems = stems

    def __missing__(self, raw: str) -> int:
        stem = ANALYZED[raw]
        value = -2 if stem is None else self.stems.get(stem, -1)
        if len(self) < ANALYZED.limit:
            self[raw] = value
        return value


class _WordCounter:
    """Term counts of a fitted :class:`NgramAnalyzer` vocabulary (n-grams up to 2), fast.

    The same count matrix as ``TfidfVectorizer``'s own (CSR, float32, sorted indices), without
    building n-gram strings: each raw token maps (once per process, then by one dictionary look-up)
    to the id of its stem among the stems the vocabulary uses (-1: not used, -2: a stopword, which
    is dropped before n-grams are formed), and bigrams are looked up by id pair in a sorted array.
    """

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int]):
        self.low, self.high = ngram_range
        self.width = len(vocabulary)
        stems: dict[str, int] = {}
        unigrams, pairs = [], []
        for term, column in vocabulary.items():
            parts = [stems.setdefault(p, len(stems)) for p in term.split(" ")]
            (unigrams if len(parts) == 1 else pairs).append((parts, column))
        self.stems = stems
        self.unigram_column = np.full(len(stems) + 1, -1, dtype=np.int64)
        for (stem_id,), column in unigrams:
            self.unigram_column[stem_id] = column
        keys = np.asarray([a * len(stems) + b for (a, b), _ in pairs], dtype=np.int64)
        order = np.argsort(keys)
        self.pair_keys = keys[order]
        self.pair_columns = np.asarray([c for _, c in pairs], dtype=np.int64)[order]
        self.ids = _TokenIds(stems)

    @staticmethod
    def supports(vectorizer) -> bool:
        analyzer = vectorizer.analyzer
        return isinstance(analyzer, NgramAnalyzer) and 1 <= analyzer.ngram_range[0] <= analyzer.ngram_range[1] <= 2

    def counts(self, texts, dtype=np.float32):
        ids, id_of = [], self.ids.__getitem__
        lengths = np.zeros(len(texts), dtype=np.int64)
        for row, text in enumerate(texts):
            row_ids = list(map(id_of, raw_tokens(text)))
            lengths[row] = len(row_ids)
            ids += row_ids
        ids = np.asarray(ids, dtype=np.int64)
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        content = ids != -2
        ids, rows = ids[content], rows[content]
        cells_rows, cells_columns = [], []
        if self.low == 1:
            columns = self.unigram_column[ids]  # -1 (not a term) for ids -1 too: the array's last slot
            hit = columns >= 0
            cells_rows.append(rows[hit])
            cells_columns.append(columns[hit])
        if self.high == 2 and len(ids) > 1 and len(self.pair_keys):
            first, second = ids[:-1], ids[1:]
            valid = (first >= 0) & (second >= 0) & (rows[:-1] == rows[1:])
            keys = first[valid] * len(self.stems) + second[valid]
            where = np.minimum(np.searchsorted(self.pair_keys, keys), len(self.pair_keys) - 1)
            hit = self.pair_keys[where] == keys
            cells_rows.append(rows[:-1][valid][hit])
            cells_columns.append(self.pair_columns[where[hit]])
        cells = (np.concatenate(cells_rows) * self.width + np.concatenate(cells_columns)) if cells_rows else np.zeros(0, np.int64)
        cells, values = np.unique(cells, return_counts=True)
        indptr = np.searchsorted(cells, np.arange(len(texts) + 1, dtype=np.int64) * self.width)
        return sparse.csr_array(
            (values.astype(np.intc), (cells % self.width).astype(np.int32), indptr.astype(np.int32)),
            shape=(len(texts), self.width), dtype=dtype,
        )


def tfidf_transform(vectorizer: TfidfVectorizer, texts, counter: _WordCounter | None):
    """``vectorizer.transform(texts)``, with the counts from ``counter`` when there is one."""
    if counter is None:
        return vectorizer.transform(texts)
    X = counter.counts(list(texts), vectorizer.dtype)
    X.sort_indices()
    if vectorizer.binary:
        X.data.fill(1)
    try:
        from sklearn.utils._sparse import _align_api_if_sparse
    except ImportError:  # older scikit-learn: sparse matrices only
        X = sparse.csr_matrix(X)
    else:
        X = _align_api_if_sparse(X)
    return vectorizer._tfidf.transform(X, copy=False)


class PackedVocabulary:
    """Pickles a fitted vectorizer's term -> column dict as one string, its terms in column order.

    joblib loads models with Python's pure-Python unpickler, which takes 0.4 s over a 33k-term
    dict and a few milliseconds over one string; unpickling gives back the same plain dict.
    """

    SEPARATOR = "\n"

    def __init__(self, vocabulary: dict[str, int]):
        self.vocabulary = vocabulary

    def __reduce__(self):
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        in_column_order = all(self.vocabulary[term] == column for column, term in enumerate(terms))
        if in_column_order and not any(self.SEPARATOR in term or not term for term in terms):
            return unpack_vocabulary, (self.SEPARATOR.join(terms),)
        return dict, (self.vocabulary,)  # not a 0..n-1 column numbering, or an empty or unusual term: as it is


def unpack_vocabulary(terms: str) -> dict[str, int]:
    """The term -> column dict of a :class:`PackedVocabulary`."""
    return {term: column for column, term in enumerate(terms.split(PackedVocabulary.SEPARATOR))} if terms else {}


class TextFeatures(BaseEstimator, TransformerMixin):
    """TF-IDF over stemmed word n-grams, optionally beside character n-grams."""

    #: The fitted vectorizer attributes (``chars_`` is None without character n-grams).
    _VECTORIZERS = ("words_", "chars_")

    def __init__(self, ngram_range=(1, 2), max_features=50_000, min_df=2, sublinear_tf=True, char_ngrams=False):
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.char_ngrams = char_ngrams

    def fit(self, X, y=None):
        texts = as_frame(X)["text"]
        self.__dict__.pop("_counter", None)
        self.words_ = TfidfVectorizer(
            analyzer=NgramAnalyzer(self.ngram_range), max_features=self.max_features,
            min_df=self.min_df, sublinear_tf=self.sublinear_tf, dtype=np.float32,
        ).fit(texts)
        self.chars_ = None
        if self.char_ngrams:
            self.chars_ = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), max_features=self.max_features,
                min_df=self.min_df, sublinear_tf=self.sublinear_tf, lowercase=True, dtype=np.float32,
            ).fit(texts)
        return self

    def transform(self, X):
        texts = as_frame(X)["text"]
        blocks = [self.word_transform(texts)]
        if self.chars_ is not None:
            blocks.append(self.chars_.transform(texts))
        return sparse.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0]

    def word_transform(self, X):
        """The word n-gram columns of :meth:`transform` alone."""
        return tfidf_transform(self.words_, as_frame(X)["text"], self._word_counter())

    def _word_counter(self) -> _WordCounter | None:
        """The fast counter of the fitted word vocabulary (built on first use, never pickled)."""
        counter = self.__dict__.get("_counter")
        if counter is None and _WordCounter.supports(self.words_):
            counter = self._counter = _WordCounter(self.words_.vocabulary_, self.words_.analyzer.ngram_range)
        return counter

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: object.__getstate__ returns __dict__ itself
        state.pop("_counter", None)
        state.pop("term_names_", None)  # caches, rebuilt on first use
        for name in self._VECTORIZERS:
            vectorizer = state.get(name)
            if isinstance(getattr(vectorizer, "vocabulary_", None), dict):
                vectorizer = copy.copy(vectorizer)  # shallow: the fitted vectorizer itself is left as it is
                vectorizer.vocabulary_ = PackedVocabulary(vectorizer.vocabulary_)
                state[name] = vectorizer
        return state

    def __setstate__(self, state):
        """Unpickling has already turned packed vocabularies back into dicts; ``copy.copy``, which
        reuses :meth:`__getstate__` without pickling, has not: unpack them here."""
        for name in self._VECTORIZERS:
            vectorizer = state.get(name)
            if isinstance(getattr(vectorizer, "vocabulary_", None), PackedVocabulary):
                vectorizer.vocabulary_ = vectorizer.vocabulary_.vocabulary
        super().__setstate__(state)

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
        return self.transform_counts([intensity_lexicon.event_counts(t) for t in texts])

    def transform_counts(self, counts: Sequence[dict[str, int]]):
        """The block from the largest count per event of each text (see ``event_counts``)."""
        rows = np.vstack([intensity_lexicon.count_features(c) for c in counts]) if len(counts) else np.zeros(
            (0, len(intensity_lexicon.FEATURE_NAMES))
        )
        return sparse.csr_matrix(rows * self.scale)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"lexicon__{n}" for n in intensity_lexicon.FEATURE_NAMES], dtype=object)
