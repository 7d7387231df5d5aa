"""Put the model's work into the report: grounded values over the offline ones, drafted wording over the offline
wording, and a review flag for everything that fell back."""

from __future__ import annotations

import re

from incident_brief.budgets import FACTS
from incident_brief.compose import day, duration_text, money
from incident_brief.figures import figure_text, unsupported_numbers
from incident_brief.llm.draft import DraftResult
from incident_brief.llm.ground import STRUCTURED, Grounded
from incident_brief.offline.extract.durations import outside_range
from incident_brief.offline.plain import default_glossary
from incident_brief.redact import Redaction
from incident_brief.schema import DRAFTED, SECTIONS, GroundedFacts, Report, ReviewFlag, Span, get_path, set_path

# Drafted sections that have a grounded fact of their own (the impact statement is composed from figures).
TEXT = {name: SECTIONS[name].path for name in DRAFTED if name != "impact_summary"}
_TEXT_CHARS, _ITEM_CHARS, _MAX_ITEMS = FACTS["text"], FACTS["item"], FACTS["items"]


def unredact(facts, red: Redaction, allow: frozenset[str]):
    """Quotes back to the notes' own words (to find them); values restored only where policy allows."""

    def walk(node, key=None):
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str):
            return red.reveal(node) if key == "quote" else red.restore(node, allow)
        return node

    return type(facts).model_validate(walk(facts.model_dump()))


def redact_values(node, red: Redaction, restore: frozenset[str] | None = None):
    """Redact (for the model) or restore (for the report) every string in a structure."""
    if isinstance(node, dict):
        return {k: redact_values(v, red, restore) for k, v in node.items()}
    if isinstance(node, list):
        return [redact_values(v, red, restore) for v in node]
    if isinstance(node, str):
        return red.restore(node, restore) if restore is not None else red.apply(node)
    return node


def _evidence(text: str, spans) -> list[Span]:
    return [Span(quote=text[s:e], start=s, end=e) for s, e in spans]


def apply_structured(report: Report, g: Grounded, text: str) -> None:
    offline_services = list(zip(report.affected_services, report.evidence.get("affected_services", [])))
    for path in STRUCTURED:
        if path in g.values:
            set_path(report, path, g.values[path])
            report.evidence[path] = _evidence(text, g.spans[path])
    if "affected_services" in g.values:
        _add_offline_services(report, offline_services)
    if "duration_minutes" not in g.values and ("started_at" in g.values or "resolved_at" in g.values):
        start, end = report.started_at, report.resolved_at
        if start and end and (start.tzinfo is None) == (end.tzinfo is None) and end > start:
            minutes = (end - start).total_seconds() / 60
            written = outside_range(text, minutes)  # "an estimated 10-15 minutes": no other length is computed
            report.duration_minutes = None if written else minutes
            report.evidence["duration_minutes"] = [] if written else \
                report.evidence.get("started_at", []) + report.evidence.get("resolved_at", [])
    for path, reason in g.dropped:
        kept = get_path(report, path) if path in STRUCTURED or path in TEXT.values() else None
        tail = "the offline engine's value is shown" if kept not in (None, [], "") else "shown as not stated"
        report.review_flags.append(ReviewFlag(field=path, reason=f"the model's value was dropped ({reason}); {tail}"))


def _add_offline_services(report: Report, offline: list) -> None:
    """The model's services, then those the offline readers found in the notes that the model's list does not
    name another way (each with its own evidence): a name both read is listed once, as the model wrote it."""
    for name, span in offline:
        if not any(_same_service(name, kept) for kept in report.affected_services):
            report.affected_services.append(name)
            report.evidence.setdefault("affected_services", []).append(span)


def _same_service(a: str, b: str) -> bool:
    x, y = a.lower(), b.lower()
    if x in y or y in x:
        return True
    tx, ty = set(_WORDS.findall(x)), set(_WORDS.findall(y))
    return bool(tx and ty) and len(tx & ty) / len(tx | ty) >= 0.5


_WORDS = re.compile(r"[a-z0-9]+")


