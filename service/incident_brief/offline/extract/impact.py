"""Impact figures, only where the text ties the number to its meaning."""

from __future__ import annotations

import re

from incident_brief.figures import CURRENCY_CODES, DIGITS, SCALE_WORDS, SYMBOLS, WORDS, currency_of, scaled
from incident_brief.schema import Money, count_ok, money_ok
from incident_brief.structure import Document
from incident_brief.offline.extract import Found
from incident_brief.offline.literals import Cursor

# Whitespace runs are bounded ({0,40}) and a number starts only where a number starts ((?<!\d)), so that each
# pattern reads a line in linear time (an unbounded \s* or \d+ is rescanned from every position of a long run).
_WS = r"\s{0,40}"
_NUM = r"(?<![\d.,’'])(?P<num>" + DIGITS + "|" + WORDS + ")" + _WS + "(?P<mult>" + SCALE_WORDS + ")?"  # figures.py: "2.400", "fifteen hundred"
_NOT_AFTER = r"(?<![\w.," + SYMBOLS + r"])"  # not a part of a larger number or an amount of money
_APPROX = r"(?:about|approximately|approx\.|around|roughly|nearly|over|more than|at least|some|~)?" + _WS

USERS = (
    re.compile(r"\b(?:users|customers|accounts|people|subscribers|merchants)\s+(?:affected|impacted)\b\W{0,4}" + _APPROX + _NUM + r"(?![\w%])", re.I),
    re.compile(_NOT_AFTER + _APPROX + _NUM + r"[ \t]{1,40}(?:(?:unique|active|paying|end|individual)[ \t]{1,40})?(?:users|customers|accounts|subscribers|merchants|people)\b"
               r"(?=[^.\n]{0,60}\b(?:affected|impacted|unable|could not|couldn't|experienced|saw|hit|lost|failed|received|exposed|errors?)\b)", re.I),
    re.compile(r"\b(?:affected|impacted)\s+" + _APPROX + _NUM + r"\s+(?:users|customers|accounts|subscribers|merchants|people)\b", re.I),
)
_MONEY = (r"(?:(?P<sym>[" + SYMBOLS + r"])\s?" + _NUM + r"|" + _NUM.replace("num", "num2").replace("mult", "mult2")
          + _WS + r"(?P<code>" + CURRENCY_CODES + r")\b)")
REVENUE = (
    re.compile(r"\b(?:revenue|sales|income)(?:\s+(?:impact|loss|lost))?\b\W{0,4}(?:estimated\s+)?" + _APPROX + _MONEY, re.I),
    re.compile(_APPROX + _MONEY + r"(?=[^.\n]{0,50}\b(?:revenue|sales|in lost|lost|loss)\b)", re.I),
    re.compile(r"\b(?:lost|loss of|cost(?:ing)? us)\s+" + _APPROX + _MONEY, re.I),
)
REPORTS = (
    re.compile(r"\b(?:customer|support)\s+(?:reports|tickets|contacts|complaints|calls|emails)\b\W{0,4}" + _APPROX + _NUM + r"(?![\w%])", re.I),
    re.compile(_NOT_AFTER + _APPROX + _NUM + r"[ \t]{1,40}(?:(?:customer|support|user)[ \t]{1,40})?(?:support[ \t]{1,40})?(?:tickets|complaints|customer reports|reports from customers|support requests|contacts|calls to support)\b", re.I),
    re.compile(_NOT_AFTER + _APPROX + _NUM + r"[ \t]{1,40}(?:customers|users)[ \t]{1,40}(?:contacted|called|emailed|wrote to)[ \t]{1,40}(?:our[ \t]{1,40})?support\b", re.I),
)


def _value(m: re.Match, num: str = "num", mult: str = "mult") -> float:
    return scaled(m[num], m[mult])


_CUES = {
    "users": re.compile(r"users|customers|accounts|people|subscribers|merchants", re.I),
    "revenue": re.compile(r"[" + SYMBOLS + r"]|" + CURRENCY_CODES, re.I),
    "reports": re.compile(r"tickets|complaints|reports|contacts|calls to support|support", re.I),
}


# REVENUE[1] has no literal to start from: at every position it tries an amount and then a 50-character lookahead
# for a revenue word, a high constant on a long line of amounts. It is searched only in windows ending at a revenue
# word; a window reaches _REACH characters back (more than the pattern's fixed parts and gap), and further over a
# number the reach cuts into, so every match the whole line holds is found.
_REVENUE_WORD = re.compile(r"\b(?:revenue|sales|lost|loss)\b", re.I)
_REACH, _BEFORE_NUMBER = 512, 256


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


def _search_windowed(rx: re.Pattern[str], text: str, start: int, end: int) -> re.Match | None:
    for s, e in _windows(text, start, end):
        m = rx.search(text, s, e)
        if m:
            return m
    return None


def _search(rx: re.Pattern[str], text: str, start: int, end: int) -> re.Match | None:
    return _search_windowed(rx, text, start, end) if rx is REVENUE[1] else rx.search(text, start, end)


_CUE_WORDS = {"users": ("users", "customers", "accounts", "people", "subscribers", "merchants"),
              "revenue": tuple(SYMBOLS) + tuple(c.lower() for c in CURRENCY_CODES.split("|")),
              "reports": ("tickets", "complaints", "reports", "contacts", "calls to support", "support")}


def _next_cue(cues: Cursor, cue: str, text: str, pos: int) -> int | None:
    """Where the first cue word at or after pos starts (found by str.find; the pattern when that cannot tell)."""
    at = cues.first_from(pos)
    if at == -1:
        c = _CUES[cue].search(text, pos)
        at = c.start() if c else None
    return at


def _first(doc: Document, patterns, cue: str) -> re.Match | None:
    """The earliest match, looking only at lines that hold a cue word (fast on very long notes)."""
    text, pos = doc.text, doc.body_start
    cues = Cursor(text, _CUE_WORDS[cue])
    while (at := _next_cue(cues, cue, text, pos)) is not None:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)  # cue words hold no newline
        end = len(text) if end == -1 else end
        hits = [m for rx in patterns for m in [_search(rx, text, max(start, doc.body_start), end)] if m]
        if hits:
            return min(hits, key=lambda m: m.start())
        pos = end + 1  # the next line
    return None


def users_affected(doc: Document) -> Found[int] | None:
    m = _first(doc, USERS, "users")
    if not m or not _value(m).is_integer() or not count_ok(_value(m)):  # a fraction, or out of range: left out
        return None
    return Found(int(_value(m)), ((m.start(), m.end()),))


def customer_reports(doc: Document) -> Found[int] | None:
    m = _first(doc, REPORTS, "reports")
    if not m or not _value(m).is_integer() or not count_ok(_value(m)):
        return None
    return Found(int(_value(m)), ((m.start(), m.end()),))


def revenue(doc: Document) -> Found[Money] | None:
    m = _first(doc, REVENUE, "revenue")
    if not m:
        return None
    if m["sym"]:
        amount, currency = _value(m), currency_of(m["sym"])
    else:
        amount, currency = _value(m, "num2", "mult2"), currency_of(m["code"])
    if not money_ok(amount):
        return None
    return Found(Money(amount=amount, currency=currency), ((m.start(), m.end()),))
