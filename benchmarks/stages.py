"""Where a worker's time goes: warm CPU per article of each stage of scoring, against a target rate.

Scores reports in one warm process, stage by stage, and prints one Markdown table: CPU ms per
article of the stages every output row needs whatever the model (reading the file, page cleaning,
the near-duplicate fingerprint, tokenizing, the places of the ``evidence`` column), of a whole
worker chunk (``score_records``: all of that plus the model and the output frame), and the budget
per article that a target rate leaves on this machine's cores (issue 4: 3,000 articles/s on 2).

    python benchmarks/stages.py                    # 3,000 synthetic ~2 kB reports
    python benchmarks/stages.py --real             # reports cut from the news corpora in ../shared
    python benchmarks/stages.py --smoke            # 60 reports, to check the harness
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import REPO, real_reports, synthetic_report  # noqa: E402

CHUNK = 256  # records per score_records call, as predict.py's workers take them


def reports(count: int, real: bool, seed: int) -> list[str]:
    """``count`` report texts (with their ``date`` line): synthetic, or cut from the news corpora."""
    if real:
        texts = real_reports(REPO.parent / "shared" / "corpora")
        if not texts:
            raise SystemExit("--real: no corpus texts found under ../shared/corpora")
        return [texts[(seed * count + i) % len(texts)] for i in range(count)]
    pick = random.Random(seed)
    return [synthetic_report(pick) for _ in range(count)]


def cpu_ms_per_item(work, items: list) -> float:
    """CPU milliseconds per item of ``work(item)`` over ``items``."""
    start = time.process_time()
    for item in items:
        work(item)
    return 1000 * (time.process_time() - start) / len(items)


def _write(folder: Path, texts: list[str]) -> list[str]:
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"report-{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def measure_stages(count: int, real: bool, folder: Path) -> list[tuple[str, float]]:
    """(stage, CPU ms per article); each stage and the whole chunk read texts no earlier stage
    saw (the place and lexicon layers cache per text), after a warm-up on texts of their own."""
    from model.clean import main_text
    from model.gazetteer import mention_evidence
    from model.loading import load_model
    from model.text import analyze
    from scoring.dedup import fingerprint
    from scoring.readers import read_single
    from scoring.rows import RowSettings, score_records
    from scoring.runner import warm_up

    classifier = load_model()
    warm_up(classifier)
    settings = RowSettings()
    warm, stages, whole = (_write(folder / name, reports(n, real, seed)) for name, n, seed in
                           (("warm", min(200, count), 1), ("stages", count, 2), ("whole", count, 3)))

    def chunks(paths):
        for start in range(0, len(paths), CHUNK):
            score_records(classifier, [read_single(p) for p in paths[start:start + CHUNK]], settings)

    chunks(warm)
    records = [read_single(p) for p in stages]
    rows = [
        ("read the file (`read_single`)", cpu_ms_per_item(read_single, stages)),
        # timed on texts it has not seen: main_text caches its latest results
        ("page cleaning (`main_text`)", cpu_ms_per_item(main_text, [r.text for r in records])),
    ]
    cleaned = [main_text(r.text) for r in records]
    rows += [
        ("near-duplicate fingerprint", cpu_ms_per_item(fingerprint, cleaned)),
        ("tokenize and stem (`analyze`)", cpu_ms_per_item(analyze, cleaned)),
        ("places of the evidence column (gazetteer)",
         cpu_ms_per_item(lambda pair: mention_evidence(*pair), list(zip(cleaned, (r.date for r in records))))),
    ]
    rows.append(("**needed by every row, whatever the model**", sum(ms for _, ms in rows)))
    start = time.process_time()
    chunks(whole)
    rows.append(("**whole worker chunk (`score_records`: reading, model, output frame)**",
                 1000 * (time.process_time() - start) / count))
    return rows


def markdown(rows: list[tuple[str, float]], target: float, cores: int, count: int, real: bool) -> str:
    budget = 1000 * cores / target
    lines = [f"{count:,} {'real news' if real else 'synthetic'} reports, one warm process; "
             f"budget for {target:,.0f} articles/s on {cores} cores: {budget:.2f} CPU ms per article "
             "(before the parent's share: output, near-duplicate index).", "",
             "| stage | CPU ms/article | share of the budget |", "|---|---:|---:|"]
    lines += [f"| {stage} | {ms:.3f} | {ms / budget:.0%} |" for stage, ms in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--real", action="store_true", help="reports cut from the news corpora in ../shared/corpora")
    parser.add_argument("--target", type=float, default=3000.0, help="articles/s the budget is computed for")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--smoke", action="store_true", help="60 reports, to check the harness (seconds)")
    args = parser.parse_args(argv)
    count = 60 if args.smoke else args.count
    with tempfile.TemporaryDirectory() as scratch:
        folders = Path(scratch)
        for name in ("warm", "stages", "whole"):
            (folders / name).mkdir()
        rows = measure_stages(count, args.real, folders)
    print(markdown(rows, args.target, args.cores, count, args.real))
    return 0


if __name__ == "__main__":
    sys.exit(main())
