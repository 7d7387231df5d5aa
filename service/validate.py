"""Content rules a finished report must meet, whichever engine wrote it.

Today: every number in the report's prose traces to the source. The LLM
engine adds its own rules here (length budgets, jargon, doubled words).
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])")
_SCALED = re.compile(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(k|K|thousand|M|million|mn|bn|billion)\b")
_FACTOR = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9}


def _value(token: str) -> float:
    return float(token.replace(",", ""))


def numbers_in(text: str) -> set[float]:
    """Every number written in text, as a value: "15,420" and "15420" are the same number."""
    values = {_value(m.group()) for m in _NUMBER.finditer(text)}
    values |= {_value(m.group(1)) * _FACTOR[m.group(2).lower() if m.group(2) != "M" else "m"] for m in _SCALED.finditer(text)}
    return values


def unsupported_numbers(report_text: str, source_text: str) -> list[str]:
    """Numbers in report_text that the source never states (in any notation)."""
    known = numbers_in(source_text)
    return [m.group() for m in _NUMBER.finditer(report_text) if _value(m.group()) not in known]
