"""What a quote means, as the offline readers read it: the kind of figure it counts, and which words are names.

A count of people is stated by a quote that names people in any language the impact readers know ("2.400 Nutzer",
"about fifteen hundred sellers", "~8,200 shoppers"); a count of reports by one that names tickets, complaints or
calls. A hyphenated English word ("read-only", "dry-run", "follow-up") is a word, not a system's name; a name
looks like one (a service suffix, digits, dots, underscores, capitals inside).
"""

from __future__ import annotations

import re

from incident_brief.figures import CURRENCY_SYMBOL, CURRENCY_WORDS
from incident_brief.offline.extract.impact_cues import CUE_WORDS
from incident_brief.offline.extract.services import IDENTIFIER

_PEOPLE = re.compile(r"\b(?:users?|customers?|accounts?|people|subscribers?|merchants?|members?)\b", re.I)
_REPORTS = re.compile(r"\b(?:tickets?|reports?|complaints?|contacts?|calls?|emails?|support)\b", re.I)
_WORD = re.compile(r"[^\W\d_]+")

# Hyphenated English words: a prefix ("non-", "re-", "pre-"), a particle or adjective suffix ("-only", "-run", "-up"),
# or an ordinary first word ("dry-", "read-", "follow-").
_PREFIXES = frozenset("non re pre post self co multi cross well full half sub semi anti de un over under out e "
                      "mid inter intra auto by".split())
_SUFFIXES = frozenset("only run runs up out in off on over back down wide side based like free level term related "
                      "specific aware safe facing time party end way through ups outs ins offs bound driven heavy "
                      "critical sensitive friendly ready proof scale wise long".split())
_FIRST = frozenset("dry read write hot cold real long short high low follow roll fail sign log opt set clean check hand "
                   "break shut start warm built third first second one two all end day on up top double single "
                   "rate time load error user customer".split())


def counts_people(quote: str) -> bool:
    return bool(_PEOPLE.search(quote)) or _has_cue(quote, "users")


def counts_reports(quote: str) -> bool:
    return bool(_REPORTS.search(quote)) or _has_cue(quote, "reports")


def states_currency(quote: str, currency: str) -> bool:
    """The quote names this currency: its symbol, its code ("CHF 12'400", "9,500 SEK") or a word for it
    ("forty-two thousand dollars", "3.000 Euro")."""
    if not currency:
        return False
    if currency in CURRENCY_SYMBOL and CURRENCY_SYMBOL[currency] in quote:
        return True
    if re.search(rf"(?<![A-Z]){re.escape(currency)}(?![A-Z])", quote.upper()):
        return True
    low = quote.lower()
    return any(code == currency and re.search(rf"\b{word}\b", low) for word, code in CURRENCY_WORDS.items())


def _has_cue(quote: str, kind: str) -> bool:
    low = quote.lower()
    return any(stem in low for stem in CUE_WORDS[kind])


def ordinary_compound(token: str) -> bool:
    """An English hyphenated word, not a name: letters only, two or three parts, one of them an ordinary
    prefix, suffix or first word; never a name with a service suffix ("payment-api", "ledger-worker")."""
    parts = token.lower().split("-")
    if not 2 <= len(parts) <= 3 or not all(p.isalpha() for p in parts) or IDENTIFIER.fullmatch(token.lower()):
        return False
    if any(c.isupper() for c in token[1:]):
        return False
    return parts[0] in _PREFIXES or parts[0] in _FIRST or parts[-1] in _SUFFIXES


_UNITS = re.compile(r"\d+(?:[.,]\d+)?-(?:second|minute|hour|day|week|month|year|step|point|person|page|line|node|"
                    r"region|zone|core|bit|byte|char|character|digit|letter|word|times?)s?")


_LINKS = frozenset("of to in and for the on by a or at".split())


def prose_compound(token: str) -> bool:
    """A hyphenated word of running prose, not a name: an ordinary compound, any lower-case compound of
    words that is not a service-like identifier ("disaster-recovery", "read-only"), or a number and a unit
    ("48-hour"). A name the model invents in prose looks like one of the notes' services ("ghost-api")."""
    if ordinary_compound(token) or _UNITS.fullmatch(token.lower()):
        return True
    parts = token.split("-")
    if len(parts) == 3 and parts[1] in _LINKS and all(p.isalpha() and p.islower() for p in parts):
        return True  # "denial-of-service", "end-to-end", "out-of-memory": a phrase, whatever its last word
    return (2 <= len(parts) <= 3 and all(p.isalpha() and p.islower() for p in parts) and len(parts[0]) >= 3
            and len(parts[-1]) >= 3 and IDENTIFIER.fullmatch(token) is None)  # "denial-of-service"


def service_like(name: str) -> bool:
    """A listed service that is not an ordinary hyphenated word (plain names such as "Checkout" are fine)."""
    return not ordinary_compound(name.strip("`'\" "))


_UNIT_MINUTES = {"minute": 1, "hour": 60, "day": 1440, "week": 10080}
_A_UNIT = re.compile(r"\b(?P<half>half\s+)?(?:an?|one)\s+(?P<unit>minute|hour|day|week)"
                     r"(?P<more>\s+and\s+a\s+half)?\b", re.I)
_AND_HALF = re.compile(r"\b(?:one|1)\s+and\s+a\s+half\s+(?P<unit>minute|hour|day|week)s\b", re.I)


def word_minutes(quote: str) -> set[float]:
    """Durations written with words for the number: "an hour" 60, "half an hour" 30, "a day and a half" 2160,
    "one and a half hours" 90 (durations in figures are read by the offline readers)."""
    out = set()
    for m in _A_UNIT.finditer(quote):
        unit = _UNIT_MINUTES[m["unit"].lower()]
        out.add(unit / 2 if m["half"] else unit * 1.5 if m["more"] else float(unit))
    out |= {_UNIT_MINUTES[m["unit"].lower()] * 1.5 for m in _AND_HALF.finditer(quote)}
    return out
