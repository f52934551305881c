"""Reading article files: .txt/.md, .html/.htm, .json, .jsonl, .csv and their .gz versions.

Single-article files (text, HTML) are read where they are scored; multi-article files (JSON,
JSONL, CSV) are streamed record by record. Every failure becomes a :class:`Record` with ``error``
set: one bad file or line never stops the run.
"""
from __future__ import annotations

import csv
import errno
import gzip
import io
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from model.article import iso_date, parse_article
from model.clean import main_text, mostly_foreign_script, mostly_foreign_words
from scoring.decoding import (CHOICE_SAMPLE, MARK, SAMPLE, decode, stream_codec, unmarked, utf16_codec, with_replaced,
                              without_count)
from scoring.html_text import extract_article
from scoring.records import InputError, Record

#: The error of an article whose text is all page clutter (what :func:`model.clean.main_text` drops).
CLUTTER_ONLY = "no article text after removing page clutter (menus, notices, lists of headlines)"
#: The error of an article in another script: frontline reads English.
NOT_ENGLISH = "not English: most letters are of another script than Latin"
#: The error of an article in Latin letters but another language (German, French, Polish, ...).
NOT_ENGLISH_WORDS = "not English: written in another language (German, French, Spanish, ...)"
#: File suffix → format; each may also end in ``.gz``.
FORMATS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html",
           ".json": "json", ".jsonl": "jsonl", ".csv": "csv"}
#: Formats holding many articles per file (streamed record by record).
MULTI_FORMATS = frozenset({"json", "jsonl", "csv"})
DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class FieldMap:
    """Names of the text, date, id and title fields in JSON/JSONL/CSV records."""

    text: str = "text"
    date: str = "date"
    id: str = "id"
    title: str = "title"


def file_format(path: str | os.PathLike) -> str | None:
    """``"text"``, ``"html"``, ``"json"``, ``"jsonl"``, ``"csv"`` or None for other suffixes."""
    name = os.fspath(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return FORMATS.get(os.path.splitext(name)[1])


def _check_file(path: str) -> None:
    """Raise :class:`InputError` unless ``path`` is a readable regular file."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("symlink loop") from None
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise InputError(f"broken symlink to {os.readlink(path)}") from None
        if exc.errno == errno.ENOENT:
            raise InputError("no such file") from None
        raise InputError(f"cannot read: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (FIFO, socket or device)")


def open_binary(path: str) -> io.BufferedIOBase:
    """The file's bytes, decompressed when its name ends in ``.gz``."""
    _check_file(path)
    try:
        handle = open(path, "rb")
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror}") from None
    return gzip.GzipFile(fileobj=handle, mode="rb") if path.lower().endswith(".gz") else handle


def with_sample(stream: io.BufferedIOBase, size: int) -> tuple[bytes, io.BufferedReader]:
    """The first ``size`` bytes of ``stream`` (fewer only at its end), and a stream of all its bytes,
    those first ones included. (``peek`` gives only what happens to be buffered: 4 or 8 KB.)"""
    sample = bytearray()
    while len(sample) < size:
        chunk = stream.read(size - len(sample))
        if not chunk:
            break
        sample += chunk
    return bytes(sample), io.BufferedReader(_Prefixed(bytes(sample), stream))


