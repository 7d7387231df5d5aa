"""The incident's length as the notes state it: a figure named a duration beats "for N" beside an outage word,
and a background fact ("the job had been broken for 9 days") is never the incident's length."""

from __future__ import annotations

import re

from incident_brief.offline.extract import Found
from incident_brief.offline.literals import Occurrences, lowered

_OUTAGE = re.compile(r"\b(?:down|unavailable|outage|offline|degraded|degradation|failing|failed|failures?|disrupted|disruption|errors?|inaccessible|incident|impact(?:ed)?|broken|problems?|issues?|stale|slow|delayed|missing|lost|timeouts?|"
                     r"timing out|throttled|rejected|rejecting|declined)\b", re.I)
_DUR = re.compile(
    r"(?<![\d.-])(?:(?P<d>\d+)\s*(?:d|days?)\b(?:,?\s*(?:and\s+)?(?P<dh>\d+)\s*(?:h|hrs?|hours?)\b)?"
    r"|(?P<h>\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\b(?:,?\s*(?:and\s+)?(?P<hm>\d+)\s*(?:m|mins?|minutes?)\b)?"
    r"|(?P<m>\d+)\s*(?:m|mins?|minutes?)\b)", re.I)
_DUR_CUE = re.compile(r"(?:duration|time to resolve|lasting|lasted|lasts|downtime of|total downtime|outage of|disruption of|a total of|down for)\W*(?:about|approximately|around|roughly|nearly|~)?\s*$", re.I)
# A clause about the time before the incident: pluperfect, "already", "unnoticed", "previous", "before".
_BACKGROUND = re.compile(r"\b(?:had(?:\s+\w+)?\s+been|had\s+\w+ed|already|unnoticed|previous(?:ly)?|prior|before|earlier|"
                         r"for\s+the\s+(?:past|last))\b", re.I)
_FOR_CUE = re.compile(r"\bfor\s+(?:about|approximately|around|roughly|nearly|over|almost|just over|~)?\s*$", re.I)
# "writes failing ~20 min", "search slow about 15 minutes": an estimate right after an outage word, when no "for"
# is written; not a delay before something ("errors about 10 minutes after the deploy").
_APPROX_CUE = re.compile(r"(?:~|\b(?:about|approximately|around|roughly|nearly|almost))\s{0,2}$", re.I)
_LAG_AFTER = re.compile(r"\s{0,3}(?:after|before|later|earlier|ago|into|in|of|from|past|behind|late|early)\b", re.I)


# Words the cue patterns cannot match without (a prefilter: the patterns run only where one occurs).
_DUR_CUE_WORDS = ("duration", "time to resolve", "last", "downtime of", "total downtime", "outage of", "disruption of",
                  "a total of", "down for")
_OUTAGE_WORDS = ("down", "unavailable", "outage", "offline", "degrad", "failing", "failed", "failure", "disrupt", "error",
                 "inaccessible", "incident", "impact", "broken", "problem", "issue", "stale", "slow", "delayed", "missing",
                 "lost", "timeout", "timing out", "throttled", "reject", "declined")
_APPROX_WORDS = ("~", "about", "approximately", "around", "roughly", "nearly", "almost")


def stated_duration(text: str, stamp_ends: list[int]) -> Found[float] | None:
    """The incident's length as the notes state it ("down for 47 minutes", "duration: 2h 10m", "(38 min)"),
    in minutes; stamp_ends: where the notes' times end (a figure in brackets right after one is a duration)."""
    ends = set(stamp_ends)
    outage = _NextMatch(_OUTAGE, text)
    low = lowered(text)
    cues, fors, outs, approx = (Occurrences(text, words, low)
                                for words in (_DUR_CUE_WORDS, ("for",), _OUTAGE_WORDS, _APPROX_WORDS))
    stamp_ends = Occurrences.of(sorted(ends))
    if not ends and cues.starts == [] and ((fors.starts == [] and approx.starts == []) or outs.starts == []):
        return None  # no cue word, no time, and no "for" with an outage word: no figure can be a stated duration
    line_end, weaker = -1, None
    for m in durations_in(text):
        near = max(0, m.start() - 60)  # what any cue can be read from (a superset of `before` below)
        cue, paren_near, for_near = cues.maybe_in(near, m.start()), stamp_ends.maybe_in(m.start() - 8, m.start() + 1), \
            fors.maybe_in(near, m.start())
        approx_near = approx.maybe_in(m.start() - 16, m.start())
        if not (cue or paren_near or for_near or approx_near):
            continue
        if m.end() > line_end:  # else the line is the previous figure's (no newline between)
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end == -1 else line_end
        if not (cue or paren_near or outs.maybe_in(near, m.start()) or outs.maybe_in(m.end(), line_end)):
            continue  # "for" with no outage word around: no cue can hold
        before = text[near:m.start()]
        cut = max(before.rfind(". "), before.rfind("\n")) + 1
        before, lo = before[cut:], near + cut
        paren = paren_near and before.rstrip().endswith("(")
        # An outage word in the sentence: before the figure, or after it on its line (the figure ends a word,
        # so no word runs across it).
        if _BACKGROUND.search(before):
            continue  # "the sync job had been broken for 9 days": a fact before the incident, not its length
        if (cue and _DUR_CUE.search(before)) or paren:
            return Found(_minutes(m), ((m.start(), m.end()),))
        if weaker is None and for_near and _FOR_CUE.search(before) and (
                (outs.maybe_in(lo, m.start()) and _OUTAGE.search(before))
                or (outs.maybe_in(m.end(), line_end) and outage.within(m.end(), line_end))):
            weaker = Found(_minutes(m), ((m.start(), m.end()),))
        elif weaker is None and approx_near and _estimate(text, m, before, lo, outs):
            weaker = Found(_minutes(m), ((m.start(), m.end()),))
    return weaker  # "down for 47 minutes" when no figure is named a duration


