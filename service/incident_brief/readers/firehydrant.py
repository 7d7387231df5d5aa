"""FireHydrant incident: name, number, severity, current milestone, milestones, impacts, notes.

Milestones are told in words ("Impact started", "Mitigated"); the times of the story's milestones also become
labelled facts, and a milestone past resolution (postmortem started/completed, closed) reads as resolved.
"""

from __future__ import annotations

from typing import Any

from incident_brief.readers.cleanup import code_words
from incident_brief.readers.document import Doc, dig, name_of

NAME = "firehydrant"
# milestone -> the label people give its time
_FACTS = {"started": "Started", "detected": "Detected", "acknowledged": "Acknowledged", "mitigated": "Mitigated",
          "resolved": "Resolved"}
_AFTER_RESOLVED = ("postmortem_started", "postmortem_completed", "retrospective_started", "retrospective_completed",
                   "closed", "post_incident")


def recognise(data: Any) -> bool:
    return isinstance(data, dict) and ("milestones" in data or "current_milestone" in data) and "name" in data


def _status(milestone: Any) -> str | None:
    if not isinstance(milestone, str) or not milestone:
        return None
    return f"resolved ({code_words(milestone).lower()})" if milestone in _AFTER_RESOLVED else code_words(milestone).lower()


_SAID = {"identified": "Cause identified", "investigating": "Investigation started"}


def _told(kind: str) -> bool:
    """A milestone the timeline tells: not one given as a labelled time above, nor one after resolution."""
    return bool(kind) and kind not in _FACTS and kind not in _AFTER_RESOLVED


def read(data: Any) -> Doc:
    doc = Doc()
    milestones = [m for m in data.get("milestones") or [] if isinstance(m, dict) and m.get("occurred_at")]
    at = {str(m.get("type")): m["occurred_at"] for m in milestones}
    doc.fact("Incident ID", f"#{data['number']}" if data.get("number") else data.get("id"))
    doc.fact("Title", data.get("name"))
    doc.fact("Severity", name_of(data.get("severity")))
    doc.fact("Priority", name_of(data.get("priority")))
    doc.fact("Status", _status(data.get("current_milestone")))
    doc.fact("Started", at.get("started") or data.get("started_at") or data.get("created_at"))
    for kind, label in _FACTS.items():
        if kind != "started":
            doc.fact(label, at.get(kind))
    doc.paragraph("Summary", data.get("summary"))
    doc.paragraph("Description", data.get("description"))
    doc.paragraph("Customer impact", data.get("customer_impact_summary"))
    for m in milestones:
        kind = str(m.get("type") or m.get("name") or "")
        if _told(kind):
            doc.entry(m["occurred_at"], _SAID.get(kind) or code_words(kind))
    for n in data.get("notes") or []:
        if isinstance(n, dict):
            doc.entry(n.get("created_at"), n.get("body"), name_of(n.get("author")))
    doc.items("Affected services", [name_of(dig(i, "impact")) for i in data.get("impacts") or []
                                    if isinstance(i, dict) and name_of(dig(i, "impact"))])
    return doc
