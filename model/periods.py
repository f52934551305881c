"""How many days a count of attacks spans: LABELS.md's thresholds are one sector's in one day.

A daily report's "the enemy attacked 27 times" is a day's; a weekly digest's "362 assaults over
seven days" is about 52 a day, and the "133 attacks" of the same digest about 19. :func:`days_of`
reads the period a sentence states ("over the past week", "over the three days", "on Saturday
alone"), else the one the text's title states ("Weekly front review, 10-16 November", "Three-day
digest"), else one day.
"""
from __future__ import annotations

import re
from functools import lru_cache

from model.text import MONTH_NAMES

_DAY_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10, "fourteen": 14}
_N = r"(?P<n>\d{1,2}|" + "|".join(_DAY_COUNTS) + ")"
_MONTH = "(?:" + "|".join(MONTH_NAMES) + ")"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + ")"


def _pattern(expression: str) -> re.Pattern:
    return re.compile(expression, re.IGNORECASE)


#: A daily rate ("an average of 50 attacks a day"): one day, whatever period the sentence names.
_DAILY_RATE = _pattern(r"\b(?:a|per|each|every) day\b|\bdaily (?:average|rate)\b")
#: One day, said outright ("over the past day", "since the start of the day", "on Saturday alone").
_ONE_DAY = _pattern(r"\b(?:past|last|previous) (?:day|24 hours)\b|\bsince the (?:start|beginning) of the day\b|\byesterday\b"
                    r"|\btoday\b|\b(?:" + _WEEKDAY + r"|day|yesterday) alone\b|\bon " + _WEEKDAY + r"\b(?!\s*(?:,|and|to|through|[-–])\s*"
                    + _WEEKDAY + ")")
#: Weekdays joined as one span ("over Friday, Saturday and Sunday", "from Friday to Sunday").
_WEEKDAY_SPAN = _pattern(r"\b" + _WEEKDAY + r"(?:\s*(?:,|and|, and)\s*" + _WEEKDAY + r")+\b|\b(?P<first>" + _WEEKDAY
                         + r")\s*(?:to|through|[-–])\s*(?P<last>" + _WEEKDAY + r")\b")
#: "over the past three days", "in 3 days", "a three-day digest" (not a "30-day ceasefire").
_N_DAYS = _pattern(r"\b(?:over|in|during|within|across|for) (?:the )?(?:past |last |previous |first )?" + _N + r"[ -]days?\b|\b"
                   + _N.replace("?P<n>", "?P<m>") + r"-day (?:digest|review|summary|roundup|round-up|report|period|span|tally|total)\b")
#: A range of days ("10-16 November", "between 10 and 16 November", "November 10-16").
_DAY_RANGE = _pattern(r"\b(?:(?:between|from) (?P<a>\d{1,2}) (?:and|to) |(?P<x>\d{1,2})\s*[-–]\s*)(?P<b>\d{1,2})\s+" + _MONTH
                      + r"\b|\b" + _MONTH + r"\s+(?P<c>\d{1,2})\s*[-–]\s*(?P<d>\d{1,2})\b")
#: Periods of several days, with their length: a week, a month, a weekend.
_SEVERAL_DAYS = (
    (_pattern(r"\b(?:past|last|previous|this|one|whole|entire) week\b|\bover the week\b|\bweek in review\b|\bper week\b"
              r"|\bweekly (?:review|digest|roundup|round-up|summary|brief|update|report|tally|total)|\(week\)"), 7),
    (_pattern(r"\b(?:past|last|previous|whole|entire) month\b|\bover the month\b|\bmonthly (?:review|digest|summary|report|total)"
              r"|^\W*(?:in|during|throughout) " + _MONTH + r",(?!\s*\d)"), 30),  # "In October, …" (not "… began in February")
    (_pattern(r"\bweekend\b"), 2),
)
#: A digest's own span, named in its title ("Week in review", "THE FRONT THIS WEEK", "weekly briefing").
_DIGESTS = ((_pattern(r"\bweek in (?:review|the war|focus)\b|\b(?:war|front) (?:this )?week\b|\bweekly (?:review|digest|roundup"
                      r"|round-up|summary|brief|briefing|update|report|front)"), 7),
            (_pattern(r"\bmonthly (?:review|digest|summary|report)"), 30))
