"""PagerDuty REST v2: an incident object ({"incident": {...}} or bare), optionally with its log entries."""

from __future__ import annotations

import re
from typing import Any

from incident_brief.readers.cleanup import code_words
from incident_brief.readers.document import Doc, dig, name_of, names

NAME = "pagerduty"


_REF = re.compile(r"\[#(?P<number>\d{1,12})\][ \t]*(?P<title>.*)")  # "[#77] API 5xx", an incident reference's summary


def _is_incident(inc: Any) -> bool:
    return isinstance(inc, dict) and ("incident_number" in inc or inc.get("type") in ("incident", "incident_reference"))


def _log_only(data: Any) -> dict | None:
    """A log entries export alone: the incident as its entries reference it ("[#77] API 5xx"), its service."""
    entries = data.get("log_entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries or not all(
            isinstance(e, dict) and str(e.get("type") or "").endswith(("_log_entry", "_log_entry_reference")) for e in entries):
        return None
    ref = next((e["incident"] for e in entries if isinstance(e.get("incident"), dict)), {})
    m = _REF.fullmatch(str(ref.get("summary") or ""))
    service = next((e["service"] for e in entries if isinstance(e.get("service"), dict)), None)
    return {"id": ref.get("id"), "incident_number": int(m["number"]) if m else None,
            "title": m["title"] if m else ref.get("summary"), "service": service, "type": "incident_reference"}


def _incident(data: Any) -> dict | None:
    """The incident: bare, under "incident", the first of an "incidents" list, or as a log export references it."""
    inc = data.get("incident") if isinstance(data, dict) else None
    if not isinstance(inc, dict) and _is_incident(dig(data, "event", "data")):  # a v3 webhook: {"event": {"data": …}}
        inc = dig(data, "event", "data")
    listed = data.get("incidents") if isinstance(data, dict) else None
    if not isinstance(inc, dict) and isinstance(listed, list) and listed and _is_incident(listed[0]):
        inc = listed[0]
    inc = inc if isinstance(inc, dict) else data
    return inc if _is_incident(inc) else _log_only(data)


_SKIPPED = ("notify_log_entry", "notify_log_entry_reference")  # who was paged how: no event of the incident


def _entry_text(e: dict, inc: dict) -> str:
    """What a log entry says: a note's own words (not "Note added"), a trigger with the alert it carries."""
    kind = str(e.get("type") or "").replace("_reference", "").replace("_log_entry", "")
    said = dig(e, "channel", "summary") or dig(e, "channel", "content") or dig(e, "channel", "description")
    said = said if isinstance(said, str) and said.strip() else None
    if kind == "annotate" and said:
        return said
    if kind == "trigger":
        alert = said or inc.get("title")
        return f"Triggered: {alert}" if alert and alert not in str(e.get("summary") or "") else e.get("summary") or "Triggered"
    return e.get("summary") or code_words(kind)


def recognise(data: Any) -> bool:
    return _incident(data) is not None


def read(data: Any) -> Doc:
    inc, doc = _incident(data), Doc()
    number = inc.get("incident_number") or inc.get("number")
    doc.fact("Incident ID", f"#{number}" if number else inc.get("id"))
    doc.fact("Title", inc.get("title") or inc.get("summary"))
    doc.fact("Priority", name_of(inc.get("priority")))
    doc.fact("Urgency", inc.get("urgency"))
    doc.fact("Status", inc.get("status"))
    doc.fact("Team", ", ".join(names(inc.get("teams"))) or name_of(inc.get("escalation_policy")))
    doc.fact("Created", inc.get("created_at"))
    acks = [a.get("at") for a in inc.get("acknowledgements") or [] if isinstance(a, dict) and a.get("at")]
    doc.fact("Acknowledged", min(acks) if acks else None)
    if inc.get("status") == "resolved":
        resolved_event = str(dig(data, "event", "event_type") or "").endswith(".resolved")
        doc.fact("Resolved", inc.get("resolved_at") or inc.get("last_status_change_at")
                 or (dig(data, "event", "occurred_at") if resolved_event else None))
    doc.paragraph("Description", inc.get("description") if inc.get("description") != inc.get("title") else None)
    doc.paragraph("Details", dig(inc, "body", "details") if isinstance(dig(inc, "body", "details"), str) else None)
    doc.paragraph("Resolution", name_of(inc.get("resolve_reason")))
    entries = inc.get("log_entries") or (data.get("log_entries") if isinstance(data, dict) else None)
    for e in entries if isinstance(entries, list) else []:
        if isinstance(e, dict) and e.get("type") not in _SKIPPED:
            doc.entry(e.get("created_at"), _entry_text(e, inc), name_of(e.get("agent")))
    for note in data.get("notes", []) if isinstance(data, dict) and isinstance(data.get("notes"), list) else []:
        if isinstance(note, dict):
            doc.entry(note.get("created_at"), note.get("content"), name_of(note.get("user")))
    doc.items("Affected services", names(inc.get("service")) + names(inc.get("impacted_services")))
    return doc
