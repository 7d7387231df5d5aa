"""What changed in the key facts between two reports of one incident, in words: the change summary of a living
update ("since 14:20 UTC: status → resolved; users affected 4,600 (was 3,000); end 15:05 UTC (was not stated)").

Pure: computed from the two reports alone, so the API, the revision list, the web page and the CLI say the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from incident_brief.compose import duration_text, money
from incident_brief.figures import figure_text
from incident_brief.schema import Figure, Report

WAS_NOT_STATED = "not stated"
NOTHING = "no change to the key facts"


@dataclass
class Changes:
    """The facts that changed, one phrase each, and the time of the report they are measured from."""

    since: datetime
    until: datetime
    items: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return f"since {_at(self.since, self.until)}: " + ("; ".join(self.items) if self.items else NOTHING)


def between(old: Report, new: Report) -> Changes:
    """The key facts of `new` that differ from `old`: status, severity, start, end, duration, services, the impact
    figures and the root cause, in that order."""
    day = (new.started_at or old.started_at or new.resolved_at or old.resolved_at)
    items = [*_state(old, new), *_times(old, new, day), *_services(old.affected_services, new.affected_services),
             *_impact(old, new), *_cause(old.root_cause, new.root_cause)]
    return Changes(old.generated_at, new.generated_at, items)


def _state(old: Report, new: Report) -> list[str]:
    out = []
    for name in ("status", "severity"):
        before, after = getattr(old, name).value, getattr(new, name).value
        if before != after:
            out.append(f"{name} → {WAS_NOT_STATED if after == 'unknown' else after}")
    return out


def _times(old: Report, new: Report, day: datetime | None) -> list[str]:
    out = []
    for label, name in (("start", "started_at"), ("end", "resolved_at"), ("closed", "closed_at")):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            out.append(_was(label, _at(after, day), _at(before, day)))
    if old.duration_minutes != new.duration_minutes and not _same_minute(old.duration_minutes, new.duration_minutes):
        show = lambda m: None if m is None else duration_text(m)  # noqa: E731
        out.append(_was("duration", show(new.duration_minutes), show(old.duration_minutes)))
    return out


def _services(before: list[str], after: list[str]) -> list[str]:
    seen_before, seen_after = {s.casefold() for s in before}, {s.casefold() for s in after}
    added = [s for s in after if s.casefold() not in seen_before]
    removed = [s for s in before if s.casefold() not in seen_after]
    return ([f"services added: {', '.join(added)}"] if added else []) + \
           ([f"services removed: {', '.join(removed)}"] if removed else [])


def _impact(old: Report, new: Report) -> list[str]:
    a, b = old.impact, new.impact
    count = lambda n: None if n is None else f"{n:,}"  # noqa: E731
    cash = lambda m: None if m is None else money(m)  # noqa: E731
    pairs = (("users affected", count(a.users_affected), count(b.users_affected)),
             ("customer reports", count(a.customer_reports), count(b.customer_reports)),
             ("revenue impact", cash(a.revenue_impact), cash(b.revenue_impact)))
    out = [_was(label, after, before) for label, before, after in pairs if before != after]
    return out + _figures(a.figures, b.figures)


def _figures(before: list[Figure], after: list[Figure]) -> list[str]:
    """Other figures, matched by what was counted (label and unit)."""
    key = lambda f: (f.label.casefold(), f.unit.casefold())  # noqa: E731
    old = {key(f): f for f in before}
    new = {key(f): f for f in after}
    text = lambda f: None if f is None else figure_text(f.value, f.unit, f.label)  # noqa: E731
    out = [_was(f.label, text(f), text(old.get(k))) for k, f in new.items()
           if k not in old or old[k].value != f.value]
    return out + [_was(f.label, None, text(f)) for k, f in old.items() if k not in new]


def _cause(before: str | None, after: str | None) -> list[str]:
    if (before or None) == (after or None):
        return []
    if not before:
        return ["root cause now stated"]
    return ["root cause no longer stated"] if not after else ["root cause changed"]


def _was(label: str, after: str | None, before: str | None) -> str:
    if after is None:
        return f"{label} no longer stated (was {before})"
    return f"{label} {after} (was {before if before is not None else WAS_NOT_STATED})"


def _at(when: datetime | None, day: datetime | None) -> str | None:
    """A time in UTC: the clock alone on the incident's day, with the date on another."""
    if when is None:
        return None
    when = _utc(when)
    if day is not None and _utc(day).date() == when.date():
        return when.strftime("%H:%M UTC")
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def _same_minute(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and round(a) == round(b)
