"""General Staff bulletins: a day at the front, one report per direction.

A text in this form ("In the Kupiansk direction, the enemy attacked 9 times near …", or the same as a
list, "1) Lyman — 12 attacks near …", or a table under a header naming attacks; three or more such
reports) states for each direction what LABELS.md judges it by, the number of attacks, and its
form decides what a model reading the whole text gets wrong: which directions it covers (every one
whose report tells of an event, however small its share of the text), each one's level (its count
of attacks, unless the report tells of more), its primary sector (the direction it names as the most
active, or the one with the most attacks) and that its front-wide tallies of drones and guided bombs
are no sector's. :func:`read_bulletin` reads a text once; the classifier asks the result.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache

from model import intensity_lexicon
from model.article import iso_date
from model.clean import ATTACKS_HEADER, TABLE_RULE, is_attacks_header, is_table_row, table_cells
from model.gazetteer import Gazetteer
from model.labels import REAR_SECTORS
from model.periods import lead_days, per_day
from model.sections import ends_a_heading, line_end
from model.sector_levels import FLOOR_EVENTS, sentence_spans, sentences_about, sorted_mentions, stated_attacks

#: A sentence opening with the direction it reports on ("In the Lyman direction, the occupiers
#: attacked 11 times …", "In the North Slobozhanskyi and Kursk directions, …"), a heading the report
#: follows in its paragraph ("Kostiantynivka direction. The enemy attacked 23 times …"), or a bold or
#: upper-case heading line over its text ("**Lyman direction**", "LYMAN DIRECTION"; an assessment's
#: plain "Lyman direction" section headings are no bulletin's).
_DIRECTION_NAME = r"(?:[A-Z][\w'’-]*\s+(?:and\s+)?){1,4}(?:[Dd]irections?|axis|axes|sectors?)"
_OPENING = re.compile(
    r"[ \t\"“*•>#-]*(?:(?:In|On) the [^.,;:\n]{1,60}? (?:directions?|axis|axes|sectors?)\b"
    r"|" + _DIRECTION_NAME + r"(?=[.:][ \t]*[^\s.])|(?<=\*\*)" + _DIRECTION_NAME + r"(?=\*\*[ \t\xa0]*\n)"
    r"|(?:[A-Z][A-Z'’-]*\s+(?:AND\s+)?){1,4}(?:DIRECTIONS?|AXIS|AXES|SECTORS?)(?=[ \t\xa0]*\n))")
#: A line opening with a direction's name as a list item, a table row or a heading ("1) Lyman —
#: 12 attacks near …", "- Kupiansk: eight assaults", "| Siversk | 11 |", "=== KUPIANSK DIRECTION ===",
#: "🔻 KUPYANSK", "KRASNOARMEYSK DIRECTION (Tsentr group)"): the name, ended by a separator or by
#: the line, is read as "<name> direction" (:func:`_item_sectors`). A name alone on its line opens a
#: report only in capitals or after a marker: an assessment's plain "Pokrovsk direction" section
#: headings are no bulletin's.
_ITEM_OPENING = re.compile(
    r"^[ \t]*(?P<marker>[^\w\s]+|\(?\d{1,2}[.)])?[ \t]*(?P<name>[A-Z][\w'’-]*(?:[ \t]+(?:(?:and|AND|&)[ \t]+)?[A-Z][\w'’-]*){0,3})"
    r"(?P<worded>[ \t]+(?:directions?|DIRECTIONS?|axis|AXIS))?[ \t]*(?:[:|—–]|-[ \t]|=+[ \t]*(?=\n|$)"
    r"|(?P<alone>(?:\([^()\n]{0,40}\)[ \t]*)?(?=\n|$)))", re.MULTILINE)
#: Ground fighting, which a bare name's line must tell of to be a direction's report ("Lyman — 12
#: attacks", "Kupiansk: eight assaults"; "Kharkiv: a guided bomb injured 5" is the city's strike).
_GROUND_FIGHTING = re.compile(r"\b(?:assaults?|clashes|engagements|combat|attempts? to|offensive|storm\w*|fighting|battles?"
                              r"|infiltrat\w*)\b", re.IGNORECASE)
#: The words a worded opening ends with: a text holding them fewer than :data:`MIN_REPORTS` times,
#: and with fewer lines opening as list items, is no bulletin (most texts stop there).
_OPENING_WORDS = ("direction", "Direction", "DIRECTION", "axis", "AXIS", "axes", "sector", "SECTOR")
#: How many direction reports make a text a bulletin.
MIN_REPORTS = 3
#: A word of fighting or strikes ("airstrikes", "counterattacked", "combat engagements" included).
_EVENT = re.compile(r"\b(?:air|counter)?(?:attack|assault|storm|clash|battle|fight|shell|strike|struck|bomb|drone"
                    r"|missile|rocket|artillery|mortar|advanc|repel|offensive|infiltrat|engagement|combat|hostilit|attempt)",
                    re.IGNORECASE)
#: A denial before a clause's first event ("did not attack"); "no active enemy actions" names none.
_DENIED = re.compile(r"\b(?:no|not|none|without)\b|n't\b", re.IGNORECASE)
#: Where a denial ends: "the enemy did not attack but shelled settlements 64 times" reports shelling,
#: "… did not conduct offensive actions. Russian shelling of Kherson wounded five" too.
_CLAUSE_END = re.compile(r"\bbut\b|;|[.!?](?=\s+[A-Z])")
#: Where a bulletin says the enemy was most active: the cue then "in the" just before a direction
#: ("the enemy was most active in the Pokrovsk direction", "the heaviest fighting again raged on the
#: Pokrovsk axis", "the hottest area is the Huliaipole direction", "most active: Huliaipole
#: direction"), or the direction then the cue ("the Huliaipole axis remains hottest", "Huliaipole
#: direction: the enemy was most active here").
_ACTIVITY = r"(?:most (?:active|intense|fierce|difficult|tense)|hottest|fiercest|heaviest|busiest|tensest)"
_MOST_ACTIVE_BEFORE = re.compile(r"\b" + _ACTIVITY + r"\b(?:(?:[ ,]+[\w'’-]+){0,4}?[ ,]+(?:in|on|along|is|was) the\s+|:[ \t]+)$", re.IGNORECASE)
_MOST_ACTIVE_AFTER = re.compile(r"(?:\s*[—–:-])?\s+(?:(?:the\s+)?(?:enemy|russians?|russian (?:forces|troops)|occupiers)\s+)?"
                                r"(?:(?:is|was|were|remains?|remained|has been|sees|saw)\s+)?(?:again\s+|still\s+)?(?:the\s+)?"
                                + _ACTIVITY + r"\b(?!\s+(?:near|around|outside|close to|by|at|in the (?:area|vicinity|morning|evening)"
                                r"|last|yesterday|earlier|previously|before|until|during|overnight|at night)\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Report:
    """One direction's report: its opening sentence and the sentences after it in its paragraph,
    up to the next opening; under a heading line, all up to the next opening."""

    start: int
    end: int
    #: The sectors of the directions its opening names, in order, once each.
    sectors: tuple[str, ...]
    #: Whether it tells of an event not denied before it.
    has_event: bool
    #: Its row's count in a table's column of attacks ("Lyman | 12 | Zarichne, Yampil"), if it is one.
    table_count: int | None = None


@dataclass(frozen=True)
class Bulletin:
    """A text in a bulletin's form and its direction reports (see :func:`read_bulletin`)."""

    text: str
    day: str | None
    reports: tuple[Report, ...]

    @cached_property
    def sectors(self) -> tuple[str, ...]:
        """The sectors it reports on, in order: those of every report telling of an event (LABELS.md:
        a named direction decides; a paragraph of shelling on the Kursk border is substantive, "no
        active enemy actions" is not)."""
        return tuple(dict.fromkeys(s for r in self.reports if r.has_event for s in r.sectors))

    @cached_property
    def unplaced(self) -> frozenset[str]:
        """The sectors away from the front it names no place of: its front-wide tallies of missiles,
        guided bombs and drones are no sector's (LABELS.md: ``rear_strike`` is strikes on cities away
        from the fighting)."""
        evidence = Gazetteer.default().evidence(self.text, self.day)
        return frozenset(s for s in REAR_SECTORS if not evidence.get(s))

    def covered(self, sectors) -> list[str]:
        """``sectors`` (a model's for this text) as the bulletin covers them: without the rear
        sectors it names no place of, with every direction it reports an event in."""
        kept = [s for s in sectors if s not in self.unplaced]
        return kept + [s for s in self.sectors if s not in kept]

    @cached_property
    def levels(self) -> dict[str, int]:
        """The level (rank) each direction's report gives it by LABELS.md's ground-fighting row, for
        one sector on one day: up to about 3 attacks ``low``, 4-24 ``moderate``, 25 and more
        ``high`` (counted as :func:`~model.sector_levels.stated_attacks` counts), raised by the dead
        and injured counted with them. Unlike a floor, the level also caps the sector: "In the
        Orikhiv direction, our troops repelled 2 attacks near Stepnohirsk" is ``low`` whatever else
        the text says.

        Only the report's sentences about its directions are read (:meth:`_own_sentences`; a table
        row's count is its column's), and a report that counts no attacks, or tells
        of ground gained or lost or of anything LABELS.md puts at ``high`` (a mechanised assault, an
        encirclement), has no level. A report on two directions gives each ``low`` when its counts
        are below the thresholds ("attacked twice in each"), and nothing otherwise."""
        levels: dict[str, int] = {}
        for report, attacks in zip(self.reports, self._attacks):
            sentences = [self.text[s:e] for s, e in self._own_sentences(report)]
            if not attacks or any(intensity_lexicon.has_cue(sentence, "high") or intensity_lexicon.gained_ground(sentence)
                                  for sentence in sentences):
                continue
            counts = intensity_lexicon.event_counts(" ".join(sentences))
            level = max([intensity_lexicon.count_level("attacks", attacks)]
                        + [intensity_lexicon.count_level(event, counts[event]) for event in FLOOR_EVENTS[1:]])
            if len(report.sectors) > 1 and level:  # a shared count past ``low`` is no one direction's
                continue
            for sector in report.sectors:
                levels[sector] = max(levels.get(sector, 0), level, 1)
        return levels

    @cached_property
    def primary(self) -> str | None:
        """The direction it is mostly about (LABELS.md ``primary_sector``): the one it names as where
        the enemy was most active (unless its report tells of no event), else the one whose report
        counts the most attacks (a tie decides nothing)."""
        quiet = {s for r in self.reports for s in r.sectors} - set(self.sectors)
        for m in Gazetteer.default().find(self.text, self.day):
            if m.kind == "direction" and m.sector and m.sector not in quiet and (
                    _MOST_ACTIVE_BEFORE.search(self.text, max(0, m.start - 120), m.start)
                    or _MOST_ACTIVE_AFTER.match(self.text, m.end)):
                return m.sector
        counts = sorted(((attacks, r.sectors[0]) for r, attacks in zip(self.reports, self._attacks)
                         if len(r.sectors) == 1 and r.has_event), reverse=True)
        if counts and counts[0][0] and (len(counts) == 1 or counts[0][0] > counts[1][0]):
            return counts[0][1]
        return None

    @cached_property
    def _attacks(self) -> tuple[int, ...]:
        """The attacks each report counts (read once for its level and for the primary): its table
        row's, else its sentences' (:func:`~model.sector_levels.stated_attacks`)."""
        return tuple(report.table_count if report.table_count is not None
                     else stated_attacks(self.text, self._own_sentences(report), self.day) for report in self.reports)

    def _own_sentences(self, report: Report) -> list[tuple[int, int]]:
        """(start, end) of the sentences of ``report`` about its directions
        (:func:`~model.sector_levels.sentences_about`, sorted by start, bisected by the report's
        span): a village of its list resolved next door does not take a sentence away from it, one
        about only another sector does."""
        mine, about = set(report.sectors), sentences_about(self.text, self.day)
        first, last = bisect_left(about, (report.start,)), bisect_left(about, (report.end,))
        return [(s, e) for s, e, sectors in about[first:last] if sectors & mine]

    def leads_over(self, model_primary: str) -> bool:
        """Whether its own choice of primary sector stands over ``model_primary``, a model's: where
        that is one of its directions, or a sector away from the front it names no place of before
        its first report (a preamble's tallies of drones, an Air Force paragraph after the
        directions). A news story led by something else keeps its own."""
        if not self.sectors:
            return False
        if model_primary in self.sectors:
            return True
        named_at = (m.start for m in Gazetteer.default().find(self.text, self.day) if m.sector == model_primary)
        return model_primary in REAR_SECTORS and min(named_at, default=len(self.text)) > self.reports[0].start


