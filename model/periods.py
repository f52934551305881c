"""How many days a count of attacks spans: LABELS.md's thresholds are one sector's in one day.

A daily report's "the enemy attacked 27 times" is a day's; a weekly digest's "362 assaults over
seven days" is about 52 a day, and the "133 attacks" of the same digest about 19. :func:`days_of`
reads the period a sentence states ("over the past week", "over the three days", "on Saturday
alone"), else the one the text's lead states ("Weekly front review, 10-16 November", "Three-day
digest, 9-11 October"), else one day.
"""
from __future__ import annotations

import re
from functools import lru_cache

from model.text import MONTH_NAMES

_DAY_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10, "fourteen": 14}
_N = r"(?P<n>\d{1,2}|" + "|".join(_DAY_COUNTS) + ")"
_MONTH = "(?:" + "|".join(MONTH_NAMES) + ")"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Periods of several days, with their length: a week, a month, a weekend, "the past three days",
#: "a three-day digest", a range of days ("10-16 November", "between 10 and 16 November", "November 10-16").
_SEVERAL_DAYS = (
    (re.compile(r"\b(?:past|last|previous|this|the|one|whole|entire) week\b|\bweek in review\b|\bper week\b"
                r"|\bweekly (?:review|digest|roundup|round-up|summary|brief|update|report|newsletter|tally|total)"
                r"|\(week\)|\bweek's\b|\bthis week\b", re.IGNORECASE), 7),
    (re.compile(r"\b(?:past|last|previous|whole|entire) month\b|\bover the month\b|\bmonthly (?:review|digest|summary|report|total)"
                r"|\bin " + _MONTH + r"\b(?!\s+\d)", re.IGNORECASE), 30),
    (re.compile(r"\b(?:over|during|at|on) the weekend\b|\bweekend\b", re.IGNORECASE), 2),
)
_N_DAYS = re.compile(r"\b(?:over|in|during|for|within|across|past|last|previous) (?:the )?(?:past |last |previous |first )?"
                     + _N + r"[ -]days?\b|\b" + _N.replace("?P<n>", "?P<m>") + r"-day\b", re.IGNORECASE)
_DAY_RANGE = re.compile(r"\b(?:(?:between|from) (?P<a>\d{1,2}) (?:and|to) |(?P<x>\d{1,2})\s*[-–]\s*)(?P<b>\d{1,2})\s+" + _MONTH + r"\b|\b" + _MONTH
                        + r"\s+(?P<c>\d{1,2})\s*[-–]\s*(?P<d>\d{1,2})\b", re.IGNORECASE)
#: A digest's own span, in its lead ("Week in review", "THE FRONT THIS WEEK", "weekly briefing").
_DIGESTS = ((re.compile(r"\bweek in (?:review|the war|focus)\b|\b(?:war|front) (?:this )?week\b|\bweekly (?:review|digest|roundup|round-up"
                        r"|summary|brief|briefing|update|report|newsletter|front)", re.IGNORECASE), 7),
            (re.compile(r"\bmonthly (?:review|digest|summary|report)", re.IGNORECASE), 30))
#: One day, said outright ("over the past day", "since the start of the day", "on Saturday alone").
_ONE_DAY = re.compile(r"\b(?:past|last|previous) (?:day|24 hours)\b|\bsince the (?:start|beginning) of the day\b|\byesterday\b"
                      r"|\btoday\b|\balone\b|\b(?:a|per) day\b|\bon " + "(?:" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_LEAD_N_DAYS = re.compile(r"\b(?:over|during|across|in) the (?:past|last|previous) " + _N + r" days\b|\b"
                          + _N.replace("?P<n>", "?P<m>") + r"-day (?:digest|review|summary|roundup|round-up|report)\b", re.IGNORECASE)
_LEAD_ONE_DAY = re.compile(r"\b(?:past|last|previous) (?:day|24 hours)\b|\bsince the (?:start|beginning) of the day\b", re.IGNORECASE)
#: How far into a text its lead (a title, a dateline, a first paragraph) runs.
LEAD_CHARS = 600


def stated_days(text: str, lead: bool = False) -> int | None:
    """The days ``text`` (a sentence) says its counts span, by the first period it states, or None
    where it states none. ``lead``: ``text`` is a text's lead, whose weekdays, months and "last
    week" tell of its story, not of its counts' span; only a digest's own (a range of days, "three
    days", "week in review") or one day ("over the past 24 hours") count."""
    found = []  # (position, days)
    weekdays = {day.lower() for day in _WEEKDAY.findall(text)}
    if (match := (_LEAD_ONE_DAY if lead else _ONE_DAY).search(text)) and (len(weekdays) < 2 or "alone" in text.lower()):
        found.append((match.start(), 1))
    elif len(weekdays) > 1 and not lead:  # "over Friday, Saturday and Sunday"
        found.append((_WEEKDAY.search(text).start(), len(weekdays)))
    if match := (_LEAD_N_DAYS if lead else _N_DAYS).search(text):
        word = (match.group("n") or match.group("m")).lower()
        found.append((match.start(), int(word) if word.isdigit() else _DAY_COUNTS[word]))
    if match := _DAY_RANGE.search(text):
        first, last = (match.group("a") or match.group("x"), match.group("b")) if match.group("b") else (match.group("c"), match.group("d"))
        if 1 < int(last) - int(first) < 31:  # "overnight on August 13-14" is one day's
            found.append((match.start(), int(last) - int(first) + 1))
    for pattern, days in _DIGESTS if lead else _SEVERAL_DAYS:
        if match := pattern.search(text):
            found.append((match.start(), days))
    return min(found)[1] if found else None


@lru_cache(maxsize=256)
def lead_days(text: str) -> int:
    """The days a text's counts span unless a sentence says otherwise: those its lead states (a
    weekly digest's title), else one."""
    return stated_days(text[:LEAD_CHARS], lead=True) or 1


def days_of(text: str, start: int, end: int) -> int:
    """The days the counts of the sentence ``text[start:end]`` span (:func:`stated_days`, else
    :func:`lead_days`)."""
    return stated_days(text[start:end]) or lead_days(text)


def per_day(count: int, days: int) -> int:
    """``count`` events over ``days`` days as a day's, rounded half up, and at least one where
    there were any (two attacks in a week are still attacks)."""
    return max((2 * count + days) // (2 * days), min(count, 1))
