"""Choose the whole ISW reports given to annotators for ``training/labels/isw_reports.jsonl``
(round 3: ``isw_reports_round3.jsonl``).

    python scripts/choose_silver_reports.py [--round 1|2|3] [--shared ../shared] [--out batches/]

Candidates: the reports of 15,000-35,000 characters from 2022-05-01 on, on no date of a dev or
dev_long item (120). Round 1: 24 of them (``random.seed(5)``, ``random.sample``), sorted by id and
dealt round the six batches of four (``docs_0`` … ``docs_5``). Round 2: of those round 1 did not
take, the ones on no date of a train ISW paragraph either (a section the model was fitted on would
make its document look easier than dev_long's), shuffled with seed 6, the first 40 sorted and dealt
round eight batches of five (``docs_8`` … ``docs_15``; 6 and 7 were dev_long reports given blind to
measure the brief). Round 3: the 56 candidates rounds 1 and 2 did not take, sorted and dealt round
eight batches of seven (``docs_16`` … ``docs_23``; the corpus holds some reports twice under two
dates, so 8 of them, a dev_long text, texts holding dev paragraphs and repeats, were dropped from
the label file afterwards). Each line: id, date, text — the texts annotators read; they stay out of
the repository.
"""
from __future__ import annotations

import random
from pathlib import Path

from training.corpus import labelled_dates, read_records
from training.silver import ISW_CORPUS, batch_options, write_batch


def candidates(shared: Path) -> list[dict]:
    """The long reports of the corpus, in its order, on no date of a dev or dev_long item."""
    held_out = labelled_dates([shared / "data" / "dev.jsonl", shared / "data" / "dev_long.jsonl"])
    return [r for r in read_records(shared / ISW_CORPUS)
            if 15_000 <= len(r["text"]) <= 35_000 and r["date"] >= "2022-05-01" and r["date"] not in held_out]


def first_round(pool: list[dict]) -> list[dict]:
    random.seed(5)
    return random.sample(pool, 24)


def second_round(pool: list[dict], shared: Path) -> list[dict]:
    taken = {r["id"] for r in first_round(pool)}
    trained = {r["date"] for r in read_records(shared / "data" / "train.jsonl") if r["id"].startswith("isw-")}
    rest = [r for r in pool if r["id"] not in taken and r["date"] not in trained]
    random.Random(6).shuffle(rest)
    return rest[:40]


def third_round(pool: list[dict], shared: Path) -> list[dict]:
    taken = {r["id"] for r in first_round(pool) + second_round(pool, shared)}
    return [r for r in pool if r["id"] not in taken]


#: Per round: how its reports are picked, the first batch's number and the number of batches.
ROUNDS = {1: (lambda pool, shared: first_round(pool), 0, 6), 2: (second_round, 8, 8), 3: (third_round, 16, 8)}


def main() -> None:
    args = batch_options(__doc__.splitlines()[0], Path(__file__).resolve().parents[2] / "shared")
    pool = candidates(args.shared)
    pick, first, batches = ROUNDS[args.round]
    picked = sorted(pick(pool, args.shared), key=lambda r: r["id"])
    for b in range(batches):
        write_batch(args.out / f"docs_{first + b}.jsonl", picked[b::batches])

if __name__ == "__main__":
    main()
