"""Atlassian Statuspage incident (alone, or the first of a page's incidents): name, status, impact, components,
updates listed newest first."""

from __future__ import annotations

from typing import Any

from incident_brief.readers.document import Doc, name_of, names

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


def _affected(inc: dict) -> list[str]:
    """The components the updates mark as not operational at some point; else the incident's components (a
    component listed but never changed by an update stays in only when no update names any)."""
    changed = [name_of(c) for u in inc["incident_updates"] if isinstance(u, dict)
               for c in u.get("affected_components") or [] if isinstance(c, dict)
               and (c.get("new_status") not in (None, "operational") or c.get("old_status") not in (None, "operational"))]
    return [c for c in changed if c] or names(inc.get("components"))


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
    doc.items("Affected services", _affected(inc))
    return doc
