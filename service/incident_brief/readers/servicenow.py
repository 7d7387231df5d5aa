"""ServiceNow incident (Table API: {"result": {...}} or {"result": [{...}]}, or the record itself): number,
short_description, state, priority, the configuration item and business service, and the journal fields
(work_notes, comments) as one timeline.

A journal field is one string, newest entry first: "2025-09-16 10:27:40 - Mateo Ruiz (Work notes)" over each
entry's text; its entries are told in time order with who wrote them. `resolved_at` is when the incident was set
resolved; `closed_at` is the ticket's administrative closing (often automatic, days later), told last as a timeline
entry so that its date is never the one a bare time in the description is read on.
"""

from __future__ import annotations

import re
from typing import Any

from incident_brief.readers.document import Doc, name_of
from incident_brief.readers.generic import label_for

NAME = "servicenow"
_JOURNALS = ("work_notes", "comments")
# An entry's header, in the date format of the exporting user's locale ("2025-09-16 10:27:40", "16-09-2025 10:27:40",
# "09/16/2025 10:27:40 AM").
_HEADER = re.compile(r"(?P<at>(?:\d{4}-\d{2}-\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})[ T]\d{1,2}:\d{2}(?::\d{2})?"
                     r"(?:[ \t]?[AaPp][Mm])?) - (?P<who>[^\n()]{1,80}?)(?: \((?P<kind>[^\n()]{1,40})\))?")
# Fields told above, or ids, counts and bookkeeping that say nothing to a reader.
_TOLD = {"number", "short_description", "state", "incident_state", "priority", "severity", "impact", "urgency",
         "cmdb_ci", "business_service", "opened_at", "resolved_at", "closed_at", "description", "close_notes",
         "close_code", *_JOURNALS}
_BOOKKEEPING = re.compile(r"^(?:sys_|.*_count$|.*_id$|.*_by$|.*_on$|upon_|sla_|escalation$|active$|made_sla$|"
                          r"calendar_|business_duration$|duration$|order$|notify$|watch_list$|work_notes_list$)")


def _record(data: Any) -> dict | None:
    """The incident: the object itself, the Table API's "result" (an object, or the first of a list)."""
    found = data.get("result") if isinstance(data, dict) and "result" in data else data
    found = found[0] if isinstance(found, list) and found else found
    if isinstance(found, dict) and isinstance(found.get("number"), str) and "short_description" in found \
            and ("sys_id" in found or "opened_at" in found):
        return found
    return None


def recognise(data: Any) -> bool:
    return _record(data) is not None


def _value(record: dict, key: str) -> str | None:
    """A field's value as shown on one line: a reference's display value, an option's label, else the value."""
    value = _raw(record, key)
    return " ".join(value.split()) if value else None


def _raw(record: dict, key: str) -> str | None:
    """A field's value with its line breaks (a journal's entries are lines)."""
    value = record.get(key)
    if isinstance(value, dict) and isinstance(value.get("display_value"), (str, int, float)):
        value = value["display_value"]
    value = value if isinstance(value, str) else name_of(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def journal(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The text before the first entry header, and (time, who, text) of each entry in time order (a journal
    lists its newest entry first). Text with no header is all the first part: nothing is dropped."""
    before: list[str] = []
    out: list[tuple[str, str, list[str]]] = []
    for line in text.splitlines():
        m = _HEADER.fullmatch(line.strip()) if len(line) < 200 else None
        if m:
            out.append((m["at"], m["who"].strip(), []))
        else:
            (out[-1][2] if out else before).append(line)
    return "\n".join(before).strip(), [(at, who, "\n".join(lines).strip()) for at, who, lines in reversed(out)]


def _journal_records(items: list) -> list[tuple[str, str, str]]:
    """A journal given as its records (sys_journal_field: sys_created_on, value, sys_created_by)."""
    out = []
    for item in items:
        if isinstance(item, dict) and (text := _raw(item, "value") or _raw(item, "text")):
            out.append((_value(item, "sys_created_on") or "", _value(item, "sys_created_by") or "", text))
    return out


def read(data: Any) -> Doc:
    record, doc = _record(data), Doc()
    doc.fact("Incident ID", _value(record, "number"))
    doc.fact("Title", _value(record, "short_description"))
    doc.fact("Status", _value(record, "state") or _value(record, "incident_state"))
    for key in ("priority", "severity", "urgency"):
        doc.fact(key.capitalize(), _value(record, key))
    doc.fact("Impact level", _value(record, "impact"))
    doc.items("Affected services", [v for k in ("cmdb_ci", "business_service") if (v := _value(record, k))])
    doc.fact("Created", _value(record, "opened_at"))
    doc.fact("Resolved", _value(record, "resolved_at"))
    doc.fact("Close code", _value(record, "close_code"))
    for key, value in record.items():
        if key not in _TOLD and not _BOOKKEEPING.match(key) and (shown := _value(record, key)):
            (doc.paragraph if len(shown) > 120 else doc.fact)(label_for(key), shown)
    doc.paragraph("Description", _value(record, "description"))
    doc.paragraph("Close notes", _value(record, "close_notes"))
    for key in _JOURNALS:
        before, entries = journal(_raw(record, key) or "") if not isinstance(record.get(key), list) else \
            ("", _journal_records(record[key]))
        doc.paragraph(label_for(key), before or None)
        for at, who, text in entries:
            doc.entry(at, text, who)
    if closed := _value(record, "closed_at"):
        doc.entry(closed, "Ticket closed.")
    return doc
