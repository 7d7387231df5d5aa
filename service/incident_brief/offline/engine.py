"""The offline engine: notes in, a complete report out, with no model and no network.

It is the default when no model endpoint is configured, and the fallback
whenever a model fails.
"""

from __future__ import annotations

from datetime import datetime, timezone

from incident_brief import __version__
from incident_brief.budgets import BUDGETS, fit
from incident_brief.compose import impact_statement
from incident_brief.offline.extract import Found
from incident_brief.offline.extract import impact as imp
from incident_brief.offline.extract import cause as causes, labels, narrative, services
from incident_brief.offline.extract.figures import figure_story
from incident_brief.offline.extract.story import Told
from incident_brief.offline.extract.timeline import incident_times
from incident_brief.offline.happened import Facts, what_happened
from incident_brief.ingest import SourceDocument
from incident_brief.offline.deadline import Deadline
from incident_brief.offline.plain import default_glossary
from incident_brief.sanitize import mask
from incident_brief.settings import get_settings
from incident_brief.schema import EngineInfo, Impact, NextSteps, ReviewFlag, Report, Severity, Span, Status
from incident_brief.structure import Document, clean, parse, sections_of, sentences

ENGINE = "offline"


class _Collector:
    """Collects values with their evidence spans and the flags a reviewer must see."""

    def __init__(self, text: str):
        self.text = text
        self.evidence: dict[str, list[Span]] = {}
        self.flags: list[ReviewFlag] = []

    def take(self, field: str, found: Found | None):
        if found is None:
            return None
        self.evidence[field] = [Span(quote=self.text[s:e], start=s, end=e) for s, e in found.spans]
        return found.value

    def flag(self, field: str, reason: str) -> None:
        self.flags.append(ReviewFlag(field=field, reason=reason))


