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

#: The months' English names, in order (dates are told from counts and read from texts with them).
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
#: Each month's name and abbreviation ("nov", "sept") → its number.
MONTH_NUMBERS = {name: number for number, month in enumerate(MONTH_NAMES, start=1) for name in (month, month[:3])} | {"sept": 9}

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

_APOSTROPHES = {"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'", "\u00b4": "'"}
#: Decimal digits of Unicode 15-17, which Python 3.11's ``re`` does not count as ``\d`` but the
#: ``regex`` module behind NLTK's tokenizer did: listed so that tokens stay the same on every character.
_NEWER_DIGITS = ("\U00010d40-\U00010d49\U000116d0-\U000116e3\U00011bf0-\U00011bf9\U00011de0-\U00011de9"
                 "\U00011f50-\U00011f59\U00016130-\U00016139\U00016d70-\U00016d79\U0001ccf0-\U0001ccf9"
                 "\U0001e4f0-\U0001e4f9\U0001e5f1-\U0001e5fa")
#: Word tokens (with inner apostrophes) and digit runs of normalised text.
TOKEN = re.compile(rf"[a-z]+(?:'[a-z]+)*|[\d{_NEWER_DIGITS}]+")
_STEMMER = SnowballStemmer("english")


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_combining(run) -> str:
    return "".join(ch for ch in run.group() if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Fold case, unify apostrophes and strip accents."""
    if text.isascii():  # nothing to decompose: the common case, and the fast one
        return text.replace("`", "'").lower()
    for apostrophe in _APOSTROPHES:  # str.replace per character: far faster than str.translate here
        if apostrophe in text:
            text = text.replace(apostrophe, _APOSTROPHES[apostrophe])
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return _NON_ASCII.sub(_without_combining, text).lower()  # combining marks are never ASCII


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Snowball stem of one token (cached: stemming is otherwise the slowest step)."""
    return _STEMMER.stem(token)


def tokenize(text: str) -> list[str]:
    """Lower-cased word and number tokens of ``text``, possessive ``'s`` removed."""
    return [t[:-2] if t.endswith("'s") else t for t in raw_tokens(text)]


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
