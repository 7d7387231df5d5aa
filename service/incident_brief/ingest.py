"""Read raw notes into one source document with stable character offsets.

Plain text and Markdown are kept exactly as given (after UTF-8 decoding), so
evidence offsets point into the user's own text. A JSON timeline is
normalised into a plain-text document (documented in README, "JSON timeline")
and that document is what offsets point into and what is stored.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from incident_brief.errors import InputError, InputTooLargeError, UnsupportedInputError

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".log", ""}
_ENTRY_LISTS = ("timeline", "entries", "events")
_TIME_KEYS = ("time", "timestamp", "at", "ts")
_TEXT_KEYS = ("text", "message", "event", "description", "note")
_META_LABELS = (
    ("incident_id", "Incident ID"), ("title", "Title"), ("severity", "Severity"),
    ("status", "Status"), ("started_at", "Started"), ("detected_at", "Detected"),
    ("resolved_at", "Resolved"), ("duration", "Duration"), ("summary", "Summary"),
    ("root_cause", "Root cause"), ("contact", "Contact"),
)
_IMPACT_LABELS = (
    ("users_affected", "Users affected"), ("customer_reports", "Customer reports"),
)


@dataclass(frozen=True)
class SourceDocument:
    text: str
    kind: str  # "text" | "timeline"
    name: str = "notes"


def read_path(path: str, max_bytes: int) -> SourceDocument:
    """Read notes from a file path, or stdin when path is '-'."""
    if path == "-":
        return from_bytes(sys.stdin.buffer.read(max_bytes + 1), "stdin", max_bytes)
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path} is a folder; give one notes file")
    if p.suffix.lower() not in TEXT_SUFFIXES | {".json"}:
        raise UnsupportedInputError(
            f"{path}: unsupported file type {p.suffix!r} (use .md, .txt or a .json timeline)"
        )
    try:
        with p.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return from_bytes(raw, p.name, max_bytes, as_json=p.suffix.lower() == ".json")


def from_bytes(raw: bytes, name: str, max_bytes: int, as_json: bool | None = None) -> SourceDocument:
    if len(raw) > max_bytes:
        raise InputTooLargeError(f"{name}: notes are larger than the {max_bytes:,}-byte limit")
    if b"\x00" in raw:
        raise UnsupportedInputError(f"{name}: looks like a binary file, not text notes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 text (byte {exc.start})") from None
    return from_text(text, name, as_json=as_json)


def from_text(text: str, name: str = "notes", as_json: bool | None = None) -> SourceDocument:
    if not text.strip():
        raise InputError(f"{name}: the notes are empty")
    if "\x00" in text:
        raise UnsupportedInputError(f"{name}: contains NUL characters; this looks like binary data, not notes")
    if as_json is None:
        as_json = text.lstrip().startswith("{")
    if as_json:
        return from_timeline(_parse_json(text, name), name)
    return SourceDocument(text=text, kind="text", name=name)


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply") from None


def from_timeline(data: Any, name: str = "timeline") -> SourceDocument:
    """Normalise a JSON timeline object into a text document."""
    if not isinstance(data, dict):
        raise InputError(f"{name}: a JSON timeline must be an object")
    entries = next((data[k] for k in _ENTRY_LISTS if k in data), [])
    if not isinstance(entries, list):
        raise InputError(f"{name}: 'timeline' must be a list of entries")
    lines = _metadata_lines(data, name)
    if entries:
        lines += ["", "Timeline:"] + [_entry_line(e, i, name) for i, e in enumerate(entries)]
    lines += _list_section(data, "services", "Affected services", name)
    lines += _list_section(data, "actions_taken", "Actions taken", name)
    lines += _list_section(data, "next_steps", "Next steps", name)
    text = "\n".join(lines).strip("\n") + "\n"
    if not text.strip():
        raise InputError(f"{name}: the timeline holds no metadata and no entries")
    return SourceDocument(text=text, kind="timeline", name=name)


def _scalar(value: Any, field: str, name: str) -> str:
    if isinstance(value, (dict, list)):
        raise InputError(f"{name}: '{field}' must be a string or number")
    return " ".join(str(value).split())


def _metadata_lines(data: dict, name: str) -> list[str]:
    lines = [f"{label}: {_scalar(data[k], k, name)}" for k, label in _META_LABELS if data.get(k) is not None]
    impact = data.get("impact") or {}
    if not isinstance(impact, dict):
        raise InputError(f"{name}: 'impact' must be an object")
    lines += [""] + [f"{label}: {_scalar(impact[k], k, name)}" for k, label in _IMPACT_LABELS if impact.get(k) is not None]
    revenue = impact.get("revenue_impact")
    if isinstance(revenue, dict) and revenue.get("amount") is not None:
        currency = _scalar(revenue.get("currency") or "USD", "currency", name)
        lines.append(f"Revenue impact: {_scalar(revenue['amount'], 'amount', name)} {currency}")
    elif revenue is not None:
        lines.append(f"Revenue impact: {_scalar(revenue, 'revenue_impact', name)}")
    return lines


def _entry_line(entry: Any, index: int, name: str) -> str:
    if isinstance(entry, str):
        return f"- {' '.join(entry.split())}"
    if not isinstance(entry, dict):
        raise InputError(f"{name}: timeline entry {index + 1} must be an object or a string")
    when = next((entry[k] for k in _TIME_KEYS if entry.get(k) is not None), None)
    what = next((entry[k] for k in _TEXT_KEYS if entry.get(k) is not None), None)
    if what is None:
        raise InputError(f"{name}: timeline entry {index + 1} has no 'text'")
    what = _scalar(what, "text", name)
    return f"- {_scalar(when, 'time', name)} - {what}" if when is not None else f"- {what}"


def _list_section(data: dict, key: str, label: str, name: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, dict):  # next_steps: {"immediate": [...], "preventive": [...]}
        out = ["", f"{label}:"]
        for sub, items in value.items():
            out += [f"{sub.capitalize()}:"] + [f"- {_scalar(i, key, name)}" for i in _as_list(items, key, name)]
        return out
    return ["", f"{label}:"] + [f"- {_scalar(i, key, name)}" for i in _as_list(value, key, name)]


def _as_list(value: Any, key: str, name: str) -> list:
    if not isinstance(value, list):
        raise InputError(f"{name}: '{key}' must be a list")
    return value
