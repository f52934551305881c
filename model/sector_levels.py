"""Intensity per sector of a text that covers several (LABELS.md ``sector_intensity``).

A General Staff summary reports 46 assaults in one direction and "two attempts" in another; the
article's level is the highest, but each sector has its own. The text's sentences are attributed to
the sectors their places and directions point to (a sentence naming none continues the previous
one's sectors); the intensity model scores each sector's sentences (its *view*); and a small model,
learned from the training data's per-sector labels, turns what is known about the pair — the
article's level probabilities, the view's, whether the sector is the primary one, its share of the
place evidence and of the text — into the sector's level. No sector is above the article's level,
and the most intense one is at it (the article's level is the highest of its sectors'). Where a
sector's own sentences count attacks, dead or injured, the LABELS.md thresholds are a floor: "58
assaults" in the Pokrovsk direction make Pokrovsk ``high`` (and so the article) whatever the model
read. With per-sector levels on (``FrontlineClassifier(sector_levels=True)``, the default, and a
sector-level model fitted), floors apply to every sector a text covers, one or several, and to
long documents.
A text in a General Staff bulletin's form (three or more sentences opening "In the X direction")
also covers every direction whose sentence reports an event (:func:`bulletin_sectors`).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np
from sklearn.linear_model import LogisticRegression

from model import intensity_lexicon
from model.clean import CLOSING
from model.gazetteer import Gazetteer
from model.labels import INTENSITIES, REAR_SECTORS

_RANKS = np.arange(len(INTENSITIES))
#: A sentence end: terminal punctuation (closing quotes allowed) and a capital, or a line break.
_SENTENCE_END = re.compile(r"[.!?]" + CLOSING + r"*\s+(?=[A-Z“\"(])|\n+")
#: Where a sentence end can begin: tried there only, which finds the same ends as a scan of every
#: position, several times faster.
_END_CANDIDATE = re.compile(r"[.!?\n]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (a sentence keeps its terminal punctuation)."""
    spans, start = [], 0
    for candidate in _END_CANDIDATE.finditer(text):
        at = candidate.start()
        if at >= start and (end := _SENTENCE_END.match(text, at)):
            spans.append((start, at if text[at] == "\n" else at + 1))
            start = end.end()
    spans.append((start, len(text)))
    return spans


def _named_sectors(text: str, mentions) -> list[tuple[int, int, set[str], set[str]]]:
    """Each sentence of ``text`` as (start, end, the sectors its own mentions point to, the sectors
    it is about when a direction it names decides over its places — LABELS.md: "in the Pokrovsk
    direction … near Dachne" is Pokrovsk's)."""
    starts = sorted((m.start, m.sector, m.kind == "direction") for m in mentions if m.sector)
    named, i = [], 0
    for start, end in sentence_spans(text):
        places, directions = set(), set()
        while i < len(starts) and starts[i][0] < end:
            if starts[i][0] >= start:
                (directions if starts[i][2] else places).add(starts[i][1])
            i += 1
        named.append((start, end, places | directions, directions or places))
    return named


def sector_sentences(text: str, mentions) -> dict[str, list[tuple[int, int]]]:
    """The (start, end) of the sentences of ``text`` about each sector: a sentence belongs to the
    sectors its mentions (gazetteer :class:`~model.gazetteer.Mention` objects) point to, or, naming
    none, to those of the sentence before it."""
    return _sentences_by_sector(_named_sectors(text, mentions))


def _sentences_by_sector(named) -> dict[str, list[tuple[int, int]]]:
    """Sentence spans per sector from :func:`_named_sectors`: a sentence naming none continues the last."""
    spans: dict[str, list[tuple[int, int]]] = {}
    current: set[str] = set()
    for start, end, here, _ in named:
        current = here or current
        for sector in current:
            spans.setdefault(sector, []).append((start, end))
    return spans


#: A sentence of a General Staff-style bulletin: it opens with the direction it reports on ("In the
#: Lyman direction, the occupiers attacked 11 times …", "In the North Slobozhanskyi and Kursk directions, …").
_DIRECTION_OPENING = re.compile(
    r"[ \t\"“*•>#-]*(?:(?:In|On) the [^.,;:\n]{1,60}? (?:directions?|axis|axes|sectors?)\b"
    # or a heading the report follows in its paragraph: "Kostiantynivka direction. The enemy attacked 23 times …"
    r"|(?:[A-Z][\w'’-]*\s+(?:and\s+)?){1,4}(?:[Dd]irections?|axis|axes|sectors?)(?=[.:]\s*[^\s.]))")