def read_bulletin(text: str, date=None) -> Bulletin | None:
    """``text`` as a bulletin (at least :data:`MIN_REPORTS` sentences opening with a direction the
    gazetteer knows), or None for a text in another form. Cached: the classifier asks it several
    questions per text."""
    return _read_bulletin(text, iso_date(date))


@lru_cache(maxsize=256)
def _read_bulletin(text: str, day: str | None) -> Bulletin | None:
    worded = sum(text.count(words) for words in _OPENING_WORDS) >= MIN_REPORTS
    items = {m.start() + len(m.group()) - len(m.group().lstrip(" \t")): m for m in _ITEM_OPENING.finditer(text)}  # by first character
    if not worded and len(items) < MIN_REPORTS:
        return None
    directions = [(m.start, m.sector) for m in Gazetteer.default().find(text, day) if m.kind == "direction" and m.sector]
    starts = [at for at, _ in directions]
    table = _table_counts(text)
    opened = []
    for start, end in sentence_spans(text):
        if worded and (opening := _OPENING.match(text, start)):
            first, last = bisect_left(starts, start), bisect_left(starts, opening.end())
            sectors = tuple(dict.fromkeys(s for _, s in directions[first:last]))
        elif opening := items.get(start):
            sectors = _item_report_sectors(text, day, opening, start in table)
        else:
            continue
        if sectors:
            opened.append((start, end, opening.end(), sectors))
    if len(opened) < MIN_REPORTS:
        return None
    reports = []
    for i, (start, end, opening_end, sectors) in enumerate(opened):
        next_opening = opened[i + 1][0] if i + 1 < len(opened) else len(text)
        if ends_a_heading(text, opening_end):  # a heading line: all under it
            stop = next_opening
        else:
            stop = max(end, min(next_opening, line_end(text, end)))
        count = table.get(start)
        reports.append(Report(start, stop, sectors, bool(count) or _tells_of_event(text, opening_end, stop), count))
    return Bulletin(text, day, tuple(reports))


