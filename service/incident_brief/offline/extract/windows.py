"""Impact windows: notes that recover and then fail again tell more than one window of impact.

A status page that says "Resolved" and then "Reopened: failures are back up", or a timeline with a second
"first indication of failure" after "mitigation is successful", has two windows. The incident ends at the last
recovery after the last reopening (not at the first "resolved"), and its length is the sum of its windows, not
the time from the first failure to the last recovery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from incident_brief.offline.extract.times import Stamp

# The failure is back after a recovery: "Reopened", "failures are back up", "errors again", "recurred".
REOPEN = re.compile(
    r"\b(?:re-?opened|recurr(?:ed|ence|ing)|(?:failures?|errors?|issues?|problems?|outage|impact)\s+(?:are\s+|is\s+|were\s+|was\s+)?back\b(?!\s+(?:to|under|below|within|down|at|in|on)\b)"
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
