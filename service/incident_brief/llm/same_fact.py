"""The same fact written another way: what the drafting rules must not take for an invented number or month.

"October" and "Oct 7" name the same month as "2025-10-07"; "3.4 million" is "3.4M"; "7 October 2025",
"10/07/2025" and "2025-10-07" are one day; "9:50 p.m." is "21:50". `restated` blanks such spans of a draft
(where the facts state the same thing) so the number and month rules read only what is left.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from incident_brief.figures import DAY_MONTH, DIGITS, SCALE_WORDS, numbers_in, scaled
from incident_brief.llm.evidence import date_mentions, month_of
from incident_brief.offline.extract.times import CLOCK, ISO, NAMED, marker

_MONTH_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-zéû]{0,7}\.?", re.I)
_SCALED = re.compile(r"(?<![\w.,])(" + DIGITS + r")[ \t\u00a0]?(" + SCALE_WORDS + r")\b", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_MAX = 20_000  # a longer draft is far over any budget: it is read as written


@lru_cache(maxsize=8)  # one facts text, asked for every drafted section
def months_in(facts_text: str) -> frozenset[int]:
    """Months the facts name, by name or abbreviation, or in a date written in any form."""
    found = {m for w in _MONTH_WORD.finditer(facts_text) if (m := month_of(w.group()))}
    found |= {int(m[2]) for m in DAY_MONTH.finditer(facts_text) if 1 <= int(m[2]) <= 12 and 1 <= int(m[1]) <= 31}
    return frozenset(found | {d.month for d in _days_of(facts_text)})



@lru_cache(maxsize=8)
def _days_of(facts_text: str) -> frozenset[date]:
    return frozenset(d for _, _, days in date_mentions(facts_text, 0, _first_year(facts_text)) for d in days)


@lru_cache(maxsize=8)
def _clocks_of(facts_text: str) -> frozenset[tuple[int, int]]:
    """Clock times the facts write in 24-hour form, as a clock or in an ISO time."""
    said = {(int(m["h"]), int(m["mi"])) for m in ISO.finditer(facts_text) if m["h"] is not None}
    said |= {(int(m["h"]) % 24, int(m["mi"])) for m in CLOCK.finditer(facts_text) if m["mi"] and not marker(m)}
    return frozenset(said)


def restated(text: str, facts_text: str) -> str:
    """text with the dates, clock times and scaled numbers the facts also state (in any form) blanked."""
    if len(text) > _MAX:
        return text
    spans = _same_days(text, facts_text) + _same_clocks(text, facts_text) + _same_scaled(text, facts_text)
    out = list(text)
    for s, e in spans:
        out[s:e] = " " * (e - s)
    return "".join(out)


def _same_days(text: str, facts_text: str) -> list[tuple[int, int]]:
    known = _days_of(facts_text)
    month_days = {(d.month, d.day) for d in known}
    spans = [(s, e) for s, e, days in date_mentions(text) if days & known]
    for m in NAMED.finditer(text):  # "Oct 7", "7 October": a day without its year
        mon = month_of(m["mon"] or m["mon2"])
        if not m["y"] and mon and (mon, int(m["d"] or m["d2"])) in month_days:
            spans.append(m.span())
    return spans


def _same_clocks(text: str, facts_text: str) -> list[tuple[int, int]]:
    """Clock times whose 24-hour form ("21:50") the facts write, as a clock or in an ISO time."""
    said = _clocks_of(facts_text)
    spans = []
    for m in CLOCK.finditer(text):
        ap = marker(m)
        h = int(m["h"])
        if ap:
            h = h % 12 + (12 if ap.lower().startswith("p") else 0)
        if (h, int(m["mi"] or 0)) in said and (m["mi"] or ap):
            spans.append(m.span())
    return spans


def _same_scaled(text: str, facts_text: str) -> list[tuple[int, int]]:
    """ "3.4 million" where the facts say "3.4M" or "3,400,000"."""
    known = None
    spans = []
    for m in _SCALED.finditer(text):
        known = numbers_in(facts_text) if known is None else known
        try:
            value = scaled(m.group(1), m.group(2))
        except ValueError:
            continue
        if value in known:
            spans.append(m.span())
    return spans


def _first_year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group()) if m else None

