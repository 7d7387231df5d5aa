"""Numbers and money as notes and reports write them: the one place that reads and formats them.

Notes write numbers in many ways: "15,420", "2.400" and "1 200" (a thousands group: a separator followed by exactly
three digits, the same separator throughout), "1’200", "1.9 million", "about fifteen hundred", "a dozen". A version
("v2.400"), a time ("13.15") or a decimal ("3.5%") is never read as thousands.
"""

from __future__ import annotations

import re
from functools import lru_cache

SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9,
         "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7}  # lakh and crore: Indian English, always words
SCALE_WORDS = r"k|K|thousand|million|M|mn|bn|billion|lakhs?|crores?"

# Digits with a thousands group: one separator kind per number; a dot group only where no digit follows it.
_GROUPED = (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![,\d])|\d{1,3}(?:\.\d{3})+(?![.,]?\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])"
            r"|\d{1,3}(?:[’']\d{3})+(?!\d)|\d{1,2}(?:,\d\d)+,\d{3}(?![,\d])")  # the last: "18,40,000" (Indian)
# A decimal comma, as in much of Europe: "4,7 %", "18.500,00 €", "2 310,75" (one or two decimals, never three).
_DECIMAL_COMMA = (r"\d{1,3}(?:\.\d{3}){1,4},\d{1,2}(?![\d,])|\d{1,3}(?:[’' \u00a0\u202f]\d{3}){1,4},\d{1,2}(?![\d,])"
                  r"|\d{1,6},\d{1,2}(?![\d,])")
DIGITS = r"(?:" + _DECIMAL_COMMA + "|" + _GROUPED + r"|\d+(?:\.\d+)?)"

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUE = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_MULTIPLIER = {"hundred": 100, "dozen": 12}
_SCALE_WORD = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_WORD = r"(?:" + "|".join(sorted([*_WORD_VALUE, *_MULTIPLIER, *_SCALE_WORD], key=len, reverse=True)) + r")"
# A run of number words ("two hundred thousand", "twenty-five", "a dozen"); bounded, one word per step.
WORDS = (r"(?:\b(?:an?[ \t]{1,3})?" + _WORD + r"(?:(?:[ \t]{1,3}|-)(?:and[ \t]{1,3})?" + _WORD + r"){0,6}\b)")
NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])")  # as the report writes numbers
_GROUPED_RX = re.compile(_GROUPED)
_STATED = re.compile(r"(?<![\w.,’'])" + DIGITS + r"(?![\w])")  # as notes write them
_WORDS = re.compile(WORDS, re.I)
_WORD_STEMS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
               "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "zero", "hundred",
               "thousand", "million", "billion", "dozen")
# A number glued to its unit ("2s", "30d", "1.5x", "170Mi") and a day and month written "30.04.": the number is
# stated (scale letters k/m/b are read by _SCALED and NUMBER's neighbours, not here).
_GLUED = re.compile(r"(?<![\w.,])(\d{1,6}(?:\.\d{1,3})?)(?:ms|s|secs?|mins?|h|hrs?|d|w|x|[kmgt]i?b|[kmgt]i|am|pm|st|nd|rd|th)(?!\w)", re.I)
_VERSION = re.compile(r"(?<![\w.])v(\d{1,4}(?:\.\d{1,4}){1,3})(?![\w])")  # "v2.31": version 2.31
_CODE_NUMBER = re.compile(r"(?<![\w.])(?:p|sev|tier)-?(\d{1,2})(?!\w)", re.I)  # "P2", "SEV-1": priority 2
_CLOCK_WRITTEN = re.compile(r"(?<![\w.:])(\d{1,2})(?:h|\.)(\d{2})(?=\s?(?:Uhr|h\b)|(?!\w))")  # "07h42", "16.20 Uhr"
DAY_MONTH = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?!\d)")  # "30.04." (day and month, no year)
_DOT_GROUPS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_COMMA_DECIMAL = re.compile(r"\d{1,3}(?:\.\d{3}){1,4},\d{1,2}|\d{1,6},\d{1,2}")  # separators other than '.' removed
_SCALED = re.compile(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(" + SCALE_WORDS + r")\b", re.I)  # as readers read them
CURRENCY_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹"}
# Codes read and written without a symbol here ("CHF 12'400", "9,500 SEK").
_CODES_ONLY = ("CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY", "SGD", "HKD", "BRL", "MXN", "ZAR")
CURRENCY_CODES = "|".join([*CURRENCY_SYMBOL, *_CODES_ONLY])
# Currencies written as words after an amount ("forty-two thousand dollars", "3.000 Euro", "12 000 francs suisses").
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "bucks": "USD", "euros": "EUR", "euro": "EUR",
                  "pounds": "GBP", "quid": "GBP", "rupees": "INR", "francs": "CHF", "franken": "CHF"}
