"""One batch item as the API takes it ({"notes"} or {"timeline"}, optional incident_id and contact): how it is read,
and what it sets on its report. Shared by the in-process path (batches.py) and the PostgreSQL claims (claims.py)."""

from __future__ import annotations

from collections.abc import Callable

from incident_brief.ingest import SourceDocument, from_text, from_timeline
from incident_brief.schema import Report


def loader(entry: dict, key: str) -> Callable[[], SourceDocument]:
    if entry.get("timeline") is not None:
        return lambda: from_timeline(entry["timeline"], key)
    return lambda: from_text(entry.get("notes") or "", key, as_json=False)


def apply_entry(report: Report, entry: dict) -> None:
    """The item's own incident id and contact win over the notes' (the contact setting only fills a gap)."""
    if entry.get("incident_id"):
        report.incident_id = entry["incident_id"]
    if entry.get("contact"):
        report.contact = entry["contact"]
