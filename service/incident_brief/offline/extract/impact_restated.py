"""A figure told twice in one sentence: "initial estimate $200k lost, finance says $84k after retries".

An amount read as the revenue impact may share its sentence with another amount in the same currency. That
other amount is read by the words of its own clause (the text between commas, semicolons and brackets): a clause
that gives it as provisional ("initial estimate was $200k", "first guess") makes it the earlier value; a clause
that gives it as an update ("finance says $84k", "corrected to", "now", "final") makes it the later one, which
replaces the statement. Any other amount beside it (a part: "$40k in the EU and $12k in the US") is left alone.
"""

from __future__ import annotations

import re
from typing import Callable

from incident_brief.offline.extract import Found
from incident_brief.offline.extract.impact_cues import MONEY, PROVISIONAL, THRESHOLD, UPDATED
from incident_brief.offline.extract.story import Told

_AMOUNT = re.compile(MONEY, re.I)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_CLAUSE_MARK = re.compile(r"[,;()\[\]–—]")
_LATER = re.compile(r"\b(?:says?|said|now|revised|reconciled|down to|up to|closer to|more like|nearer|"
                    r"sagt|jetzt|ahora|dice|maintenant|selon)\b", re.I)
_REACH = 200  # characters of the sentence read either side of the statement


def restated(text: str, told: Told, read: Callable[[re.Match], tuple | None],
             make: Callable[[tuple], object]) -> Told:
    """told, with a later value stated in the same sentence taken, or an earlier one named (values are
    (amount, currency) pairs as `read` gives them)."""
    if told.found is None or not told.found.spans:
        return told
    start, end = told.found.spans[0]
    lo, hi = _sentence(text, start, end)
    current = read_at(text, start, end, read)
    if current is None:
        return told
    later, earlier = None, told.earlier
    for m in _AMOUNT.finditer(text, lo, hi):
        if m.start() < end and m.end() > start:
            continue  # the statement's own amount
        value = read(m)
        if value is None or value == current or value[1] != current[1]:
            continue  # unread, the same, or another currency
        clause = _clause(text, m.start(), m.end(), lo, hi)
        if THRESHOLD.search(clause):
            continue
        if PROVISIONAL.search(clause) and not _LATER.search(clause):
            earlier = earlier or m.group().strip()
        elif (UPDATED.search(clause) or _LATER.search(clause)) and m.start() > start:
            later = (value, m)
    if later is not None:
        value, m = later
        return Told(Found(make(value), ((m.start(), m.end()),)), m.group().strip(), told.raw)
    return Told(told.found, told.raw, earlier, told.inferred) if earlier != told.earlier else told


def read_at(text: str, start: int, end: int, read: Callable[[re.Match], tuple | None]) -> tuple | None:
    m = _AMOUNT.search(text, start, end)
    return read(m) if m else None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - _REACH)
    cuts = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    stop = _SENTENCE_END.search(text, end, min(len(text), end + _REACH))
    return (cuts[-1] if cuts else lo), (stop.start() if stop else min(len(text), end + _REACH))


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> str:
    marks = [m.end() for m in _CLAUSE_MARK.finditer(text, lo, start)]
    stop = _CLAUSE_MARK.search(text, end, hi)
    return text[(marks[-1] if marks else lo):(stop.start() if stop else hi)]
