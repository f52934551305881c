"""Articles per second: Spark on this machine against the local path, on synthetic ~2 kB articles.

    python benchmarks/spark_vs_local.py               # 10k and 100k articles (tens of minutes on 2 cores)
    python benchmarks/spark_vs_local.py --smoke       # 300 articles, to check that it runs
    python benchmarks/spark_vs_local.py --sizes 20000 --workers 2

Three engines score the same folder with the bundled model:
``local``   predict.score_folder in one process;
``local-N`` predict.iter_articles/score_records over N subfolders in N processes;
``spark``   scoring.spark.score on ``local[*]`` (session start-up reported separately).
Each line is printed as JSON; the machine's load average is recorded with it, because other
work on the machine changes the numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import predict  # noqa: E402
from model.loading import BUNDLED_MODEL, load_model  # noqa: E402

SUBFOLDERS = 64
_PLACES = ["Kupiansk", "Pokrovsk", "Lyman", "Siversk", "Huliaipole", "Orikhiv", "Kherson", "Odesa", "Kharkiv", "Sumy"]
_SENTENCES = [
    "Russian forces attacked positions near {place} {n} times over the past day, the General Staff said.",
    "Defenders repelled {n} assaults in the {place} direction; fighting continues near the villages around {place}.",
    "Drones struck an energy facility in {place} overnight, injuring {k} people and damaging homes.",
    "Officials in {place} reported shelling of residential areas and said {k} civilians were wounded.",
    "Analysts noted that the situation near {place} remains difficult, with small infantry groups advancing.",
    "The regional administration said evacuations from frontline settlements near {place} continue.",
    "Ministers discussed sanctions, air defence deliveries and the next aid package at the meeting.",
]


def synthetic_article(rng: random.Random, target_chars: int = 2000) -> str:
    """A made-up report of about ``target_chars`` characters with a leading date line."""
    parts = [f"date 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
    size = 0
    while size < target_chars:
        sentence = rng.choice(_SENTENCES).format(place=rng.choice(_PLACES), n=rng.randint(2, 60), k=rng.randint(1, 20))
        parts.append(sentence)
        size += len(sentence) + 1
    return parts[0] + "\n" + " ".join(parts[1:])


def write_articles(folder: Path, count: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    for i in range(count):
        path = folder / f"part{i % SUBFOLDERS:02d}" / f"article{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(synthetic_article(rng), encoding="utf-8")
    return folder


_WORKER_MODEL = None


def _load_worker_model() -> None:
    global _WORKER_MODEL
    _WORKER_MODEL = load_model(str(BUNDLED_MODEL))


def _score_subfolder(folder: str) -> int:
    return len(predict.score_records(_WORKER_MODEL, list(predict.iter_articles(folder))))


def run_local(folder: Path, out: Path) -> int:
    return len(predict.score_folder(folder, out / "local.csv", str(BUNDLED_MODEL)))


def run_local_parallel(folder: Path, workers: int) -> int:
    subfolders = sorted(str(p) for p in folder.iterdir() if p.is_dir())
    with ProcessPoolExecutor(workers, initializer=_load_worker_model) as pool:
        return sum(pool.map(_score_subfolder, subfolders))


def run_spark(spark, folder: Path, out: Path) -> int:
    from scoring.spark import score

    score(spark, str(folder), str(out / "spark.parquet"), str(BUNDLED_MODEL), overwrite=True)
    return spark.read.parquet(str(out / "spark.parquet")).count()


def timed(engine: str, size: int, job) -> dict:
    start = time.perf_counter()
    rows = job()
    seconds = time.perf_counter() - start
    assert rows == size, f"{engine} scored {rows} of {size} articles"
    result = {"engine": engine, "articles": size, "seconds": round(seconds, 1),
              "articles_per_s": round(size / seconds, 1), "load_avg_1min": round(os.getloadavg()[0], 1)}
    print(json.dumps(result), flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="processes for the local-N engine")
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--engines", nargs="+", default=["local", "local-N", "spark"])
    parser.add_argument("--smoke", action="store_true", help="300 articles only")
    args = parser.parse_args(argv)
    sizes = [300] if args.smoke else args.sizes
    spark = None
    if "spark" in args.engines:
        from scoring.spark import spark_session

        start = time.perf_counter()
        spark = spark_session(args.master, app_name="frontline-benchmark")
        spark.sparkContext.setLogLevel("ERROR")
        print(json.dumps({"engine": "spark", "session_start_s": round(time.perf_counter() - start, 1),
                          "master": args.master, "cores": os.cpu_count()}), flush=True)
    try:
        for size in sizes:
            with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
                folder = write_articles(Path(tmp) / "articles", size)
                out = Path(tmp) / "out"
                out.mkdir()
                if "local" in args.engines:
                    timed("local", size, lambda: run_local(folder, out))
                if "local-N" in args.engines:
                    timed(f"local-{args.workers}", size, lambda: run_local_parallel(folder, args.workers))
                if spark is not None:
                    timed("spark", size, lambda: run_spark(spark, folder, out))
    finally:
        if spark is not None:
            spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
