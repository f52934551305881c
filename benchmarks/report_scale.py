"""How long and how much memory ``frontline-report`` takes on a big scores file.

    python benchmarks/report_scale.py SEED_SCORES.csv --rows 1000000 --work /tmp/report_scale

Writes a ``--rows`` CSV by repeating the rows of ``SEED_SCORES.csv`` (a real ``predict.py`` output)
with fresh paths and dates spread over three years, chunk by chunk, then runs the report in a
child process and prints its wall time and peak resident memory.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
WRITE_CHUNK = 100_000


def write_big_scores(seed_scores: Path, rows: int, out: Path, seed: int = 0) -> Path:
    """A ``rows``-row scores CSV made of ``seed_scores`` rows with new paths and dates."""
    base = pd.read_csv(seed_scores, dtype=str, keep_default_na=False)
    rng = np.random.default_rng(seed)
    days = pd.date_range("2023-07-01", periods=3 * 365, freq="D").strftime("%Y-%m-%d").to_numpy()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as stream:
        for start in range(0, rows, WRITE_CHUNK):
            n = min(WRITE_CHUNK, rows - start)
            chunk = base.iloc[rng.integers(0, len(base), n)].reset_index(drop=True)
            chunk["path"] = [f"big/{i:07d}.txt" for i in range(start, start + n)]
            dated = chunk["date"] != ""
            chunk.loc[dated, "date"] = rng.choice(days, int(dated.sum()))
            chunk.to_csv(stream, index=False, header=start == 0)
    return out


def measure(scores: Path, html: Path) -> dict:
    """Run the report in a child process; its wall seconds and peak RSS (MiB)."""
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scoring.report", str(scores), "-o", str(html)], check=True, cwd=REPO,
                   env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "MLFLOW_DISABLE_TELEMETRY": "true"})
    seconds = time.perf_counter() - began
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"rows": sum(1 for _ in scores.open(encoding="utf-8")) - 1, "csv_mib": round(scores.stat().st_size / 2**20, 1),
            "seconds": round(seconds, 1), "peak_rss_mib": round(peak_kib / 1024, 1),
            "html_kib": round(html.stat().st_size / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed_scores", type=Path, help="a predict.py output to repeat")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/report_scale"))
    args = parser.parse_args(argv)
    scores = write_big_scores(args.seed_scores, args.rows, args.work / f"scores_{args.rows}.csv")
    print(json.dumps(measure(scores, args.work / "report.html")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
