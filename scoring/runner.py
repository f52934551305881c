"""The scoring run: stream inputs in chunks through worker processes, in order, with resume.

The main process walks the inputs lazily, expands multi-article files into records and groups
items (paths of single-article files, or records) into chunks. Each worker loads the model once
and turns a chunk into rows with one ``predict`` call. At most a few chunks are in flight, so
memory stays bounded whatever the input size; results are consumed in submission order, flagged
for near-duplicates, and stored as checkpoint parts that are merged into the output at the end.
Workers watch their parent and exit within a second of it dying, even by kill -9.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path

from model.loading import default_model_uri, load_model, local_model_dir, verify_model_dir
from scoring.checkpoint import Checkpoint
from scoring.dedup import NearDuplicateIndex
from scoring.model_info import model_identity
from scoring.progress import Summary, progress_bar
from scoring.readers import (DEFAULT_MAX_BYTES, MULTI_FORMATS, FieldMap, file_format, read_multi,
                             read_single, text_error)
from scoring.records import Record
from scoring.rows import RowSettings, ScoredChunk, predict_texts, score_records
from scoring.sources import STDIN, PathFilter, iter_paths
from scoring.writers import format_for, read_part_summary

Item = str | Record  # a single-article file to read, or a record already read


@dataclass(frozen=True)
class RunOptions:
    """Everything that decides the rows of a run (and so must not change across a resume)."""

    path_filter: PathFilter = PathFilter()
    fields: FieldMap = FieldMap()
    max_bytes: int = DEFAULT_MAX_BYTES
    sections: bool = False
    section_chars: int = RowSettings.section_chars
    chunk_size: int = 256
    fmt: str | None = None


@dataclass(frozen=True)
class Execution:
    """How a run executes (free to change across a resume)."""

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    resume: bool = False
    quiet: bool = False


def items(paths: Iterable[str | Record], options: RunOptions) -> Iterator[Item]:
    """Paths of single-article files as they are; multi-article files expanded into records."""
    for path in paths:
        if isinstance(path, Record):
            yield path
            continue
        fmt = file_format(path)
        if fmt is None:
            yield Record(path, error="unsupported format (expected .txt .md .html .htm .json .jsonl .csv, or .gz of these)")
        elif fmt in MULTI_FORMATS:
            yield from read_multi(path, options.fields, options.max_bytes)
        else:
            yield path


def chunked(stream: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(stream)
    while chunk := list(islice(iterator, size)):
        yield chunk


# -- the worker side ----------------------------------------------------------------------------
_WORKER: dict = {}


def start_worker(parent: int, setup: tuple | None) -> None:
    """Initializer of a worker process: exit with ``parent`` (the scoring run's pid, given by it:
    if it died before this ran, ``os.getppid()`` would already be another process; see
    :func:`watch_parent`), then load the model from ``setup`` (:func:`init_worker`'s arguments),
    or None when forked with it loaded."""
    watch_parent(parent)
    if setup is not None:
        init_worker(*setup)


def watch_parent(parent: int, interval: float = 1.0) -> None:
    """End this process within ``interval`` seconds of ``parent`` dying (it is then no longer the
    parent): a worker of a killed run would otherwise wait for work forever, holding its memory."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)  # no clean-up: the run it worked for is gone

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def init_worker(model_dir: str, settings: RowSettings, max_bytes: int) -> None:
    """Load the model once per process, and what it loads on first use (the gazetteer's tables)."""
    classifier = load_model(model_dir)
    warm_up(classifier)
    _WORKER.update(classifier=classifier, settings=settings, max_bytes=max_bytes)


def warm_up(classifier) -> None:
    """One tiny prediction, so that lazily loaded parts of the model are loaded now (in the parent
    process when workers are forked: they then share them instead of loading their own)."""
    try:
        predict_texts(classifier, ["Warm-up: fighting near Pokrovsk."], [None])
    except Exception:  # noqa: BLE001 - a model that cannot score this is reported per record later
        pass


def score_chunk(chunk: list[Item]) -> ScoredChunk:
    """Read and score one chunk; a failing ``predict`` is retried per record so only the culprit errs."""
    records = [item if isinstance(item, Record) else read_single(item, _WORKER["max_bytes"]) for item in chunk]
    classifier, settings = _WORKER["classifier"], _WORKER["settings"]
    flag_unscorable(records, cleaned=getattr(classifier, "clean", False))
    try:
        return score_records(classifier, records, settings)
    except Exception:  # noqa: BLE001 - isolate the record that breaks the model
        parts = []
        for record in records:
            try:
                parts.append(score_records(classifier, [record], settings))
            except Exception as exc:  # noqa: BLE001
                detail = traceback.format_exception_only(exc)[-1].strip()
                failed = Record(record.source, record.line, record.id, record.date, record.title,
                                encoding=record.encoding, error=f"scoring failed: {detail}")
                parts.append(score_records(classifier, [failed], settings))
        return ScoredChunk.concat(parts)


def flag_unscorable(records: list[Record], cleaned: bool) -> None:
    """Give an error to each record whose text is not English or, for a model that cleans its
    input (``FrontlineClassifier(clean=True)``, ``cleaned``), all page clutter, which that model
    would score as an empty text (:func:`~scoring.readers.text_error`)."""
    for record in records:
        if not record.error:
            record.error = text_error(record.text, cleaned)


# -- the main side ------------------------------------------------------------------------------
def run(inputs: list[str], out: str | Path, model: str | None = None, options: RunOptions = RunOptions(),
        execution: Execution = Execution(), stdin=None) -> Summary:
    """Score every article of ``inputs`` into ``out``; return the run's summary."""
    location = model or default_model_uri()
    model_dir = verify_model_dir(local_model_dir(location))  # refuse here, before any worker starts
    name, version = model_identity(location, model_dir)
    settings = RowSettings(name, version, options.sections, options.section_chars)
    fmt = format_for(out, options.fmt)
    checkpoint = Checkpoint(out, fmt)
    done = checkpoint.start(_run_settings(inputs, model_dir, options, fmt), execution.resume)
    summary, index, files = Summary(resumed_chunks=done), NearDuplicateIndex(), FileCounter()
    for number in range(done):
        files.count(summary.add(read_part_summary(checkpoint.part(number), fmt)))
        for article_id, keys in zip(*checkpoint.load_dups(number)):
            index.add(article_id, keys)

    paths = iter_paths(inputs, options.path_filter, stdin)
    total = None if execution.quiet or STDIN in inputs else _count(inputs, options.path_filter)
    chunks = chunked(items(paths, options), options.chunk_size)
    count = done
    with progress_bar(total, execution.quiet) as bar:
        bar.update(files.seen)
        for number, scored in enumerate(_scored(chunks, done, str(model_dir), settings, options, execution), start=done):
            ids, keys = _flag_duplicates(scored, index)
            checkpoint.save(number, scored.frame, ids, keys)
            bar.update(files.count(summary.add(scored.frame)))
            bar.set_postfix(articles=summary.articles, refresh=False)
            count = number + 1
    checkpoint.finish(count)
    return summary


def _scored(chunks: Iterator[list[Item]], skip: int, model_dir: str, settings: RowSettings,
            options: RunOptions, execution: Execution) -> Iterator[ScoredChunk]:
    """Scored chunks in input order, the first ``skip`` passed over (already done)."""
    todo = islice(chunks, skip, None)
    setup = (model_dir, settings, options.max_bytes)
    if execution.workers <= 1:
        init_worker(*setup)
        yield from map(score_chunk, todo)
        return
    context = multiprocessing.get_context()
    forked = context.get_start_method() == "fork"
    if forked:  # load once here: forked workers inherit the loaded model
        init_worker(*setup)
    pool = ProcessPoolExecutor(execution.workers, mp_context=context, initializer=start_worker,
                               initargs=(os.getpid(), None if forked else setup))
    with pool:
        pending = deque()
        for chunk in todo:
            pending.append(pool.submit(score_chunk, chunk))
            if len(pending) > 2 * execution.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


class FileCounter:
    """Counts input files from the ``path`` column of consecutive chunks (for the progress bar)."""

    def __init__(self):
        self.seen, self._last = 0, None

    def count(self, paths) -> int:
        """How many files begin in ``paths`` (a Series); adds them to :attr:`seen`."""
        started = int((paths != paths.shift(fill_value=self._last)).sum())
        self._last = paths.iloc[-1] if len(paths) else self._last
        self.seen += started
        return started


def _flag_duplicates(scored: ScoredChunk, index: NearDuplicateIndex) -> tuple[list[str], object]:
    """Fill ``duplicate_of`` in input order; return the ids and keys that were indexed."""
    frame, indexed = scored.frame, scored.keys.any(axis=1)
    duplicates = frame["duplicate_of"].to_numpy(copy=True)
    ids = frame["id"].tolist()
    for row in indexed.nonzero()[0]:
        duplicates[row] = index.add(ids[row], scored.keys[row]) or ""
    frame["duplicate_of"] = duplicates
    return [ids[row] for row in indexed.nonzero()[0]], scored.keys[indexed]


def _count(inputs: list[str], path_filter: PathFilter) -> int:
    """Number of input files: the progress bar's total (it counts files; a JSONL file counts once)."""
    return sum(1 for _ in iter_paths(inputs, path_filter))


def _run_settings(inputs: list[str], model_dir: Path, options: RunOptions, fmt: str) -> dict:
    settings = asdict(options)
    settings.update(inputs=[i if i == STDIN else os.path.abspath(i) for i in inputs],
                    model=str(Path(model_dir).resolve()), fmt=fmt)
    return json_ready(settings)


def json_ready(value):
    """Tuples as lists, so run settings compare equal after a JSON round trip."""
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    return value

