"""Bytes to text: UTF-8 (with or without BOM) first, then cp1251 and latin-1, flagged in the row."""
from __future__ import annotations

from scoring.records import InputError

#: Encodings tried in order; the name of the one that worked goes into the ``encoding`` column.
ENCODINGS = ("utf-8-sig", "cp1251", "latin-1")
_CONTROL = bytes(sorted(set(range(0, 32)) - {9, 10, 12, 13}))


def looks_binary(data: bytes, sample: int = 4096) -> bool:
    """True for data with NUL bytes or mostly control characters in its first ``sample`` bytes."""
    head = data[:sample]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return bool(head) and controls / len(head) > 0.1


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` with newlines made ``\n``; ``encoding`` is ``""`` for plain UTF-8 and
    names any fallback used."""
    if looks_binary(data):
        raise InputError("binary content (NUL or control bytes), not text")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            return text, "utf-8-bom" if data.startswith(b"\xef\xbb\xbf") else ""
        return text, encoding
    raise InputError("undecodable bytes")  # latin-1 decodes everything; kept for clarity
