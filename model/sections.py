"""Splitting long reports into sections to be scored one by one: paragraphs, each under its headings.

A daily assessment reports on every sector of the front under headings ("Key Takeaways",
"Russian Main Effort—Eastern Ukraine", "Russian Subordinate Main Effort—Donetsk Oblast",
"Russian Supporting Effort—Southern Axis", "Ukrainian Counteroffensives", ...). One paragraph usually
reports on one sector, so :func:`split_sections` returns paragraphs, each carrying the heading it
stands under (and the path of headings above it). A section's text is an exact slice of the input:
``text[s.start:s.start + len(s.text)] == s.text``.

Two layouts are read: lines (one paragraph per line, or paragraphs separated by blank lines, with
hard-wrapped lines rejoined; Markdown ``#`` and wiki ``==`` headings), and reports whose paragraph
breaks were lost when they were joined with ", " (as in part of the ISW corpus).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from model.clean import CLOSERS, CLOSING, ends_sentence, is_table_row

#: What may stand beside a heading on its line ("**Pokrovsk direction**", "Lyman direction:",
#: "=== LYMAN DIRECTION ===", "## Kupiansk |"), besides upper-case words ("— MOST ACTIVE").
HEADING_MARKUP = " \t\xa0*:.—–-=#|"
_HEADING_REST = re.compile(r"[" + re.escape(HEADING_MARKUP) + r"A-Z'’]*")


def ends_a_heading(text: str, position: int) -> bool:
    """Whether what follows ``position`` on its line leaves the line a heading: nothing but
    markup and upper-case words, so the text under it is the heading's; a table's row ("| Kramatorsk
    | — | — |") is none."""
    end = line_end(text, position)
    return not is_table_row(text[position:end]) and bool(_HEADING_REST.fullmatch(text, position, end))


def line_end(text: str, position: int) -> int:
    """Where the line holding ``position`` ends: at its newline, or at the text's end."""
    end = text.find("\n", position)
    return len(text) if end < 0 else end


@dataclass(frozen=True)
class Section:
    """One scoreable piece of a document: ``text`` starts at character ``start`` of the document."""

    index: int
    start: int
    text: str
    #: The innermost heading the text stands under ("" when none).
    heading: str = ""
    #: All headings above the text, outermost first.
    headings: tuple[str, ...] = ()

    @property
    def titled_text(self) -> str:
        """The text preceded by its headings, one per line (what a reader of the section sees)."""
        return "\n".join([*self.headings, self.text])


def split_sections(text: str, max_chars: int = 4000, min_chars: int = 0) -> list[Section]:
    """Paragraph-sized sections of ``text``, each under its heading.

    Paragraphs longer than ``max_chars`` are cut between sentences; consecutive paragraphs under the
    same headings are merged while a section is shorter than ``min_chars`` (0: one paragraph per
    section). Blank text gives no sections.
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sections expects a str, got {type(text).__name__}")
    if max_chars < 1 or min_chars < 0:
        raise ValueError(f"max_chars must be positive and min_chars non-negative, got {max_chars}, {min_chars}")
    blocks = _comma_joined_blocks(text) if _is_comma_joined(text) else _line_blocks(text)
    pieces: list[tuple[int, int, tuple[str, ...]]] = []
    path: list[tuple[int, str]] = []  # (level, heading) from the outermost heading in
    for start, end, level in blocks:
        if level:
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, " ".join(_heading_text(text[start:end]).split())))
        else:
            pieces.append((start, end, tuple(heading for _, heading in path)))
    sections: list[Section] = []
    for start, end, headings in _merge(pieces, min_chars, max_chars):
        for piece_start, piece_end in _cut(text, start, end, max_chars):
            sections.append(Section(len(sections), piece_start, text[piece_start:piece_end],
                                    headings[-1] if headings else "", headings))
    return sections


# --- headings --------------------------------------------------------------------------------------

#: Words of report headings: what a heading line without its own markup is recognised by when the
#: paragraph breaks were lost, and what tells a sub-heading from a heading.
_HEADING_WORDS = re.compile(
    r"\b(?:key takeaways|effort|axis|counteroffensives?|activities in|mobilization|force generation"
    r"|items to watch|indicators|inflections?|direction|front|sector|operations? in|significant activity"
    r"|rear areas|ukraine\s*:)",
    re.IGNORECASE,
)
_SUBHEADING = re.compile(
    r"^(?:russian\s+)?subordinate\b|^(?:northern|southern|eastern|western|central|north|south|east|west)"
    r"(?:ern)?\s+ukraine\s*:",
    re.IGNORECASE,
)
#: "Kupiansk direction", "Pokrovsk sector": a sub-heading under an effort or axis heading.
_DIRECTION = re.compile(r"\b(?:direction|sector)\b", re.IGNORECASE)
#: A date or time line in a report's header ("March 18", "April 24, 7pm ET").
_DATELINE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?\b[\d:apmest ,]*$"
    r"|\d{1,2}(?::\d{2})? ?(?:am|pm)?(?: et| est| edt)?$",
    re.IGNORECASE,
)
_MARKDOWN = re.compile(r"^(#{1,6})\s+\S|^(={1,6})\s*[^=\s].*?\s*\2$")
_MAX_HEADING_WORDS = 25
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\W*$")
_MAX_HEADING_CHARS = 300
_TERMINALS = ".!?…;,"


def _heading_level(line: str) -> int:
    """The heading level of a stripped line (1 outermost), or 0 when it is not a heading by its form:
    short, starting with a capital, not ending a sentence or a clause."""
    markdown = _MARKDOWN.match(line)
    if markdown:
        return len(markdown.group(1) or markdown.group(2))
    name = _TRAILING_PARENTHESIS.sub("", line)  # "Southern Axis (Russian objective: ...)"
    if not name or len(line) > _MAX_HEADING_CHARS or name.count(" ") >= _MAX_HEADING_WORDS:
        return 0
    if not (line[0].isupper() or line[0].isdigit()) or name.rstrip(CLOSERS)[-1:] in tuple(_TERMINALS):
        return 0
    if _SUBHEADING.search(line) or (_DIRECTION.search(line) and "effort" not in line.lower()):
        return 2
    return 1


def _heading_text(line: str) -> str:
    return line.strip().strip("#=").strip().rstrip(":").strip()


# --- layouts ---------------------------------------------------------------------------------------

def _line_blocks(text: str) -> list[tuple[int, int, int]]:
    """(start, end, heading level or 0) of the headings and paragraphs of a text laid out in lines.

    A heading is a heading-like line that opens a block (at the start, after a blank line, a finished
    paragraph or another heading) and is followed by more text that does not continue it. A paragraph
    runs until a line ends a sentence, or until a blank line.
    """
    lines = _stripped_lines(text)
    blocks: list[tuple[int, int, int]] = []
    open_start = open_end = -1
    for i, (start, end) in enumerate(lines):
        if start == end:  # blank line
            if open_start >= 0:
                blocks.append((open_start, open_end, 0))
                open_start = -1
            continue
        line = text[start:end]
        if open_start < 0:
            level = _heading_level(line)
            following = _next_line(text, lines, i)
            if level and following and not following[0].islower():
                blocks.append((start, end, level))
                continue
            open_start = start
        open_end = end
        if ends_sentence(line):
            blocks.append((open_start, open_end, 0))
            open_start = -1
    if open_start >= 0:
        blocks.append((open_start, open_end, 0))
    return blocks


def _stripped_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text`` without its surrounding whitespace (start == end: blank)."""
    spans = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        start = position + (raw.find(stripped) if stripped else 0)
        spans.append((start, start + len(stripped)))
        position += len(raw) + 1
    return spans


def _next_line(text: str, lines: list[tuple[int, int]], i: int) -> str:
    for start, end in lines[i + 1:]:
        if start < end:
            return text[start:end]
    return ""


#: A paragraph break in a report whose paragraphs were joined with ", ": a sentence end, a comma (a
#: paragraph's trailing no-break space may stand before it: "Svatove.\xa0,Russian"), and a capital.
#: Initials and abbreviations ("U.S.,", "etc.,") are not breaks.
_JOINED_BREAK = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<!\betc\.)(?<=[.!?”\"])[ \t\xa0]*,[\s,\xa0]*(?=[A-Z“\"(\[])")


def _is_comma_joined(text: str) -> bool:
    body = text.strip()
    return "\n" not in body and len(body) > 2000 and len(_JOINED_BREAK.findall(body)) >= 5


def _comma_joined_blocks(text: str) -> list[tuple[int, int, int]]:
    """(start, end, heading level or 0) in a report joined with ", ": paragraphs end at a sentence end
    followed by a comma; a heading is a short report-heading phrase before a comma at the start of a
    paragraph ("Key Takeaways,The Kremlin ...")."""
    blocks: list[tuple[int, int, int]] = []
    start = len(text) - len(text.lstrip())
    breaks = [match.start() for match in _JOINED_BREAK.finditer(text)] + [len(text.rstrip())]
    for end in breaks:
        start = _leading_headings(text, start, end, blocks)
        if start < end:
            blocks.append((start, end, 0))
        start = _skip(text, end + 1)
    return blocks


def _leading_headings(text: str, start: int, end: int, blocks: list[tuple[int, int, int]]) -> int:
    """Move the headings at the start of ``text[start:end]`` into ``blocks``; where the paragraph starts."""
    while True:
        comma = _top_level_comma(text, start, end)
        if comma < 0:
            comma = end  # the whole piece may be a heading: "..., Russian Supporting Effort—Southern Axis"
        candidate = text[start:comma].strip()
        if _DATELINE.match(candidate):  # part of the report's header: skipped
            start = _skip(text, comma + 1)
            continue
        level = _heading_level(candidate) if candidate else 0
        if not level or not _HEADING_WORDS.search(candidate):
            return start
        blocks.append((start, start + len(text[start:comma].rstrip()), level))
        start = _skip(text, comma + 1)
        if start >= end:
            return end


def _top_level_comma(text: str, start: int, end: int) -> int:
    """The first comma outside parentheses in ``text[start:end]`` within heading length, or -1."""
    depth = 0
    for position in range(start, min(end, start + _MAX_HEADING_CHARS)):
        char = text[position]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            return position
    return -1


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " ,\t\r\n\xa0":
        position += 1
    return position


# --- sizing ----------------------------------------------------------------------------------------

def _merge(pieces: list[tuple[int, int, tuple[str, ...]]], min_chars: int, max_chars: int):
    """Consecutive pieces under the same headings joined while shorter than ``min_chars``."""
    merged: list[tuple[int, int, tuple[str, ...]]] = []
    for start, end, headings in pieces:
        if merged:
            last_start, last_end, last_headings = merged[-1]
            if (last_headings == headings and last_end - last_start < min_chars
                    and end - last_start <= max_chars):
                merged[-1] = (last_start, end, headings)
                continue
        merged.append((start, end, headings))
    return merged


_SENTENCE_END = re.compile(r"[.!?…]" + CLOSING + r"*\s+")


def _cut(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``max_chars``, cut after sentences where possible,
    else at a space, else anywhere."""
    pieces = []
    while end - start > max_chars:
        limit = start + max_chars
        cut = max((m.end() for m in _SENTENCE_END.finditer(text, start, limit)), default=-1)
        if cut <= start:
            cut = text.rfind(" ", start + 1, limit) + 1 or limit
        piece_end = start + len(text[start:cut].rstrip())
        pieces.append((start, piece_end))
        start = _skip(text, cut)
    if start < end:
        pieces.append((start, end))
    return pieces