class _Prefixed(io.RawIOBase):
    """``prefix``, then the rest of ``stream``."""

    def __init__(self, prefix: bytes, stream: io.BufferedIOBase):
        super().__init__()
        self._prefix, self._stream = memoryview(prefix), stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix:
            count = min(len(buffer), len(self._prefix))
            buffer[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def read_capped(path: str, max_bytes: int) -> bytes:
    """All bytes of ``path`` (decompressed), or :class:`InputError` when over ``max_bytes`` or bad."""
    with open_binary(path) as stream:
        try:
            data = stream.read(max_bytes + 1)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(f"cannot read: {exc}") from None
    if len(data) > max_bytes:
        raise InputError(f"oversized: more than {max_bytes} bytes (raise --max-bytes to score it)")
    if not data.strip():
        raise InputError("empty file")
    return data


def read_single(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Record:
    """The one article in a text or HTML file."""
    try:
        text, encoding = decode(read_capped(path, max_bytes))
        article = extract_article(text) if file_format(path) == "html" else parse_article(text)
        record = Record(path, date=article.date, title=article.title, text=article.text, encoding=encoding)
    except InputError as exc:
        return Record(path, error=str(exc))
    if not record.text.strip():
        record.error = "empty text"
    return record


def text_error(text: str, cleaned: bool = True) -> str:
    """Why ``text`` cannot be scored, or ``""``: it is in another script than Latin
    (:data:`NOT_ENGLISH`; a model would read it as a text about nothing) or in another language
    (:data:`NOT_ENGLISH_WORDS`), or, for a model that cleans its input (``cleaned``), the page
    cleaning leaves nothing of it (:data:`CLUTTER_ONLY`)."""
    article = main_text(text) if cleaned else text
    if mostly_foreign_script(article or text):  # the cleaner drops short lines in another script
        return NOT_ENGLISH
    if article and mostly_foreign_words(article):
        return NOT_ENGLISH_WORDS
    return "" if article else CLUTTER_ONLY


def read_multi(path: str, fields: FieldMap = FieldMap(), max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    """The articles of a JSON, JSONL or CSV file, one per object, line or row."""
    reader = {"json": _json_records, "jsonl": _jsonl_records, "csv": _csv_records}[file_format(path)]
    try:
        yield from reader(path, fields, max_bytes)
    except InputError as exc:
        yield Record(path, error=str(exc))
    except (OSError, EOFError) as exc:  # e.g. a truncated or fake .gz file
        yield Record(path, error=f"cannot read: {exc}")


def from_fields(path: str, line: int | None, values, fields: FieldMap, encoding: str, max_bytes: int) -> Record:
    """A record from one JSON object or CSV row (a mapping of field names to values)."""
    if not isinstance(values, dict):
        return Record(path, line, encoding=encoding, error=f"expected a JSON object, got {type(values).__name__}")
    text = values.get(fields.text)
    record = Record(path, line, id=_string(values.get(fields.id)), date=iso_date(_string(values.get(fields.date))),
                    title=_string(values.get(fields.title)), encoding=encoding)
    if not isinstance(text, str):
        record.error = f"no text in field {fields.text!r}" if text is None else f"field {fields.text!r} is not a string"
    elif len(text) > max_bytes:
        record.error = f"oversized: text longer than {max_bytes} characters (raise --max-bytes to score it)"
    else:
        article = parse_article(text, record.date, record.title)
        record.text, record.date, record.title = article.text, article.date, article.title
        if not record.text.strip():
            record.error = "empty text"
    return record


def _string(value) -> str | None:
    return None if value is None or value == "" else str(value)


def _json_records(path: str, fields: FieldMap, max_bytes: int) -> Iterator[Record]:
    text, encoding = decode(read_capped(path, max_bytes))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc}") from None
    if isinstance(data, list):
        for number, item in enumerate(data, start=1):
            yield from_fields(path, number, item, fields, encoding, max_bytes)
    else:
        yield from_fields(path, None, data, fields, encoding, max_bytes)


def _jsonl_records(path: str, fields: FieldMap, max_bytes: int) -> Iterator[Record]:
    """One record per line. A UTF-16 file (told from its first bytes) is read as text lines in that
    codec, its line limit counted in characters; any other file line by line in bytes, each line
    decoded on its own."""
    with open_binary(path) as stream:
        try:
            sample, stream = with_sample(stream, SAMPLE)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(f"cannot read after line 0: {exc}") from None
        codec = utf16_codec(sample)
        lines = io.TextIOWrapper(stream, encoding=codec, errors=MARK, newline="\n") if codec else stream
        newline = "\n" if codec else b"\n"
        number = 0
        while True:
            try:
                raw = lines.readline(max_bytes + 1)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                raise InputError(f"cannot read after line {number}: {exc}") from None
            if not raw:
                return
            number += 1
            if len(raw) > max_bytes and not raw.endswith(newline):
                while raw and not raw.endswith(newline):  # skip the rest of the oversized line
                    raw = lines.readline(max_bytes + 1)
                unit = "characters" if codec else "bytes"
                yield Record(path, number, error=f"oversized: line longer than {max_bytes} {unit}")
                continue
            if not raw.strip():
                continue
            yield _jsonl_record(path, number, raw, fields, max_bytes, codec)


def _jsonl_record(path: str, number: int, raw: bytes | str, fields: FieldMap, max_bytes: int,
                  codec: str | None = None) -> Record:
    """The record of one line: ``raw`` bytes decoded on their own, or text already decoded with ``codec``."""
    try:
        if codec:
            text, replaced = unmarked(raw)
            encoding = with_replaced(codec, replaced)
        else:
            text, encoding = decode(raw)
        return from_fields(path, number, json.loads(text), fields, encoding, max_bytes)
    except InputError as exc:
        return Record(path, number, error=str(exc))
    except json.JSONDecodeError as exc:
        return Record(path, number, error=f"malformed JSON line: {exc}")


def _csv_records(path: str, fields: FieldMap, max_bytes: int) -> Iterator[Record]:
    with open_binary(path) as stream:
        sample, stream = with_sample(stream, CHOICE_SAMPLE)
        encoding = without_count(decode(sample, final=False)[1]) if sample.strip() else ""
        text = io.TextIOWrapper(stream, encoding=stream_codec(encoding), errors=MARK, newline="")
        csv.field_size_limit(max(max_bytes, 131072))
        rows = csv.reader(text, strict=True)
        try:
            header = _unmarked_fields(next(rows))[0]
        except StopIteration:
            raise InputError("empty file") from None
        except csv.Error as exc:
            raise InputError(f"malformed CSV header: {exc}") from None
        if fields.text not in header:
            raise InputError(f"CSV has no {fields.text!r} column (columns: {header})")
        number = 0
        while True:
            number += 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Record(path, number, encoding=encoding, error=f"malformed CSV row: {exc}")
                continue
            if len(row) != len(header):
                yield Record(path, number, encoding=encoding,
                             error=f"malformed CSV row: {len(row)} fields, the header has {len(header)}")
                continue
            row, replaced = _unmarked_fields(row)
            yield from_fields(path, number, dict(zip(header, row)), fields, with_replaced(encoding, replaced), max_bytes)


def _unmarked_fields(row: list[str]) -> tuple[list[str], int]:
    """A CSV row with its undecodable bytes replaced by U+FFFD, and how many there were."""
    fields = [unmarked(value) for value in row]
    return [value for value, _ in fields], sum(count for _, count in fields)
