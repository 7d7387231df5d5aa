"""The notes' own technical words for a report field: its evidence quotes, where the report's text still says the
same thing (the executive text is the quotes in plain language; a reviewer's rewrite is kept as written)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from incident_brief.schema import Report, Span

_SAME = 0.5  # share of words in common for the quotes to stand for the text
_LEAD = re.compile(r"^(?:[-*+•>]|\d{1,2}[.)])\s+")
_MAX = 4000


def clean(quote: str) -> str:
    text = " ".join(quote.split())
    return _LEAD.sub("", text).strip()


def _same(plain: str, quotes: list[str]) -> bool:
    a, b = plain.lower().split()[:400], " ".join(quotes).lower().split()[:400]
    return bool(a and b) and SequenceMatcher(None, a, b, autojunk=False).ratio() >= _SAME


def quotes(report: Report, path: str) -> list[str]:
    return [q for q in (clean(s.quote[:_MAX]) for s in report.evidence.get(path, []) if isinstance(s, Span)) if q]


def text(report: Report, path: str, plain: str | None) -> list[str]:
    """The field as the notes word it (quote by quote), else the report's text as one piece; [] when empty."""
    if not plain:
        return []
    found = quotes(report, path)
    prose = all(q.endswith((".", "!", "?")) for q in found)  # fragments (a timeline's cells) read worse than the text
    return [q[0].upper() + q[1:] for q in found] if prose and _same(plain, found) else [plain]


def items(report: Report, path: str, plain: list[str]) -> list[str]:
    """A list field item by item: the notes' words where there is one quote per item saying the same."""
    found = quotes(report, path)
    if len(found) != len(plain):
        return list(plain)
    return [q if _same(p, [q]) else p for p, q in zip(plain, found)]
