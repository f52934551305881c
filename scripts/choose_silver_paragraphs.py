"""Choose the ISW paragraphs given to annotators for ``training/labels/isw_paragraphs.jsonl``
(round 3: ``isw_paragraphs_round3.jsonl``).

    python scripts/choose_silver_paragraphs.py [--round 1|2|3] [--shared ../shared] [--out batches/]

Writes batches of 70 paragraphs (``silver_K.jsonl``: id, date, text; K = 0-5 in round 1, 6-11 in
round 2, 12-16 in round 3, whose last holds 49) — the texts annotators read; they stay out of the
repository. A paragraph is a line of a report (or, for a report whose paragraphs were joined
with ", ", a block as :mod:`model.sections` splits it) of 300-2,000 characters that names a place of the
gazetteer; reports on a date of a dev_long item or of a dev ISW paragraph are left out, and so is
any paragraph that is a near-duplicate (5-gram Jaccard >= 0.5, the rule of
``../shared/data/README.md``) of a dev or train text or of a dev_long paragraph. From those,
shuffled with seed 7: 250 naming places of two or more sectors, then 170 naming one, at most three
per report; the 420 shuffled with seed 3 into batches. (Ten of the labelled paragraphs fell on dates
of dev news items and were dropped from the label file afterwards: `training/silver.py` is given
every dev and dev_long date.) Round 2 takes the candidates round 1 did not, on no date of any dev or
dev_long item: shuffled with seed 11, 300 naming two or more sectors and 120 naming one, at most
three per report, shuffled with seed 13. Round 3 takes the candidates no used line
(``labelled_records`` leaves out ``skip`` lines) of ``training/labels/isw_paragraphs.jsonl`` holds,
on no date of a dev or dev_long item or of a report given to annotators as a document (the
candidates of ``choose_silver_reports.py``, which its three rounds took all of): seeds 17 and 19,
300 and 120; the three-per-report cap stops it at 329. (A paragraph of a report the corpus holds
under two dates passes the date and digest test, and so does a paragraph labelled ``skip`` before:
34 repeated texts were dropped from the label file afterwards.) (The gazetteer decides which
paragraphs name a place, so rounds 1 and 2 are reproduced with the code of their day, commit
b1ccb35.)
"""
from __future__ import annotations

import collections
import random
import re
from pathlib import Path

from model.gazetteer import Gazetteer
from model.sections import _comma_joined_blocks, _is_comma_joined
from training.corpus import labelled_dates, labelled_records, read_records
from training.silver import ISW_CORPUS, batch_options, paragraph_digest, write_batch

from choose_silver_reports import candidates as document_candidates  # the script beside this one


def grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}


def paragraphs(text: str) -> list[str]:
    if _is_comma_joined(text):
        return [text[start:end] for start, end, level in _comma_joined_blocks(text) if not level]
    return text.split("\n")


def candidates(shared: Path) -> list[dict]:
    dev, dev_long, train = (list(read_records(shared / "data" / f"{name}.jsonl")) for name in ("dev", "dev_long", "train"))
    left_out = {str(d["date"])[:10] for d in dev_long} | {d["id"][4:14] for d in dev if d["source"] == "isw"}
    reference = [grams(d["text"]) for d in dev + train]
    reference += [grams(p) for d in dev_long for p in paragraphs(d["text"]) if len(p) > 200]
    index = collections.defaultdict(set)
    for k, g in enumerate(reference):
        for gram in g:
            index[gram].add(k)
    gazetteer, pool = Gazetteer.default(), []
    for report in read_records(shared / ISW_CORPUS):
        if report["date"] in left_out:
            continue
        for i, paragraph in enumerate(paragraphs(report["text"])):
            paragraph = paragraph.strip()
            if not 300 <= len(paragraph) <= 2000:
                continue
            g = grams(paragraph)
            shared_grams = collections.Counter(k for gram in g for k in index.get(gram, ()))
            if any(n / len(g | reference[k]) >= 0.5 for k, n in shared_grams.items()):
                continue
            sectors = {m.sector for m in gazetteer.find(paragraph, report["date"]) if m.sector}
            if sectors:
                pool.append({"id": f"iswc-{report['date']}-p{i:03d}", "date": report["date"], "text": paragraph,
                             "n": len(sectors)})
    return pool


def chosen(pool: list[dict], seeds: tuple[int, int] = (7, 3), counts: tuple[int, int] = (250, 170)) -> list[dict]:
    """``counts`` paragraphs naming several sectors and one sector, at most three per report, from
    ``pool`` shuffled with the first seed; the pick shuffled with the second."""
    random.seed(seeds[0])
    random.shuffle(pool)
    per_report: collections.Counter = collections.Counter()

    def take(items: list[dict], k: int) -> list[dict]:
        out = []
        for item in items:
            if per_report[item["date"]] < 3:
                per_report[item["date"]] += 1
                out.append(item)
                if len(out) == k:
                    break
        return out

    picked = take([p for p in pool if p["n"] >= 2], counts[0]) + take([p for p in pool if p["n"] == 1], counts[1])
    random.seed(seeds[1])
    random.shuffle(picked)
    return picked


def second_round(pool: list[dict], shared: Path) -> list[dict]:
    """Round 2: the candidates round 1 did not take, on no date of a dev or dev_long item."""
    first = {p["id"] for p in chosen(list(pool))}
    dates = labelled_dates([shared / "data" / "dev.jsonl", shared / "data" / "dev_long.jsonl"])
    rest = [p for p in pool if p["id"] not in first and p["date"] not in dates]
    return chosen(rest, seeds=(11, 13), counts=(300, 120))


def third_round(pool: list[dict], shared: Path) -> list[dict]:
    """Round 3: the candidates no silver label holds, on no date of a dev or dev_long item or of a report
    given to annotators as a document (any round of ``choose_silver_reports.py``)."""
    labels = Path(__file__).resolve().parents[1] / "training" / "labels"
    labelled = {(r["report"][4:], r["sha1"]) for _, r in labelled_records(labels / "isw_paragraphs.jsonl")}
    dates = labelled_dates([shared / "data" / "dev.jsonl", shared / "data" / "dev_long.jsonl"])
    dates |= {r["date"] for r in document_candidates(shared)}  # rounds 1-3 of the documents took them all
    rest = [p for p in pool if p["date"] not in dates and (p["date"], paragraph_digest(p["text"])) not in labelled]
    return chosen(rest, seeds=(17, 19), counts=(300, 120))


#: Per round: how its paragraphs are picked.
ROUNDS = {1: lambda pool, shared: chosen(pool), 2: second_round, 3: third_round}


def main() -> None:
    args = batch_options(__doc__.splitlines()[0], Path(__file__).resolve().parents[2] / "shared")
    pool = candidates(args.shared)
    picked = ROUNDS[args.round](pool, args.shared)
    first = 6 * (args.round - 1)
    for b in range(0, len(picked), 70):  # round 3 finds 329 (at most three per report)
        write_batch(args.out / f"silver_{first + b // 70}.jsonl", picked[b:b + 70])

if __name__ == "__main__":
    main()
