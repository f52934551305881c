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
A sector's stated count of attacks also caps a long report's level for it
(:func:`sector_count_ceilings`); General Staff bulletins have rules of their own (:mod:`model.bulletins`).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from sklearn.linear_model import LogisticRegression

from model import intensity_lexicon
from model.article import iso_date
from model.clean import CLOSING
from model.gazetteer import Gazetteer
from model.labels import INTENSITIES
from model.periods import days_of, per_day
from model.text import normalise

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


@lru_cache(maxsize=256)
def _named(text: str, day: str | None) -> tuple[tuple[int, int, set[str], set[str]], ...]:
    """:func:`_named_sectors` of the gazetteer's mentions at ``day``, cached: floors, ceilings, sentence
    views and bulletins all ask for them (callers must not change the sets)."""
    return tuple(_named_sectors(text, Gazetteer.default().find(text, day)))


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


#: The events whose counts set a floor under a sector's level (LABELS.md thresholds): ground attacks,
#: people killed, people injured.
FLOOR_EVENTS = ("attacks", "killed", "injured")
#: The most sectors a sentence may name for its dead and injured to floor each of them ("strikes on
#: Berdyansk, Tokmak and Polohy injured over 150": each place struck reports the toll); its attacks
#: floor a sector it names alone ("20 attacks near A and B" is split between them, by an unknown share).
MAX_SHARING = 3


def sector_count_levels(text: str, date=None) -> dict[str, int]:
    """The level (rank) each sector's own sentences make it by counts alone: the highest that
    :func:`~model.intensity_lexicon.count_level` gives a count of :data:`FLOOR_EVENTS` in a
    sentence naming this sector and no other ("In the Pokrovsk direction, 58 assaults were
    repelled": ``high``), or, for the dead and injured, this sector and at most two others
    (:data:`MAX_SHARING`); a front-wide total or attacks counted for two directions are nobody's.
    Sectors with no such count are absent."""
    day = iso_date(date)
    return _count_levels(text, _named(text, day), day)


#: A sentence about the whole front ("148 combat engagements took place on the front line; the enemy
#: was most active in the Pokrovsk direction"): its counts are nobody's. (Sentences about a longer
#: time than a day, "in September …", "over the past week …", were tried too: on the gold sectors
#: of train and dev their floors are more often right than not, 6 against 2, so they count.)
_FRONT_WIDE = re.compile(r"\b(?:front ?line|(?:on|along|across) the (?:entire |whole )?front|in total)\b", re.IGNORECASE)
#: A superlative the front completes is about one place ("the Pokrovsk direction remained the most
#: intense on the front line, with 52 attacks", "the hottest spot along the front").
_SUPERLATIVE_BEFORE = re.compile(r"\b(?:most|least)\s+\w+\s+(?:\w+\s+)?$|\w+est\s+(?:\w+\s+)?$", re.IGNORECASE)


