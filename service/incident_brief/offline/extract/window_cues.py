"""Cues for the customer-impact window that the notes state after the fact.

The alert, the ticket's creation or the first chat message often come after impact began; a later line then says
when it really began, right before the time: "looking back at the graphs it started 11:42", "looks like it started
with the 06:20 rollout", "first failed request 19:40", "degraded from 15:12", "impact start 07:05". A change that a
later message dates before the first report ("pods were redeployed at 9:02 with the new config") is where a
window read from the first entry really begins. And a duration the notes state ("for 38 minutes") chooses, among
the entries before the end, the one the window starts with.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Callable, Sequence

from incident_brief.offline.extract.times import Stamp

# Read on the text right before a time (a bounded look-back, anchored at its end).
STARTED_AT = re.compile(
    r"(?:\b(?:started|starts|start(?:ed)?[ \t]time|began|begun|begann|beginning|onset|kicked[ \t]off)[^\w\n]{0,3}"
    r"(?:(?:at|around|about|approximately|roughly|ca\.?|with(?:[ \t]the)?|from|after|right[ \t]after|during(?:[ \t]the)?|"
    r"on|by|in)[ \t]{1,3})?"
    r"|\bfirst[ \t](?:failed|failing|erroring|errored|broken|bad|rejected|declined|timed[ -]out|dropped|lost|missing|"
    r"slow|stuck|bounced|undelivered|dropped|refused)[ \t][\w-]{2,20}(?:[ \t](?:at|around|about|was|were))?[ \t]{1,3}"
    r"|\bfirst[ \t](?:failures?|errors?|timeouts?|bounces?|5xx|crash(?:es)?|alarm[ \t]of[ \t]impact)[ \t]*(?:at|was|:|around)?[ \t]{1,3}"
    r"|\b(?:degraded|failing|erroring|broken|unavailable|down|impacted|affected)[ \t]{1,3}(?:since|from)[ \t]{1,3}"
    r"|\b(?:impact|outage|errors?|failures?|degradation|incident)[ \t](?:start(?:ed|s)?|began|begins)[ \t]*[:=]?[ \t]{0,3}"
    r"(?:at[ \t]{1,3})?)"
    r"(?:~|ca\.?|approx\.?)?[ \t]{0,2}\Z", re.I)
STARTED_BACK = 45  # characters before a time that can hold such a cue

# A change that took effect ("redeployed", "rolled out", "config pushed"): dated before the first report, it is
# where impact began. A fix ("rolled back", "reverted") is never one.
_CHANGE = re.compile(r"\b(?:(?:re-?)?deploy(?:s|ed|ment)?|rolled[ \t]out|roll-?out|released|shipped|config(?:uration)?"
                     r"[ \t](?:push(?:ed)?|change[ds]?)|pushed|merged|upgraded|migrat(?:ed|ion)|applied|enabled|switched)\b",
                     re.I)
_FIX = re.compile(r"\b(?:fix(?:es|ed)?|hotfix|revert(?:ed)?|roll(?:ed)?[ -]?back|restor\w*|restart\w*|rollback)\b", re.I)
_CHANGE_REACH = timedelta(hours=6)  # a change earlier than this before the first report is background


def started_before(text: str, s: Stamp) -> bool:
    """A start cue written right before this time ("started with the 06:20 rollout", "first failed request 23:41");
    not the start of the call about it ("meeting started 14:20")."""
    m = STARTED_AT.search(text, max(0, s.start - STARTED_BACK), s.start)
    return m is not None and not a_meeting(text, m.start())


# "meeting started", "bridge opened", "the call began": the response's own start, not the failure's.
_MEETING = re.compile(r"\b(?:meeting|call|bridge|recording|huddle|stand-?up|war[ -]?room|conference|session)"
                      r"[ \t]{1,3}(?:has[ \t]{1,3}|was[ \t]{1,3})?\Z", re.I)


def a_meeting(text: str, pos: int) -> bool:
    """A start word at pos names a meeting's start ("meeting started", "the bridge was started")."""
    return _MEETING.search(text, max(0, pos - 24), pos) is not None


def earlier_change(text: str, stamps: Sequence[Stamp], start: Stamp, is_entry: Callable[[Stamp], bool]) -> Stamp | None:
    """A time inside a later entry's text ("pods were redeployed at 9:02 with the new config"), earlier than the
    first entry the window was read from and at most a few hours before it, that dates a change (not a fix) in its
    clause: the earliest such time, else None."""
    found = None
    for s in stamps:
        if s.start <= start.start or is_entry(s) or not (s.dated and s.zoned == start.zoned):
            continue
        if not timedelta(0) < start.when - s.when <= _CHANGE_REACH:
            continue
        clause = _clause(text, s)
        if _CHANGE.search(clause) and not _FIX.search(clause) and (found is None or s.when < found.when):
            found = s
    return found


def told_earlier(text: str, stamps: Sequence[Stamp], start: Stamp, is_entry: Callable[[Stamp], bool]) -> Stamp | None:
    """A time a later line mentions (not an entry of its own) that comes before a start read from a first report,
    on the same day ("pending pods ... peaking around 07:15" under "07:30 First report"): impact began before the
    report, at a time the notes do not state. The earliest such time, else None."""
    found = None
    for s in stamps:
        if s.start <= start.start or is_entry(s) or not (s.dated and s.zoned == start.zoned):
            continue
        if timedelta(0) < start.when - s.when <= _CHANGE_REACH and s.when.date() == start.when.date() \
                and (found is None or s.when < found.when):
            found = s
    return found


def agreeing_start(stamps: Sequence[Stamp], start: Stamp, end: Stamp, minutes: float,
                   is_entry: Callable[[Stamp], bool]) -> Stamp | None:
    """The timeline entry a stated duration puts the start at (the end minus the duration, to the minute), when it
    lies after the start read from the first entry and before the end: "For 38 minutes ..." with entries at 16:12
    (a merge), 16:14 (pods restart with the bad config) and 16:52 (recovered) starts the window at 16:14."""
    if not (start.dated and end.dated and start.zoned == end.zoned) or minutes <= 0:
        return None
    target = end.when - timedelta(minutes=minutes)
    if not start.when < target < end.when:
        return None
    return next((s for s in stamps if s.dated and s.zoned == end.zoned and is_entry(s)
                 and abs((s.when - target).total_seconds()) < 60), None)


def _clause(text: str, s: Stamp) -> str:
    """The clause around a time: from the last stop before it to the next one after it (bounded)."""
    lo = max(0, s.start - 80)
    before = text[lo:s.start]
    cut = max(before.rfind(". "), before.rfind("\n"), before.rfind("; "), before.rfind(": "))
    after_end = min(len(text), s.end + 80)
    after = text[s.end:after_end]
    stops = [i for i in (after.find(". "), after.find("\n"), after.find("; ")) if i != -1]
    return before[cut + 1:] + text[s.start:s.end] + after[:min(stops) if stops else len(after)]
