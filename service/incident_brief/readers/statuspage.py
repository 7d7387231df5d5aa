"""Atlassian Statuspage incident (alone, or the first of a page's incidents): name, status, impact, components,
updates listed newest first."""

from __future__ import annotations

from typing import Any

from incident_brief.readers.document import Doc, names

NAME = "statuspage"


def _incident(data: Any) -> dict | None:
    """The incident: the object itself, under "incident", or the first of a page's "incidents" (the status API's
    summary and incidents list put the page first, then its incidents newest first)."""
    inc = data
    if isinstance(data, dict) and isinstance(data.get("incident"), dict):
        inc = data["incident"]
    elif isinstance(data, dict) and isinstance(data.get("incidents"), list) or isinstance(data, list):
        listed = data if isinstance(data, list) else data["incidents"]
        inc = next((i for i in listed if isinstance(i, dict) and isinstance(i.get("incident_updates"), list)), None)
    return inc if isinstance(inc, dict) and isinstance(inc.get("incident_updates"), list) else None


def recognise(data: Any) -> bool:
    return _incident(data) is not None


def read(data: Any) -> Doc:
    inc, doc = _incident(data), Doc()
    doc.fact("Incident ID", inc.get("id"))
    doc.fact("Title", inc.get("name"))
    doc.fact("Impact", inc.get("impact"))
    doc.fact("Status", inc.get("status"))
    doc.fact("Started", inc.get("started_at") or inc.get("created_at"))
    doc.fact("Resolved", inc.get("resolved_at"))
    doc.paragraph("Postmortem", inc.get("postmortem_body"))
    for u in inc["incident_updates"]:
        if isinstance(u, dict):
            status = str(u.get("status") or "").capitalize()
            doc.entry(u.get("display_at") or u.get("created_at"), f"{status}: {u.get('body') or ''}".strip(": "))
    doc.items("Affected services", names(inc.get("components")))
    return doc