def _front_wide(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` is about the whole front (:data:`_FRONT_WIDE`), not
    where on it something was most intense."""
    return any(not _SUPERLATIVE_BEFORE.search(text, max(start, m.start() - 40), m.start())
               for m in _FRONT_WIDE.finditer(text, start, end))


def sector_count_ceilings(text: str, date=None) -> dict[str, int]:
    """The level (rank) a sector's own sentences' counts keep it under: where the sentences about
    this sector alone (:func:`sentences_about`) count its attacks, report nothing LABELS.md puts at
    ``high`` (no cue of :data:`~model.intensity_lexicon.CUES`) and fewer than 25 attacks in all
    (:func:`stated_attacks`), the sector is at most ``moderate`` (LABELS.md: "repeated attacks
    repelled (about 4-24 a day in one sector) ... limited advances"); at most ``low`` with 1-3 and
    no ground gained or lost. Sectors whose own sentences state no count of attacks are absent."""
    own: dict[str, list[tuple[int, int]]] = {}
    for start, end, sectors in sentences_about(text, date):
        if len(sectors) == 1:
            own.setdefault(next(iter(sectors)), []).append((start, end))
    ceilings = {}
    for sector, spans in own.items():
        attacks = stated_attacks(text, spans, date)
        sentences = [text[start:end] for start, end in spans]
        if not attacks or attacks >= 25 or any(intensity_lexicon.has_cue(sentence, "high") for sentence in sentences):
            continue
        ceilings[sector] = 1 if attacks < 4 and not any(map(intensity_lexicon.gained_ground, sentences)) else 2
    return ceilings


#: A count that adds to those before it ("12 more near Udachne", "another 5 assaults", "a further 3 attacks").
_ADDED_AFTER = re.compile(r"(?:" + intensity_lexicon.COUNT_WORDS + r")\s+(?:more|further|additional|other)\b")
_ADDED_BEFORE = re.compile(r"\b(?:another|further|additional)\s+$")


def stated_attacks(text: str, spans, date=None) -> int:
    """The attacks a day the sentences ``spans`` of ``text`` ((start, end), sorted) count (each
    sentence's largest count stated by a number, :func:`~model.intensity_lexicon.states_a_number`:
    an analyst's "repelled a Ukrainian attack near A" names one event of many; over the days it
    spans, :mod:`model.periods`). A later sentence's count adds to those before it where it says
    so ("12 more near Udachne"), or where the first named places and it names others ("2 attacks
    near Stepnohirsk. 2 near Prymorske." is 4); else it restates or breaks down a total ("the enemy
    carried out 17 attacks. Our defenders repelled 15, two clashes are ongoing." is 17, "20 attacks
    in the Pokrovsk direction. 12 were repelled near Rodynske." 20)."""
    counted: dict[int, tuple[int, bool]] = {}
    for i, (position, event, count), normal in _matches_by_span(text, spans, with_text=True):
        if event == "attacks" and intensity_lexicon.states_a_number(normal, position):
            more = bool(_ADDED_AFTER.match(normal, position) or _ADDED_BEFORE.search(normal, max(0, position - 12), position))
            counted[i] = max(counted.get(i, (0, False)), (per_day(count, days_of(text, *spans[i][:2])), more))
    if not counted:
        return 0
    starts, mentions = sorted_mentions(text, iso_date(date))
    total, first_named, seen = 0, None, set()
    for i, (count, more) in sorted(counted.items()):
        start, end = spans[i][:2]
        named = {m.name for m in mentions[bisect_left(starts, start):bisect_left(starts, end)] if m.kind == "place"}
        if first_named is None:
            total, first_named = count, bool(named)
        else:
            total = total + count if more or first_named and named - seen else max(total, count)
        seen |= named
    return total


def sentences_about(text: str, date=None) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """Each sentence of ``text`` as (start, end, the sectors it is about): those its mentions point
    to, a direction it names deciding over its places; naming none, those of the sentence before
    it; none for a sentence about the whole front (:data:`_FRONT_WIDE`), which the next sentences
    naming none follow. Cached: bulletins and ceilings both ask."""
    return _sentences_about(text, iso_date(date))


@lru_cache(maxsize=256)
def _sentences_about(text: str, day: str | None) -> tuple[tuple[int, int, frozenset[str]], ...]:
    out, current = [], frozenset()
    for start, end, _, about in _named(text, day):
        current = frozenset() if _front_wide(text, start, end) else frozenset(about) or current
        out.append((start, end, current))
    return tuple(out)


def _count_levels(text: str, named, day: str | None) -> dict[str, int]:
    """:func:`sector_count_levels` from the sentences of :func:`_named_sectors`."""
    levels: dict[str, int] = {}
    own = [(start, end, about) for start, end, _, about in named if 1 <= len(about) <= MAX_SHARING]
    for i, event, level in _floors_in(text, own):
        start, end, about = own[i]
        if len(about) > 1:
            if event == "attacks":
                continue
            about = about & _struck(text, day, start, end)
        if not _front_wide(text, start, end):
            for sector in about:
                levels[sector] = max(levels.get(sector, 0), level)
    return levels


#: A place named as a descriptor, not as where something happened ("Druzhkivka in Kramatorsk district").
_DESCRIPTOR_AFTER = re.compile(r"\s+(?:district|raion|oblast|region|community|hromada|municipality)\b", re.IGNORECASE)


def _struck(text: str, day: str | None, start: int, end: int) -> set[str]:
    """The sectors of the places of ``text[start:end]`` where its toll fell: its directions and
    settlements, not a sea ("the Black Sea port city of Odesa") or a district named for another
    place ("Druzhkivka in Kramatorsk district")."""
    starts, mentions = sorted_mentions(text, day)
    return {m.sector for m in mentions[bisect_left(starts, start):bisect_left(starts, end)]
            if m.sector and (m.kind == "direction" or m.kind == "place" and not m.ref.startswith("SEA-")
                             and not _DESCRIPTOR_AFTER.match(text, m.end))}


def _floors_in(text: str, sentences):
    """(index of the sentence, event, level) of each count of :data:`FLOOR_EVENTS` in ``sentences``
    ((start, end, …), in order) that reaches a LABELS.md threshold (attacks a day's: :mod:`model.periods`)."""
    for i, (_, event, count) in _matches_by_span(text, sentences):
        if event == "attacks":
            count = per_day(count, days_of(text, *sentences[i][:2]))
        if event in FLOOR_EVENTS and (level := intensity_lexicon.count_level(event, count)):
            yield i, event, level


def _matches_by_span(text: str, spans, with_text: bool = False):
    """(index of the span, lexicon match) of each count (:func:`~model.intensity_lexicon.event_matches`)
    inside ``spans`` ((start, end, …) of ``text``, sorted, not overlapping); ``with_text``: and the
    text its position is in (``text`` itself, or the span's normal form). ASCII text keeps its
    offsets when normalised, so the article's matches (cached, read once for all its sentences and
    views) are placed by position; other text is read span by span."""
    if not spans:
        return
    if text.isascii():
        positions, matches = _positioned_matches(text)
        for match in matches[bisect_left(positions, spans[0][0]):bisect_left(positions, spans[-1][1])]:
            if (i := _span_at(match[0], spans)) >= 0:
                yield (i, match, text) if with_text else (i, match)
    else:
        for i, (start, end, *_) in enumerate(spans):
            span = text[start:end]
            normal = normalise(span) if with_text else None
            for match in intensity_lexicon.event_matches(span):
                yield (i, match, normal) if with_text else (i, match)


@lru_cache(maxsize=256)
def _positioned_matches(text: str) -> tuple[list[int], list[tuple[int, str, int]]]:
    """The lexicon's matches of ``text`` sorted by position, and their positions (a bulletin's
    reports ask for their few sentences' counts, not for the whole text's)."""
    matches = sorted(intensity_lexicon.event_matches(text))
    return [position for position, _, _ in matches], matches


@lru_cache(maxsize=256)
def sorted_mentions(text: str, day: str | None) -> tuple[list[int], list]:
    """The gazetteer's mentions of ``text`` sorted by start, and their starts (bisected by sentence or line)."""
    mentions = sorted(Gazetteer.default().find(text, day), key=lambda m: m.start)
    return [m.start for m in mentions], mentions


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
        named = _named(text, iso_date(date))
        spans, by_counts = _sentences_by_sector(named), _count_levels(text, named, iso_date(date))
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
