"""Bytes to text, and the name of the encoding used for the row's ``encoding`` column.

In order: UTF-16 (a BOM, or the NUL bytes every other byte of ASCII text has in UTF-16); UTF-8,
with or without BOM; UTF-8 with the odd undecodable byte replaced by U+FFFD, when valid UTF-8
characters outnumber those bytes; else a single-byte encoding, cp1251 or cp1252/latin-1, whichever
reads as words (Cyrillic words for cp1251, Latin words with the odd accented letter for the
others). Plain UTF-8 gets ``""``; anything else is named, with the count of replaced bytes if any.
"""
from __future__ import annotations

import codecs
import re

from scoring.records import InputError

SAMPLE = 4096  # bytes looked at to tell binary data and UTF-16
CHOICE_SAMPLE = 1 << 16  # bytes looked at to choose a single-byte encoding
#: Error handler marking each undecodable byte ``b`` as the lone surrogate U+DC00 + ``b``
#: (like "surrogateescape", but for any byte), so that the bytes can be counted, then replaced.
MARK = "frontline-mark"
_MARKS = re.compile("[\udc00-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_CONTROL = bytes(sorted(set(range(0, 32)) - {9, 10, 12, 13}))  # control bytes other than tab, newlines, form feed
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_ACCENTED_PAIR = re.compile("[^\x00-\x7f]{2}")
_C1_BYTES = re.compile(b"[\x80-\x9f]")  # where cp1252 and latin-1 differ


def _mark_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    return "".join(chr(0xDC00 + byte) for byte in error.object[error.start:error.end]), error.end


codecs.register_error(MARK, _mark_bytes)


def decode(data: bytes, final: bool = True) -> tuple[str, str]:
    """``(text, encoding)`` with newlines made ``\\n``. ``final=False`` reads a leading sample of a
    longer stream (a character cut at its end is left out, not replaced)."""
    text, encoding = _read_best(data, final)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _read_best(data: bytes, final: bool) -> tuple[str, str]:
    """The first reading that fits: UTF-16, UTF-8 (whole, or with a few bytes replaced), single-byte."""
    reading = _as_utf16(data, final)
    if reading:
        return reading
    if looks_binary(data):
        raise InputError("binary content (NUL or control bytes), not text")
    return _as_utf8(data, final) or _as_single_byte(data, final)


def _as_utf16(data: bytes, final: bool) -> tuple[str, str] | None:
    """UTF-16 text when ``data`` looks like it and decodes as text without a bad byte."""
    codec = utf16_codec(data)
    if not codec:
        return None
    text, replaced = read(data, codec, final)
    return None if replaced or looks_binary(text[: SAMPLE // 2].encode("latin-1", "replace")) else (text, codec)


def _as_utf8(data: bytes, final: bool) -> tuple[str, str] | None:
    """UTF-8 text, unless its undecodable bytes outnumber its valid non-ASCII characters."""
    text, replaced = read(data, "utf-8-sig", final)
    if not replaced:
        return text, "utf-8-bom" if data.startswith(codecs.BOM_UTF8) else ""
    if replaced <= len(_NON_ASCII.findall(text)) - replaced:  # each replaced byte is one U+FFFD
        return text, with_replaced("utf-8", replaced)
    return None


def _as_single_byte(data: bytes, final: bool) -> tuple[str, str]:
    """cp1251, cp1252 or latin-1 text (:func:`single_byte_codec`)."""
    codec = single_byte_codec(data)
    text, replaced = read(data, codec, final)  # cp1251 is chosen on a sample: a 0x98 may follow
    return text, with_replaced(codec, replaced)


def read(data: bytes, codec: str, final: bool = True) -> tuple[str, int]:
    """``data`` decoded with ``codec``, each undecodable byte replaced by U+FFFD; and how many were."""
    try:
        return (data.decode(codec) if final else codecs.getincrementaldecoder(codec)().decode(data, final)), 0
    except UnicodeDecodeError:
        return unmarked(codecs.getincrementaldecoder(codec)(MARK).decode(data, final))


def unmarked(text: str) -> tuple[str, int]:
    """``text`` with bytes marked by :data:`MARK` replaced by U+FFFD, and how many there were."""
    return (text, 0) if text.isascii() else _MARKS.subn("\ufffd", text)


def with_replaced(encoding: str, replaced: int) -> str:
    """The ``encoding`` column for text that needed ``replaced`` bytes replaced: "utf-8 (2 bytes replaced)"."""
    if not replaced:
        return encoding
    return f"{encoding or 'utf-8'} ({replaced} byte{'' if replaced == 1 else 's'} replaced)"


def without_count(encoding: str) -> str:
    """``encoding`` without its count of replaced bytes ("utf-8 (2 bytes replaced)" is plain UTF-8: "")."""
    name = encoding.split(" (", 1)[0]
    return "" if name == "utf-8" else name


def stream_codec(encoding: str) -> str:
    """The codec that reads the rest of a stream whose first bytes :func:`decode` named ``encoding``."""
    name = without_count(encoding)
    return "utf-8-sig" if name in ("", "utf-8-bom") else name


def utf16_codec(data: bytes) -> str | None:
    """``"utf-16"`` after a BOM, ``"utf-16-le"``/``"utf-16-be"`` when the first bytes are ASCII text
    with a NUL byte in every other place; else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[: SAMPLE - SAMPLE % 2]
    if len(head) < 8 or b"\x00" not in head:
        return None
    evens, odds = head[0::2], head[1::2]
    if _mostly_nul(odds) and not evens.count(0):
        return "utf-16-le"
    if _mostly_nul(evens) and not odds.count(0):
        return "utf-16-be"
    return None


def _mostly_nul(data: bytes) -> bool:
    return data.count(0) >= 0.9 * len(data)


def looks_binary(data: bytes, sample: int = SAMPLE) -> bool:
    """True for data with NUL bytes or mostly control characters in its first ``sample`` bytes."""
    head = data[:sample]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return bool(head) and controls / len(head) > 0.1


def single_byte_codec(data: bytes) -> str:
    """``"cp1251"`` when it reads ``data`` as words better than the western encoding does, else
    the western one (:func:`western_codec`)."""
    western, sample = western_codec(data), data[:CHOICE_SAMPLE]
    try:
        cyrillic = sample.decode("cp1251")
    except UnicodeDecodeError:  # byte 0x98, unused in cp1251
        return western
    return "cp1251" if word_score(cyrillic) > word_score(sample.decode(western)) else western


def western_codec(data: bytes) -> str:
    """``"cp1252"`` when ``data`` uses its bytes 0x80–0x9F (curly quotes, dashes, €) and it decodes
    them all, else ``"latin-1"`` (which decodes anything)."""
    if _C1_BYTES.search(data):
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return "latin-1"


def word_score(text: str) -> int:
    """Words of two letters or more with non-ASCII letters that read as words (+1 each) less those
    that do not (-1); a lone letter proves nothing (cp1251 reads the "£" of "£3bn" as "Ј")."""
    words = [w for w in _LETTER_RUNS.findall(text) if len(w) > 1 and not w.isascii()]
    return sum(1 if _reads_as_word(w) else -1 for w in words)


def _reads_as_word(word: str) -> bool:
    """An all-Cyrillic word, or a Latin one whose accented letters stand alone ("café", "Señora");
    not a mix of scripts ("cafй") nor a run of accented letters ("Îáñòð", cp1251 read as cp1252)."""
    if all("\u0400" <= c <= "\u04ff" for c in word):
        return True
    return all(c < "\u0250" for c in word) and not _ACCENTED_PAIR.search(word)
