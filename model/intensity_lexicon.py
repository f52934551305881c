"""Numbers and cues that decide intensity (LABELS.md thresholds), as features and as a rule.

A bag of words cannot tell "attacked 3 times" from "attacked 74 times"; this module reads the
number next to the event it counts and compares it with the contract's thresholds.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from model.text import MONTH_NAMES, MONTH_NUMBERS, normalise

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_NUMBER_WORDS = {
    **{word: n for n, word in enumerate(_UNITS, 1)}, **{word: n for n, word in enumerate(_TEENS, 10)},
    **{tens: n * 10 for n, tens in enumerate(_TENS, 2)},
    **{f"{tens}-{unit}": n * 10 + u for n, tens in enumerate(_TENS, 2) for u, unit in enumerate(_UNITS, 1)},
    "a": 1, "an": 1, "single": 1, "several": 3, "a few": 3, "few": 3,
    "dozen": 12, "a dozen": 12, "over a dozen": 15, "dozens": 36, "dozens of": 36, "scores": 40,
    "hundreds": 200, "hundreds of": 200, "thousands": 2000,
}
#: The words of a count (digits, or a number word).
#: Digits, grouped in thousands ("1,200"; bounded, so a run of "1,2,3,…" is not read as one number).
_DIGITS = r"\d+(?:,\d{3})*"
_COUNT_WORDS = _DIGITS + "|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True))
#: The words of a count, for other modules' patterns.
COUNT_WORDS = _COUNT_WORDS
_NUM_BODY = r"(?P<n>" + _COUNT_WORDS + r")\b"
#: Month names and abbreviations, dotted or not: a number beside one is a day of the month ("on
#: August 23 to justify attacks", "Aug. 23").
_MONTHS = tuple(MONTH_NUMBERS) + tuple(f"{short}." for short in MONTH_NUMBERS if short not in MONTH_NAMES)
#: A count, but not the minutes of a clock time ("22:40", "22.40"), the second part of a date
#: ("11/12"), the number of a weapon's or aircraft's name ("Shahed-136 drones", "Kh-55 cruise
#: missiles", "Ka-52 attack helicopters") or the day after a month's name.
_NUM = r"(?<!\d[:./])(?<![a-z][-\u2010\u2011\u2013])" + "".join(f"(?<!{re.escape(month)} )" for month in _MONTHS) + r"\b" + _NUM_BODY
#: Words that make a counted "attack" a strike or shelling rather than a ground assault ("68 artillery
#: attacks", "4 missile attacks"): LABELS.md counts ground attacks per sector; strikes have their own rows.
_FIRE = r"(?:artillery|mortar|mlrs|missile|rocket|drone|uav|fpv|air(?!\s+assault)|aerial|aviation|airstrike|bomb|kab|geran|kamikaze|shelling|shahed)s?"
#: Words that make a number before an event something else: a duration or distance ("100 days of
#: attacks", "15 km from the clashes"), casualties ("12 wounded in attacks"), part of another count.
_NOT_A_TALLY = (r"(?:of|from|in|out|days?|hours?|weeks?|months?|km|kilometers?|kilometres?|miles?|killed|wounded|injured|dead|"
                + "|".join(MONTH_NAMES) + ")")


def _gap(n: int, refused: str) -> str:
    """Up to ``n`` words between a count and its event, none of them one of ``refused``."""
    return r"(?:(?!(?:" + refused + r")\b)\w+\s+){0," + str(n) + "}?"


#: Not followed by the weapons that made it ("86 attacks using MLRS", "attacked 15 times with
#: drones"); "with air support" is still a ground attack.
_NOT_FIRED = r"(?!\s+(?:using|with|by|from)\s+(?:\w+\s+){0,2}?" + _FIRE + r"\b(?!\s+(?:support|cover)\b))"
#: Not a regional authority's tally of strikes ("543 attacks on 10 settlements", "79 attacks on Kherson region",
#: "96 attacks against 34 settlements").
_NOT_ON_AREAS = r"(?!\s+(?:on|against)\s+(?:\w+\s+){0,3}?(?:settlements?|communit(?:y|ies)|infrastructure|regions?|oblasts?|districts?)\b)"
#: A hedge between a verb and its count ("killed at least 25", "wounding over 100", "injured more than 30").
_ABOUT = r"(?:(?:at least|over|more than|nearly|almost|about|around|approximately|roughly|some|up to|as many as|another|a further|an additional)\s+)?"
#: Up to three words between a count and the dead or injured it counts ("5 people", "133 Russian
#: soldiers": the gold labels count soldiers' deaths too - where they are a text's only casualties,
#: 5 or more of them come with ``high`` in 8 of the 11 labelled texts).
_WHO = r"(?:\w+\s+){0,3}?"

#: The verbs that lead a count of the dead or of the injured ("killed 12", "wounding over 100").
_KILLING = r"\bkill(?:ed|ing|s)"
_INJURING = r"\b(?:injur(?:ed|ing|es)|wound(?:ed|ing|s))"
#: An aside between the people counted and what befell them ("12 people, including a child, were
#: injured"), unless what follows it is a verb with a count of its own ("47 drones, including
#: Shaheds, killed two people": the two are the count).
_INCLUDING = (r"(?:\w+,\s+including\s+[^,.;]{1,30},\s+(?!(?:" + _KILLING + "|" + _INJURING + r"|hurt)\s+" + _ABOUT
              + r"(?:" + _COUNT_WORDS + r")\b))?")
#: The verb between them, however reported ("were", "have been reported", "are known to have been").
_BEEN = r"(?:(?:were|was|are|is|ha(?:ve|s|d) been|been|reportedly|reported|confirmed|known|said|believed|to|now|already)\s+){0,5}?"
#: Not a count but a time, a distance, a date or part of a larger number ("killed some 30 km from
#: the front", "injured around 10:30", "wounded around 20 February", "the deaths of 8 million").
_NOT_A_MEASURE = (r"(?![:.]\d|\s*(?:[ap]\.?m\b|o'clock|years?|months?|weeks?|days?|hours?|minutes?|km|kilomet\w*|miles?|million|billion)\b|\s+(?:"
                  + "|".join(MONTH_NUMBERS) + r")\b)")
#: One person described by age ("a 45-year-old woman was killed"): a count of one.
_ONE_AGED = r"\b(?P<n>a|an|one)\s+\d+-year-old\s+(?:\w+\s+){0,2}?"

#: "attacked once", "twice tried to advance": counts of attacks that are no number word elsewhere
#: ("once again killed" counts nobody).
_ADVERB_COUNTS = {"once": 1, "twice": 2}
_ONCE_OR_TWICE = r"(?P<n>" + "|".join(_ADVERB_COUNTS) + ")"

#: (event, pattern with the count as group ``n``, words one of which every match contains: a text
#: holding none of them is not searched with the pattern; the tests check them against the patterns)
_COUNTED_EVENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("attacks", _NUM + r"\s+" + _gap(3, _FIRE + "|" + _NOT_A_TALLY) + r"(?:attacks?|assaults?|assault actions|offensive actions|combat (?:clashes|engagements)|clashes|engagements|firefights|battles|attempts? to (?:advance|break through|approach|storm))\b"
     + _NOT_FIRED + _NOT_ON_AREAS,
     ("attack", "assault", "offensive actions", "clashes", "engagements", "firefights", "battles", "attempt")),
    ("attacks", r"(?:attacked|stormed|assaulted|tried|attempted|attacks? repelled|repelled)\s+" + _gap(5, _FIRE) + _NUM + r"\s+times\b" + _NOT_FIRED,
     ("times",)),
    ("attacks", r"\b(?:attacked|stormed|assaulted|(?:tried|attempted) to (?:advance|attack|storm))\s+" + _gap(4, _FIRE) + _ONCE_OR_TWICE + r"\b" + _NOT_FIRED, ("once", "twice")),
    ("attacks", r"\b" + _ONCE_OR_TWICE + r"\s+(?:tried|attempted|attacked|stormed|assaulted)\b" + _NOT_FIRED, ("once", "twice")),
    ("killed", _NUM + _NOT_A_MEASURE + r"\s+" + _WHO + r"(?:people |civilians |persons |residents )?" + _INCLUDING + _BEEN + r"(?:among (?:the |those )?)?(?:killed|dead|(?:ha(?:ve|s|d) )?died|deaths|fatalities|bodies)\b",
     ("killed", "dead", "died", "deaths", "fatalities", "bodies")),
    ("killed", _ONE_AGED + _BEEN + r"(?:killed|dead|died)\b", ("year-old",)),
    ("killed", r"(?:" + _KILLING + r"|death toll (?:rose |has risen )?to|claimed the lives of|(?:in )?the deaths of)\s+" + _ABOUT + _NUM + _NOT_A_MEASURE,
     ("kill", "death toll", "claimed the lives of", "deaths of")),
    ("injured", _NUM + _NOT_A_MEASURE + r"\s+" + _WHO + _INCLUDING + _BEEN + r"(?:among (?:the |those )?)?(?:injured|wounded|hurt|casualties)\b",
     ("injured", "wounded", "hurt", "casualties")),
    ("injured", _INJURING + r"\s+" + _ABOUT + _NUM + _NOT_A_MEASURE,
     ("injur", "wound")),
    ("projectiles", _NUM + r"\s+(?:(?!\d)[\w-]+\s+){0,2}?(?:drones|missiles|shaheds|uavs|rockets|glide bombs|guided bombs|kabs|aerial bombs)",
     ("drones", "missiles", "shaheds", "uavs", "rockets", "bombs", "kabs")),
    ("settlements", _NUM + r"\s+(?:\w+\s+){0,2}?(?:villages|settlements|towns)",
     ("villages", "settlements", "towns")),
)
_COUNTED = tuple((event, re.compile(pattern)) for event, pattern, _ in _COUNTED_EVENTS)
_NEEDLES = tuple(needles for _, _, needles in _COUNTED_EVENTS)


def _trie(words) -> str:
    """A regular expression matching exactly ``words``, factored by shared prefixes ("a(?:n|…)"):
    ``re`` tries the alternatives of a flat list one by one at every position."""
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[:1], []).append(word[1:])
    parts = []
    for head, tails in sorted(branches.items()):
        if not head:
            continue
        if len(tails) == 1:
            parts.append(re.escape(head + tails[0]))
            continue
        rest = [t for t in tails if t]
        inner = _trie(rest) if rest else ""
        if inner:
            inner = f"(?:{inner})" + ("?" if "" in tails else "")
        parts.append(re.escape(head) + inner)
    return "|".join(parts)


#: Where a count can begin; the patterns led by a count are only tried there (see :func:`_matches`).
#: The same positions as ``\b(?=`` + :data:`_NUM_BODY` + ``)``, found faster (the patterns themselves
#: refuse what :data:`_NUM`'s lookbehinds exclude: clock minutes, dates, weapons' names).
_COUNT_START = re.compile(r"\b(?=(?:" + _DIGITS + "|" + _trie(_NUMBER_WORDS) + r")\b)")
_COUNT_LED = frozenset(pattern for _, pattern in _COUNTED if pattern.pattern.startswith(_NUM))
#: Thresholds of LABELS.md per counted event: (moderate from, high from).
_THRESHOLDS = {"attacks": (4, 25), "killed": (1, 5), "injured": (5, 25), "projectiles": (10, 100), "settlements": (1, 2)}
_EVENTS = tuple(_THRESHOLDS)

#: Cue phrases, each counted once per text, grouped by the level they point to.
CUES: dict[str, tuple[str, ...]] = {
    "high": (
        "encircle", "encirclement", "breakthrough", "broke through", "mechanized assault",
        "mechanised assault", "armored assault", "urban battle", "urban fighting", "urban combat",
        "street fighting", "street battles", "house-to-house fighting", "block-by-block",
        "fell to", "has fallen", "captured the town", "captured the city", "took control of the town",
        "massive attack", "massive strike", "mass attack", "combined strike", "largest attack",
        "heaviest", "fierce fighting", "fierce battles", "intense fighting", "heavy fighting",
        "sustained assault", "sunk", "destroyed the dam", "dozens of attacks",
    ),
    "moderate": (
        "repelled", "repulsed", "advanced", "advance", "captured", "liberated", "took control",
        "claimed control", "localized fighting", "localised fighting", "positional battles",
        "assault", "offensive", "killed", "injured", "wounded", "refinery", "airbase", "airfield",
        "fire broke out", "ammunition depot",
    ),
    "low": (
        "shelling", "shelled", "drone strike", "fpv", "reconnaissance", "no significant changes",
        "shot down", "intercepted", "no casualties", "no injuries", "artillery", "mortar",
    ),
    "none": (
        "sanctions", "talks", "negotiation", "summit", "aid package", "diplomat", "economy",
        "election", "parliament", "mobilization law", "prisoner exchange", "ceasefire proposal",
    ),
}
_CUE_PATTERNS = {level: re.compile(r"\b(?:" + "|".join(map(re.escape, cues)) + r")") for level, cues in CUES.items()}

#: Counts and threshold indicators only: cue-word counts duplicate what TF-IDF already sees.
FEATURE_NAMES: tuple[str, ...] = tuple(
    [f"{e}_log_max" for e in _EVENTS] + [f"{e}_ge_{tier}" for e in _EVENTS for tier in ("moderate", "high")]
)


#: Counts from here on are populations or tallies of a whole war, no event of the text's day.
_TOO_MANY = 100_000


def _value(token: str) -> int:
    """The number a count's words say; a number of more than six digits counts no event (and
    ``int`` refuses one of 4,300 digits)."""
    token = token.replace(",", "")
    if token.isdigit():
        return int(token) if len(token) <= 6 else _TOO_MANY
    return _NUMBER_WORDS.get(token, _ADVERB_COUNTS.get(token, 0))


def event_counts(text: str) -> dict[str, int]:
    """Largest count the text reports per event (attacks, killed, injured, projectiles, settlements)."""
    return counts_of(event_matches(text))


@lru_cache(maxsize=1024)
def event_matches(text: str) -> tuple[tuple[int, str, int], ...]:
    """(position, event, count) of every count the text reports, positions in ``normalise(text)``
    (for ASCII text, the text's own offsets). Cached: the article's features and its sectors'
    sentences (:mod:`model.sector_levels`) both read them."""
    low = normalise(text)
    starts, found = None, []
    for (event, pattern), needles in zip(_COUNTED, _NEEDLES):
        if not any(needle in low for needle in needles):
            continue
        if starts is None and pattern in _COUNT_LED:  # found once, when a count-led pattern needs them
            starts = [m.start() for m in _COUNT_START.finditer(low)]
        for match in _matches(pattern, low, starts):
            value = _value(match.group("n"))
            if value < _TOO_MANY and not 1900 <= value <= 2100:  # years and populations count no events
                found.append((match.start(), event, value))
    return tuple(found)


#: The article read as a count of one ("an assault", "a single attack"), not as a number.
_ARTICLE = re.compile(r"\b(?:an?|single)\b(?!\s+(?:few|dozen)\b)", re.IGNORECASE)


def states_a_number(normal: str, position: int) -> bool:
    """Whether the count at ``position`` of ``normal`` (a normalised text, as
    :func:`event_matches` places its counts) is a number, not the article: "a Ukrainian attack"
    names an event without counting it; "three attacks", "a dozen assaults" and "attacked twice"
    count."""
    return not _ARTICLE.match(normal, position)



def counts_of(matches) -> dict[str, int]:
    """Largest count per event among ``matches`` (rows of :func:`event_matches`)."""
    counts = dict.fromkeys(_EVENTS, 0)
    for _, event, value in matches:
        counts[event] = max(counts[event], value)
    return counts


def _matches(pattern: re.Pattern, text: str, starts: list[int]):
    """``pattern.finditer(text)``, faster for a pattern led by a count: it is tried only at the
    positions where a count begins (``starts``), left to right, each search resuming after the
    previous match, exactly as ``finditer`` would find them."""
    if pattern not in _COUNT_LED:
        yield from pattern.finditer(text)
        return
    resume = 0
    for start in starts:
        if start >= resume and (match := pattern.match(text, start)):
            yield match
            resume = match.end()


def count_features(counts: dict[str, int]) -> np.ndarray:
    """The feature vector of :data:`FEATURE_NAMES` from the largest count per event."""
    values = [np.log1p(counts[e]) for e in _EVENTS]
    for event in _EVENTS:
        moderate, high = _THRESHOLDS[event]
        values += [float(counts[event] >= moderate), float(counts[event] >= high)]
    return np.asarray(values, dtype=np.float64)


def count_level(event: str, count: int) -> int:
    """The level rank LABELS.md gives ``count`` events of kind ``event``: 3 (high) or 2 (moderate)
    from its thresholds, 0 below them (a smaller count decides nothing)."""
    moderate, high = _THRESHOLDS[event]
    return 3 if count >= high else 2 if count >= moderate else 0


#: Ground gained or lost, a breakthrough, an encirclement: more than a count of attacks tells
#: ("tried to advance", "attempted to capture", "repelled 5 enemy advances" and "to avoid
#: encirclement" are none: the verbs' past forms only, the noun only as "made … advances").
_GROUND_GAINED = re.compile(
    r"\b(?:advanced\b|advancing\b|made (?:\w+ )?advances|(?:captur|seiz|liberat)(?:ed|ing)\b|"
    r"t(?:ook|aken) (?:control|over)\b|gained a foothold|broke through|breakthrough|(?<!avoid )(?<!avoiding )encircl|"
    r"withdr[ae]w|retreated|pulled back)", re.IGNORECASE)


def gained_ground(text: str) -> bool:
    """Whether ``text`` tells of ground gained or lost (:data:`_GROUND_GAINED`)."""
    return bool(_GROUND_GAINED.search(text))


#: A denial just before a cue, or before the verb that reports it ("have not conducted mechanized
#: assaults since March", "no breakthrough", "without any breakthrough"); "could not stop the
#: mechanized assault" and "not only … launched a mechanized assault" report one.
_DENIED_BEFORE = re.compile(r"(?:\b(?:no|not|never|without)|n't)\s+(?:(?:conduct|launch|carr|attempt|mak|made|observ|record|report"
                            r"|seen|been|any|confirm|further|new|major|signs?\b|evidence)\S*\s+){0,2}$")


def has_cue(text: str, level: str) -> bool:
    """Whether ``text`` tells of one of the :data:`CUES` of ``level``, not denied just before it."""
    low = normalise(text)
    return any(not _DENIED_BEFORE.search(low, max(0, cue.start() - 60), cue.start())
               for cue in _CUE_PATTERNS[level].finditer(low))


def rule_level(text: str) -> int:
    """Intensity rank by the lexicon alone (0 none … 3 high), for the rules-only baseline."""
    counts = event_counts(text)
    rank = max(count_level(event, counts[event]) for event in _EVENTS)
    low = normalise(text)
    for level, floor in (("high", 3), ("moderate", 2), ("low", 1)):
        if _CUE_PATTERNS[level].search(low):
            rank = max(rank, floor)
    return rank
