"""Name keys for place matching: one folding shared by the gazetteer build and the matcher.

A text is folded to the same length (lower case, every non-word character a space), so a match
in the folded text has the same offsets in the original. A name becomes one or more keys in
that folded form, padded with one space on each side so that keys only match whole words.
"""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w ]|_")
#: Typographic quotes, dashes and spaces: often a text's only non-ASCII characters. Folded to spaces
#: (one by one, before the ASCII fast path is tried).
_COMMON_PUNCTUATION = "\u2019\u2018\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00b7\u2022\u00a0\u02bc\u2032\u00b4\u2010\u2011\u2212"
#: Punctuation and spaces folded by a fast table; the regular expression catches the rare rest.
_SPACES = str.maketrans({ch: " " for ch in (
    [chr(c) for c in range(128) if not chr(c).isalnum()] + list(_COMMON_PUNCTUATION)
)})
#: ASCII fold in one bytes table: letters lower-cased, digits kept, every other character a space.
_ASCII_FOLD = bytes(c + 32 if 65 <= c <= 90 else c if chr(c).isalnum() else 32 for c in range(256))
#: What :data:`_SPACES` then :data:`_NON_WORD` turn into spaces, in one pass: non-word characters,
#: ``_``, and the one word character of the table (the modifier-letter apostrophe).
_NON_WORD_OR_TABLE = re.compile(r"[^\w ]|_|\u02bc")
_APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4\u02b9\u2032"
_DELETE_APOSTROPHES = str.maketrans("", "", _APOSTROPHES + "\u044c")


def fold(text: str) -> str:
    """Lower case with every non-word character turned into a space, keeping the length."""
    if text.isascii():  # the common case: one bytes translation
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii")
    spaced = text
    for ch in _COMMON_PUNCTUATION:  # typographic quotes and dashes: often the only non-ASCII characters
        if ch in spaced:
            spaced = spaced.replace(ch, " ")
    if spaced.isascii():
        return spaced.encode("ascii").translate(_ASCII_FOLD).decode("ascii")
    low = text.lower()
    if len(low) != len(text):  # a few characters (e.g. 'İ') grow when lower-cased
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return _NON_WORD_OR_TABLE.sub(" ", low)  # the same as low.translate(_SPACES) then _NON_WORD


def _ascii(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def key(name: str) -> str:
    """The padded key of one spelling: ``"Kup'yansk-Vuzlovyi"`` → ``" kup yansk vuzlovyi "``."""
    return " " + " ".join(fold(name).split()) + " "


def keys(name: str) -> set[str]:
    """Every key a spelling may appear as: as written, without apostrophes, and accent-free; a
    spelling whose punctuation stands before a space ("St. Petersburg") also as a text folds it,
    with both spaces."""
    forms = {name, name.translate(_DELETE_APOSTROPHES)}
    forms |= {_ascii(f) for f in forms}
    found = {key(f) for f in forms}
    found |= {" " + fold(f).strip() + " " for f in forms if "  " in fold(f).strip()}
    return {k for k in found if k.strip()}
