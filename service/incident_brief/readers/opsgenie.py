"""Opsgenie: an alert ({"data": {...}} or bare, with tinyId/alias/message), optionally with its notes."""

from __future__ import annotations

from typing import Any

from incident_brief.readers.document import Doc
from incident_brief.readers.generic import label_for

NAME = "opsgenie"


def _alert(data: Any) -> dict | None:
    alert = data.get("data") if isinstance(data, dict) and isinstance(data.get("data"), dict) else data
    if isinstance(data, dict) and isinstance(data.get("data"), list) and data["data"]:  # an alert list: its first
        alert = data["data"][0]
    alert = data.get("alert") if isinstance(data, dict) and isinstance(data.get("alert"), dict) else alert
    if isinstance(alert, dict) and "message" in alert and ("tinyId" in alert or "alias" in alert):
        return alert
    return None


def recognise(data: Any) -> bool:
    return _alert(data) is not None


def read(data: Any) -> Doc:
    alert, doc = _alert(data), Doc()
    doc.fact("Incident ID", f"#{alert['tinyId']}" if alert.get("tinyId") else alert.get("id"))
    doc.fact("Title", alert.get("message"))
    doc.fact("Priority", alert.get("priority"))
    doc.fact("Status", alert.get("status"))
    doc.fact("Created", alert.get("createdAt"))
    if alert.get("status") == "closed":
        doc.fact("Closed", alert.get("updatedAt"))
    doc.paragraph("Description", alert.get("description"))
    details = alert.get("details") if isinstance(alert.get("details"), dict) else {}
    for key, value in details.items():
        doc.fact(label_for(str(key)), value)
    notes = data.get("notes") if isinstance(data, dict) else None
    notes = notes.get("data") if isinstance(notes, dict) else notes
    for note in notes if isinstance(notes, list) else []:
        if isinstance(note, dict):
            doc.entry(note.get("createdAt"), note.get("note"), note.get("owner"))
    doc.items("Tags", alert.get("tags") if isinstance(alert.get("tags"), list) else [])
    return doc
