"""Ground the model's facts in the source: what it cannot show in the notes is dropped and flagged.

A quote must occur in the notes (whitespace, case and Markdown emphasis aside),
outside every passage the sanitizer ignored as a hidden comment or an
instruction to a model. A number must be written in the notes, in its own
quote; a time must be one of the times written in the notes; a service name
must appear in the notes. A severity or status must be stated by its own quote,
as a whole word (see `stated`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from incident_brief.offline.extract.durations import minutes_in
from incident_brief.offline.extract.times import find_stamps
from incident_brief.llm.evidence import readings, written_days
from incident_brief.llm.ground_impact import ground_figures, ground_id
from incident_brief.llm.quoted import (counts_people, counts_reports, prose_compound, service_like, states_currency,
                                      word_minutes)
from incident_brief.llm.schema import ExtractedFacts
from incident_brief.llm.stated import severity_problem, status_problem
from incident_brief.offline.extract.labels import map_severity
from incident_brief.llm.locate import IGNORED, Locator
from incident_brief.sanitize import mask
from incident_brief.schema import SECTIONS, Money, Status
from incident_brief.structure import parse
from incident_brief.credentials import looks_secret
from incident_brief.figures import numbers_in

# Report fields (dotted paths) whose grounded value replaces the offline engine's as it is.
STRUCTURED = ("title", "status", "severity", "started_at", "detected_at", "resolved_at", "closed_at", "duration_minutes",
              "affected_services", "impact.users_affected", "impact.revenue_impact", "impact.customer_reports",
              "impact.figures", "incident_id")
_IDENT = re.compile(r"\b[\w]+(?:[-_.][\w]+)+\b")


@dataclass
class Grounded:
    values: dict[str, object] = field(default_factory=dict)
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (field, reason)

    def keep(self, name: str, value, spans: list[tuple[int, int]]) -> None:
        self.values[name], self.spans[name] = value, spans

    def drop(self, name: str, reason: str) -> None:
        self.dropped.append((name, reason))


def ground(facts: ExtractedFacts, source: str) -> Grounded:
    """The model's facts that the notes support; `source` is the notes as given (the ignored passages are found here)."""
    masked, ignored = mask(source)
    loc, g = Locator(source, ignored), Grounded()
    src_numbers = numbers_in(masked)
    stamps = find_stamps(parse(masked))
    _text(g, loc, "title", facts.title.value, facts.title.quote, src_numbers)
    _status(g, loc, facts)
    _severity(g, loc, facts)
    for name in ("started_at", "detected_at", "resolved_at", "closed_at"):
        if hasattr(facts, name):  # closed_at: v5 answers
            _time(g, loc, name, getattr(facts, name), stamps, masked)
    _duration(g, loc, facts, src_numbers)
    _services(g, loc, facts)
    _count(g, loc, "impact.users_affected", facts.users_affected, counts_people, "people")
    _count(g, loc, "impact.customer_reports", facts.customer_reports, counts_reports, "reports, tickets or calls")
    _revenue(g, loc, facts)
    for name in ("what_happened", "root_cause"):
        fact = getattr(facts, name)
        _text(g, loc, name, fact.value, fact.quote, src_numbers)
    for name in ("actions_taken", "next_steps_immediate", "next_steps_preventive"):
        _items(g, loc, SECTIONS[name].path, getattr(facts, name), src_numbers)
    if hasattr(facts, "incident_id"):  # v2 answers
        ground_id(g, loc, facts.incident_id)
        ground_figures(g, loc, facts.other_impact_figures, lambda label: _unsupported(label, loc, src_numbers))
    return g


def _unsupported(text: str, loc: Locator, src_numbers: set[float]) -> str | None:
    if looks_secret(text):
        return "it looks like a key or credential"
    bad = [n for n in numbers_in(text) if n not in src_numbers]
    if bad:
        return f"the number {bad[0]:g} is not in the notes"
    names = [m.group() for m in _IDENT.finditer(text) if not prose_compound(m.group()) and loc.find(m.group()) is None]
    return f"the name {names[0]!r} is not in the notes" if names else None


def _text(g: Grounded, loc: Locator, name: str, value: str | None, quote: str | None, src_numbers) -> None:
    if not value:
        return
    span = loc.find(quote)
    problem = loc.missing(quote) if span is None else _unsupported(value, loc, src_numbers)
    if problem:
        g.drop(name, problem)
    else:
        g.keep(name, value.strip(), [span])


def _status(g: Grounded, loc: Locator, facts: ExtractedFacts) -> None:
    if facts.status.value == "unknown":
        return
    quote = facts.status.quote
    span = loc.find(quote)
    problem = loc.missing(quote) if span is None else status_problem(facts.status.value, quote)
    if problem:
        g.drop("status", problem)
    else:
        g.keep("status", Status(facts.status.value), [span])


def _severity(g: Grounded, loc: Locator, facts: ExtractedFacts) -> None:
    label, quote = facts.severity.value, facts.severity.quote
    if not label:
        return
    span = loc.find(quote)
    problem = loc.missing(quote) if span is None else severity_problem(label, quote)
    if problem:
        g.drop("severity", problem)
    else:
        g.keep("severity", map_severity(label), [span])
        g.values["severity_label"] = label


