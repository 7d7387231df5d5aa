"""Impact windows: notes that recover and then fail again tell more than one window of impact.

A status page that says "Resolved" and then "Reopened: failures are back up", or a timeline with a second
"first indication of failure" after "mitigation is successful", has two windows. The incident ends at the last
recovery after the last reopening (not at the first "resolved"), and its length is the sum of its windows, not
the time from the first failure to the last recovery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Sequence

from incident_brief.offline.extract.times import FOREIGN_MONTHS, ISO, MONTHS, NAMED, Stamp

# The failure is back after a recovery: a "Reopened:" update, "incident reopened", "failures are back up", "errors
# again", "recurred" (not "markets re-opened", which is a recovery).
REOPEN = re.compile(
    r"\b(?:re-?opened(?=[*_]{0,2}:)|(?:incident|issue|ticket|outage)\s+(?:was\s+|is\s+|has\s+been\s+)?re-?opened|recurr(?:ed|ing)|(?:failures?|errors?|issues?|problems?|outage|impact)\s+(?:are\s+|is\s+|were\s+|was\s+)?back\b(?!\s+(?:to|under|below|within|down|at|in|on)\b)"
    r"|(?:failing|down|unavailable|errors?|failures?)\s+again\b|again\s+(?:failing|down|unavailable))", re.I)
REOPEN_WORDS = ("open", "recurr", "back", "again")

Check = Callable[[Stamp], bool]


@dataclass(frozen=True)
class Window:
    start: Stamp
    end: Stamp

    @property
    def minutes(self) -> float:
        return (self.end.when - self.start.when).total_seconds() / 60


def _between(stamps: Sequence[Stamp], start: Stamp, end: Stamp | None) -> list[Stamp]:
    """The dated times comparable with the start, from the start on (to the end when given), in time order."""
    same = [s for s in stamps if s.dated and s.zoned == start.zoned and s.when >= start.when
            and (end is None or s.when <= end.when)]
    return sorted(same, key=lambda s: (s.when, s.start))


def final_end(stamps: Sequence[Stamp], start: Stamp, end: Stamp, closes: Check, reopens: Check) -> Stamp | None:
    """When the notes reopen after the stated end ("Resolved 20:42" ... "Reopened 21:03"), the last recovery
    after the last reopening; None when nothing reopens after the end (the end stands)."""
    if not (start.dated and end.dated and start.zoned == end.zoned):
        return None
    later = [s for s in _between(stamps, start, None) if s.when > end.when]
    reopened = [i for i, s in enumerate(later) if reopens(s)]
    if not reopened:
        return None
    closing = [s for s in later[reopened[-1] + 1:] if closes(s) and not reopens(s)]
    return closing[-1] if closing else None


def windows(stamps: Sequence[Stamp], start: Stamp, end: Stamp, closes: Check, reopens: Check) -> list[Window]:
    """The windows between start and end when the notes reopen after a recovery (two or more), else []. Each
    window closes at the last recovery before the next reopening; the last closes at the end."""
    if not (start.dated and end.dated and start.zoned == end.zoned and end.when > start.when):
        return []
    out: list[Window] = []
    opened, closed = start, None
    for s in _between(stamps, start, end):
        if s is opened or s.when == opened.when:
            continue
        if reopens(s):
            if closed is not None:
                out.append(Window(opened, closed))
                opened, closed = s, None
        elif closes(s):
            closed = s
    if not out:
        return []
    out.append(Window(opened, end))
    return [w for w in out if w.end.when > w.start.when]


# A window stated in days ("Between July 9 and July 16, 2023", "from on or about 2025-02-10 through 2025-04-01"):
# impact began on its first day, which may come before the first failure the timeline tells.
_DAY_FROM = re.compile(r"\b(?:between|from)\s{1,3}(?:(?:on\s{1,3})?or\s{1,3}about\s{1,3}|about\s{1,3}|around\s{1,3})?$", re.I)
_DAY_JOIN = re.compile(r"\s{1,3}(?:and|to|through|thru|until|till|–|—|-)\s{1,3}(?:on\s{1,3})?", re.I)


def first_stated_day(text: str) -> date | None:
    """The first day of the first window stated in days, or None."""
    low = text.lower()
    for word in ("between", "from"):
        i = low.find(word)
        while i != -1:
            day = _window_at(text, i + len(word))
            if day is not None:
                return day
            i = low.find(word, i + 1)
    return None


def _window_at(text: str, pos: int) -> date | None:
    a = _date_at(text, pos, 30)
    if a is None or not _DAY_FROM.search(text, max(0, pos - 12), a[0]):
        return None
    join = _DAY_JOIN.match(text, a[1])
    b = _date_at(text, join.end(), 0) if join else None
    if b is None or b[0] != join.end() or b[2] is None:
        return None
    first = a[2] or (_safe(b[2].year, a[3], a[4]) if a[3] else None)
    return first if first is not None and first <= b[2] else None


def _date_at(text: str, pos: int, reach: int) -> tuple[int, int, date | None, int | None, int | None] | None:
    """The first ISO or named date starting within reach characters of pos: (start, end, full date, month, day)."""
    window = text[pos:pos + reach + 40]
    iso, named = ISO.search(window), NAMED.search(window)
    hits = [m for m in (iso, named) if m is not None and m.start() <= reach]
    if not hits:
        return None
    m = min(hits, key=lambda m: m.start())
    s, e = pos + m.start(), pos + m.end()
    if m.re is ISO:
        return (s, e, _safe(int(m["y"]), int(m["mo"]), int(m["d"])), None, None) if not m["h"] else None
    name = (m["mon"] or m["mon2"]).lower().rstrip(".")
    mon = FOREIGN_MONTHS.get(name) or MONTHS.get(name[:3])
    day = int(m["d"] or m["d2"])
    if mon is None:
        return None
    return s, e, _safe(int(m["y"]), mon, day) if m["y"] else None, mon, day


def _safe(y: int, mo: int, d: int) -> date | None:
    try:
        return date(y, mo, d)
    except ValueError:
        return None
