"""Statements composed from extracted facts, in the seed report's plain register.

They only restate facts already in the report (severity, services, figures,
status); they never add one.
"""

from __future__ import annotations

from incident_brief.figures import money_text
from incident_brief.schema import Money, Severity, Status

NOT_STATED = "Not stated in the source notes"

_LEAD = {
    Severity.critical: "A critical incident",
    Severity.high: "A high-severity incident",
    Severity.medium: "A medium-severity incident",
    Severity.low: "A low-severity incident",
    Severity.unknown: "An incident of unstated severity",
}
RESOLUTION = {
    Status.resolved: "The incident has been resolved and services are operating normally.",
    Status.mitigated: "The impact has been mitigated; a permanent fix is still to come.",
    Status.monitoring: "A fix is in place and the team is monitoring the services.",
    Status.investigating: "The incident is still under investigation.",
    Status.unknown: "The source notes do not say whether the incident is resolved.",
}


def money(m: Money) -> str:
    return money_text(m.amount, m.currency)


def join_names(names: list[str], limit: int = 3) -> str:
    if len(names) > limit:
        return ", ".join(names[:limit]) + " and other services"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def impact_statement(severity: Severity, services: list[str], users: int | None, revenue: Money | None,
                     reports: int | None, stated: str | None) -> str:
    lead = _LEAD[severity] + (f" affecting {join_names(services)}." if services else ".")
    figures = [f for f in (
        f"{users:,} users affected" if users is not None else None,
        f"an estimated {money(revenue)} in lost revenue" if revenue is not None else None,
        f"{reports:,} customer reports" if reports is not None else None) if f]
    tail = ("Stated impact: " + join_names(figures, limit=3) + ".") if figures else \
        "The notes give no figures for users affected, revenue or customer reports."
    return " ".join(p for p in (lead, stated, tail) if p)


def duration_text(minutes: float | None) -> str:
    if minutes is None:
        return NOT_STATED
    m = round(minutes)
    if m < 60:
        return f"{m} minute{'s' if m != 1 else ''}"
    if m < 48 * 60:
        if m % 30 == 0:
            h = m / 60
            return f"{h:g} hour{'s' if h != 1 else ''}"
        h, rest = divmod(m, 60)
        return f"{h} hour{'s' if h != 1 else ''} {rest} minute{'s' if rest != 1 else ''}"
    d, rest = divmod(m, 1440)
    h = round(rest / 60)
    return f"{d} days" + (f" {h} hour{'s' if h != 1 else ''}" if h else "")
