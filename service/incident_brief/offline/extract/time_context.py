"""Each time's context: the words of the notes a time of day speaks for (its line, clause, sentence, record or
block), bounded so that reading every time's context stays linear in the notes' length."""

from __future__ import annotations

import re

from incident_brief.offline.extract.times import Stamp

REACH = 700  # characters of context a time can use on either side (the corpus uses up to 621)
_ENTRY = re.compile(r"(?<![^\S\n])[^\S\n]*+(?:\[|\||[-*+•]|\d{1,2}[.)]|[*~]*\d{1,2}(?::| ?h ?|\.)\d{2}|\**\d{4}-\d{2}-\d{2})")  # a line that is an entry


_HEADING_LEAD = re.compile(r"(?<![ \t])[ \t]*+#{1,6}[ \t]*+\**")  # "### 09:46 PM" heads the paragraph below it
_LABEL_LEAD = re.compile(r"(?<![ \t])[ \t]*+[A-Za-z][\w .'’-]{0,30}?[:=][ \t]*+\"?")  # "Début de l'incident :"


def record(text: str, s: Stamp, line: tuple[int, int], nxt: Stamp | None) -> tuple[int, int] | None:
    """A record headed by a time label or heading ("At: 1762338540", "Date: Thu, 6 Mar 2025 12:31", "### 09:46 PM"):
    the time's context is its record, up to the next time, a blank line after the body or REACH characters."""
    ls, le = line
    if not (_LABEL_LEAD.fullmatch(text, ls, s.start) or _HEADING_LEAD.fullmatch(text, ls, s.start)) \
            or text[s.end:le].strip(' "\t,)*:') or le - ls > 80:
        return None
    body = le + 2 if text.startswith("\n\n", le) else le  # a heading's body follows a blank line
    if body > le and _SECTION_LABEL.match(text, body, min(len(text), body + 80)):
        return ls, le  # "Resolved: <time>" above "Description:": a field of its own, not the section's stamp
    # up to the line of the next time: "Closed: <time>\nNotes: impact began 10:12" gives the note's words to 10:12
    nxt_line = text.rfind("\n", le, nxt.start) + 1 if nxt and nxt.start > le else -1
    stop = [p for p in (text.find("\n\n", body, le + REACH), nxt_line) if p > le]
    return ls, min(stop + [min(len(text), le + REACH)])


_SECTION_LABEL = re.compile(r"(?<![ \t])[ \t]*+(?:#|[A-Za-z][\w ()/-]{0,40}:[ \t]*+$)", re.M)  # "Description:", "## Timeline"
_TRAILER_REST = re.compile(r"[^\w\n]*+(?:[A-Za-z]{1,12}[^\w\n]*+)?")  # '{{< track "' around a time alone on its line


def trailer(text: str, s: Stamp, line: tuple[int, int]) -> tuple[int, int] | None:
    """A time alone on the last line of a block signs the block above it ("Full service has been restored.\n
    {{< track "2018-11-27 03:54:00" >}}"): its context is that block (at most REACH characters)."""
    ls, le = line
    if ls < 2 or text[ls - 2] == "\n" or not (text.startswith("\n\n", le) or le >= len(text.rstrip())):
        return None
    if not (_TRAILER_REST.fullmatch(text, ls, s.start) and _TRAILER_REST.fullmatch(text, s.end, le)) \
            or _LABEL_LEAD.fullmatch(text, ls, s.start):
        return None  # "Ende: 21:35 Uhr" is a field of its own, not a block's signature
    lo = max(0, ls - REACH)
    top = text.rfind("\n\n", lo, ls)
    return (top + 2 if top != -1 else lo), le


def context(text: str, s: Stamp, stamps: list[Stamp], line: tuple[int, int]) -> tuple[int, int]:
    ls, le = line
    # On a line with several times ("[8:06] error rate jumped at 7:56"), each time owns the words
    # between the previous time and itself, plus what follows when it is the last.
    others = [o for o in stamps if ls <= o.start < le and o is not s] if le - ls < 200 else []
    prev_end = max([o.end for o in others if o.end <= s.start], default=ls)
    nxt = min([o.start for o in others if o.start >= s.end], default=None)
    if others:
        # A time owns its clause ("; backlog drained by 06:00"); an entry's leading time owns its line up to the
        # clause of the next time ("04:30 jobs starting again; backlog drained by 06:00").
        a = ls if prev_end == ls and not text[ls:s.start].strip(" \t-*+•[(|>_") else _clause_start(text, prev_end, s.start)
        return a, (_clause_start(text, s.end, nxt) if nxt is not None else le)
    # A context reaches at most REACH characters either side of its time, so that reading every time's
    # context stays linear in the notes' length (a 1 MiB line of times has 170,000 of them).
    lo, hi = max(0, s.start - REACH), min(len(text), s.end + REACH)
    if le - ls < 100 and not _soft_wrapped(text, ls, le) or _ENTRY.match(text, ls, min(le, ls + 200)):
        return max(ls, lo), min(le, hi)
    left = max(text.rfind(". ", lo, s.start), text.rfind(".\n", lo, s.start), text.rfind("\n\n", lo, s.start), lo - 1)
    right = [p for p in (text.find(". ", s.end, hi), text.find(".\n", s.end, hi), text.find("\n\n", s.end, hi)) if p != -1]
    return left + 1, min(right) if right else hi


_LINE_LABEL = re.compile(r"(?<![ \t])[ \t]*+[A-Za-z][\w .'’-]{0,30}?[:=](?!\d)")  # "Status: ...", not "around 19:00"


def _soft_wrapped(text: str, ls: int, le: int) -> bool:
    """A line of prose wrapped at a fixed width: it and a neighbour line are plain text (no entry, label or
    heading), the neighbour at least 40 characters long. Its times read their sentence, not the line."""
    if not _plain_line(text, ls, le):
        return False
    prev_start = text.rfind("\n", 0, max(0, ls - 1)) + 1
    nxt_end = text.find("\n", le + 1)
    nxt_end = len(text) if nxt_end == -1 else nxt_end
    return (ls > 0 and ls - 1 - prev_start >= 40 and _plain_line(text, prev_start, ls - 1)) or \
        (le < len(text) and nxt_end - le - 1 >= 40 and _plain_line(text, le + 1, nxt_end))


def _plain_line(text: str, ls: int, le: int) -> bool:
    head = min(le, ls + 200)
    return bool(text[ls:le].strip()) and not (_ENTRY.match(text, ls, head) or _LINE_LABEL.match(text, ls, head)
                                               or _HEADING_LEAD.match(text, ls, head) or text.startswith(">", ls))


_CLAUSE_MARK = re.compile(r"[;.!?]\s|,\s(?!\d)")


def _clause_start(text: str, lo: int, hi: int) -> int:
    """Where the clause holding position hi starts, not before lo (the end of the previous time)."""
    last = lo
    for m in _CLAUSE_MARK.finditer(text, lo, hi):
        last = m.end()
    return last
