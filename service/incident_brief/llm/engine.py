"""The LLM engine: extract → ground → draft → validate, with the offline engine underneath.

The offline report is computed first; every model value that survives
grounding replaces the offline one, every drafted section that passes the
content rules replaces the offline wording. Whatever the model gets wrong
falls back to the offline engine and is flagged; a failed model call gives
the offline report, flagged. The result is always a complete report.
"""

from __future__ import annotations

from datetime import datetime

from incident_brief import __version__
from incident_brief.offline import engine as offline
from incident_brief.llm import prompts
from incident_brief.compose import duration_text, money
from incident_brief.llm.draft import SECTIONS, DraftResult, draft
from incident_brief.llm.gateway import Gateway, ModelError
from incident_brief.llm.ground import Grounded, ground
from incident_brief.ingest import SourceDocument
from incident_brief.llm.extract import extract
from incident_brief.offline.plain import default_glossary
from incident_brief.redact import Redaction, redact
from incident_brief.sanitize import mask
from incident_brief.schema import EngineInfo, Report, ReviewFlag, Span, get_path, set_path
from incident_brief.settings import Settings

_STRUCTURED = ("title", "status", "severity", "started_at", "detected_at", "resolved_at", "duration_minutes",
               "affected_services", "impact.users_affected", "impact.revenue_impact", "impact.customer_reports")
_TEXT = {"what_happened": "what_happened", "root_cause": "root_cause", "actions_taken": "actions_taken",
         "next_steps_immediate": "next_steps.immediate", "next_steps_preventive": "next_steps.preventive"}
_REPORT_FIELD = {**_TEXT, "impact_summary": "impact.summary"}
_TEXT_CHARS, _ITEM_CHARS, _MAX_ITEMS = 800, 300, 8


def summarize(source: SourceDocument, settings: Settings, *, incident_id: str | None = None,
              contact: str | None = None, generated_at: datetime | None = None, gateway: Gateway | None = None) -> Report:
    report = offline.summarize(source, incident_id=incident_id, contact=contact, generated_at=generated_at)
    gateway = gateway or Gateway(settings)
    notes = mask(source.text)[0]  # hidden instructions blanked, offsets kept: what quotes must come from
    red = redact(notes) if settings.redact else Redaction(notes)  # what the model may see
    if red.values:
        counts = ", ".join(f"{n} {k}" for k, n in sorted(red.counts().items()))
        report.review_flags.append(ReviewFlag(field="notes", reason=(
            f"sensitive values were replaced before the notes went to the model ({counts})")))
    info = {"model": settings.model, "prompt_versions": prompts.versions(), "fallback_sections": [],
            "repaired_sections": []}
    try:
        facts, info["chunks"], salvaged = extract(gateway, red.text, settings)
        facts = _unredact(facts, red, settings)
    except ModelError as err:
        report.review_flags.append(ReviewFlag(field="engine", reason=(
            f"the model call failed ({err.kind}: {err}); this whole report is the offline engine's")))
        info["fallback_sections"] = list(SECTIONS)
        report.engine = _engine(info, gateway, fallback=f"offline ({err.kind})")
        return report
    if salvaged:
        report.review_flags.append(ReviewFlag(field="engine", reason=(
            f"the model's answer was cut off in {salvaged} of {info['chunks']} parts; only its complete part was used")))
    grounded = ground(facts, notes)
    _apply_structured(report, grounded, source.text)
    result = draft(gateway, _redact_values(_draft_facts(report, grounded), red), report.affected_services,
                   settings.repair_rounds)
    result.sections = {k: _redact_values(v, red, restore=settings.restorable()) for k, v in result.sections.items()}
    _apply_draft(report, grounded, result, info)
    report.engine = _engine(info, gateway, fallback=None)
    return report


def _unredact(facts, red: Redaction, settings: Settings):
    """Quotes back to the notes' own words (to find them); values restored only where policy allows."""
    allow = settings.restorable()

    def walk(node, key=None):
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str):
            return red.reveal(node) if key == "quote" else red.restore(node, allow)
        return node

    return type(facts).model_validate(walk(facts.model_dump()))


