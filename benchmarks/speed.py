"""End-to-end scoring speed: single process, worker processes, and the read-and-tokenize floor.

Writes folders of 1k, 10k and 100k synthetic ~2 kB front-line reports into a temporary folder,
scores each with ``predict.py`` (CSV output) in a subprocess, and prints one Markdown table:
articles/s, MB/s, CPU per article and peak RSS and PSS of the whole process tree, per size and path,
with the ratios computed within this run. ``--smoke`` runs in seconds (CI runs it).

    python benchmarks/speed.py                 # 1k, 10k, 100k (about half an hour on 2 cores)
    python benchmarks/speed.py --sizes 1000 10000
    python benchmarks/speed.py --smoke
    python benchmarks/speed.py --sizes 10000 --real    # real news text, cut to ~2 kB per file

``--real`` builds the folder from the news corpora in ``../shared/corpora`` (read at run time,
never copied into the repository): every article cut at sentence ends into ~2 kB files with their
date line, cycled until the folder has the size asked for. Synthetic reports are denser in place
names than real news, so the two together bracket the cost of the place layer.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# -- synthetic reports -----------------------------------------------------------------------------
_PLACES = ("Kupiansk Borova Lyman Siversk Kramatorsk Kostiantynivka Toretsk Pokrovsk Myrnohrad Novopavlivka "
           "Kurakhove Huliaipole Orikhiv Stepnohirsk Kherson Nikopol Vovchansk Kharkiv Sumy Zaporizhzhia "
           "Odesa Dnipro Kryvyi Rih Sloviansk Chasiv Yar Bakhmut Avdiivka Dobropillia").split()
_OPENERS = ("Russian forces launched {n} assaults near {p}", "Ukrainian defenders repelled {n} attacks around {p}",
            "The General Staff reported {n} combat clashes in the {p} direction",
            "Drones struck a fuel depot outside {p}", "Artillery shelled residential areas of {p}",
            "A glide bomb hit an apartment block in {p}, injuring {n} people",
            "Assault groups tried to infiltrate the outskirts of {p}",
            "Air defence shot down {n} drones over {p} overnight",
            "Fighting continued in the forest belts west of {p}", "Mechanised columns advanced towards {p}")
_MIDDLES = ("according to the regional military administration", "a brigade spokesman said on television",
            "the situation remains difficult but under control", "losses on both sides could not be verified",
            "evacuation of civilians from frontline villages continues", "geolocated footage showed burning vehicles",
            "the enemy used FPV drones and guided aerial bombs", "no significant changes in the front line were recorded")
_CLOSERS = ("Analysts expect pressure to continue", "Local officials urged residents to stay in shelters",
            "Repair crews restored power to part of the city", "The defence ministry did not comment",
            "Partners discussed new air defence deliveries", "Reinforcements arrived in the area this week")


def synthetic_report(pick: random.Random, target: int = 2000) -> str:
    """One ~``target``-character report with a leading ``date`` line."""
    parts = [f"date 2025-{pick.randint(1, 12):02d}-{pick.randint(1, 28):02d}"]
    size = 0
    while size < target:
        sentence = (pick.choice(_OPENERS).format(n=pick.randint(2, 90), p=pick.choice(_PLACES))
                    + f", {pick.choice(_MIDDLES)}. {pick.choice(_CLOSERS)} in {pick.choice(_PLACES)}.")
        parts.append(sentence)
        size += len(sentence) + 1
    return parts[0] + "\n" + " ".join(parts[1:])


def write_folder(folder: Path, count: int, seed: int = 0) -> int:
    """``count`` report files in sub-folders of 1,000; returns the total bytes written."""
    pick, total = random.Random(seed), 0
    for i in range(count):
        path = folder / f"{i // 1000:04d}" / f"report-{i:07d}.txt"
        if i % 1000 == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        data = synthetic_report(pick).encode()
        path.write_bytes(data)
        total += len(data)
    return total


def real_reports(corpora: Path, target: int = 2000) -> list[str]:
    """Texts of the news corpora under ``corpora`` cut at sentence ends into ~``target``-character
    reports, each with a leading ``date`` line (when the record has a date)."""
    reports = []
    for path in sorted(corpora.glob("*/*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                text, day = " ".join(str(record.get("text") or "").split(" ")), str(record.get("date") or "")[:10]
                head = f"date {day}\n" if len(day) == 10 else ""
                while len(text.strip()) > 200:
                    ends = [at + 1 for at in (text.find(". ", target), text.find("\n", target)) if at >= 0]
                    cut = min(ends, default=len(text))
                    reports.append(head + text[:cut].strip())
                    text = text[cut:]
    return reports


def write_real_folder(folder: Path, count: int, corpora: Path | None = None) -> int:
    """Like :func:`write_folder`, with reports cut from the real news corpora (see :func:`real_reports`)."""
    reports = real_reports(corpora or REPO.parent / "shared" / "corpora")
    if not reports:
        raise SystemExit(f"--real: no corpus texts found under {corpora or REPO.parent / 'shared' / 'corpora'}")
    total = 0
    for i in range(count):
        path = folder / f"{i // 1000:04d}" / f"report-{i:07d}.txt"
        if i % 1000 == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        data = reports[i % len(reports)].encode()
        path.write_bytes(data)
        total += len(data)
    return total


# -- measuring a process tree ----------------------------------------------------------------------
def _tree(root: int) -> set[int]:
    """``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return tree


