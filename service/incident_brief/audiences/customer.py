"""The customer update: a status-page style text composed only from customer words and the report's times.

Nothing from the notes is copied: areas come from service names read for what customers use (areas.py), the
symptom from cue families over the report's text, the state from its status. So no internal name, host, person,
vendor or internal figure can reach it; `leaks.py` checks that for every rendering (and every model draft)."""

from __future__ import annotations

import re

from incident_brief.audiences import areas
from incident_brief.audiences.model import CustomerUpdate
from incident_brief.audiences.times import NO_ZONE, clock, day
from incident_brief.compose import NOT_STATED
from incident_brief.schema import Report, Status

# symptom families, strongest first: what customers experienced, in customer words
_SYMPTOMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:outage|down|unavailable|unreachable|offline|could ?n[o']t|unable|cannot|can't|not available|"
                r"inaccessible|ausfall|nicht erreichbar|panne|indisponible|caída|caido|no disponible)", re.I),
     "could not use"),
    (re.compile(r"\b(?:errors?|fail\w*|5\d\d|5xx|reject\w*|declin\w*|fehler|erreurs?|errores|échec)\b", re.I),
     "saw errors when using"),
    (re.compile(r"\b(?:slow\w*|latency|delay\w*|lag\w*|time ?outs?|timed out|backlog|queued|verzögert?|retard\w*|"
                r"lento|lenteur)", re.I), "saw slowness or delays in"),
    (re.compile(r"\b(?:duplicate\w*|missing|incorrect|wrong|inconsistent|stale)\b", re.I),
     "may have seen missing or incorrect information in"),
)
_STATE = {
    Status.resolved: ("Resolved", "This incident has been resolved and {area} {verb} working normally again."),
    Status.mitigated: ("Mitigated", "The issue has been mitigated and {area} {verb} working again; "
                                    "we are working on a permanent fix."),
    Status.monitoring: ("Monitoring", "A fix has been put in place and we are monitoring the results."),
    Status.investigating: ("Investigating", "We are investigating the issue."),
    Status.unknown: ("Update", "We are working on this issue and will share another update."),
}
APOLOGY = "We are sorry for the disruption this caused, and we thank you for your patience."


def symptom(report: Report) -> str:
    """What customers experienced, from the report's own words (read, never copied)."""
    text = " ".join(t for t in (report.title, report.impact.summary, report.what_happened) if t)[:20000]
    return next((words for rx, words in _SYMPTOMS if rx.search(text)), "experienced problems with")


def when(report: Report) -> str:
    start, end = report.started_at, report.resolved_at
    if start is None and end is None:
        return NOT_STATED
    note = f" ({NO_ZONE})" if any(t is not None and t.tzinfo is None for t in (start, end)) else ""
    if start and end and end >= start and (start.tzinfo is None) == (end.tzinfo is None):
        if start == end:
            return f"At {clock(start)} on {day(start)}{note}."
        if start.date() == end.date():
            return f"From {clock(start)} to {clock(end)} on {day(start)}{note}."
        return f"From {clock(start)} on {day(start)} to {clock(end)} on {day(end)}{note}."
    if start:
        lead = "Since" if report.status in (Status.investigating, Status.unknown) else "Starting at"
        return f"{lead} {clock(start)} on {day(start)}{note}."
    return f"Until {clock(end)} on {day(end)}{note}."


def doing(report: Report) -> str:
    settled = report.status in (Status.resolved, Status.mitigated, Status.monitoring)
    steps = report.next_steps.immediate or report.next_steps.preventive
    parts = []
    if settled:
        parts.append("We found the cause and fixed it." if report.root_cause else
                     "Our engineers took action to restore service.")
    else:
        parts.append("Our engineers are working to restore full service as quickly as possible.")
        if report.root_cause:
            parts.append("We have identified the cause.")
    if steps:
        parts.append("We are reviewing what happened and taking steps to prevent it from happening again.")
    if not settled:
        parts.append("We will post another update as soon as we have more to share.")
    return " ".join(parts)


def compose(report: Report) -> CustomerUpdate:
    found = areas.areas(report.affected_services) or areas.areas([report.title or ""])
    area = areas.phrase(found)
    label, state = _STATE[report.status]
    plural = len(found) != 1 or area == areas.GENERIC or " and " in area or area.endswith("s") and not area.startswith("our ")
    current = state.format(area=area, verb="are" if plural else "is")
    return CustomerUpdate(
        headline=f"Disruption affecting {area}", status=label,
        experienced=f"Some customers {symptom(report)} {area}.", when=when(report),
        current_status=current[0].upper() + current[1:], doing=doing(report), apology=APOLOGY)