def _redact_values(node, red: Redaction, restore: frozenset[str] | None = None):
    """Redact (for the model) or restore (for the report) every string in a structure."""
    if isinstance(node, dict):
        return {k: _redact_values(v, red, restore) for k, v in node.items()}
    if isinstance(node, list):
        return [_redact_values(v, red, restore) for v in node]
    if isinstance(node, str):
        return red.restore(node, restore) if restore is not None else red.apply(node)
    return node


def _engine(info: dict, gateway: Gateway, fallback: str | None) -> EngineInfo:
    return EngineInfo(name="llm", version=__version__, fallback=fallback, **info, **gateway.usage.summary())


def _evidence(text: str, spans) -> list[Span]:
    return [Span(quote=text[s:e], start=s, end=e) for s, e in spans]


def _apply_structured(report: Report, g: Grounded, text: str) -> None:
    for path in _STRUCTURED:
        if path in g.values:
            set_path(report, path, g.values[path])
            report.evidence[path] = _evidence(text, g.spans[path])
    if "duration_minutes" not in g.values and ("started_at" in g.values or "resolved_at" in g.values):
        start, end = report.started_at, report.resolved_at
        if start and end and (start.tzinfo is None) == (end.tzinfo is None) and end > start:
            report.duration_minutes = (end - start).total_seconds() / 60
            report.evidence["duration_minutes"] = report.evidence.get("started_at", []) + report.evidence.get("resolved_at", [])
    for path, reason in g.dropped:
        kept = get_path(report, path) if path in _STRUCTURED or path in _TEXT.values() else None
        tail = "the offline engine's value is shown" if kept not in (None, [], "") else "shown as not stated"
        report.review_flags.append(ReviewFlag(field=path, reason=f"the model's value was dropped ({reason}); {tail}"))


def _draft_facts(report: Report, g: Grounded) -> dict:
    """What the drafting call may use: grounded facts (else the offline engine's), values only, no raw notes."""
    imp = report.impact
    facts = {
        "title": report.title, "status": report.status.value, "severity": report.severity.value,
        "duration": duration_text(report.duration_minutes) if report.duration_minutes is not None else None,
        "affected_services": report.affected_services,
        "users_affected": f"{imp.users_affected:,}" if imp.users_affected is not None else None,
        "revenue_impact": money(imp.revenue_impact) if imp.revenue_impact else None,
        "customer_reports": f"{imp.customer_reports:,}" if imp.customer_reports is not None else None,
    }
    facts["impact_statement"] = (report.impact.summary or "")[:_TEXT_CHARS] or None  # the offline engine's, from stated facts
    for name, path in _TEXT.items():
        value = g.values.get(path, get_path(report, path))
        # Bounded, so the drafting prompt costs a fixed overhead whatever the notes' length.
        facts[name] = [v[:_ITEM_CHARS] for v in value[:_MAX_ITEMS]] if isinstance(value, list) else (value or "")[:_TEXT_CHARS] or None
    return facts


def _apply_draft(report: Report, g: Grounded, result: DraftResult, info: dict) -> None:
    glossary = default_glossary()
    for section in SECTIONS:
        path = _REPORT_FIELD[section]
        if section in result.sections:
            value = result.sections[section]
            set_path(report, path, value if isinstance(value, list) else (value or None))
            if result.accepted_round.get(section):
                info["repaired_sections"].append(section)
            continue
        if path in g.values:  # the grounded fact, in plain words, is the fallback wording
            value = g.values[path]
            keep = report.affected_services
            set_path(report, path, [glossary.apply(v, keep=keep) for v in value] if isinstance(value, list)
                 else glossary.apply(value, keep=keep))
        errors = result.failed.get(section, ["no draft"])
        info["fallback_sections"].append(section)
        report.review_flags.append(ReviewFlag(field=path, reason=(
            f"the model's draft was not used ({errors[0]}); the offline engine's wording is shown")))
