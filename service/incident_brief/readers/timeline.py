"""The documented JSON timeline (README, "JSON timeline"): metadata, impact, entries, services, actions, next steps.

Only inputs that fit the documented shape are taken here; anything else goes to the generic reader.
"""

from __future__ import annotations

from typing import Any

from incident_brief.readers.document import Lines, one_line

NAME = "timeline"
ENTRY_LISTS = ("timeline", "entries", "events")
TIME_KEYS = ("time", "timestamp", "at", "ts")
TEXT_KEYS = ("text", "message", "event", "description", "note")
META = (("incident_id", "Incident ID"), ("title", "Title"), ("severity", "Severity"), ("status", "Status"),
        ("started_at", "Started"), ("detected_at", "Detected"), ("resolved_at", "Resolved"), ("duration", "Duration"),
        ("summary", "Summary"), ("root_cause", "Root cause"), ("contact", "Contact"))
IMPACT = (("users_affected", "Users affected"), ("customer_reports", "Customer reports"))
LISTS = (("services", "Affected services"), ("actions_taken", "Actions taken"), ("next_steps", "Next steps"))
_SCALAR = (str, int, float)


def _entries(data: dict) -> list:
    return next((data[k] for k in ENTRY_LISTS if k in data), [])


def _fits(data: Any) -> bool:
    if not isinstance(data, dict) or not data:
        return False
    entries, impact = _entries(data), data.get("impact") or {}
    known = {k for k, _ in META} | {k for k, _ in LISTS} | set(ENTRY_LISTS) | {"impact"}
    return (set(data) <= known and isinstance(entries, list) and isinstance(impact, dict)
            and all(isinstance(data[k], _SCALAR) for k, _ in META if data.get(k) is not None)
            and all(isinstance(e, str) or (isinstance(e, dict) and any(isinstance(e.get(k), _SCALAR) for k in TEXT_KEYS))
                    for e in entries))


def recognise(data: Any) -> bool:
    return _fits(data)


def read(data: dict) -> Lines:
    """The layout this shape has always had (the LLM cassettes and eval baselines were recorded on it)."""
    lines = [f"{label}: {one_line(data[k])}" for k, label in META if data.get(k) is not None]
    impact = data.get("impact") or {}
    lines += [""] + [f"{label}: {one_line(impact[k])}" for k, label in IMPACT if impact.get(k) is not None]
    revenue = impact.get("revenue_impact")
    if isinstance(revenue, dict) and revenue.get("amount") is not None:
        lines.append(f"Revenue impact: {one_line(revenue['amount'])} {one_line(revenue.get('currency') or 'USD')}")
    elif revenue is not None and not isinstance(revenue, (dict, list)):
        lines.append(f"Revenue impact: {one_line(revenue)}")
    entries = _entries(data)
    if entries:
        lines += ["", "Timeline:"] + [_entry_line(e) for e in entries]
    for key, label in LISTS:
        lines += _list_lines(data.get(key), label)
    return Lines(lines)


def _entry_line(entry) -> str:
    if isinstance(entry, str):
        return f"- {one_line(entry)}"
    time = next((entry[k] for k in TIME_KEYS if entry.get(k) is not None), None)
    text = one_line(next(entry[k] for k in TEXT_KEYS if isinstance(entry.get(k), _SCALAR)))
    return f"- {one_line(time)} - {text}" if time is not None else f"- {text}"


def _list_lines(value, label: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):  # next_steps: {"immediate": [...], "preventive": [...]}
        out = ["", f"{label}:"]
        for sub, items in value.items():
            out += [f"{str(sub).capitalize()}:"] + [f"- {one_line(i)}" for i in (items if isinstance(items, list) else [items])]
        return out
    return ["", f"{label}:"] + [f"- {one_line(i)}" for i in (value if isinstance(value, list) else [value])]
