"""Days named by their weekday in prose, and dates whose year only their weekday tells.

Terse notes write a day header without a year ("=== Mon Sep 29 ===", "handoff sat 8/9") and refer back to days by
name ("First failure 16:30 Fri", "failing since Sat 23:40", "on Friday at 16:30", "yesterday 23:10", "last night at
11pm"). A yearless date with a weekday takes the latest year, not after the current one, in which that date falls
on that weekday; a clock with a weekday or "yesterday" next to it takes the latest such day on or before the day in
force where it is written.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from incident_brief.schema import year_ok

_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WD = r"(?:mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|urday)?\.?"
_CAP_WD = r"(?-i:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day|s|sday|nesday|rsday|urday)?\.?"
# A weekday right before a date ("Mon Sep 29", "sat 8/9", "Fri, 26 Sep"), read on the 14 characters before it.
WEEKDAY_BEFORE = re.compile(r"(?<![\w/])(?P<w>" + _WD + r"),?[ \t]{1,3}\Z", re.I)
# "sat 8/9", "Fri 26/9": a weekday and a slashed day and month without a year.
WEEKDAY_SLASH = re.compile(r"(?<![\w/])(?P<w>" + _WD + r"),?[ \t]{1,3}(?P<a>[01]?\d|[23]\d)/(?P<b>[0-3]?\d)(?![\w/]|\.\d)", re.I)
# A weekday written with a clock: "16:30 Fri", "Fri 16:30", "on Friday at 16:30", "since Sat 23:40".
_CLOCK_DAY_BEFORE = re.compile(r"(?<![\w/])(?P<w>" + _WD + r")(?:[ \t]{1,3}(?:at|around|about|~))?[ \t]{0,3}~?\Z", re.I)
# After a clock the weekday is capitalised or ends its clause ("at 10:00 sat down" is no day).
_CLOCK_DAY_AFTER = re.compile(r"[ \t]{1,3}(?:on[ \t]{1,3})?(?P<w>" + _CAP_WD + r"|" + _WD + r"(?=[ \t]*(?:[.,;:)]|$)))"
                              r"(?![\w/])(?![ \t]{1,3}(?:\d|[A-Za-z]{3,9}\.?[ \t]{1,3}\d))", re.I | re.M)
# "yesterday 23:10", "yesterday at 11pm", "last night at 11pm", "23:10 yesterday", "11pm last night".
_YESTERDAY_BEFORE = re.compile(r"\b(?:yesterday|last[ \t]{1,3}night)(?:[ \t]{1,3}(?:at|around|about))?[ \t]{1,3}~?\Z", re.I)
_YESTERDAY_AFTER = re.compile(r"[ \t]{1,3}(?:yesterday|last[ \t]{1,3}night)\b", re.I)
_YEARS_BACK = 11  # every day of the year falls on every weekday within 11 years


def weekday_index(word: str) -> int | None:
    """The weekday (0 = Monday) an English weekday word names ("Fri", "friday", "Thurs.")."""
    w = word.lower()[:3]
    return _DAY_NAMES.index(w) if w in _DAY_NAMES else None


def year_for(weekday: int, month: int, day: int, this_year: int) -> date | None:
    """The latest date with this month and day, in this_year or the years before it, that is that weekday."""
    for year in range(this_year, this_year - _YEARS_BACK - 1, -1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d.weekday() == weekday and year_ok(year):
            return d
    return None


def weekday_before(text: str, pos: int) -> int | None:
    """The weekday written right before a date at pos ("Mon Sep 29"), or None."""
    m = WEEKDAY_BEFORE.search(text, max(0, pos - 14), pos)
    return weekday_index(m["w"]) if m else None


def days_back(text: str, start: int, end: int, in_force: date) -> int:
    """How many days before the day in force a clock written at text[start:end] is: a weekday written beside
    it names the latest such day on or before the day in force; "yesterday"/"last night" the day before."""
    before = _CLOCK_DAY_BEFORE.search(text, max(0, start - 16), start)
    after = _CLOCK_DAY_AFTER.match(text, end, min(len(text), end + 40))
    m = before or after
    if m is not None and (wd := weekday_index(m["w"])) is not None:
        return (in_force.weekday() - wd) % 7
    if _YESTERDAY_BEFORE.search(text, max(0, start - 24), start) or _YESTERDAY_AFTER.match(text, end, end + 16):
        return 1
    return 0


def back(day: date, n: int) -> date:
    return day - timedelta(days=n) if n else day


def dated_by_weekday(text: str, entries: list, day_first: bool | None, this_year: int) -> list:
    """Date entries (start, end, date, None, None) for the yearless dates that a weekday dates, when the notes
    write no year at all: "=== Mon Sep 29 ===" (entries with a month and day but no year are replaced) and
    "sat 8/9" (day_first: the notes' reading of slashed dates; None: the reading whose date is the latest)."""
    if any(e[2] for e in entries):
        return entries
    out = []
    for e in entries:
        wd = weekday_before(text, e[0]) if e[3] and e[4] and e[4] > 0 else None
        d = year_for(wd, e[3], e[4], this_year) if wd is not None else None
        out.append((e[0], e[1], d, None, None) if d else e)
    taken = {e[0] for e in out}
    for m in WEEKDAY_SLASH.finditer(text) if "/" in text else ():
        if m.start("a") in taken:
            continue
        d = _slash_day(weekday_index(m["w"]), int(m["a"]), int(m["b"]), day_first, this_year)
        if d is not None:
            out = [e for e in out if not (m.start("a") <= e[0] < m.end())]
            out.append((m.start("a"), m.end(), d, None, None))
    return out


def _slash_day(wd: int | None, a: int, b: int, day_first: bool | None, this_year: int) -> date | None:
    if wd is None:
        return None
    readings = [(b, a)] if day_first else [(a, b)] if day_first is not None else [(a, b), (b, a)]
    found = [d for mo, dd in readings if 1 <= mo <= 12 and (d := year_for(wd, mo, dd, this_year))]
    return max(found) if found else None