#: The words such an opening ends with: a text holding them fewer than :data:`BULLETIN_SENTENCES`
#: times is no bulletin (counted in a few µs; most texts stop there).
_OPENING_WORDS = ("direction", "Direction", "axis", "axes", "sector")
#: A word of fighting or strikes ("airstrikes", "counterattacked", "combat engagements" included).
_EVENT = re.compile(r"\b(?:air|counter)?(?:attack|assault|storm|clash|battle|fight|shell|strike|struck|bomb|drone"
                    r"|missile|rocket|artillery|mortar|advanc|repel|offensive|infiltrat|engagement|combat|hostilit|attempt)",
                    re.IGNORECASE)
#: A denial before a clause's first event ("did not attack"); "no active enemy actions" names none.
_DENIED = re.compile(r"\b(?:no|not|none|without)\b|n't\b", re.IGNORECASE)
#: Where a denial ends: "the enemy did not attack but shelled settlements 64 times" reports shelling.
_CLAUSE_END = re.compile(r"\bbut\b|;")
#: How many direction-opened sentences make a text a bulletin.
BULLETIN_SENTENCES = 3


def bulletin_sectors(text: str, date=None) -> list[str]:
    """The sectors a bulletin-form text reports on, in the order of its sentences: where at least
    :data:`BULLETIN_SENTENCES` sentences open with a direction the gazetteer knows ("In the Lyman
    direction, …", or a heading "Lyman direction. …"), each whose report (:func:`bulletin_reports`)
    tells of an event, not denied before it, covers that direction's sectors (LABELS.md: a named
    direction decides; a paragraph of shelling on the Kursk border is substantive, "no active enemy
    actions" is not). A text in any other form gives ``[]``."""
    covered: dict[str, None] = {}
    for report in bulletin_reports(text, date):
        if report.has_event:
            covered.update(dict.fromkeys(report.sectors))
    return list(covered)


def bulletin_coverage(covered: list[str], text: str, date=None) -> list[str]:
    """``covered`` (the sectors a model found in ``text``) as a bulletin-form text covers them: with
    every direction it reports an event in (:func:`bulletin_sectors`), without the sectors away from
    the front it names no place of (:func:`bulletin_unplaced`)."""
    unplaced = bulletin_unplaced(text, date)
    kept = [s for s in covered if s not in unplaced]
    return kept + [s for s in bulletin_sectors(text, date) if s not in kept]


def bulletin_overrides(text: str, date, model_primary: str) -> bool:
    """Whether a bulletin-form text's own choice of primary sector (:func:`bulletin_primary`) stands
    over ``model_primary``, a model's: where that is one of its directions, or a sector away from the
    front it names no place of before its first direction report (a preamble's tallies of drones, an
    Air Force paragraph after the directions). A news story led by something else keeps its own."""
    reports = bulletin_reports(text, date)
    if not reports or not any(r.has_event for r in reports):
        return False
    if model_primary in bulletin_sectors(text, date):
        return True
    named_at = (m.start for m in Gazetteer.default().find(text, date) if m.sector == model_primary)
    return model_primary in REAR_SECTORS and min(named_at, default=len(text)) > reports[0].start


def bulletin_unplaced(text: str, date=None) -> frozenset[str]:
    """The sectors away from the front (``REAR_SECTORS``) a bulletin-form text names no place of:
    its front-wide tallies of missiles, guided bombs and drones are no sector's (LABELS.md:
    ``rear_strike`` is strikes on cities away from the fighting). Empty for a text in another form."""
    if not bulletin_reports(text, date):
        return frozenset()
    evidence = Gazetteer.default().evidence(text, date)
    return frozenset(s for s in REAR_SECTORS if not evidence.get(s))


@dataclass(frozen=True)
class BulletinReport:
    """One direction's report in a bulletin: its direction-opened sentence and the sentences after it,
    up to the next such sentence or the end of the paragraph."""

    start: int
    end: int
    #: The sectors of the directions its opening names, in order, once each.
    sectors: tuple[str, ...]
    #: Whether it reports an event not denied before it.
    has_event: bool


