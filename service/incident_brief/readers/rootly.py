"""Rootly incident (JSON:API): {"data": {"type": "incidents", "attributes": {...}}}."""

from __future__ import annotations

from typing import Any

from incident_brief.readers.document import Doc, dig, name_of, names

NAME = "rootly"


def recognise(data: Any) -> bool:
    return dig(data, "data", "type") == "incidents" and isinstance(dig(data, "data", "attributes"), dict)


def _named(value: Any) -> str | None:
    return name_of(dig(value, "data", "attributes")) or name_of(value)


def read(data: Any) -> Doc:
    a, doc = data["data"]["attributes"], Doc()
    doc.fact("Incident ID", a.get("sequential_id") and f"#{a['sequential_id']}" or data["data"].get("id"))
    doc.fact("Title", a.get("title"))
    doc.fact("Severity", _named(a.get("severity")))
    doc.fact("Status", a.get("status"))
    for key in ("started_at", "detected_at", "acknowledged_at", "mitigated_at", "resolved_at"):
        doc.fact(key.replace("_at", "").capitalize(), a.get(key))
    doc.paragraph("Summary", a.get("summary"))
    doc.paragraph("Mitigation", a.get("mitigation_message"))
    doc.paragraph("Resolution", a.get("resolution_message"))
    services = a.get("services")
    services = dig(services, "data") if isinstance(services, dict) else services
    for item in data.get("included") or []:  # JSON:API side records: the incident's timeline events
        attrs = dig(item, "attributes")
        if isinstance(attrs, dict) and "event" in str(dig(item, "type") or ""):
            doc.entry(attrs.get("occurred_at") or attrs.get("created_at"), attrs.get("event") or attrs.get("summary"))
    doc.items("Affected services", [_named(s) or "" for s in services or []] + names(a.get("functionalities")))
    return doc
