"""Splitting long reports into sections (headings, then paragraphs) to be scored one by one."""
from __future__ import annotations

import re
from dataclasses import dataclass



@dataclass(frozen=True)
class Section:
    index: int
    start: int
    text: str


def split_sections(text: str, max_chars: int = 4000) -> list[Section]:
    """Paragraph-sized sections of ``text``, merged up to ``max_chars``; one section for short text."""
    if len(text) <= max_chars:
        return [Section(0, 0, text)]
    sections: list[Section] = []
    start, buffer = 0, ""
    position = 0
    for piece in re.split(r"(\n\s*\n|\n)", text):
        if buffer and len(buffer) + len(piece) > max_chars and piece.strip():
            sections.append(Section(len(sections), start, buffer.strip()))
            start, buffer = position, ""
        buffer += piece
        position += len(piece)
    if buffer.strip():
        sections.append(Section(len(sections), start, buffer.strip()))
    return sections
