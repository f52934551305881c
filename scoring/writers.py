"""Output formats (CSV, JSONL, Parquet): chunk part files, then one atomic merge into the output.

Each chunk's rows are written to a part file (see :mod:`scoring.checkpoint`); the final output is
assembled from the parts in order into a temporary file beside it and renamed into place, so a
reader never sees a half-written output. Files get the permissions ``open()`` would give them.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from scoring.rows import INT_COLUMNS, float_columns, output_columns

FORMAT_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}


def format_for(out: str | Path, requested: str | None = None) -> str:
    """The output format: ``requested``, or from the output's suffix (CSV by default)."""
    return requested or FORMAT_SUFFIXES.get(Path(out).suffix.lower(), "csv")


@contextmanager
def atomic_path(out: str | Path):
    """A temporary path beside ``out`` that replaces ``out`` only when the block succeeds; the
    result has the mode ``open(out, "w")`` would leave (not mkstemp's owner-only 0600)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        yield Path(tmp)
        os.chmod(tmp, open_mode(out))
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)


def open_mode(path: Path) -> int:
    """The permission bits ``open(path, "w")`` gives: an existing file keeps its own, a new one
    gets 0o666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask, read from /proc where possible (setting it to read it back races with
    other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def write_part(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    """Write one chunk's rows atomically (``path`` appears complete or not at all)."""
    with atomic_path(path) as tmp:
        if fmt == "csv":
            frame.to_csv(tmp, index=False, header=False)
        elif fmt == "jsonl":
            frame.to_json(tmp, orient="records", lines=True, force_ascii=False)
        else:
            import pyarrow.parquet as pq

            pq.write_table(_arrow_table(frame), tmp)


def read_part_summary(path: Path, fmt: str) -> pd.DataFrame:
    """The columns of a finished part that :class:`~scoring.progress.Summary` counts."""
    columns = ["path", "section", "error", "duplicate_of", "primary_sector", "intensity"]
    if fmt == "parquet":
        return pd.read_parquet(path, columns=columns)
    if fmt == "jsonl":
        return pd.read_json(path, lines=True, dtype=False).reindex(columns=columns)
    names = output_columns()
    return pd.read_csv(path, header=None, names=names, usecols=columns, dtype=str, keep_default_na=False,
                       na_values={"section": [""]})


def merge_parts(parts: Iterable[Path], out: str | Path, fmt: str) -> None:
    """Concatenate part files into ``out`` atomically, in order, in bounded memory."""
    with atomic_path(out) as tmp:
        if fmt == "parquet":
            _merge_parquet(parts, tmp)
            return
        with tmp.open("wb") as sink:
            if fmt == "csv":
                sink.write(pd.DataFrame(columns=output_columns()).to_csv(index=False).encode())
            for part in parts:
                with part.open("rb") as source:
                    shutil.copyfileobj(source, sink, 1 << 20)


def _arrow_schema():
    import pyarrow as pa

    floats = set(float_columns())
    return pa.schema([(c, pa.int64() if c in INT_COLUMNS else pa.float64() if c in floats else pa.string())
                      for c in output_columns()])


def _arrow_table(frame: pd.DataFrame):
    import pyarrow as pa

    return pa.Table.from_pandas(frame, schema=_arrow_schema(), preserve_index=False)


def _merge_parquet(parts: Iterable[Path], tmp: Path) -> None:
    import pyarrow.parquet as pq

    with pq.ParquetWriter(tmp, _arrow_schema()) as writer:
        for part in parts:
            writer.write_table(pq.read_table(part, schema=_arrow_schema()))