def bulletin_reports(text: str, date=None) -> list[BulletinReport]:
    """The direction reports of a text in a General Staff bulletin's form (at least
    :data:`BULLETIN_SENTENCES` sentences opening with a direction the gazetteer knows), else ``[]``."""
    if sum(text.count(words) for words in _OPENING_WORDS) < BULLETIN_SENTENCES:
        return []
    directions = [(m.start, m.sector) for m in Gazetteer.default().find(text, date) if m.kind == "direction" and m.sector]
    opened = []
    for start, end in sentence_spans(text):
        if not (opening := _DIRECTION_OPENING.match(text, start)):
            continue
        named = [sector for at, sector in directions if start <= at < opening.end()]
        if named:
            opened.append((start, end, opening.end(), tuple(dict.fromkeys(named))))
    if len(opened) < BULLETIN_SENTENCES:
        return []
    reports = []
    for i, (start, end, opening_end, sectors) in enumerate(opened):
        paragraph_end = text.find("\n", end)
        stop = max(end, min(opened[i + 1][0] if i + 1 < len(opened) else len(text),
                            len(text) if paragraph_end < 0 else paragraph_end))
        reports.append(BulletinReport(start, stop, sectors, _reports_event(text, opening_end, stop)))
    return reports


#: A bulletin naming where the enemy was most active ("The enemy was most active in the Pokrovsk and
#: Novopavlivka directions", "the hottest situation remains in the Pokrovsk direction").
_MOST_ACTIVE = re.compile(r"\b(?:most (?:active|intense|fierce|difficult|tense)|hottest|fiercest|heaviest|largest number of"
                          r"|highest number of|most (?:attacks|assaults|clashes|combat engagements))\b[^.\n]*", re.IGNORECASE)


def bulletin_primary(text: str, date=None) -> str | None:
    """The sector a bulletin is mostly about (LABELS.md ``primary_sector``): the direction it names
    as where the enemy was most active, else the one whose report counts the most attacks (a tie
    decides nothing); None for a text in another form."""
    reports = bulletin_reports(text, date)
    if not reports:
        return None
    directions = [m for m in Gazetteer.default().find(text, date) if m.kind == "direction" and m.sector]
    for cue in _MOST_ACTIVE.finditer(text):
        named = [m.sector for m in directions if cue.start() <= m.start < cue.end()]
        if named:
            return named[0]
    counts = sorted(((intensity_lexicon.counts_of(m for _, m in _matches_by_span(text, [(r.start, r.end)]))["attacks"],
                      r.sectors[0]) for r in reports if len(r.sectors) == 1), reverse=True)
    if counts and counts[0][0] and (len(counts) == 1 or counts[0][0] > counts[1][0]):
        return counts[0][1]
    return None


