"""Statements composed from extracted facts, in the seed report's plain register.

They only restate facts already in the report (severity, services, figures,
status); they never add one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from incident_brief.figures import money_text
from incident_brief.schema import Money, Report, Severity, Status

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


def closed_later(report: Report) -> bool:
    """The incident was declared closed after customer impact ended (or no end of impact is known): the closing says
    more than the end, so a rendering shows it too."""
    end, closed = report.resolved_at, report.closed_at
    if closed is None:
        return False
    return end is None or (end.tzinfo is None) != (closed.tzinfo is None) or closed > end


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


def clock(at: datetime) -> str:
    """ "13:02 UTC", or "13:02" when the notes give no zone (a time in another zone is not written as a clock)."""
    off = at.utcoffset()
    return at.strftime("%H:%M") + ("" if off is None else " UTC")


def day(at: datetime) -> str:
    return f"{at.day} {at.strftime('%B %Y')}"


def window_statements(started: datetime | None, resolved: datetime | None, minutes: float | None) -> list[str]:
    """When and for how long, richest first: a caller keeps the first whose every number the notes state."""
    out = []
    span = duration_text(minutes) if minutes is not None else None
    utc_or_naive = [t for t in (started, resolved) if t is not None and t.utcoffset() in (None, timedelta(0))]
    if started and resolved and len(utc_or_naive) == 2:
        when = (f"from {started:%H:%M} to {clock(resolved)} on {day(started)}" if started.date() == resolved.date()
                else f"from {clock(started)} on {day(started)} to {clock(resolved)} on {day(resolved)}")
        out += [f"It lasted {span}, {when}."] if span else []
        out.append(f"It lasted {when}.")
    elif started and started in utc_or_naive:
        out += [f"It began at {clock(started)} on {day(started)} and lasted {span}."] if span else []
        out.append(f"It began at {clock(started)} on {day(started)}.")
    if span:
        out.append(f"It lasted {span}" + (f" on {day(started)}." if started else "."))
        out.append(f"It lasted {span}.")
    if started:
        out.append(f"It began on {day(started)}.")
    return out


def affected_statement(users: int | None, revenue: Money | None, reports: int | None) -> str | None:
    parts = [p for p in (f"{users:,} users were affected" if users is not None else None,
                         f"customers filed {reports:,} reports" if reports is not None else None,
                         f"the estimated revenue impact is {money(revenue)}" if revenue is not None else None) if p]
    if not parts:
        return None
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:] + "."


def fix_statement(action: str) -> str:
    """An action taken as a sentence: "Reverted the change" -> "The team reverted the change." """
    first = action.split(" ", 1)[0].lower()
    if first.endswith("ed") and first not in _NOT_DONE or first in _PAST_IRREGULAR:
        action = "The team " + action[0].lower() + action[1:]
    return action.rstrip(" .;,") + "."


_NOT_DONE = {"started", "noticed", "seemed", "looked", "appeared", "needed", "wanted", "asked", "confirmed", "checked",
             "paged", "declared", "escalated", "investigated", "suspected", "observed", "reported", "detected"}
_PAST_IRREGULAR = {"rolled", "ran", "re-ran", "rebuilt", "built", "took", "put", "set", "shut", "cut", "made", "wrote",
                   "rewrote", "froze", "drew", "gave", "sent", "brought", "kept", "held", "found", "split", "spun"}
