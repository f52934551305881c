"""The page fixtures: front-line articles written for the project, and page wrappers (menus, cookie
banners, paywalls, "Most read" lists naming other sectors, tickers, photo credits) to put them in."""
from __future__ import annotations

import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLES = sorted((FIXTURES / "pages" / "articles").glob("*.txt"))
WRAPPERS = sorted((FIXTURES / "pages" / "wrappers").glob("*.txt"))
REPORT = FIXTURES / "reports" / "daily_assessment.txt"
REPORT_EXPECTED = FIXTURES / "reports" / "daily_assessment.expected.json"


def article_parts(article: Path) -> tuple[str, str, str]:
    """(title, first paragraph, the other paragraphs) of an article fixture."""
    title, lead, *body = article.read_text(encoding="utf-8").strip().split("\n\n")
    return title, lead, "\n\n".join(body)


def wrap(article: Path, wrapper: Path) -> str:
    """The article as a crawled page: the wrapper with the article's parts filled in."""
    title, lead, body = article_parts(article)
    page = wrapper.read_text(encoding="utf-8")
    return page.replace("{{TITLE}}", title).replace("{{LEAD}}", lead).replace("{{BODY}}", body)


def clutter_lines(wrapper: Path) -> list[str]:
    """The wrapper's own lines: everything on the page that is not the article."""
    lines = wrapper.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("{{")]


def sentences(text: str) -> list[str]:
    """The sentences (and the title) of a text, whitespace-normalised."""
    flat = " ".join(text.split())
    return [s for s in re.split(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])", flat) if s]


def flat(text: str) -> str:
    return " ".join(text.split())
