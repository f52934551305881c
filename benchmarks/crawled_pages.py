"""Gold-labelled news items as crawled pages: how much do page clutter and length cost?

``python benchmarks/crawled_pages.py [--model DIR] [--limit N]`` puts every ``pages`` item of the dev
file into each page wrapper of ``tests/fixtures/pages/wrappers`` (menus, cookie notices, "Most read"
lists, tickers, comment sections) and into a long page (a wrapper, then teaser lists made of other dev
items' opening lines, a comment section and a footer: about 5,000 characters), scores each version with
the model and prints one Markdown table against the gold labels: primary-sector macro-F1 and accuracy,
intensity QWK, and how often the labels equal those of the bare article.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score, f1_score

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the project importable without an install
    sys.path.insert(0, str(REPO))

from model.labels import INTENSITIES  # noqa: E402
from model.loading import load_model  # noqa: E402
from training.data import load_frame  # noqa: E402

DEV = REPO.parent / "shared" / "data" / "dev.jsonl"
WRAPPERS = sorted((REPO / "tests" / "fixtures" / "pages" / "wrappers").glob("*.txt"))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
COMMENTS = "Comments (14)\nThis is terrible. Slava Ukraini!\nReply · Like · 2h\nWhen will this end?\nReply · Like · 1h"
FOOTER = ("About us | Contacts | Advertising | Privacy policy | Terms of use\n"
          "© 2026 News Agency. All rights reserved. Reproduction is allowed only with a hyperlink to the source.")


def wrap(text: str, wrapper: Path) -> str:
    """``text`` as the article of a wrapper page: first sentence as title, next two as lead."""
    parts = _SENTENCE_END.split(text.strip())
    page = wrapper.read_text(encoding="utf-8")
    return (page.replace("{{TITLE}}", parts[0]).replace("{{LEAD}}", " ".join(parts[1:3]))
            .replace("{{BODY}}", " ".join(parts[3:])))


def teaser(text: str, chars: int = 120) -> str:
    """Another item's opening as a teaser line: one line, cut at ``chars`` mid-word."""
    return " ".join(text.split())[:chars]


def long_page(text: str, others: list[str], wrapper: Path) -> str:
    """A wrapper page followed by two teaser lists of ``others``, comments and a footer."""
    half = len(others) // 2
    return "\n\n".join([
        wrap(text, wrapper), "More news\n" + "\n".join(map(teaser, others[:half])), COMMENTS,
        "Editor's picks\n" + "\n".join("- " + teaser(t) for t in others[half:]), FOOTER,
    ])


def versions(items: pd.DataFrame, seed: int = 0) -> dict[str, list[str]]:
    """The texts of every page version, by name."""
    pick = random.Random(seed)
    texts = list(items["text"])
    out = {"bare article": texts}
    for wrapper in WRAPPERS:
        out[f"wrapped: {wrapper.stem}"] = [wrap(t, wrapper) for t in texts]
    out["long page (~5k chars)"] = [
        long_page(t, pick.sample(texts[:i] + texts[i + 1:], min(24, len(texts) - 1)), WRAPPERS[i % len(WRAPPERS)])
        for i, t in enumerate(texts)
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/crawled_pages.py", description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(REPO / "model" / "bundled"), help="model directory")
    parser.add_argument("--limit", type=int, default=None, help="first N pages items only")
    args = parser.parse_args(argv)
    items = load_frame(DEV)
    items = items[items["source"] == "pages"].reset_index(drop=True).iloc[: args.limit]
    model = load_model(args.model)
    gold_rank = items["intensity"].map(INTENSITIES.index)
    bare = None
    print(f"{len(items)} dev `pages` items, model {args.model}\n")
    print("| version | mean chars | primary macro-F1 | primary accuracy | intensity QWK | same primary | same intensity |")
    print("|---|---|---|---|---|---|---|")
    for name, texts in versions(items).items():
        predicted = model.predict(pd.DataFrame({"text": texts, "date": items["date"]}))
        bare = predicted if bare is None else bare
        qwk = cohen_kappa_score(gold_rank, predicted["intensity"].map(INTENSITIES.index), weights="quadratic")
        print(f"| {name} | {sum(map(len, texts)) / len(texts):,.0f} "
              f"| {f1_score(items['primary_sector'], predicted['primary_sector'], average='macro'):.3f} "
              f"| {(items['primary_sector'] == predicted['primary_sector']).mean():.3f} | {qwk:.3f} "
              f"| {(predicted['primary_sector'] == bare['primary_sector']).mean():.3f} "
              f"| {(predicted['intensity'] == bare['intensity']).mean():.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
