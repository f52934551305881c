"""Place matching speed: articles per second on one core, on generated ~2 kB reports.

    python benchmarks/gazetteer_speed.py [--articles 3000] [--smoke]

Prints the rate of ``Gazetteer.scan`` (the automaton pass alone) and of ``Gazetteer.find``
(scan plus resolving every mention to a sector). The target of issue 3 is ≥ 5,000 articles/s
for matching. Loading the tables is timed separately and excluded.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.gazetteer import Gazetteer  # noqa: E402

_SENTENCES = [
    "Russian forces attacked Ukrainian positions near {p} and {q} {n} times over the past day.",
    "Fighting continued in the {d} direction, where Ukrainian units repelled assaults near {p}.",
    "A guided bomb struck a residential building in {p}, injuring {n} civilians, the regional governor said.",
    "Geolocated footage published on {day} shows Russian troops advancing west of {p} towards {q}.",
    "Ukrainian drones hit a fuel depot on the outskirts of {p}; no casualties were reported.",
    "The General Staff said {n} combat clashes took place along the front line, most of them near {p}.",
    "Officials in {p} announced the evacuation of families with children from {q} and nearby villages.",
    "Parliament debated the budget on {day}, and the minister discussed the aid package with partners.",
    "Analysts say the pressure on {p} is part of a wider effort to reach the administrative border.",
    "Air defence shot down {n} of the drones launched overnight; debris fell in {p} district.",
]
_DIRECTIONS = ["Pokrovsk", "Kupiansk", "Lyman", "Huliaipole", "Kostiantynivka", "Orikhiv", "Siversk", "Kramatorsk"]


def articles(gazetteer: Gazetteer, count: int, seed: int = 0, size: int = 2000) -> list[str]:
    """``count`` reports of about ``size`` characters naming places of the front and the rear."""
    rng = random.Random(seed)
    front = [p.name for p in gazetteer.places if p.snaps and p.country == "UA"]
    rear = [p.name for p in gazetteer.places if p.category == "M"]
    out = []
    for _ in range(count):
        text = []
        while sum(map(len, text)) < size:
            template = rng.choice(_SENTENCES)
            text.append(template.format(
                p=rng.choice(front), q=rng.choice(front + rear), d=rng.choice(_DIRECTIONS),
                n=rng.randint(2, 60), day=f"March {rng.randint(1, 28)}",
            ))
        out.append(" ".join(text))
    return out


def rate(function, texts: list[str]) -> float:
    """Articles per CPU second of this process (one core), robust to other load on the machine."""
    start = time.process_time()
    for text in texts:
        function(text)
    return len(texts) / (time.process_time() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--smoke", action="store_true", help="a few hundred articles, for CI")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    gazetteer = Gazetteer.default()
    print(f"load: {time.perf_counter() - start:.2f} s")
    texts = articles(gazetteer, 200 if args.smoke else args.articles)
    mean = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} articles of {mean:.0f} characters on average")
    print(f"scan (automaton pass): {rate(gazetteer.scan, texts):,.0f} articles/s per core")
    print(f"find (scan + resolve): {rate(gazetteer.find, texts):,.0f} articles/s per core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
