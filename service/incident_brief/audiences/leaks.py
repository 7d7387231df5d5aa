"""What a customer text must not hold: the report's internal service names, host-like or identifier-like names,
people's names (the notes' owners and responders, common given names, @handles), money or other figures, and
proper names (a vendor, a product) the customer words do not include. One check for every customer text: the
offline composition's tests and the model's customer drafts."""

from __future__ import annotations

import re

from incident_brief.audiences import areas
from incident_brief.audiences.owners import owned
from incident_brief.flags.people import person_names
from incident_brief.schema import Report

# dotted or underscored names (db1.prod.internal, object_store), letters mixed with digits (s3, v42), kebab-case
# names of two or more parts other than plain words ("sign-in" is a customer word), CamelCase identifiers
_HOSTLIKE = re.compile(r"\b[A-Za-z0-9]+(?:[._][A-Za-z0-9-]+)+\b|\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{2,}\b|"
                       r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b|\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Z][a-z]+[A-Z][A-Za-z]*\b")
_PLAIN_COMPOUNDS = frozenset({"sign-in", "e-mail", "follow-up", "up-to-date"})
_MONEY = re.compile(r"[$€£¥₹]\s?\d|\b\d[\d.,]*\s?(?:k|m|bn)?\s?(?:USD|EUR|GBP|JPY|INR|CHF|dollars?|euros?|pounds?)\b",
                    re.I)
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_CAPITAL = re.compile(r"\b[A-Z][A-Za-z]+\b")
_SENTENCE_END = (".", "!", "?", ":", ";")
_ALLOWED_CAPITALS = frozenset(
    "UTC GMT We Our API January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Resolved Mitigated Monitoring Investigating "
    "Update".split())


def _people(report: Report) -> list[str]:
    """Names the notes give as owners or responders, and names in the report's prose and contact line."""
    items = report.next_steps.immediate + report.next_steps.preventive + report.actions_taken
    owners = [o for o in (owned(i).owner for i in items) if o]
    prose = " ".join(t for t in (report.what_happened, report.root_cause, report.impact.summary, report.contact) if t)
    return list(dict.fromkeys(owners + person_names(prose)))


def _internal_services(report: Report) -> list[str]:
    return [s for s in report.affected_services if s.lower() not in areas.VOCABULARY and len(s) > 2]


def _has(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I) is not None


def leaks(text: str, report: Report, allowed_numbers: str = "") -> list[str]:
    """Why this customer text is not fit to publish (empty when it is). `allowed_numbers`: the text the update's
    numbers may come from (its dates and times)."""
    out = [f"names the internal service {s!r}" for s in _internal_services(report) if _has(text, s)]
    for m in _HOSTLIKE.finditer(text):
        if m.group().lower() not in _PLAIN_COMPOUNDS and not _NUMBER.fullmatch(m.group()):
            out.append(f"names {m.group()!r}, which looks like a host or an internal identifier")
    out += [f"names the person {p!r}" for p in _people(report) if _has(text, p.lstrip("@")) or _has(text, p)]
    out += [f"names the person {p!r}" for p in person_names(text)]
    if _MONEY.search(text):
        out.append("states a money figure")
    allowed = set(_NUMBER.findall(allowed_numbers))
    out += [f"states the figure {n}, which is not one of its dates or times" for n in dict.fromkeys(_NUMBER.findall(text))
            if n not in allowed]
    for m in _CAPITAL.finditer(text):
        before = text[max(0, m.start() - 4):m.start()]
        if not before.strip() or "\n" in before or before.rstrip().endswith(_SENTENCE_END):
            continue  # a sentence's first word
        if m.group() not in _ALLOWED_CAPITALS and m.group().lower() not in areas.VOCABULARY:
            out.append(f"names {m.group()!r}, a proper name customers should not see (a vendor, a product, a person)")
    return list(dict.fromkeys(out))
