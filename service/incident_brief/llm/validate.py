"""Content rules a finished report must meet, whichever engine wrote it.

Today: every number in the report's prose traces to the source. The LLM
engine adds its own rules here (length budgets, jargon, doubled words).
"""

from __future__ import annotations

import re

from incident_brief.budgets import BUDGETS
from incident_brief.credentials import looks_secret
from incident_brief.figures import numbers_in, unsupported_numbers
from incident_brief.offline.plain import default_glossary, doubled_words

__all__ = ["BUDGETS", "numbers_in", "prose_errors", "unsupported_numbers"]  # the drafting code's view of the rules
# --- content rules for executive prose (the LLM engine's drafts) ---

_MONTHS = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
# Names that look like systems: dotted or underscored (db1.example.com, object_store), mixing letters and
# digits (v42, s3), or hyphenated ending like a service (payment-api). "high-severity" is just English.
_IDENT = re.compile(r"\b(?:[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*[._][A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*"
                    r"|(?=[A-Za-z-]*\d)[A-Za-z][A-Za-z0-9-]*\d[A-Za-z0-9-]*"
                    r"|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-(?:api|service|svc|db|worker|gateway|server|proxy|cache|queue|"
                    r"cluster|router|scheduler|dispatcher|consumer|sync|host|app|backend|frontend))\b")

_TOKEN = re.compile(r"[A-Za-z0-9._-]+")  # every name _IDENT finds lies inside one such run
_LONGEST = 100  # longer runs are named whole: _IDENT rescans a run from each of its words (quadratic)


def identifiers(text: str) -> list[str]:
    """_IDENT.findall(text), read run by run so the work stays linear in the text's length."""
    out: list[str] = []
    for run in _TOKEN.finditer(text):
        start, end = run.span()
        if end - start > _LONGEST:
            out.append(run.group())
        else:  # one character either side, so that \b sees the run's real neighbours
            out += _IDENT.findall(text, max(0, start - 1), end + 1)
    return out


def prose_errors(section: str, text: str, facts_text: str, services: list[str]) -> list[str]:
    """Why this section of executive prose breaks the rules (empty when it is fine)."""
    errors = []
    limit = BUDGETS["item"] if section.endswith("]") else BUDGETS.get(section, BUDGETS["item"])
    if len(text) > limit:
        errors.append(f"{section} is {len(text)} characters; the limit is {limit}")
    if looks_secret(text):
        errors.append(f"{section} contains what looks like a key or credential")
    glossary = default_glossary()
    for term in dict.fromkeys(t.lower() for t in glossary.jargon_in(text, keep=services)):
        errors.append(f"{section} uses the jargon {term!r}; write {glossary.terms[term]!r} instead")
    for pair in doubled_words(text):
        errors.append(f"{section} repeats a word: {pair!r}")
    for number in unsupported_numbers(text, facts_text):
        errors.append(f"{section} states the number {number}, which the facts do not contain")
    known = facts_text.lower()
    for month in dict.fromkeys(_MONTHS.findall(text)):
        if month.lower() not in known:
            errors.append(f"{section} names the month {month}, which the facts do not contain")
    for name in dict.fromkeys(identifiers(text)):
        if name.lower() not in known and not re.fullmatch(r"[\d.,]+", name):
            errors.append(f"{section} names {name!r}, which the facts do not contain")
    return errors