def _table_counts(text: str) -> dict[int, int]:
    """{where a row starts: its attacks a day} for the rows of the pipe tables of ``text`` whose
    header names a column of attacks (:func:`~model.clean.is_attacks_header`: "Direction | Combat
    clashes | Areas" over "Lyman | 12 | Zarichne"), over the days the text's title states (a weekly
    table's 91 is 13 a day, :mod:`model.periods`). A dash ("—") or an empty cell counts nothing; a
    line that is neither a row nor a rule ends a table."""
    counts, start, column = {}, 0, None
    for line in text.splitlines(keepends=True):
        if TABLE_RULE.fullmatch(line) or not line.strip():  # a rule, or a blank line: the table goes on
            pass
        elif not is_table_row(line):
            column = None
        elif is_attacks_header(line):
            column = next(i for i, cell in enumerate(table_cells(line)) if i and ATTACKS_HEADER.search(cell))
        elif column is not None:
            cells = table_cells(line)
            if column < len(cells) and cells[column].replace(",", "").isdigit():
                counts[start] = per_day(int(cells[column].replace(",", "")), lead_days(text))
        start += len(line)
    return counts


def _item_report_sectors(text: str, day: str | None, opening: re.Match, table_row: bool) -> tuple[str, ...]:
    """The sectors of the report a list item, table row or heading (a match of
    :data:`_ITEM_OPENING`) opens, or () where it opens none: a name alone on its line must be in
    capitals or after a marker; a bare name (no "direction") must head a table row or a line telling
    of ground fighting; a city struck from afar must be followed by its direction's villages
    ("Kharkiv — 14 attacks, 3 injured" is a regional tally; "Zaporizhzhia — 12 attacks near
    Orikhiv" a direction's report)."""
    name, end = opening.group("name"), opening.end()
    if opening.group("alone") is not None and not (opening.group("marker") or name.isupper()):
        return ()
    if not (opening.group("worded") or table_row or _tells_of_fighting(text, end)):
        return ()
    sectors = _item_sectors(name, day)
    if _city_struck_from_afar(name, day) and not _names_places_of(text, day, end, sectors):
        return ()
    return sectors


