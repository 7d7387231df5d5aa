"""FireHydrant incident: name, number, severity, current milestone, milestones, impacts, notes."""

from __future__ import annotations

from typing import Any

from incident_brief.readers.document import Doc, dig, name_of

NAME = "firehydrant"


def recognise(data: Any) -> bool:
    return isinstance(data, dict) and ("milestones" in data or "current_milestone" in data) and "name" in data


def read(data: Any) -> Doc:
    doc = Doc()
    doc.fact("Incident ID", f"#{data['number']}" if data.get("number") else data.get("id"))
    doc.fact("Title", data.get("name"))
    doc.fact("Severity", name_of(data.get("severity")))
    doc.fact("Priority", name_of(data.get("priority")))
    doc.fact("Status", data.get("current_milestone"))
    doc.fact("Started", data.get("started_at") or data.get("created_at"))
    doc.paragraph("Summary", data.get("summary"))
    doc.paragraph("Description", data.get("description"))
    doc.paragraph("Customer impact", data.get("customer_impact_summary"))
    for m in data.get("milestones") or []:
        if isinstance(m, dict) and m.get("occurred_at"):
            doc.entry(m["occurred_at"], f"Milestone: {m.get('type') or m.get('name')}")
    for n in data.get("notes") or []:
        if isinstance(n, dict):
            doc.entry(n.get("created_at"), n.get("body"), name_of(n.get("author")))
    doc.items("Affected services", [name_of(dig(i, "impact")) for i in data.get("impacts") or []
                                    if isinstance(i, dict) and name_of(dig(i, "impact"))])
    return doc
