"""Numbers and money as notes and reports write them: the one place that reads and formats them."""

from __future__ import annotations

import re

SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9}
SCALE_WORDS = r"k|K|thousand|million|M|mn|bn|billion"
NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])")
_SCALED = re.compile(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(" + SCALE_WORDS + r")\b")

CURRENCY_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£"}
CURRENCY_CODES = "|".join(CURRENCY_SYMBOL)
SYMBOLS = "".join(CURRENCY_SYMBOL.values())


def number(token: str) -> float:
    """ "15,420" -> 15420.0 """
    return float(token.replace(",", ""))


def scaled(token: str, word: str | None) -> float:
    """ "2.5", "million" -> 2500000.0 """
    return number(token) * SCALE.get((word or "").lower(), 1)


def numbers_in(text: str) -> set[float]:
    """Every number written in text, as a value: "15,420" and "15420" are the same number."""
    values = {number(m.group()) for m in NUMBER.finditer(text)}
    values |= {scaled(m.group(1), m.group(2)) for m in _SCALED.finditer(text)}
    return values


def unsupported_numbers(report_text: str, source_text: str) -> list[str]:
    """Numbers in report_text that the source never states (in any notation)."""
    known = numbers_in(source_text)
    return [m.group() for m in NUMBER.finditer(report_text) if number(m.group()) not in known]


def currency_of(mark: str) -> str | None:
    """The ISO code a symbol or code names: "$" and "usd" -> "USD"."""
    code = mark.upper()
    if code in CURRENCY_SYMBOL:
        return code
    return next((c for c, s in CURRENCY_SYMBOL.items() if s == mark), None)


def money_text(amount: float, currency: str) -> str:
    """ "$1,234.50", or "1,234.50 CHF" for a currency without a symbol here."""
    symbol = CURRENCY_SYMBOL.get(currency)
    return f"{symbol}{amount:,.2f}" if symbol else f"{amount:,.2f} {currency}"
