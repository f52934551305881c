"""Write N synthetic front-line-style articles (about 2 kB each) to a folder, for scoring and reports.

    python benchmarks/report_articles.py /tmp/articles10k --count 10000

Places per ground sector come from ``../shared/geo/sector_anchors.csv`` (read, never copied); the
sentences are written for this benchmark. Dates spread over 2024-01 … 2026-06, with some articles
undated and a few unreadable files (invalid UTF-8) so the report's error paths are exercised too.
"""
from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

from model.labels import FRONT_SECTORS, REAR_SECTORS

REPO = Path(__file__).resolve().parent.parent
ANCHORS = REPO.parent / "shared" / "geo" / "sector_anchors.csv"
#: Targets of strikes away from the ground front, in REAR_SECTORS order.
REAR_TARGETS = dict(zip(REAR_SECTORS, (
    ("Kyiv", "Lviv", "Odesa", "Dnipro", "Vinnytsia", "Kharkiv"),
    ("Melitopol", "Mariupol", "Berdiansk", "Donetsk"),
    ("Sevastopol", "Kerch", "Feodosiia", "Dzhankoi"),
    ("Belgorod", "Bryansk", "Novorossiysk", "Tuapse"),
)))
START, DAYS = date(2024, 1, 1), 912

GROUND = {
    "high": ["Russian forces launched {n} assaults near {a} and {b} over the past day, the General Staff said; "
             "the heaviest fighting was on the approaches to {a}, where mechanised columns tried to break through.",
             "Fighting for {a} continued street by street. Ukrainian units repelled {n} attacks around {a} and {b}, "
             "and commanders said the enemy had taken {c} after several days of assaults."],
    "moderate": ["Ukrainian troops repelled {k} Russian attacks near {a} and {b}; small groups of infantry "
                 "tried to advance along the tree lines and were pushed back after a few hours of fighting.",
                 "Localised fighting continued near {a}. The enemy advanced several hundred metres towards {b} "
                 "in {k} attempts, a spokesman for the brigade said."],
    "low": ["Russian artillery shelled the outskirts of {a} and {b}; a barn and two houses were damaged and "
            "no one was hurt. The situation near {a} is described as positional, with no significant changes.",
            "Drones struck positions near {a}. Reconnaissance groups were seen near {b}, but no attack followed."],
}
STRIKE = {
    "high": "A combined missile and drone attack hit {a} overnight, killing {d} people and injuring {w}; "
            "rescuers worked through the night at a destroyed apartment block in {a}.",
    "moderate": "Drones hit an energy facility in {a}; {k} people were injured and a fire burned for hours. "
                "Air defence shot down most of a wave of {w} drones over {b}.",
    "low": "Air defence shot down drones approaching {a}. Debris damaged a warehouse roof in {b}; "
           "there were no casualties.",
}
CONTEXT = [
    "Local officials in {a} urged residents to use shelters and said evacuation buses would run again on Friday.",
    "Military analysts noted that the weather had turned, with mud slowing vehicles on the roads to {b}.",
    "Volunteers delivered generators and medicine to villages near {a}, where power has been cut for days.",
    "The regional administration published a list of damaged schools and clinics around {b}.",
    "Ukrainian drone units said they had destroyed several vehicles and an artillery piece near {c}.",
    "Residents who left {a} last year described the town as largely empty, with most shops closed.",
    "Brigade officers said rotation had become harder because supply routes to {b} are under drone watch.",
    "A field hospital near {a} reported treating soldiers with shrapnel wounds through the week.",
    "Engineers laid new anti-tank obstacles on the road between {b} and {c}, officials said.",
    "Mobile phone coverage around {c} was restored after repair crews replaced a damaged mast.",
    "A military chaplain in {a} described long nights in basements as the shelling came and went.",
    "Farmers near {b} said they would not sow the fields this spring because of unexploded ordnance.",
    "Police in {a} continued to help older residents leave, although many refused to go.",
]
POLITICS = [
    "Ministers met in Brussels to discuss the next aid package and the use of frozen Russian assets.",
    "Parliament debated the budget for next year, including pay for soldiers and spending on air defence.",
    "The finance ministry said it expected the next tranche of support before the end of the quarter.",
    "Negotiators discussed a prisoner exchange; officials declined to give details of the timetable.",
    "An economic forum in Kyiv heard calls for insurance schemes to protect investors in reconstruction.",
]


def load_places(anchors: Path = ANCHORS) -> dict[str, list[str]]:
    """Place names per sector: anchors for the ground front, a few strike targets for the rear."""
    places: dict[str, list[str]] = {s: [] for s in FRONT_SECTORS}
    with anchors.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row["sector"] in places:
                places[row["sector"]].append(row["name_en"])
    missing = [s for s, names in places.items() if len(names) < 3]
    if missing:
        raise SystemExit(f"{anchors}: fewer than 3 places for {missing}")
    return {**places, **{s: list(names) for s, names in REAR_TARGETS.items()}}


def article(rng: random.Random, places: dict[str, list[str]]) -> tuple[str, str]:
    """A (date line, text) pair of about 2 kB with a random sector, intensity and date."""
    when = START + timedelta(days=rng.randrange(DAYS))
    level = rng.choices(["none", "low", "moderate", "high"], weights=[2, 4, 4, 3])[0]
    sector = rng.choice(list(places))
    a, b, c = rng.sample(places[sector], 3)
    fill = {"a": a, "b": b, "c": c, "n": rng.randint(25, 70), "k": rng.randint(4, 20), "d": rng.randint(5, 30),
            "w": rng.randint(25, 90)}
    if level == "none":
        paragraphs = rng.sample(POLITICS, len(POLITICS)) * 3
    else:
        lead = STRIKE[level] if sector in REAR_TARGETS else rng.choice(GROUND[level])
        paragraphs = [lead.format(**fill)] + [p.format(**fill) for p in rng.sample(CONTEXT, len(CONTEXT)) * 2]
    text = ""
    for paragraph in paragraphs:  # about 2 kB, whole paragraphs
        text += ("\n\n" if text else "") + paragraph
        if len(text) >= 1900:
            break
    head = "" if rng.random() < 0.05 else f"date {when:%Y-%m-%d}\n"
    return head, text


def write_articles(folder: Path, count: int, seed: int = 0, broken_every: int = 2000) -> int:
    """Write ``count`` articles under ``folder`` (100 per subfolder); every ``broken_every``-th is invalid UTF-8."""
    rng = random.Random(seed)
    places = load_places()
    for i in range(count):
        path = folder / f"{i // 100:04d}" / f"article-{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        head, text = article(rng, places)
        data = (head + text).encode("utf-8")
        path.write_bytes(data[:40] + b"\xff\xfe" + data[40:] if broken_every and i % broken_every == 7 else data)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_articles(args.folder, args.count, args.seed)
    print(f"wrote {args.count} articles under {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
