"""Text analysis with NLTK's data-free parts: normalise, tokenize, drop stopwords, stem.

No ``nltk.download`` is needed: the tokenizer is a regular expression (the standard library's
``re``, with the pattern NLTK's ``RegexpTokenizer`` used to run through the much slower third-party
``regex`` module: the same tokens) and the stemmer is NLTK's Snowball. The stopword list is the project's own, because general-purpose lists drop words
that carry the signal here ("fire", "front", "back", "not", "against").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer

#: Function words only; every military or directional word stays.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again all also am an and any are as at be been before being below between
    both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my
    myself of off on once only or other our ours ourselves out over own same she should so some
    such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves said says say told according also one two us its it's mr ms
    """.split()
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
#: Word tokens (with inner apostrophes) and digit runs of normalised text.
TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*|\d+")
_STEMMER = SnowballStemmer("english")


def normalise(text: str) -> str:
    """Fold case, unify apostrophes and strip accents."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():  # nothing to decompose: the common case, and the fast one
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Snowball stem of one token (cached: stemming is otherwise the slowest step)."""
    return _STEMMER.stem(token)


def tokenize(text: str) -> list[str]:
    """Lower-cased word and number tokens of ``text``, possessive ``'s`` removed."""
    return [t[:-2] if t.endswith("'s") else t for t in TOKEN.findall(normalise(text))]


def raw_tokens(text: str) -> list[str]:
    """The tokenizer's matches in ``text`` before the possessive ``'s`` is removed (see :data:`ANALYZED`)."""
    return TOKEN.findall(normalise(text))


class _Analyzed(dict):
    """Raw token (a :func:`raw_tokens` match) → its stem, or None for a stopword; filled on first use.

    One dictionary look-up per token instead of a possessive strip, a stopword test and a cached
    stem call; bounded so that a run over endless distinct numbers cannot grow it without limit."""

    limit = 500_000

    def __missing__(self, raw: str) -> str | None:
        token = raw[:-2] if raw.endswith("'s") else raw
        value = None if token in STOPWORDS else stem(token)
        if len(self) < self.limit:
            self[raw] = value
        return value


#: The process-wide table of :class:`_Analyzed`.
ANALYZED = _Analyzed()


def analyze(text: str) -> list[str]:
    """Stemmed content tokens: the analyzer the text vectorizers use."""
    return [s for s in map(ANALYZED.__getitem__, raw_tokens(text)) if s is not None]