CURRENCY_WORD = r"(?:US[ \t]?)?(?:" + "|".join(CURRENCY_WORDS) + r")(?:[ \t]sterling)?"
SYMBOLS = "".join(CURRENCY_SYMBOL.values())


def number(token: str) -> float:
    """ "15,420" -> 15420.0; "2.400" and "1 200" (thousands groups) -> 2400.0, 1200.0; "fifteen hundred" -> 1500.0"""
    if token.isdigit():
        return float(token)
    token = token.strip()
    if not token[:1].isdigit():
        value = words_value(token)
        if value is None:
            raise ValueError(f"not a number: {token!r}")
        return value
    for sep in (" ", "\u00a0", "\u202f", "’", "'"):
        token = token.replace(sep, "")
    if _COMMA_DECIMAL.fullmatch(token):  # "4,7", "18.500,00": a decimal comma
        whole, _, cents = token.rpartition(",")
        return float(whole.replace(".", "") + "." + cents)
    if "," in token:
        return float(token.replace(",", ""))
    if _DOT_GROUPS.fullmatch(token):  # "2.400", "1.250.000": thousands, as in much of Europe
        return float(token.replace(".", ""))
    return float(token)


def words_value(text: str) -> float | None:
    """ "two hundred thousand" -> 200000.0, "a dozen" -> 12.0; None for anything else (a lone "a")."""
    total, current, seen, last = 0.0, 0.0, False, ""
    for word in re.split(r"[\s-]+", text.lower().strip()):
        if word in ("a", "an") and not seen:
            current, last = 1.0, "a"
        elif word == "and" and seen:
            continue
        elif word in _WORD_VALUE:
            if last in ("unit", "ten") and not (last == "ten" and _WORD_VALUE[word] < 10):
                return None  # "two three", "twenty thirty": not one number
            current += _WORD_VALUE[word]
            last, seen = ("ten" if word in _TENS else "unit"), True
        elif word in _MULTIPLIER:
            current, last, seen = max(current, 1.0) * _MULTIPLIER[word], "mult", True
        elif word in _SCALE_WORD:
            total, current, last, seen = total + max(current, 1.0) * _SCALE_WORD[word], 0.0, "scale", True
        else:
            return None
    return total + current if seen else None


def scaled(token: str, word: str | None) -> float:
    """ "2.5", "million" -> 2500000.0; "18.4", "lakh" -> 1840000.0 (not 1839999.9999999998)"""
    factor = SCALE.get((word or "").lower(), 1)
    return number(token) * factor if factor == 1 else round(number(token) * factor, 6)


def _version_numbers(version: str) -> set[float]:
    parts = version.split(".")
    return {float(p) for p in parts} | {float(".".join(parts[:2]))}


def numbers_in(text: str) -> set[float]:
    """Every number written in text, as a value, in any notation: "15,420", "15420", "15.420" and "fifteen thousand
    four hundred and twenty" are the same number. A dot group is read both ways ("2.400" is 2.4 and 2400)."""
    return set(_numbers_in(text))