#: "and" or "&" between two names of a list item ("Northern Slobozhansky & Kursk").
_AND = re.compile(r"\s+(?:&|and|AND)\s+")


def _tells_of_fighting(text: str, at: int) -> bool:
    """Whether the rest of the line from ``at`` (or, for a heading line, the line under it) tells
    of ground fighting: a count of attacks as the lexicon reads them (not "drone attacks"), or
    :data:`_GROUND_FIGHTING`."""
    end = line_end(text, at)
    if ends_a_heading(text, at):
        end = line_end(text, end + 1)
    rest = text[at:end]
    return bool(_GROUND_FIGHTING.search(rest)) or any(event == "attacks" for _, event, _ in intensity_lexicon.event_matches(rest))


@lru_cache(maxsize=1024)
def _item_sectors(name: str, day: str | None) -> tuple[str, ...]:
    """The sectors of the directions a list item's bare ``name`` stands for ("Lyman", "Northern
    Slobozhansky & Kursk", "SLOVIANSK", "Oleksandrivka"): those the gazetteer reads in "<name>
    direction" (whether the item opens a report at all, :func:`_item_report_sectors` decides)."""
    phrase = " and ".join(_AND.split(name)) + " direction"
    return tuple(dict.fromkeys(m.sector for m in Gazetteer.default().find(phrase, day) if m.kind == "direction" and m.sector))


