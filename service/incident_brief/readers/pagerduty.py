"""PagerDuty REST v2: an incident object ({"incident": {...}} or bare), optionally with its log entries."""

from __future__ import annotations

from typing import Any

from incident_brief.readers.document import Doc, dig, name_of, names

NAME = "pagerduty"


def _incident(data: Any) -> dict | None:
    inc = data.get("incident") if isinstance(data, dict) else None
    inc = inc if isinstance(inc, dict) else data
    if isinstance(inc, dict) and ("incident_number" in inc or inc.get("type") in ("incident", "incident_reference")):
        return inc
    return None


def recognise(data: Any) -> bool:
    return _incident(data) is not None


def read(data: Any) -> Doc:
    inc, doc = _incident(data), Doc()
    doc.fact("Incident ID", f"#{inc['incident_number']}" if inc.get("incident_number") else inc.get("id"))
    doc.fact("Title", inc.get("title") or inc.get("summary"))
    doc.fact("Priority", name_of(inc.get("priority")))
    doc.fact("Urgency", inc.get("urgency"))
    doc.fact("Status", inc.get("status"))
    doc.fact("Created", inc.get("created_at"))
    if inc.get("status") == "resolved":
        doc.fact("Resolved", inc.get("resolved_at") or inc.get("last_status_change_at"))
    doc.paragraph("Description", inc.get("description") if inc.get("description") != inc.get("title") else None)
    doc.paragraph("Resolution", name_of(inc.get("resolve_reason")))
    entries = inc.get("log_entries") or (data.get("log_entries") if isinstance(data, dict) else None)
    for e in entries if isinstance(entries, list) else []:
        if isinstance(e, dict):
            text = e.get("summary") or dig(e, "channel", "summary") or e.get("type", "").replace("_log_entry", "")
            doc.entry(e.get("created_at"), text, name_of(e.get("agent")))
    for note in data.get("notes", []) if isinstance(data, dict) and isinstance(data.get("notes"), list) else []:
        if isinstance(note, dict):
            doc.entry(note.get("created_at"), note.get("content"), name_of(note.get("user")))
    doc.items("Affected services", names(inc.get("service")) + names(inc.get("impacted_services")))
    return doc
