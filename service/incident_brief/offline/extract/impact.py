"""Impact figures as the notes end: every statement of each figure, in story order; the final one is shown.

A figure is often stated more than once: "Support has ~300 tickets so far" ... "Final count from the helpdesk: 418
tickets". A later value replaces an earlier one when the earlier is given as provisional ("so far", "already",
"early estimate") or the later as an update ("final", "updated figures", "correction", "turned out"); otherwise
the first statement stands (a later, different number is more often a part: "of these, 200 in the EU"). The value
replaced is kept, for a review flag. Numbers in a threshold, a limit, a plan, a question or a next step are none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from incident_brief.figures import currency_of, number, scaled
from incident_brief.schema import Money, count_ok, money_ok
from incident_brief.structure import Document
from incident_brief.offline.extract import Found
from incident_brief.offline.extract.impact_cues import (AFTER_STEMS, AFTER_WORDS, CUE_WORDS, HAPPENED_WORD,
                                                        HAPPENED_STEMS, NEGATED_GAP, PROVISIONAL, REPORTS, REVENUE,
                                                        THRESHOLD, UPDATED, USERS)
from incident_brief.offline.extract.figure_context import disowned
from incident_brief.offline.extract.impact_restated import restated
from incident_brief.offline.literals import Gated, Occurrences
from incident_brief.offline.extract.story import STRONG, Statement, Told, cue_lines, in_story_order, not_stated, skipped

# REVENUE[1] has no literal to start from: at every position it tries an amount and then a 50-character lookahead
# for a revenue word, a high constant on a long line of amounts. It is searched only in windows ending at a revenue
# word; a window reaches _REACH characters back (more than the pattern's fixed parts and gap), and further over a
# number the reach cuts into, so every match the whole line holds is found.
_REVENUE_WORD = Gated(re.compile(r"\b(?:" + AFTER_WORDS + r")\b", re.I), AFTER_STEMS)
_REACH, _BEFORE_NUMBER = 512, 256
_SENTENCE_END = re.compile(r"[.!?\n]")
_AROUND = 120  # characters of a statement's sentence read for "so far" / "final" either side
_CLAUSE = 60   # characters before a number read for a threshold, back to the start of its clause
_HAPPENED_REACH = 62  # a word for what happened starts within 60 characters (and a boundary)
_MAX_READ = 2000  # matches of one figure read per document: a bound for notes made of figures
# A rate, not a count: "3,000 users per minute", "25 students per class", "500 people at a time". (A size told for
# each of a few groups, "two tutorials with >100 users each", is the only count such notes give, and is kept.)
_EACH = re.compile(r"[ \t]{1,3}(?:per[ \t]{1,3}(?!cent\b)[^\W\d]{1,20}|at[ \t]a[ \t]time)\b", re.I)
_CLAUSE_CUT = re.compile(r"[.;!?][ \t]|[,(][ \t]?")


@dataclass(frozen=True)
class ImpactStory:
    """How the story ends for each figure."""

    users: Told[int]
    revenue: Told[Money]
    reports: Told[int]


def _number_start(text: str, i: int, lo: int) -> int:
    """Where the run of digits, '.' and ',' that ends at i starts (not before lo)."""
    while i > lo and (text[i - 1].isdecimal() or text[i - 1] in ".,"):
        i -= 1
    return i


def _windows(text: str, start: int, end: int):
    """Merged [s, e) windows of the line [start, end), one per revenue word, in order."""
    lo = hi = -1
    for w in _REVENUE_WORD.finditer(text, start, end):
        s = max(start, w.start() - _REACH)
        if s <= hi:
            hi = w.end()
            continue
        if hi != -1:
            yield lo, hi
        if s > start and (text[s - 1].isdecimal() or text[s - 1] in ".,"):
            s = max(start, _number_start(text, s, max(start, hi)) - _BEFORE_NUMBER)
        lo, hi = s, w.end()
    if hi != -1:
        yield lo, hi


def _finditer(rx: re.Pattern[str] | Gated, text: str, start: int, end: int, happened: Occurrences):
    if rx is USERS[2]:  # a count of people, then what happened to them (looked for only where a cue word occurs)
        for m in rx.finditer(text, start, end):
            if happened.maybe_in(m.end(), m.end() + _HAPPENED_REACH) and _happened_after(text, m.end(), end):
                yield m
    elif rx is REVENUE[1]:
        for s, e in _windows(text, start, end):
            yield from rx.finditer(text, s, e)
    else:
        yield from rx.finditer(text, start, end)


def _happened_after(text: str, pos: int, end: int) -> bool:
    """A word for what happened to the people counted starts within 60 characters after pos, in their sentence."""
    w = HAPPENED_WORD.search(text, pos, min(end, pos + _HAPPENED_REACH + 40))
    return w is not None and w.start() - pos <= 60 and not any(c in ".;\n" for c in text[pos:w.start()])


def _number_span(m: re.Match) -> tuple[int, int]:
    """Where the number (with its currency mark and scale word) is written inside the match."""
    spans = [m.span(g) for g, v in m.groupdict().items() if v is not None and g != "gap"]
    return min(s for s, _ in spans), max(e for _, e in spans)


def _hypothetical(text: str, m: re.Match) -> bool:
    """A threshold, a limit, a plan, a question, or a statement walked back ("would", "not", "if")."""
    num = _number_span(m)[0]
    lo = max(text.rfind("\n", 0, num) + 1, num - _CLAUSE)
    for cut in _CLAUSE_CUT.finditer(text, lo, num):  # the number's own clause only
        lo = cut.end()
    if THRESHOLD.search(text, lo, num) or THRESHOLD.search(text, m.start(), m.end()):
        return True
    if m.groupdict().get("gap") and NEGATED_GAP.search(m["gap"]):
        return True
    return not_stated(text, m.start(), m.end())


def _statements(doc: Document, patterns, cue: str, read: Callable[[re.Match], object]) -> list[Statement]:
    """Every statement of one figure, one per written number, in document order."""
    text, skip = doc.text, skipped(doc)
    happened = Occurrences(text, HAPPENED_STEMS) if patterns is USERS else Occurrences.of([])
    by_number: dict[int, Statement] = {}
    seen = 0
    for start, end in cue_lines(text, doc.body_start, CUE_WORDS[cue]):
        for rx in patterns:
            for m in _finditer(rx, text, start, end, happened):
                s, e = _number_span(m)
                seen += 1
                if seen > _MAX_READ:
                    return sorted(by_number.values(), key=lambda st: st.start)
                if s in by_number or skip(m.start()) or _hypothetical(text, m) or _EACH.match(text, m.end()):
                    continue
                value = read(m)
                if value is not None:
                    by_number[s] = Statement(value, text[s:e], m.start(), m.end(), STRONG)
    wrong = disowned(text, doc.body_start) if by_number else frozenset()  # "the 5,000 figure was wrong"
    return sorted((st for st in by_number.values() if _amount(st.value) not in wrong), key=lambda st: st.start)


def _amount(value: object) -> float:
    return float(value[0] if isinstance(value, tuple) else value)  # a count, or (amount, currency)


def _sentence(text: str, st: Statement) -> tuple[int, int]:
    lo = max(0, st.start - _AROUND)
    starts = [m.end() for m in _SENTENCE_END.finditer(text, lo, st.start)]
    stop = _SENTENCE_END.search(text, st.end, min(len(text), st.end + _AROUND))
    return (starts[-1] if starts else lo), (stop.start() if stop else min(len(text), st.end + _AROUND))


def _says(rx: re.Pattern[str], text: str, st: Statement) -> bool:
    return rx.search(text, *_sentence(text, st)) is not None


def _told(doc: Document, statements: list[Statement], make: Callable[[object], object]) -> Told:
    """The final statement, and the first one it replaced that differs from it."""
    text, current, replaced = doc.text, None, []
    for st in in_story_order(doc, statements):
        if current is None:
            current = st
        elif st.value != current.value and (_says(UPDATED, text, st) or _says(PROVISIONAL, text, current)):
            replaced.append(current)
            current = st
    if current is None:
        return Told()
    earlier = next((st.raw for st in replaced if st.value != current.value), None)
    return Told(Found(make(current.value), ((current.start, current.end),)), current.raw, earlier)


def _count(m: re.Match) -> int | None:
    value = scaled(m["num"], m["mult"])
    return int(value) if value.is_integer() and count_ok(value) else None  # a fraction, or out of range: left out


def _brl_factor(word: str | None) -> float | None:
    """The Portuguese scale words after "R$": "mil" (thousand), "mi"/"milhão"/"milhões", "bi"/"bilhões"."""
    w = (word or "").lower()
    if w == "mil":
        return 1e3
    return 1e6 if w.startswith("mi") else 1e9 if w.startswith("bi") else None


def _money(m: re.Match) -> tuple[float, str] | None:
    if m["num6"]:  # "R$ 387 mil": reais
        factor = _brl_factor(m["mult6"])
        amount = number(m["num6"]) * factor if factor else scaled(m["num6"], m["mult6"])
        return (amount, "BRL") if money_ok(amount) else None
    for num, mult, mark in (("num", "mult", "sym"), ("num2", "mult2", "code"), ("num3", "mult3", "sym2"),
                            ("num4", "mult4", "code2"), ("num5", "mult5", "cword")):
        if m[mark]:
            amount, currency = scaled(m[num], m[mult]), currency_of(m[mark])
            return (amount, currency) if currency and money_ok(amount) else None
    return None


def impact_story(doc: Document) -> ImpactStory:
    users = _told(doc, _statements(doc, USERS, "users", _count), int)
    as_money = lambda v: Money(amount=v[0], currency=v[1])  # noqa: E731
    revenue = restated(doc.text, _told(doc, _statements(doc, REVENUE, "revenue", _money), as_money), _money, as_money)
    reports = _told(doc, _statements(doc, REPORTS, "reports", _count), int)
    return ImpactStory(users, revenue, reports)


def users_affected(doc: Document) -> Found[int] | None:
    return impact_story(doc).users.found


def customer_reports(doc: Document) -> Found[int] | None:
    return impact_story(doc).reports.found


def revenue(doc: Document) -> Found[Money] | None:
    return impact_story(doc).revenue.found