@lru_cache(maxsize=8)  # the notes are checked against again and again (every drafted sentence, every section)
def _numbers_in(text: str) -> frozenset[float]:
    tokens = set(NUMBER.findall(text)) | set(_STATED.findall(text))  # each distinct token read once
    values = {number(t) for t in tokens}
    values |= {float(t) for t in tokens if t.count(".") == 1 and _DOT_GROUPS.fullmatch(t)}  # "1.250": a decimal too
    values |= {number(t.partition(",")[0]) for t in tokens if "," in t and not _GROUPED_RX.fullmatch(t)}  # "1,2": 1 too
    values |= {scaled(m.group(1), m.group(2)) for m in _SCALED.finditer(text)}
    values |= {float(m.group(1)) for m in _GLUED.finditer(text)}
    values |= {float(m.group(1)) for m in _CODE_NUMBER.finditer(text)}
    values |= {v for m in _VERSION.finditer(text) for v in _version_numbers(m.group(1))}
    values |= {float(g) for m in _CLOCK_WRITTEN.finditer(text) for g in m.groups()}
    values |= {float(g) for m in DAY_MONTH.finditer(text) for g in m.groups()}
    low = text.lower()
    if any(w in low for w in _WORD_STEMS):  # the word pattern is slow; most texts hold no number word
        values |= {v for m in _WORDS.finditer(text) if (v := words_value(m.group())) is not None}
    return frozenset(values)


def unsupported_numbers(report_text: str, source_text: str) -> list[str]:
    """Numbers in report_text that the source never states (in any notation). A number the source writes the same
    way is found with str.find; only the others need every number of the source read."""
    out, known = [], None
    for m in NUMBER.finditer(report_text):
        if _written_as(source_text, m.group()):
            continue
        known = _numbers_in(source_text) if known is None else known
        if number(m.group()) not in known:
            out.append(m.group())
    return out


_BEFORE_NUMBER = re.compile(r"[\w.,’']")


def _written_as(text: str, token: str) -> bool:
    """token written in text as a whole number: where nothing that joins a number precedes it, a scan for numbers
    finds exactly it (so its value is among numbers_in(text))."""
    i = text.find(token)
    while i != -1:
        if (i == 0 or not _BEFORE_NUMBER.match(text, i - 1)) and (m := NUMBER.match(text, i)) and m.group() == token:
            return True
        i = text.find(token, i + 1)
    return False


def currency_of(mark: str) -> str | None:
    """The ISO code a symbol or code names: "$" and "usd" -> "USD"."""
    code = mark.upper()
    if code in CURRENCY_SYMBOL or code in _CODES_ONLY:
        return code
    word = re.sub(r"^us\s*|\s+sterling$", "", mark.strip().lower())
    if word in CURRENCY_WORDS:
        return CURRENCY_WORDS[word]
    return next((c for c, s in CURRENCY_SYMBOL.items() if s == mark), None)


def money_text(amount: float, currency: str) -> str:
    """ "$1,234.50", or "1,234.50 CHF" for a currency without a symbol here."""
    symbol = CURRENCY_SYMBOL.get(currency)
    return f"{symbol}{amount:,.2f}" if symbol else f"{amount:,.2f} {currency}"


def figure_text(value: float, unit: str, label: str = "") -> str:
    """An impact figure as the report writes it: "80%", "2,700", "12,000 messages" (the unit only when the label
    does not already name it), "1,250.00 EUR" for an amount of money."""
    if unit.strip().lower() in ("%", "percent", "per cent", "pct"):
        return f"{value:g}%"
    if currency_of(unit) or (len(unit) == 3 and unit.isupper()):
        return money_text(value, unit.upper())
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    named = unit.lower().rstrip("s") in {w.rstrip("s") for w in label.lower().split()}
    return text if named or not unit else f"{text} {unit}"
