"""Batch scoring: ``python predict.py FOLDER --out scores.csv`` tags every article in a folder.

Inputs are folders (searched recursively), article files, or ``-`` for a list of paths on stdin;
formats .txt/.md/.html/.htm/.json/.jsonl/.csv and their .gz versions. Output is CSV, JSONL or
Parquet (by ``--out``'s suffix or ``--format``), one row per article, written atomically.

Python API::

    from predict import score_folder
    score_folder("examples/articles", "scores.csv")
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from model.loading import default_model_uri
from model.persistence import UnsafeModelError
from scoring.checkpoint import ResumeError
from scoring.progress import Summary
from scoring.readers import DEFAULT_MAX_BYTES, FieldMap
from scoring.rows import INT_COLUMNS, float_columns, output_columns
from scoring.runner import Execution, RunOptions, run
from scoring.sources import PathFilter
from scoring.writers import FORMAT_SUFFIXES, format_for


def score_folder(folder: str | Path | list, out: str | Path, model: str | None = None,
                 options: RunOptions = RunOptions(), execution: Execution = Execution(quiet=True)) -> pd.DataFrame:
    """Score every article under ``folder`` (or in a list of folders/files) into ``out``; return the rows."""
    inputs = [str(p) for p in folder] if isinstance(folder, list) else [str(folder)]
    score(inputs, out, model, options, execution)
    return read_output(out, options.fmt)


def score(inputs: list[str], out: str | Path, model: str | None = None, options: RunOptions = RunOptions(),
          execution: Execution = Execution(), stdin=None) -> Summary:
    """Score ``inputs`` into ``out``; return the run's :class:`~scoring.progress.Summary`."""
    return run(inputs, out, model, options, execution, stdin)


def read_output(out: str | Path, fmt: str | None = None) -> pd.DataFrame:
    """Read a scores file written by :func:`score`."""
    kind = format_for(out, fmt)
    if kind == "parquet":
        return pd.read_parquet(out)
    if kind == "jsonl":
        return pd.read_json(out, lines=True, dtype=False)
    numbers = set(float_columns()) | set(INT_COLUMNS)
    return pd.read_csv(out, dtype={c: str for c in output_columns() if c not in numbers}, keep_default_na=False,
                       na_values={c: [""] for c in numbers})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontline-predict", description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="folder (searched recursively), article file, or - to read paths from stdin")
    parser.add_argument("--out", required=True, help="output file: .csv, .jsonl or .parquet")
    parser.add_argument("--format", choices=sorted(set(FORMAT_SUFFIXES.values())), help="output format (default: from --out)")
    parser.add_argument("--model", default=None,
                        help=f"model folder or registry URI such as models:/frontline@champion (default: {default_model_uri()})")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB", help="only files matching GLOB (repeatable)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files matching GLOB (repeatable)")
    for name in ("text", "date", "id", "title"):
        parser.add_argument(f"--{name}-field", default=name, help=f"{name} field of JSON/JSONL/CSV records (default: {name})")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                        help="largest article (a file, or a JSONL line / CSV row) to score; bigger ones get an error row")
    parser.add_argument("--sections", action="store_true", help="also score long reports section by section (extra rows)")
    parser.add_argument("--section-chars", type=int, default=RunOptions.section_chars,
                        help=f"longest section in characters (default {RunOptions.section_chars})")
    parser.add_argument("--workers", "-j", type=int, default=None, help="worker processes (default: all cores; 1 = in process)")
    parser.add_argument("--chunk-size", type=int, default=RunOptions.chunk_size,
                        help=f"articles per predict call (default {RunOptions.chunk_size})")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run with the same settings")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    options = RunOptions(
        path_filter=PathFilter(tuple(args.include), tuple(args.exclude)),
        fields=FieldMap(args.text_field, args.date_field, args.id_field, args.title_field),
        max_bytes=args.max_bytes, sections=args.sections, section_chars=args.section_chars,
        chunk_size=args.chunk_size, fmt=args.format,
    )
    execution = Execution(resume=args.resume, quiet=args.quiet,
                          **({"workers": args.workers} if args.workers else {}))
    try:
        summary = score(args.inputs, args.out, args.model, options, execution)
    except (ResumeError, UnsafeModelError) as exc:
        print(f"frontline-predict: error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(summary.report() + f"\n-> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
