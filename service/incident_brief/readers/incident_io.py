"""incident.io v2 incident: reference, name, summary, severity, status, timestamps, custom fields."""

from __future__ import annotations

from typing import Any

from incident_brief.readers.document import Doc, dig, name_of, names

NAME = "incident.io"


_KEYS = ("incident_status", "incident_timestamp_values", "incident_role_assignments", "custom_field_entries")


def _fits(inc: Any) -> bool:
    return isinstance(inc, dict) and any(k in inc for k in _KEYS)


def _incident(data: Any) -> dict | None:
    """The incident: bare, under "incident", or under a webhook's event key ({"event_type": "x", "x": {…}})."""
    if not isinstance(data, dict):
        return None
    if _fits(data.get("incident")):
        return data["incident"]
    if _fits(data):
        return data
    event = data.get(data.get("event_type")) if isinstance(data.get("event_type"), str) else None
    return event if _fits(event) else None


def recognise(data: Any) -> bool:
    return _incident(data) is not None


def read(data: Any) -> Doc:
    inc, doc = _incident(data), Doc()
    doc.fact("Incident ID", inc.get("reference") or inc.get("id"))
    doc.fact("Title", inc.get("name"))
    doc.fact("Severity", name_of(inc.get("severity")))
    doc.fact("Status", name_of(inc.get("incident_status")) or name_of(inc.get("status")))
    doc.fact("Created", inc.get("created_at"))
    for t in inc.get("incident_timestamp_values") or []:  # v2: {"incident_timestamp": {"name"}, "value": {"value"}}
        label, value = name_of(dig(t, "incident_timestamp")), dig(t, "value", "value")
        if label and value:
            doc.fact(label, value)
    for t in inc.get("timestamps") or []:  # v1: {"name", "last_occurred_at"}
        if isinstance(t, dict) and isinstance(t.get("name"), str):
            doc.fact(t["name"], t.get("last_occurred_at") or t.get("value"))
    doc.paragraph("Summary", inc.get("summary"))
    for entry in inc.get("custom_field_entries") or []:
        label = name_of(dig(entry, "custom_field"))
        values = [name_of(v.get("value_catalog_entry") or v.get("value_option")) or v.get("value_text")
                  for v in entry.get("values") or [] if isinstance(v, dict)]
        if label and any(values):
            doc.items(label, [v for v in values if v])
    for u in inc.get("updates") or []:
        if isinstance(u, dict):
            doc.entry(u.get("created_at"), u.get("message"), name_of(u.get("updater")))
    doc.items("Affected services", names(inc.get("affected_services")))
    return doc