def _tree_memory(root: int) -> tuple[int, int]:
    """Resident memory (bytes) of a process tree: the sum of RSS, which counts the pages forked
    workers share with their parent once per process, and the sum of PSS, which splits them."""
    rss = pss = 0
    for pid in _tree(root):
        try:
            with open(f"/proc/{pid}/statm") as handle:
                rss += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                pss += next(int(line.split()[1]) * 1024 for line in handle if line.startswith("Pss:"))
        except (OSError, IndexError, ValueError, StopIteration):
            continue
    return rss, pss


@dataclass
class Measurement:
    seconds: float
    cpu_seconds: float
    peak_rss: int
    peak_pss: int


def measure(command: list[str]) -> Measurement:
    """Run ``command``; wall time, CPU time of the process tree, peak RSS and PSS of the tree (sampled)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, stop = [0, 0], threading.Event()

    def sample():
        while not stop.wait(0.1):
            peak[:] = map(max, peak, _tree_memory(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{errors.decode(errors='replace')}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measurement(seconds, cpu, *peak)


# -- the floor: read and tokenize only -------------------------------------------------------------
def _tokenize_files(paths: list[str]) -> int:
    from model.article import parse_article
    from model.text import analyze

    return sum(len(analyze(parse_article(Path(p).read_text(encoding="utf-8")).text)) for p in paths)


def floor_run(folder: str, workers: int) -> None:
    """Read, parse and tokenize every ``.txt`` file under ``folder`` (the practical limit)."""
    paths = (str(p) for p in sorted(Path(folder).rglob("*.txt")))
    batches = iter(lambda: [p for _, p in zip(range(256), paths)], [])
    if workers <= 1:
        for batch in batches:
            _tokenize_files(batch)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        for _ in pool.map(_tokenize_files, batches):
            pass


# -- the benchmark ---------------------------------------------------------------------------------
def paths_to_measure(workers: int) -> list[tuple[str, int, list[str]]]:
    """(label, processes, command template) per path; ``{folder}``/``{out}`` are filled in per size."""
    here = str(Path(__file__).resolve())
    predict = [sys.executable, str(REPO / "predict.py"), "{folder}", "--out", "{out}", "--quiet"]
    floor = [sys.executable, here, "--floor-run", "{folder}", "--workers"]
    return [  # worker processes first: the headline figure, should a long run be cut short
        (f"predict.py, {workers} worker processes (-j {workers})", workers, predict + ["--workers", str(workers)]),
        (f"floor: read + tokenize, {workers} processes", workers, floor + [str(workers)]),
        ("predict.py, single process (-j 1)", 1, predict + ["--workers", "1"]),
        ("floor: read + tokenize, 1 process", 1, floor + ["1"]),
    ]


def run_benchmark(sizes: list[int], workers: int, scratch: Path, real: bool = False) -> list[dict]:
    rows = []
    for size in sizes:
        folder = scratch / f"articles-{size}"
        total_bytes = write_real_folder(folder, size) if real else write_folder(folder, size)
        for label, processes, template in paths_to_measure(workers):
            out = scratch / f"scores-{size}.csv"
            command = [part.format(folder=folder, out=out) for part in template]
            result = measure(command)
            rows.append({"size": size, "path": label, "processes": processes, "seconds": result.seconds, "cpu": result.cpu_seconds,
                         "rss": result.peak_rss, "pss": result.peak_pss, "mb": total_bytes / 1e6})
            print(f"  {size:>7} {label}: {result.seconds:.1f} s wall, {result.cpu_seconds:.1f} s CPU, "
                  f"peak RSS {result.peak_rss / 2**20:.0f} MB, PSS {result.peak_pss / 2**20:.0f} MB", file=sys.stderr, flush=True)
            out.unlink(missing_ok=True)
        shutil.rmtree(folder)
    return rows


def markdown(rows: list[dict], workers: int) -> str:
    """The results table, with ratios to the floor and growth relative to the smallest size."""
    smallest = min(r["size"] for r in rows)
    per_article = {(r["size"], r["path"]): r["seconds"] / r["size"] for r in rows}
    lines = ["| articles | path | articles/s | MB/s | CPU ms/article | peak RSS (tree) | peak PSS (tree) "
             "| wall time vs floor (same cores) | wall µs/article vs smallest size |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        floor = next(x for x in rows if x["size"] == r["size"] and x["path"].startswith("floor")
                     and x["processes"] == r["processes"])
        versus_floor = r["seconds"] / floor["seconds"]
        growth = per_article[(r["size"], r["path"])] / per_article[(smallest, r["path"])]
        lines.append(f"| {r['size']:,} | {r['path']} | {r['size'] / r['seconds']:,.0f} | {r['mb'] / r['seconds']:.2f} "
                     f"| {1000 * r['cpu'] / r['size']:.2f} | {r['rss'] / 2**20:,.0f} MB | {r['pss'] / 2**20:,.0f} MB "
                     f"| {versus_floor:.1f}× | {growth:.2f}× |")
    speedups = []
    for size in sorted({r["size"] for r in rows}):
        scoring = [r for r in rows if r["size"] == size and r["path"].startswith("predict.py")]
        single = [r for r in scoring if r["processes"] == 1]
        multi = [r for r in scoring if r["processes"] > 1]
        if single and multi:
            speedups.append(f"{size:,}: {single[0]['seconds'] / multi[0]['seconds']:.2f}×")
    lines.append("")
    if speedups:
        lines.append(f"Speed-up of {workers} worker processes over the single process: " + ", ".join(speedups) + ".")
    lines.append(f"Machine: {os.cpu_count()} cores; 1-minute load average at the end {os.getloadavg()[0]:.1f}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--smoke", action="store_true", help="one tiny folder, to check the harness (seconds)")
    parser.add_argument("--real", action="store_true",
                        help="reports cut from the news corpora in ../shared/corpora instead of synthetic ones")
    parser.add_argument("--scratch", help="folder for the generated articles (default: a temporary folder)")
    parser.add_argument("--floor-run", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_run:
        floor_run(args.floor_run, args.workers)
        return 0
    sizes = [60] if args.smoke else args.sizes
    with tempfile.TemporaryDirectory(dir=args.scratch) as scratch:
        rows = run_benchmark(sizes, args.workers, Path(scratch), args.real)
    print(("Real news reports (../shared/corpora, cut to ~2 kB).\n\n" if args.real else "") + markdown(rows, args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
