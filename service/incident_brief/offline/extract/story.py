"""The final state of the story: the statements the notes make about one field, put in story order.

A field such as status or severity is often stated more than once ("SEV-2 ... bumping to SEV-1",
"Investigating ... Monitoring ... Resolved"). Each statement is kept with its place in the notes; the
story order is the document order, except that statements carrying a time are put in time order among
themselves (status pages and exports often list updates newest first). The last accepted statement is
the final value; the earlier ones that differ are named for a reviewer.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Callable, Generic, Sequence, TypeVar

from incident_brief.offline.extract import Found
from incident_brief.offline.extract.times import Stamp, find_stamps
from incident_brief.offline.literals import can_occur
from incident_brief.structure import Document, line_start, sections_of

T = TypeVar("T")

# How firmly a statement states its value:
LABEL = "label"    # a field the notes fill in: front matter, "Status: ...", "Severity: ...", "Resolved 2022-01-22 14:38"
UPDATE = "update"  # a status-page update header or a timeline entry that is a status ("14:38 resolved")
STRONG = "strong"  # prose in the past or present perfect ("was resolved", "has been restored", "all clear")
SOFT = "soft"      # prose that only suggests it ("back to normal", "we are monitoring")

# A clause that makes a statement hypothetical, modal, negated, conditional or future.
_NOT_STATED = re.compile(
    r"\b(?:could|would|should|might|may(?!\s*\d)|must|can|cannot|shall|will|if|unless|until|once|whether|"
    r"not|never|yet|no longer|to be|in order to|expected|expect|hope|hoped|plan|planned|needs?|wants?|going to|"
    r"trying|tried|attempts?|attempted|before|failed to|unable)\b|n't\b", re.I)
_CLAUSE_START = re.compile(r"[.;:!?\n(]|,\s|\b(?:but|so|then|after|which|while)\b", re.I)
_OPEN_ITEM = re.compile(r"^[ \t]*+(?:[-*+•][ \t]++)?\[[ \t]\]", re.M)
_BACK = 60  # characters of the clause before a statement that are read for modality


@dataclass(frozen=True)
class Told(Generic[T]):
    """How the story ends for one field: the value with its evidence, as written, and what it replaced."""

    found: Found[T] | None = None
    raw: str | None = None      # the final value as the notes write it
    earlier: str | None = None  # a superseded value as the notes write it
    inferred: str | None = None  # why the value is inferred rather than stated


@dataclass(frozen=True)
class Statement(Generic[T]):
    """One statement of a field's value, as written, with its place in the notes."""

    value: T
    raw: str
    start: int
    end: int
    kind: str = LABEL

    @property
    def explicit(self) -> bool:
        return self.kind in (LABEL, UPDATE)


def not_stated(text: str, start: int, end: int) -> bool:
    """True when the words at [start, end) are hypothetical, modal, negated, future, or a question."""
    lo = max(0, start - _BACK)
    before = text[lo:start]
    cut = 0
    for m in _CLAUSE_START.finditer(before):
        cut = m.end()
    if _NOT_STATED.search(before, cut) or _NOT_STATED.search(text, start, end):
        return True
    stop = _sentence_end(text, end)
    return stop < len(text) and text[stop] == "?"


_STOP = re.compile(r"[.!?](?:\s|$)|\n")


def sentence_of(text: str, start: int, end: int, reach: int = 120) -> tuple[int, int]:
    """The sentence around [start, end): from the stop before it to the stop after it (a stop is '.', '!' or '?'
    before a space, or a line's end; "1.500" is no stop), at most `reach` characters either side."""
    lo = max(0, start - reach)
    lo = next((m.end() for m in reversed(list(_STOP.finditer(text, lo, start)))), lo)
    stop = _STOP.search(text, end, min(len(text), end + reach))
    return lo, stop.start() if stop else min(len(text), end + reach)


_STOP_CHAR = re.compile(r"[.!?\n]")


def _sentence_end(text: str, pos: int) -> int:
    stop = _STOP_CHAR.search(text, pos, min(len(text), pos + 200))
    return stop.start() if stop else min(len(text), pos + 200)