_LEAD_ONE_DAY = _pattern(r"\b(?:past|last|previous) (?:day|24 hours)\b|\bsince the (?:start|beginning) of the day\b")
_LEAD_N_DAYS = _pattern(r"\b(?:over|during|across|in) the (?:past|last|previous) " + _N + r" days\b|\b"
                        + _N.replace("?P<n>", "?P<m>") + r"-day (?:digest|review|summary|roundup|round-up|report)\b")
#: How far into a text its lead runs, and how long a line of it may be to be read as its title or
#: dateline (a range of days there is the text's span; in a paragraph, it is its story's).
LEAD_CHARS = 600
TITLE_CHARS = 160


def _days_in(match: re.Match) -> int:
    """The days a match of :data:`_N_DAYS` or :data:`_LEAD_N_DAYS` says."""
    word = (match.group("n") or match.group("m")).lower()
    return int(word) if word.isdigit() else _DAY_COUNTS[word]


def _range_days(match: re.Match) -> int | None:
    """The days a match of :data:`_DAY_RANGE` spans; None for two ("overnight on August 13-14" is
    one day's report) or an impossible range."""
    first, last = (match.group("a") or match.group("x"), match.group("b")) if match.group("b") else (match.group("c"), match.group("d"))
    return int(last) - int(first) + 1 if 1 < int(last) - int(first) < 31 else None


def _weekday_span_days(match: re.Match) -> int:
    if match.group("first"):
        return (_WEEKDAYS.index(match.group("last").lower()) - _WEEKDAYS.index(match.group("first").lower())) % 7 + 1
    return len({day.lower() for day in re.findall(_WEEKDAY, match.group(), re.IGNORECASE)})


#: The periods a sentence may state, each with what a match says of its days.
_SENTENCE_PERIODS = ((_ONE_DAY, lambda m: 1), (_WEEKDAY_SPAN, _weekday_span_days), (_N_DAYS, _days_in),
                     (_DAY_RANGE, _range_days)) + tuple((pattern, lambda m, d=days: d) for pattern, days in _SEVERAL_DAYS)
#: The periods a lead may state as its text's own (its ranges of days are read line by line, below).
_LEAD_PERIODS = ((_LEAD_ONE_DAY, lambda m: 1), (_LEAD_N_DAYS, _days_in)) + tuple((pattern, lambda m, d=days: d)
                                                                                 for pattern, days in _DIGESTS)


def _periods_in(text: str, periods, offset: int = 0) -> list[tuple[int, int]]:
    """(position, days) of the first match in ``text`` of each of ``periods`` that says a number of
    days (none for "overnight on August 13-14" or "the past 0 days"), positions shifted by ``offset``."""
    return [(offset + match.start(), length) for pattern, days in periods
            if (match := pattern.search(text)) and (length := days(match))]


def stated_days(sentence: str) -> int | None:
    """The days ``sentence`` says its counts span, by the first period it states (a daily rate
    says one whatever else it states), or None where it states none."""
    if _DAILY_RATE.search(sentence):
        return 1
    found = _periods_in(sentence, _SENTENCE_PERIODS)
    return min(found)[1] if found else None


@lru_cache(maxsize=256)
def lead_days(text: str) -> int:
    """The days a text's counts span unless a sentence says otherwise: by the first period its lead
    states as the text's own (one day, "over the past 24 hours"; a digest's title, "Week in
    review", "three-day digest"; a range of days in a title or dateline line), else one. Its
    weekdays, months and "last week" tell of its story, not of its counts' span."""
    lead = text[:LEAD_CHARS]
    found = _periods_in(lead, _LEAD_PERIODS)
    start = 0
    for line in lead.splitlines(keepends=True):
        if len(line) <= TITLE_CHARS and (ranged := _periods_in(line, ((_DAY_RANGE, _range_days),), start)):
            found += ranged
            break
        start += len(line)
    return min(found)[1] if found else 1


def days_of(text: str, start: int, end: int) -> int:
    """The days the counts of the sentence ``text[start:end]`` span (:func:`stated_days`, else
    :func:`lead_days`)."""
    return stated_days(text[start:end]) or lead_days(text)


def per_day(count: int, days: int) -> int:
    """``count`` events over ``days`` days as a day's, rounded half up, and at least one where
    there were any (two attacks in a week are still attacks)."""
    return max((2 * count + days) // (2 * days), min(count, 1))
