"""The engineering write-up: the notes' technical words kept, the key timeline with times, time to detect and to
resolve, root cause with contributing factors, and action items with owners and due dates as stated."""

from __future__ import annotations

import re

from incident_brief.audiences import technical
from incident_brief.audiences.model import ActionItem, EngineeringBrief, TimelineEntry
from incident_brief.audiences.owners import owned
from incident_brief.audiences.times import between, stamp
from incident_brief.compose import NOT_STATED, closed_later, duration_text
from incident_brief.schema import Report, Severity, Status

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
UNSTATED = "not stated"  # an owner or due date the notes do not give
_ENDED = {Status.mitigated: "Mitigated", Status.monitoring: "Mitigated"}  # an end before the fix is final


def timeline(report: Report) -> list[TimelineEntry]:
    """Started, detected, impact ended and (when it came later) the incident closed."""
    later = closed_later(report)
    ended = "Recovered" if later else _ENDED.get(report.status, "Resolved")
    out = []
    for label, at in (("Started", report.started_at), ("Detected", report.detected_at), (ended, report.resolved_at),
                      ("Closed", report.closed_at if later else None)):
        if at is not None:
            out.append(TimelineEntry(label=label, at=stamp(at)))
    return out


def _to_resolve(report: Report) -> str:
    span = between(report.started_at, report.resolved_at)
    if span is None and report.duration_minutes is not None:
        span = duration_text(report.duration_minutes)
    return span or NOT_STATED


def cause(report: Report) -> tuple[str, list[str]]:
    """The root cause (its first statement) and the contributing factors (the rest), in the notes' words."""
    return split_cause(technical.text(report, "root_cause", report.root_cause))


def split_cause(parts: list[str]) -> tuple[str, list[str]]:
    """The first statement is the root cause, the rest contributing factors (one statement: split by sentence)."""
    if len(parts) == 1:
        parts = [s for s in _SENTENCE.split(parts[0]) if s.strip()]
    if not parts:
        return NOT_STATED, []
    return parts[0], parts[1:]


def action_items(report: Report) -> list[ActionItem]:
    out = []
    for kind, path, plain in (("immediate", "next_steps.immediate", report.next_steps.immediate),
                              ("preventive", "next_steps.preventive", report.next_steps.preventive)):
        for item in technical.items(report, path, plain):
            o = owned(item)
            out.append(ActionItem(action=o.action, owner=o.owner or UNSTATED, due=o.due or UNSTATED, kind=kind))
    return out


def compose(report: Report) -> EngineeringBrief:
    root, factors = cause(report)
    summary = technical.text(report, "what_happened", report.what_happened)
    return EngineeringBrief(
        incident_id=report.incident_id, title=report.title or _untitled(report),
        status=NOT_STATED if report.status is Status.unknown else report.status.value.capitalize(),
        severity=NOT_STATED if report.severity is Severity.unknown else report.severity.value.upper(),
        summary=" ".join(summary) or NOT_STATED, services=list(report.affected_services), timeline=timeline(report),
        time_to_detect=between(report.started_at, report.detected_at) or NOT_STATED,
        time_to_resolve=_to_resolve(report), root_cause=root, contributing_factors=factors,
        actions_taken=technical.items(report, "actions_taken", report.actions_taken), action_items=action_items(report),
        contact=report.contact or NOT_STATED)


def _untitled(report: Report) -> str:
    """A heading for notes that give no title: the services it touched, else its id, else "not stated"."""
    if report.affected_services:
        return ", ".join(report.affected_services[:3]) + " incident"
    return report.incident_id or NOT_STATED
