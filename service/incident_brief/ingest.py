"""Read raw notes into one source document with stable character offsets.

Text goes through the text reader that knows its shape (incident_brief.readers): a
chat log, an email thread, inline label runs or a terse handoff is laid out as the
document the offline engine reads best; Markdown and ordinary notes are kept exactly
as given (after UTF-8 decoding), so evidence offsets point into the user's own text. JSON — a native export, the
documented timeline (README, "JSON timeline") or any other — goes through the
reader that knows its shape (incident_brief.readers) and becomes a plain-text
document; that document is what offsets point into and what is stored.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from incident_brief.errors import InputError, InputTooLargeError, UnsupportedInputError
from incident_brief.readers import read_json, read_text
from incident_brief.source import SourceDocument

__all__ = ["SourceDocument", "TEXT_SUFFIXES", "from_bytes", "from_text", "from_timeline", "read_path"]

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".log", ".csv", ".tsv", ""}


def read_path(path: str, max_bytes: int) -> SourceDocument:
    """Read notes from a file path, or stdin when path is '-'."""
    if path == "-":
        return from_bytes(sys.stdin.buffer.read(max_bytes + 1), "stdin", max_bytes)
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path} is a folder; give one notes file")
    if p.suffix.lower() not in TEXT_SUFFIXES | {".json"}:
        raise UnsupportedInputError(
            f"{path}: unsupported file type {p.suffix!r} (use .md, .txt, .csv or a .json timeline)"
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
        as_json = _looks_like_json(text)
    if as_json:
        return from_timeline(_parse_json(text, name), name)
    return read_text(text, name)


def _looks_like_json(text: str) -> bool:
    """An object, or an array of values; a line that opens with "[9:14 AM]" or "[link]" is text."""
    head = text.lstrip()
    return head[:1] == "{" or (head[:1] == "[" and head[1:].lstrip()[:1] in ("{", "[", "]", '"', "-", "t", "f", "n")
                                                 or bool(re.match(r"\[\s*\d+(?:\.\d+)?\s*[,\]]", head)))


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply") from None


def from_timeline(data: Any, name: str = "timeline") -> SourceDocument:
    """Any JSON (a native export, the documented timeline, or other) through the reader that knows its shape."""
    return read_json(data, name)