@lru_cache(maxsize=1024)
def _city_struck_from_afar(name: str, day: str | None) -> bool:
    """Whether each of the names of ``name`` is, alone, a city LABELS.md puts at ``rear_strike``
    ("Kharkiv", "Dnipro and Kryvyi Rih"; most Oleksandrivkas are rear villages of other sectors)."""
    gazetteer = Gazetteer.default()
    return all(len(alone := gazetteer.find(part, day)) == 1 and alone[0].sector == "rear_strike"
               and alone[0].end - alone[0].start == len(part) for part in _AND.split(name))


def _names_places_of(text: str, day: str | None, at: int, sectors) -> bool:
    """Whether the rest of the line from ``at`` names a place of ``sectors``."""
    starts, mentions = sorted_mentions(text, day)
    return any(m.kind == "place" and m.sector in sectors for m in mentions[bisect_left(starts, at):bisect_left(starts, line_end(text, at))])


def _tells_of_event(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has a clause with an event not denied before it."""
    bounds = [start] + [m.end() for m in _CLAUSE_END.finditer(text, start, end)] + [end]
    for clause_start, clause_end in zip(bounds, bounds[1:]):
        event = _EVENT.search(text, clause_start, clause_end)
        if event and not _DENIED.search(text, clause_start, event.start()):
            return True
    return False
