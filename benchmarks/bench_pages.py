"""Main-text extraction and sectioning on the labelled data: what changes, how much goes, how fast.

    python benchmarks/bench_pages.py [--data ../shared/data] [--seconds 5]

Reports, for every source in train.jsonl, how many texts ``main_text`` changes (beyond whitespace),
the mean fraction of characters it removes (over all texts and over the changed ones) and whether it is
idempotent; then its speed in texts/s (CPU time of this process) on the "pages" texts, and the speed
of ``split_sections`` on the whole reports of dev_long.jsonl. Target: at least 5,000 2-kB texts/s per
core for ``main_text``.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

from model.clean import main_text
from model.sections import split_sections

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def read_texts(path: Path) -> dict[str, list[str]]:
    """Texts of a JSONL file grouped by their ``source``."""
    by_source: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                by_source[record.get("source", "?")].append(record["text"])
    return by_source


def change_report(texts: list[str]) -> dict:
    """How many texts ``main_text`` changes and how much of them it removes."""
    cleaned = [main_text(text) for text in texts]
    removed = [1 - len(out) / max(1, len(text.strip())) for text, out in zip(texts, cleaned)]
    changed = [r for r, text, out in zip(removed, texts, cleaned) if out.split() != text.split()]
    return {
        "texts": len(texts),
        "changed": len(changed),
        "removed_mean": round(statistics.mean(removed), 4) if removed else 0.0,
        "removed_mean_changed": round(statistics.mean(changed), 4) if changed else 0.0,
        "idempotent": all(main_text(out) == out for out in cleaned),
    }


def rate(function, items: list[str], seconds: float) -> float:
    """Items per CPU second of ``function`` over ``items``, repeated for about ``seconds``."""
    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for item in items:
            function(item)
        done += len(items)
    return done / (time.process_time() - start)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with train.jsonl, dev_long.jsonl")
    parser.add_argument("--seconds", type=float, default=5.0, help="timing budget per measurement")
    args = parser.parse_args(argv)
    train = read_texts(args.data / "train.jsonl")
    report = {source: change_report(texts) for source, texts in sorted(train.items())}
    pages = train.get("pages", [])
    if pages:
        report["main_text_texts_per_s"] = round(rate(main_text, pages, args.seconds))
        report["pages_mean_chars"] = round(statistics.mean(len(text) for text in pages))
        two_kb = [text for text in pages if 1800 <= len(text) <= 2200]
        if two_kb:
            report["main_text_2kb_texts_per_s"] = round(rate(main_text, two_kb, args.seconds))
    long_path = args.data / "dev_long.jsonl"
    if long_path.exists():
        reports = [text for texts in read_texts(long_path).values() for text in texts]
        report["split_sections_docs_per_s"] = round(rate(split_sections, reports, args.seconds), 1)
        report["dev_long_sections_mean"] = round(statistics.mean(len(split_sections(t)) for t in reports), 1)
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