def _reports_event(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has a clause with an event not denied before it."""
    bounds = [start] + [m.end() for m in _CLAUSE_END.finditer(text, start, end)] + [end]
    for clause_start, clause_end in zip(bounds, bounds[1:]):
        event = _EVENT.search(text, clause_start, clause_end)
        if event and not _DENIED.search(text, clause_start, event.start()):
            return True
    return False


#: What makes a direction's report more than its count of attacks: ground gained or lost, a
#: breakthrough, an encirclement ("tried to advance" and "attempts to advance" are no gain).
_GAINS = re.compile(r"\b(?:(?<!to )advanc(?:ed|ing|es)\b|(?<!to )(?:captur|seiz|liberat|occup)(?:ed|ing)\b|took control|"
                    r"gained a foothold|broke through|breakthrough|encircl)", re.IGNORECASE)


def bulletin_levels(text: str, date=None) -> dict[str, int]:
    """The level (rank) a bulletin's counts give each direction it reports on alone (LABELS.md's
    ground-fighting row, for one sector on one day: up to about 3 attacks ``low``, 4-24
    ``moderate``, 25 and more ``high``), raised by the dead and injured counted with them.

    Only the report's sentences about no other sector are read, and only reports that
    count attacks and report no ground gained (:data:`_GAINS`) have a level: "In the Orikhiv
    direction, our troops repelled 2 attacks near Stepnohirsk" is ``low`` whatever else the text
    says. A report on two directions gives each ``low`` when its counts are below the thresholds
    ("attacked twice in each"), and nothing otherwise. Unlike a floor (:func:`sector_count_levels`), the level also caps the sector: such a
    report is all the bulletin says of it."""
    reports = bulletin_reports(text, date)
    if not reports:
        return {}
    named = _named_sectors(text, Gazetteer.default().find(text, date))
    levels: dict[str, int] = {}
    for report in reports:
        own = [(s, e) for s, e, _, about in named
               if report.start <= s < report.end and about <= set(report.sectors) and not _FRONT_WIDE.search(text, s, e)]
        counts = intensity_lexicon.counts_of(m for _, m in _matches_by_span(text, own))
        if not counts["attacks"] or any(_GAINS.search(text, s, e) for s, e in own):
            continue
        level = max(intensity_lexicon.count_level(event, counts[event]) for event in FLOOR_EVENTS)
        if len(report.sectors) > 1 and level:  # a shared count past ``low`` is no one direction's
            continue
        for sector in report.sectors:
            levels[sector] = max(levels.get(sector, 0), level, 1)
    return levels


#: The events whose counts set a floor under a sector's level (LABELS.md thresholds): ground attacks,
#: people killed, people injured.
FLOOR_EVENTS = ("attacks", "killed", "injured")


def sector_count_levels(text: str, date=None) -> dict[str, int]:
    """The level (rank) each sector's own sentences make it by counts alone: the highest that
    :func:`~model.intensity_lexicon.count_level` gives a count of :data:`FLOOR_EVENTS` in a
    sentence naming this sector and no other ("In the Pokrovsk direction, 58 assaults were
    repelled": ``high``), so a front-wide total or a count shared by two directions is nobody's.
    Sectors with no such count are absent."""
    return _count_levels(text, _named_sectors(text, Gazetteer.default().find(text, date)))


#: A sentence about the whole front ("148 combat engagements took place on the front line; the enemy
#: was most active in the Pokrovsk direction"): its counts are nobody's. (Sentences about a longer
#: time than a day, "in September …", "over the past week …", were tried too: on the gold sectors
#: of train and dev their floors are more often right than not, 6 against 2, so they count.)
_FRONT_WIDE = re.compile(r"\b(?:front ?line|(?:on|along|across) the (?:entire |whole )?front|in total)\b", re.IGNORECASE)


def sector_count_ceilings(text: str, date=None) -> dict[str, int]:
    """The level (rank) a sector's own sentences' counts keep it under: where the sentences naming
    this sector and no other count its attacks, all fewer than 25, and report nothing LABELS.md
    puts at ``high`` (no cue of :data:`~model.intensity_lexicon.CUES`), the sector is at most
    ``moderate`` (LABELS.md: "repeated attacks repelled (about 4-24 a day in one sector) ...
    limited advances"); at most ``low`` with 1-3 attacks in all (the sentences' counts added) and no
    ground gained. Only numbers count (:func:`~model.intensity_lexicon.stated_counts`: an analyst's
    "repelled a Ukrainian attack near A" names one event of many); sectors whose own sentences
    state no count of attacks are absent."""
    sentences: dict[str, list[str]] = {}
    for start, end, _, about in _named_sectors(text, Gazetteer.default().find(text, date)):
        if len(about) == 1 and not _FRONT_WIDE.search(text, start, end):
            sentences.setdefault(next(iter(about)), []).append(text[start:end])
    ceilings = {}
    for sector, own in sentences.items():
        counts = [intensity_lexicon.stated_counts(sentence)["attacks"] for sentence in own]
        if not any(counts) or max(counts) >= 25 or any(intensity_lexicon.has_cue(sentence, "high") for sentence in own):
            continue
        low = sum(counts) < 4 and not any(_GAINS.search(sentence) for sentence in own)
        ceilings[sector] = 1 if low else 2
    return ceilings


def _count_levels(text: str, named) -> dict[str, int]:
    """:func:`sector_count_levels` from the sentences of :func:`_named_sectors`."""
    levels: dict[str, int] = {}
    own = [(start, end, next(iter(about))) for start, end, _, about in named if len(about) == 1]
    for i, level in _floors_in(text, own):
        start, end, sector = own[i]
        if level > levels.get(sector, 0) and not _FRONT_WIDE.search(text, start, end):
            levels[sector] = level
    return levels


def _floors_in(text: str, sentences):
    """(index of the sentence, level) of each count of :data:`FLOOR_EVENTS` in ``sentences``
    ((start, end, …), in order) that reaches a LABELS.md threshold."""
    for i, (_, event, count) in _matches_by_span(text, sentences):
        if event in FLOOR_EVENTS and (level := intensity_lexicon.count_level(event, count)):
            yield i, level


def _matches_by_span(text: str, spans):
    """(index of the span, lexicon match) of each count (:func:`~model.intensity_lexicon.event_matches`)
    inside ``spans`` ((start, end, …) of ``text``, sorted, not overlapping). ASCII text keeps its
    offsets when normalised, so the article's matches (cached, read once for all its sentences and
    views) are placed by position; other text is read span by span."""
    if not spans:
        return
    if text.isascii():
        for match in intensity_lexicon.event_matches(text):
            if (i := _span_at(match[0], spans)) >= 0:
                yield i, match
    else:
        for i, (start, end, *_) in enumerate(spans):
            for match in intensity_lexicon.event_matches(text[start:end]):
                yield i, match


def _span_at(position: int, spans) -> int:
    """The index of the span holding ``position`` among ``spans`` ((start, end, …), sorted, not
    overlapping), or -1."""
    i = bisect_right(spans, (position, math.inf)) - 1
    return i if i >= 0 and position < spans[i][1] else -1


@dataclass
class SectorPairs:
    """(text, covered sector) pairs with what the sector-level model reads about each."""

    item: list[int] = field(default_factory=list)
    sector: list[str] = field(default_factory=list)
    #: The sector's sentences, or the whole text when none names it.
    view: list[str] = field(default_factory=list)
    #: The largest count per event the view reports (``intensity_lexicon.event_counts`` of it).
    counts: list[dict[str, int]] = field(default_factory=list)
    primary: list[bool] = field(default_factory=list)
    evidence_share: list[float] = field(default_factory=list)
    text_share: list[float] = field(default_factory=list)
    n_sectors: list[int] = field(default_factory=list)
    #: The least level the counts of the sentences naming the sector alone make it (:func:`sector_count_levels`).
    floor: list[int] = field(default_factory=list)

    def add(self, item: int, text: str, date, sectors: list[str], primary: str) -> None:
        """The pairs of one text: ``item`` (its row), the ``sectors`` it covers and its primary one."""
        gazetteer = Gazetteer.default()
        named = _named_sectors(text, gazetteer.find(text, date))
        spans, by_counts = _sentences_by_sector(named), _count_levels(text, named)
        evidence = gazetteer.evidence(text, date)
        total = sum(evidence.values()) or 1.0
        for sector in sectors:
            own = " ".join(text[s:e] for s, e in spans.get(sector, ()))
            self.item.append(item)
            self.sector.append(sector)
            self.view.append(own or text)
            matches = (m for _, m in _matches_by_span(text, spans[sector])) if own else intensity_lexicon.event_matches(text)
            self.counts.append(intensity_lexicon.counts_of(matches))
            self.primary.append(sector == primary)
            self.evidence_share.append(evidence.get(sector, 0.0) / total)
            self.text_share.append(len(own) / max(len(text), 1))
            self.n_sectors.append(len(sectors))
            self.floor.append(by_counts.get(sector, 0))

    def features(self, article_proba: np.ndarray, view_proba: np.ndarray) -> np.ndarray:
        """One row per pair: the article's (rows of ``article_proba`` by item) and the view's level
        probabilities and expected levels, whether the sector is the primary one, its share of the
        place evidence and of the characters, and the log number of sectors the text covers."""
        article = np.asarray(article_proba, float)[self.item]
        view = np.asarray(view_proba, float)
        return np.column_stack([
            article, view, article @ _RANKS, view @ _RANKS, np.asarray(self.primary, float),
            np.asarray(self.evidence_share), np.asarray(self.text_share), np.log(np.asarray(self.n_sectors, float)),
        ])


class SectorLevelModel:
    """Multinomial logistic regression from :meth:`SectorPairs.features` to a level rank.

    ``C`` = 10, chosen by cross-validation on the training data: on its multi-sector items (540
    pairs; 5 folds grouped by article; gold sectors; levels made consistent by
    :func:`consistent_levels`) the per-pair QWK is 0.434 for the article's level for every sector,
    0.580 / 0.587 / 0.609 with this model at C = 0.1 / 1 / 10.
    """

    def __init__(self, C: float = 10.0):
        self.C = C

    def fit(self, features: np.ndarray, levels: np.ndarray) -> "SectorLevelModel":
        self.model_ = LogisticRegression(C=self.C, max_iter=5000).fit(features, levels)
        return self

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        proba = np.zeros((len(features), len(INTENSITIES)))
        proba[:, self.model_.classes_] = self.model_.predict_proba(features)
        return proba


def consistent_levels(proba: np.ndarray, article_level: int, floors=()) -> list[int]:
    """Levels of one text's sectors from their probability rows: each its most probable level
    (at least ``low``: a covered sector reports something), none above ``article_level``, and the
    sector with the highest expected level at it; then none below its floor (one per sector, if
    given: :attr:`SectorPairs.floor`; the article's level rises with them)."""
    levels = [min(int(row[1:].argmax()) + 1, article_level) for row in proba]
    if levels:
        levels[int(np.argmax(proba @ _RANKS))] = article_level
    return [max(level, floor) for level, floor in zip(levels, floors)] if len(floors) else levels