def summarize(source: SourceDocument, *, incident_id: str | None = None, contact: str | None = None,
              generated_at: datetime | None = None, budget: float | None = None) -> Report:
    """budget: CPU seconds for reading (default: settings.read_budget_seconds); past it, ReadBudgetError."""
    deadline = Deadline(budget if budget is not None else get_settings().read_budget_seconds)
    masked, ignored = mask(source.text)
    deadline.check()
    doc = parse(masked)
    deadline.check()
    c = _Collector(source.text)
    times = incident_times(doc)
    deadline.check()
    sev_told = labels.severity_story(doc)
    status_told = labels.status_story(doc, ended=times.resolved)
    severity = c.take("severity", sev_told.found) or Severity.unknown
    found_svc = services.services(doc)
    svc = c.take("affected_services", found_svc) or []
    plain = _plain(svc, doc.text)
    item = lambda text: fit(plain(text), BUDGETS["item"])  # noqa: E731  (plain words can lengthen an item)
    told = imp.impact_story(doc)
    found_users, found_revenue, found_reports = told.users.found, told.revenue.found, told.reports.found
    users = c.take("impact.users_affected", found_users)
    revenue = c.take("impact.revenue_impact", found_revenue)
    reports = c.take("impact.customer_reports", found_reports)
    known = tuple(v for v in (users, reports, revenue.amount if revenue else None) if v is not None)
    figures_told = figure_story(doc, known=known)
    figures = c.take("impact.figures", figures_told.found) or []
    immediate, preventive = narrative.next_steps(doc)
    deadline.check()
    found_cause, actions, stated = causes.root_cause(doc), narrative.actions_taken(doc), _stated_impact(doc)
    cause = found_cause.found if found_cause else None
    happened = what_happened(doc, Facts(found_svc, times.started, times.resolved, times.duration, found_users, found_revenue,
                                        found_reports, stated, cause, actions))
    deadline.check()
    report = Report(
        incident_id=incident_id or c.take("incident_id", labels.incident_id(doc) or narrative.incident_id(doc)),
        title=c.take("title", labels.title(doc) or narrative.title(doc)),
        generated_at=generated_at or datetime.now(timezone.utc).replace(microsecond=0),
        status=c.take("status", status_told.found) or Status.unknown,
        severity=severity,
        started_at=c.take("started_at", times.started),
        detected_at=c.take("detected_at", times.detected),
        resolved_at=c.take("resolved_at", times.resolved),
        closed_at=c.take("closed_at", times.closed),
        duration_minutes=c.take("duration_minutes", times.duration),
        what_happened=plain(c.take("what_happened", happened)),
        affected_services=svc,
        impact=Impact(summary=impact_statement(severity, svc, users, revenue, reports,
                                               plain(c.take("impact.summary", stated))),
                      users_affected=users, revenue_impact=revenue, customer_reports=reports, figures=figures),
        root_cause=plain(c.take("root_cause", cause)),
        actions_taken=[item(a) for a in c.take("actions_taken", actions) or []],
        next_steps=NextSteps(immediate=[item(a) for a in c.take("next_steps.immediate", immediate) or []],
                             preventive=[item(a) for a in c.take("next_steps.preventive", preventive) or []]),
        contact=contact or c.take("contact", narrative.labelled(doc, "contact", "for questions", "incident contact")),
        evidence={},
        engine=EngineInfo(name=ENGINE, model=None, version=__version__),
    )
    deadline.check()
    _review(report, c, times, sev_told, status_told)
    for field, figure in (("users_affected", told.users), ("revenue_impact", told.revenue),
                          ("customer_reports", told.reports)):
        if figure.earlier:
            c.flag(f"impact.{field}", f"the notes first gave {figure.earlier}, later {figure.raw}; the later value is shown")
    for restated in figures_told.earlier:
        c.flag("impact.figures", restated)
    if found_cause and found_cause.superseded:
        c.flag("root_cause", f"the notes later corrected an earlier cause: \"{found_cause.superseded}\"")
    if ignored:
        c.flag("notes", f"{len(ignored)} passage(s) of the notes look like hidden comments or instructions to a model; "
                        "they were ignored")
    report.evidence, report.review_flags = c.evidence, c.flags
    return report


def _plain(keep: list[str], notes: str):
    writer = default_glossary().writer(keep, notes)  # one per report: a kept term is explained at its first use
    return lambda text: writer.apply(text) if text else text


def _stated_impact(doc: Document) -> Found[str] | None:
    """The first sentence of an Impact section, when it is prose."""
    for sec in sections_of(doc, "impact"):
        for s, e in sentences(doc.text, sec.body_start, sec.body_end):
            text = clean(doc.text[s:e])
            if len(text.split()) >= 5 and not text.endswith(":"):
                return Found(text if text.endswith((".", "!")) else text + ".", ((s, e),))
    return None


def _review(report: Report, c: _Collector, times, sev: Told, status: Told) -> None:
    for field, reason in times.flags:
        c.flag(field, reason)
    if report.severity is Severity.unknown:
        c.flag("severity", "the notes state no severity; set one before sending")
    elif sev.raw and not labels.is_standard_label(sev.raw):
        c.flag("severity", f"mapped from the notes' own label '{sev.raw}'; check it fits your scale")
    for field, told in (("severity", sev), ("status", status)):
        if told.earlier:
            c.flag(field, f"{field} was first given as {told.earlier}, later {told.raw}; the later value is shown")
    if report.status is Status.unknown:
        c.flag("status", "the notes do not say whether the incident is resolved")
    elif status.inferred:
        c.flag("status", status.inferred)
    for field in ("started_at", "resolved_at"):
        value = getattr(report, field)
        if value is not None and value.tzinfo is None:
            c.flag(field, "the notes give no time zone for this time; it is shown as written")
    for field in ("what_happened", "root_cause"):
        if not getattr(report, field):
            c.flag(field, "not found in the notes; write it or leave it as not stated")