def in_story_order(doc: Document, statements: Sequence[Statement[T]]) -> list[Statement[T]]:
    """Document order, with the statements that carry a time re-ordered by that time in their own slots."""
    ordered = sorted(statements, key=lambda s: s.start)
    if len({s.value for s in ordered}) < 2:
        return ordered
    stamps = [s for s in find_stamps(doc) if s.dated]
    starts = [s.start for s in stamps]
    timed = [(i, _when(doc.text, st, stamps, starts)) for i, st in enumerate(ordered)]
    slots = [i for i, w in timed if w is not None]
    if len(slots) < 2:
        return ordered
    by_time = sorted(slots, key=lambda i: (timed[i][1], ordered[i].start))
    out = list(ordered)
    for slot, i in zip(slots, by_time):
        out[slot] = ordered[i]
    return out


def _when(text: str, st: Statement, stamps: list[Stamp], starts: list[int]) -> datetime | None:
    """The time a statement carries: the last one before it on its line, else one just below it in its block."""
    if st.start < 0:
        return None
    begins = line_start(text, st.start)
    i = bisect.bisect_right(starts, st.start) - 1
    if i >= 0 and stamps[i].start >= begins:
        return _key(stamps[i])
    block_end = text.find("\n\n", st.end)
    block_end = len(text) if block_end == -1 else block_end
    j = bisect.bisect_left(starts, st.end)
    if j < len(stamps) and stamps[j].start < min(block_end, st.end + 300):
        return _key(stamps[j])
    return None


def _key(stamp: Stamp) -> datetime:
    when = stamp.when
    return when.astimezone(timezone.utc).replace(tzinfo=None) if when.tzinfo else when


def final(statements: Sequence[Statement[T]], rank: Callable[[T], int] | None = None) -> Statement[T] | None:
    """The last statement that holds: labels and updates always; prose may not walk back a higher rank,
    and soft prose counts only where the notes have no labelled value at all."""
    labelled = any(s.kind == LABEL for s in statements)
    current: Statement[T] | None = None
    for st in statements:
        if not st.explicit and current is not None and rank and rank(st.value) < rank(current.value):
            continue
        if st.kind == SOFT and labelled:
            continue
        current = st
    return current


def superseded(statements: Sequence[Statement[T]], last: Statement[T], kinds: tuple[str, ...],
               rank: Callable[[T], int] | None = None) -> Statement[T] | None:
    """The first statement of one of these kinds whose value differs from the final one; else, with a rank, the
    last firm statement (not soft prose) of a higher rank that the story walked back ("resolved" in a message,
    then "keeping an eye on it for 24h": monitoring, and "resolved" is named)."""
    named = next((s for s in statements if s.kind in kinds and s.value != last.value), None)
    if named is not None or rank is None:
        return named
    return next((s for s in reversed(statements) if s.kind != SOFT and rank(s.value) > rank(last.value)), None)


def skipped(doc: Document) -> Callable[[int], bool]:
    """Positions that state no current value: under next steps / follow-ups, or on an open checklist item."""
    spans = [(s.start, s.body_end) for s in sections_of(doc, "next_steps", "immediate", "preventive")]
    has_box = "[ ]" in doc.text or "[\t]" in doc.text  # (looked for in C: the line-start pattern tries every line)
    for m in _OPEN_ITEM.finditer(doc.text, doc.body_start) if has_box else ():
        end = doc.text.find("\n", m.start())
        spans.append((m.start(), len(doc.text) if end == -1 else end))
    spans.sort()
    starts = [s for s, _ in spans]
    reach = []  # the furthest end among spans starting at or before each one
    for _, e in spans:
        reach.append(max(e, reach[-1]) if reach else e)

    def inside(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < reach[i]
    return inside


def cue_lines(text: str, start: int, stems: tuple[str, ...]) -> list[tuple[int, int]]:
    """The lines (start, end) that hold a cue word (lower-case stems, found with str.find: one fast pass each);
    the detailed patterns then read only these lines."""
    low = _ascii_lower(text)
    hits = []
    for stem in (s for s in stems if can_occur(low, s)):  # a stem with a character the notes lack: no scan
        i = low.find(stem, start)
        while i != -1:
            hits.append(i)
            i = low.find(stem, low.find("\n", i) % (len(low) + 1) or len(low))
    out: list[tuple[int, int]] = []
    for pos in sorted(hits):
        if out and pos < out[-1][1]:
            continue
        e = text.find("\n", pos)
        out.append((max(start, line_start(text, pos)), len(text) if e == -1 else e))
    return out


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


@lru_cache(maxsize=4)  # several readers look for their cue lines in the same notes
def _ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)