def _estimate(text: str, m: re.Match, before: str, lo: int, outs: Occurrences) -> bool:
    """"writes failing ~20 min": an estimate written right after an outage word of its clause, not a lag."""
    approx = _APPROX_CUE.search(before)
    if approx is None or _LAG_AFTER.match(text, m.end()):
        return False
    clause = before[:approx.start()]
    clause = clause[max(clause.rfind(","), clause.rfind(";"), clause.rfind("(")) + 1:]
    return outs.maybe_in(lo, m.start()) and _OUTAGE.search(clause[-40:]) is not None


_NUMBER_UNIT = re.compile(r"\d\s*[dhm]", re.I)  # where every _DUR match's leading number ends, and its unit starts


def durations_in(text: str):
    """The matches of _DUR.finditer(text), found faster: every match starts with a number followed by a unit, so the
    pattern is tried only where a digit is followed by d/h/m (a C-level scan), from that number's first character."""
    pos = 0
    while (hit := _NUMBER_UNIT.search(text, pos)) is not None:
        start = hit.start()
        while start > pos and (text[start - 1].isdecimal() or text[start - 1] == "."):
            start -= 1
        m = _DUR.match(text, start)
        if m is None:
            pos = hit.start() + 1  # no match from this number: any later one starts after its last digit
            continue
        yield m
        pos = m.end()


class _NextMatch:
    """rx's first match at or after a position, each search reused while it still answers (linear overall)."""

    def __init__(self, rx: re.Pattern[str], text: str):
        self.rx, self.text, self.searched_from, self.hit = rx, text, None, None

    def within(self, start: int, end: int) -> bool:
        if self.searched_from is None or start < self.searched_from or (self.hit is not None and self.hit.start() < start):
            self.searched_from, self.hit = start, self.rx.search(self.text, start)
        return self.hit is not None and self.hit.end() <= end


def minutes_in(text: str) -> set[float]:
    """Every length text writes in figures with its unit ("2h 41m", "1 h 05 min", "90 minutes", "3 days"), in minutes."""
    return {_minutes(m) for m in durations_in(text)}


def _minutes(m: re.Match) -> float:
    if m["d"]:
        return int(m["d"]) * 1440 + int(m["dh"] or 0) * 60
    if m["h"]:
        return float(m["h"]) * 60 + int(m["hm"] or 0)
    return float(m["m"])


# "failed to resolve for an estimated time of 10-15 minutes", "down for 2 to 3 hours": a length stated as a range.
_RANGE = re.compile(r"(?<![\d.,])(\d{1,3})[ \t]?(?:-|–|to)[ \t]?(\d{1,3})[ \t]?(minutes?|mins?|hours?|hrs?)\b", re.I)
_RANGE_CUE = re.compile(r"\b(?:for|estimated|lasted|lasting|took|outage of|downtime of|duration of|about|approximately|"
                        r"roughly|around)\b[^.\n]{0,30}$", re.I)


def stated_range(text: str) -> tuple[float, float, tuple[int, int]] | None:
    """The first length the notes state as a range, in minutes (low, high), with its span; None if none."""
    low = lowered(text)
    if low is not None and "min" not in low and "hour" not in low and "hr" not in low:
        return None
    for m in _RANGE.finditer(text):
        if _RANGE_CUE.search(text, max(0, m.start() - 40), m.start()):
            scale = 60 if m.group(3).lower().startswith("h") else 1
            lo, hi = int(m.group(1)) * scale, int(m.group(2)) * scale
            if lo < hi:
                return float(lo), float(hi), (m.start(), m.end())
    return None


def outside_range(text: str, minutes: float) -> str | None:
    """The range as written when the notes state the length as a range that minutes falls outside of, else None."""
    found = stated_range(text)
    if found is None:
        return None
    lo, hi, (a, b) = found
    return text[a:b] if not lo - max(2, 0.1 * lo) <= minutes <= hi + max(2, 0.1 * hi) else None
