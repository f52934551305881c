"""Sectioning long reports: paragraphs under their headings, exact offsets, bounded sizes."""
from __future__ import annotations

import json
from itertools import groupby

import pytest

from model.sections import Section, split_sections
from tests.pages import REPORT, REPORT_EXPECTED, flat, sentences

EXPECTED = json.loads(REPORT_EXPECTED.read_text(encoding="utf-8"))["sections"]
REPORT_TEXT = REPORT.read_text(encoding="utf-8")
#: The same report with its paragraph breaks lost, as in the part of the ISW corpus joined with ", ".
COMMA_JOINED = ", ".join(line for line in REPORT_TEXT.splitlines() if line.strip())
#: Joined as in the corpus's 2023 reports: a paragraph's trailing no-break space, then the comma.
NBSP_JOINED = "\xa0,".join(line for line in REPORT_TEXT.splitlines() if line.strip())


def _assert_exact_slices(text: str, sections: list[Section]) -> None:
    assert [s.index for s in sections] == list(range(len(sections)))
    for section in sections:
        assert text[section.start:section.start + len(section.text)] == section.text
        assert section.text == section.text.strip() and section.text


@pytest.mark.parametrize("text", [REPORT_TEXT, COMMA_JOINED, NBSP_JOINED], ids=["lines", "comma-joined", "nbsp-comma"])
def test_each_heading_gets_its_own_paragraph_sections(text):
    sections = split_sections(text)
    _assert_exact_slices(text, sections)
    by_heading = [(heading, len(list(group))) for heading, group in groupby(sections, key=lambda s: s.heading)]
    assert by_heading == [(e["heading"], e["paragraphs"]) for e in EXPECTED]


@pytest.mark.parametrize("text", [REPORT_TEXT, COMMA_JOINED, NBSP_JOINED], ids=["lines", "comma-joined", "nbsp-comma"])
def test_sub_headings_sit_under_their_effort(text):
    paths = {s.heading: s.headings for s in split_sections(text)}
    assert paths["Kupiansk direction"] == ("Russian Main Effort—Eastern Ukraine", "Kupiansk direction")
    assert paths["Huliaipole direction"] == ("Russian Supporting Effort—Southern Axis", "Huliaipole direction")
    assert paths["Russian Strikes on Ukrainian Rear Areas"] == ("Russian Strikes on Ukrainian Rear Areas",)


def test_no_sentence_is_lost_and_no_heading_is_scored_as_text():
    sections = split_sections(REPORT_TEXT)
    joined = flat(" ".join(s.text for s in sections))
    for line in REPORT_TEXT.splitlines():
        if line.strip().endswith("."):
            for sentence in sentences(line):
                assert sentence in joined
    assert not any(s.text in {e["heading"] for e in EXPECTED} for s in sections)


def test_titled_text_puts_the_headings_first():
    section = split_sections(REPORT_TEXT)[-1]
    assert section.titled_text == f"Russian Strikes on Ukrainian Rear Areas\n{section.text}"


def test_long_paragraph_is_cut_between_sentences_under_the_same_heading():
    sentence = "Russian forces attacked Ukrainian positions near Pokrovsk and were repelled. "
    text = "Pokrovsk direction\n" + sentence * 40
    sections = split_sections(text, max_chars=500)
    _assert_exact_slices(text, sections)
    assert len(sections) > 1 and all(len(s.text) <= 500 for s in sections)
    assert all(s.heading == "Pokrovsk direction" and s.text.endswith("repelled.") for s in sections)
    assert sum(s.text.count("repelled.") for s in sections) == 40


def test_text_without_sentence_ends_is_still_cut_to_size():
    text = "word " * 500
    sections = split_sections(text, max_chars=300)
    _assert_exact_slices(text, sections)
    assert all(len(s.text) <= 300 for s in sections) and sum(len(s.text.split()) for s in sections) == 500


def test_min_chars_merges_paragraphs_but_never_across_headings():
    sections = split_sections(REPORT_TEXT, min_chars=10_000)
    _assert_exact_slices(REPORT_TEXT, sections)
    assert [s.heading for s in sections] == [e["heading"] for e in EXPECTED]


def test_blank_lines_and_hard_wrapped_paragraphs():
    text = ("Russian troops shelled Kherson\nfrom the left bank overnight, wounding\none man.\n\n"
            "Drones struck a bus stop in Antonivka.\nNo one was hurt.\n")
    sections = split_sections(text)
    _assert_exact_slices(text, sections)
    assert [s.text for s in sections] == [
        "Russian troops shelled Kherson\nfrom the left bank overnight, wounding\none man.",
        "Drones struck a bus stop in Antonivka.",
        "No one was hurt.",
    ]
    assert all(s.heading == "" and s.headings == () for s in sections)


def test_markdown_headings_nest_by_level():
    text = ("# Daily update\n\n## Kupiansk\n\nAssaults were repelled near Kupiansk.\n\n"
            "## Pokrovsk\n\nFighting continues in Myrnohrad.\n")
    sections = split_sections(text)
    assert [(s.headings, s.text) for s in sections] == [
        (("Daily update", "Kupiansk"), "Assaults were repelled near Kupiansk."),
        (("Daily update", "Pokrovsk"), "Fighting continues in Myrnohrad."),
    ]


def test_short_news_item_is_its_paragraphs():
    text = "Drones hit Odesa port overnight. A fire broke out at a grain terminal."
    assert split_sections(text) == [Section(0, 0, text)]


def test_a_last_line_without_a_full_stop_is_text_not_a_heading():
    text = "Fighting continued near Siversk.\nThe article was cut off before the end of the"
    assert [s.text for s in split_sections(text)] == text.split("\n")


def test_blank_and_bad_input():
    assert split_sections("") == [] and split_sections(" \n\n ") == []
    with pytest.raises(TypeError):
        split_sections(None)
    with pytest.raises(ValueError):
        split_sections("text", max_chars=0)