def _time(g: Grounded, loc: Locator, name: str, fact, stamps, masked: str) -> None:
    if not fact.value:
        return
    try:
        when = datetime.fromisoformat(fact.value.strip().replace("Z", "+00:00"))
    except ValueError:
        g.drop(name, f"{fact.value!r} is not an ISO 8601 time")
        return
    span = loc.find(fact.quote)
    found = readings(masked, span, stamps) if span is not None else []
    for r in found:
        if r.means(when):
            g.keep(name, _value(when, r), [(r.start, r.end)])
            return
    for r in found:  # its clock, on a day the notes write: the model read the date in force differently
        if r.same_clock(when) and when.date() in written_days(masked):
            g.keep(name, when.replace(second=0, microsecond=0), [(r.start, r.end)])
            return
    if found:  # the model's own evidence states another time
        said = ", ".join(repr(r.text(masked)) for r in found[:3])
        g.drop(name, f"the time {fact.value} is not what its quote states (it writes {said})")
        return
    for s in stamps:  # no time in its quote: a time written anywhere in the notes
        if s.dated and _same_minute(s.when, when):
            g.keep(name, s.when, [(s.start, s.end)])
            return
    dated = re.fullmatch(r"\d{4}-\d{2}-\d{2}", fact.value.strip())
    g.drop(name, f"{fact.value} is a date without a time; the report needs a time" if dated
           else f"the time {fact.value} is not written in the notes")


def _value(when: datetime, r) -> datetime:
    """The notes' instant where they give one, else the model's time as it wrote it (its zone, if any)."""
    return r.instant if r.instant is not None else when.replace(second=0, microsecond=0)


def _same_minute(a: datetime, b: datetime) -> bool:
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)  # the notes' naive time vs the model's zoned copy
    if a.tzinfo is not None:
        a, b = a.astimezone(timezone.utc), b.astimezone(timezone.utc)
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def _duration(g: Grounded, loc: Locator, facts: ExtractedFacts, src_numbers) -> None:
    value = facts.duration_minutes.value
    if value is None:
        return
    span = loc.find(facts.duration_minutes.quote)
    start, end = g.values.get("started_at"), g.values.get("resolved_at")
    if start and end and (start.tzinfo is None) == (end.tzinfo is None):
        computed = (end - start).total_seconds() / 60
        if abs(computed - value) <= 1:
            g.keep("duration_minutes", computed, g.spans["started_at"] + g.spans["resolved_at"])
            return
    quoted = numbers_in(facts.duration_minutes.quote or "")
    hours_minutes = {q * 60 for q in quoted} | {q * 1440 for q in quoted}
    in_words = word_minutes(facts.duration_minutes.quote or "") | minutes_in(facts.duration_minutes.quote or "")
    if span and (value in quoted or value in hours_minutes or _sum_in(value, quoted) or value in in_words):
        g.keep("duration_minutes", float(value), [span])
    else:
        g.drop("duration_minutes", f"{value:g} minutes is neither stated in the notes nor derived from their times")


def _sum_in(value: float, quoted: set[float]) -> bool:
    """ "2h 41m" -> 161: hours and minutes written together."""
    return any(h * 60 + m == value for h in quoted for m in quoted if m < 60)


def _services(g: Grounded, loc: Locator, facts: ExtractedFacts) -> None:
    names, spans = [], []
    for svc in facts.affected_services:
        span = loc.find(svc.name)
        if looks_secret(svc.name):
            g.drop("affected_services", "a listed service looks like a key or credential")
        elif not service_like(svc.name):
            g.drop("affected_services", f"{svc.name!r} is an ordinary hyphenated word, not a service name")
        elif span is None:
            where = "only in an ignored passage of" if loc.locate(svc.name)[1] else "not in"
            g.drop("affected_services", f"the service {svc.name!r} is {where} the notes")
        elif loc.normalise(svc.name) not in (loc.normalise(n) for n in names):
            names.append(loc.text[span[0]:span[1]])
            spans.append(span)
    if names:
        g.keep("affected_services", names, spans)


def _count(g: Grounded, loc: Locator, name: str, fact, means, kind: str) -> None:
    if fact.value is None:
        return
    span = loc.find(fact.quote)
    if span is None:
        g.drop(name, loc.missing(fact.quote))
    elif fact.value != int(fact.value) or fact.value not in numbers_in(fact.quote):
        g.drop(name, f"{fact.value:g} is not what the quoted words state")
    elif not means(fact.quote):
        g.drop(name, f"its quote {fact.quote[:60]!r} does not count {kind}")
    else:
        g.keep(name, int(fact.value), [span])


def _revenue(g: Grounded, loc: Locator, facts: ExtractedFacts) -> None:
    fact = facts.revenue_impact
    if fact.amount is None:
        return
    span = loc.find(fact.quote)
    currency = (fact.currency or "").upper()
    quote = fact.quote or ""
    symbol_ok = states_currency(quote, currency)
    if span is None and loc.locate(fact.quote)[1]:
        g.drop("impact.revenue_impact", IGNORED)
    elif span is None or fact.amount not in numbers_in(quote) or not symbol_ok:
        g.drop("impact.revenue_impact", f"{fact.amount:g} {currency} is not what the quoted words state")
    else:
        g.keep("impact.revenue_impact", Money(amount=fact.amount, currency=currency), [span])


def _items(g: Grounded, loc: Locator, name: str, items, src_numbers) -> None:
    texts, spans = [], []
    for item in items:
        span = loc.find(item.quote)
        problem = loc.missing(item.quote) if span is None else _unsupported(item.text, loc, src_numbers)
        if problem:
            g.drop(name, f"{item.text[:60]!r}: {problem}")
        elif item.text.strip() and item.text.strip() not in texts:
            texts.append(item.text.strip())
            spans.append(span)
    if texts:
        g.keep(name, texts, spans)