def draft_facts(report: Report, g: Grounded, notes: str | None = None) -> GroundedFacts:
    """What the drafting call may use: grounded facts (else the offline engine's), values only, no raw notes."""
    imp = report.impact
    facts = {
        "title": report.title, "status": report.status.value, "severity": report.severity.value,
        "duration": _stated(duration_text(report.duration_minutes), notes) if report.duration_minutes is not None else None,
        "affected_services": report.affected_services,
        "users_affected": f"{imp.users_affected:,}" if imp.users_affected is not None else None,
        "revenue_impact": money(imp.revenue_impact) if imp.revenue_impact else None,
        "customer_reports": f"{imp.customer_reports:,}" if imp.customer_reports is not None else None,
    }
    # the offline engine's statement, from the figures it read: only while the model changed none of them (else it
    # would contradict the facts above it)
    facts["impact_statement"] = None if any(k in g.values for k in _IMPACT) else (report.impact.summary or "")[:_TEXT_CHARS] or None
    facts["other_figures"] = [f"{f.label}: {figure_text(f.value, f.unit, f.label)}"[:_ITEM_CHARS] for f in imp.figures[:_MAX_ITEMS]]
    facts["started"] = _as_written(report, "started_at", notes)
    facts["ended"] = _as_written(report, "resolved_at", notes)
    for name, path in TEXT.items():
        value = g.values.get(path, get_path(report, path))
        # Bounded, so the drafting prompt costs a fixed overhead whatever the notes' length.
        facts[name] = [v[:_ITEM_CHARS] for v in value[:_MAX_ITEMS]] if isinstance(value, list) else (value or "")[:_TEXT_CHARS] or None
    return GroundedFacts.model_validate(facts)


_IMPACT = ("severity", "affected_services", "impact.users_affected", "impact.revenue_impact", "impact.customer_reports",
           "impact.figures", "started_at", "resolved_at", "duration_minutes")


def _stated(text: str, notes: str | None) -> str | None:
    """The text when the notes state every number in it (a duration the notes give), else None: the draft is
    offered no number it would have to present as the notes' own (the report's Duration line shows the computed one)."""
    return text if notes is None or not unsupported_numbers(text, notes) else None


def _as_written(report: Report, path: str, notes: str | None) -> str | None:
    """The start or end as the notes write it: "8 April 2025 13:15 UTC" where the report's clock is the
    notes' own, else the clock its evidence quote writes ("3 February 2025, 07:45" for a time the report converted
    to UTC); None when not stated."""
    at = get_path(report, path)
    if at is None:
        return None
    written = f"{day(at)} {at:%H:%M}" + ("" if at.utcoffset() is None else " UTC")
    if notes is None:
        return written
    quotes = [span.quote for span in report.evidence.get(path, [])]
    clock = next((m.group() for q in quotes for m in [_CLOCK.search(q)] if m), None)
    if clock is not None and _digits(clock) != _digits(f"{at:%H:%M}"):
        written = f"{day(at)}, {clock}"
    return None if unsupported_numbers(written, notes) else written


def _digits(clock: str) -> str:
    return "".join(c for c in clock if c.isdigit()).lstrip("0")


_CLOCK = re.compile(r"(?<![\d:.])\d{1,2}[:.h]\d{2}(?![\d])(?:\s?[ap]\.?m\.?)?(?:\s?Uhr)?", re.I)  # "07:28" of 07:28:41


def apply_draft(report: Report, g: Grounded, result: DraftResult, fallback: list[str], repaired: list[str],
                sections: tuple[str, ...] = DRAFTED) -> None:
    """Accepted drafts replace the wording; the rest keep the grounded fact in plain words (else the offline text)."""
    glossary = default_glossary()
    for section in sections:
        path = SECTIONS[section].path
        if section in result.sections:
            value = result.sections[section]
            set_path(report, path, value if isinstance(value, list) else (value or None))
            if result.accepted_round.get(section):
                repaired.append(section)
            continue
        if path in g.values:  # the grounded fact, in plain words, is the fallback wording
            value = g.values[path]
            keep = report.affected_services
            set_path(report, path, [glossary.apply(v, keep=keep) for v in value] if isinstance(value, list)
                     else glossary.apply(value, keep=keep))
        errors = result.failed.get(section, ["no draft"])
        fallback.append(section)
        report.review_flags.append(ReviewFlag(field=path, reason=(
            f"the model's draft was not used ({errors[0]}); the offline engine's wording is shown")))
