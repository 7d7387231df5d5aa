"""Times as the audiences write them: always with the zone the report holds, or a note that the notes give none."""

from __future__ import annotations

from datetime import datetime

from incident_brief.compose import duration_text

NO_ZONE = "time zone not stated"


def zone(at: datetime) -> str | None:
    """ "UTC", "UTC+05:30"; None for a time written without a zone."""
    off = at.utcoffset()
    if off is None:
        return None
    minutes = int(off.total_seconds() // 60)
    if not minutes:
        return "UTC"
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def clock(at: datetime) -> str:
    """ "11:50 UTC"; "11:50" for a time without a zone."""
    z = zone(at)
    return at.strftime("%H:%M") + (f" {z}" if z else "")


def day(at: datetime) -> str:
    return f"{at.day} {at.strftime('%B %Y')}"


def stamp(at: datetime) -> str:
    """ "2024-01-15 11:50 UTC"; without a zone, "2024-01-15 11:50 (time zone not stated)"."""
    z = zone(at)
    return at.strftime("%Y-%m-%d %H:%M") + (f" {z}" if z else f" ({NO_ZONE})")


def between(a: datetime | None, b: datetime | None) -> str | None:
    """The time from a to b, written out, when both are known, comparable and in order."""
    if a is None or b is None or (a.tzinfo is None) != (b.tzinfo is None) or b < a:
        return None
    return duration_text((b - a).total_seconds() / 60)
