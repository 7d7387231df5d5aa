"""Content rules a finished report must meet, whichever engine wrote it.

Today: every number in the report's prose traces to the source. The LLM
engine adds its own rules here (length budgets, jargon, doubled words).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from incident_brief.budgets import BUDGETS
from incident_brief.credentials import looks_secret
from incident_brief.figures import numbers_in, unsupported_numbers
from incident_brief.llm.evidence import month_of
from incident_brief.llm.quoted import prose_compound
from incident_brief.llm.same_fact import months_in, restated
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
    errors += jargon_errors(section, text, services)
    for pair in doubled_words(text):
        errors.append(f"{section} repeats a word: {pair!r}")
    plain = restated(text, facts_text)  # dates, times and scaled figures the facts state in another form
    for number in unsupported_numbers(plain, facts_text):
        errors.append(f"{section} states the number {number}, which the facts do not contain")
    known_months = None
    for month in dict.fromkeys(_MONTHS.findall(plain)):
        known_months = months_in(facts_text) if known_months is None else known_months
        if month_of(month) not in known_months:
            errors.append(f"{section} names the month {month}, which the facts do not contain")
    known = facts_text.lower()
    for name in dict.fromkeys(identifiers(plain)):
        if name.lower() not in known and not re.fullmatch(r"[\d.,]+", name) and not prose_compound(name):
            errors.append(f"{section} names {name!r}, which the facts do not contain")
    return errors


def in_a_service_name(term: str, services: list[str]) -> bool:
    """A term inside a service's name ("feature flags" in "PostHog Feature Flags Service") is that name's word,
    no jargon to rewrite."""
    return any(term.lower() in s.lower() for s in services)


def jargon_errors(section: str, text: str, services: list[str]) -> list[str]:
    """Jargon the glossary would rewrite here, with the phrase it would write here; a term the glossary keeps in
    this context (no safe plain phrase) is accepted as written."""
    glossary = default_glossary()
    terms = [t for t in dict.fromkeys(t.lower() for t in glossary.jargon_in(text, keep=services))
             if not in_a_service_name(t, services)]
    if not terms:
        return []
    if len(text) > _DIFF_LIMIT:  # far over any budget: named with the glossary's phrase, unread in context
        return [f"{section} uses the jargon {t!r}; write {glossary.terms[t]!r} instead" for t in terms if t in glossary.terms]
    after = glossary.apply(text, keep=services)
    errors = []
    for term in terms:
        plain = rewritten_as(text, after, term)
        if plain:
            errors.append(f"{section} uses the jargon {term!r}; write {plain!r} instead")
    return errors


_DIFF_LIMIT = 5000
_EDGE = ".,;:!?()\"'“”"


def rewritten_as(before: str, after: str, term: str) -> str | None:
    """What `after` writes where `before` has the term (its first place rewritten); None where it is kept."""
    a, b = before.split(), after.split()
    ops = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    n = len(term.split())
    for ti1 in range(len(a) - n + 1):
        ti2 = ti1 + n
        if not _holds(" ".join(a[ti1:ti2]), term):
            continue
        hit = [op for op in ops if op[1] < ti2 and op[2] > ti1 and op[0] != "insert"]
        if hit:
            start = hit[0][3] - max(0, hit[0][1] - ti1)
            end = hit[-1][4] + max(0, ti2 - hit[-1][2])
            # words the rewrite inserted right after the term belong to its phrase ("timed out" -> "ran out of time")
            end = next((op[4] for op in ops if op[0] == "insert" and op[1] == ti2 and op[3] == end), end)
            return " ".join(b[start:end]).strip(_EDGE) or None
    return None


def _holds(words: str, term: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", words, re.I) is not None
