"""The text document a structured reader writes: labelled facts, a timeline, lists, free text.

The layout is the one the offline readers know (`Label: value` lines, `Timeline (UTC):` with
`- <ISO time> - <text>` entries, `Label:` followed by `- item` lines), so every export reads alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from incident_brief.errors import InputError
from incident_brief.readers.cleanup import is_url, readable
from incident_brief.source import SourceDocument

_EPOCH_RANGE = (946684800, 4102444800)  # 2000-01-01 .. 2100-01-01, in seconds


def one_line(value: Any) -> str:
    return " ".join(str(value).split())


_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d{1,9})?[ ]?(Z|[+-]\d{2}(?::?\d{2})?|UTC)?", re.I)


def iso_time(text: str) -> str:
    """An ISO time with its zone in the one form the readers write ("2025-10-07T12:40:00+02:00", "…Z" for UTC):
    fractions of a second dropped, "+0200" as "+02:00"; a time without a zone is kept as written (none is invented)."""
    m = _ISO.fullmatch(text.strip())
    if not m or not m[3]:
        return text
    offset = m[3] if m[3].upper() in ("Z", "UTC") or len(m[3]) > 3 else m[3] + "00"  # "+00" is "+0000"
    zone = "Z" if offset.upper() in ("Z", "UTC", "+00:00", "+0000", "-00:00", "-0000") else offset[:3] + ":" + offset[-2:]
    clock = m[2] if m[2].count(":") == 2 else m[2] + ":00"
    return f"{m[1]}T{clock}{zone}"


def as_utc(stamp: str) -> str | None:
    """An ISO time with an offset, in UTC ("2025-10-07T12:40:00+02:00" -> "2025-10-07T10:40:00Z"): the one form
    every timeline entry stamp is read in. A time with no zone stays as written (None)."""
    dt = _iso(stamp) if _ISO.fullmatch(stamp) and _ISO.fullmatch(stamp)[3] else None
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def when(value: Any) -> str | None:
    """A time as written (ISO times in one form, with their zone), or epoch seconds/milliseconds as ISO UTC."""
    if value is None or isinstance(value, bool):
        return None
    text = one_line(value)
    try:
        number = float(text)
    except ValueError:
        return iso_time(text) or None
    seconds = number / 1000 if number > _EPOCH_RANGE[1] else number
    if not _EPOCH_RANGE[0] <= seconds <= _EPOCH_RANGE[1]:
        return text
    return datetime.fromtimestamp(int(seconds), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Entry:
    time: str | None
    text: str
    who: str | None = None
    shifted: bool = False  # written in UTC here, from a time with another offset


@dataclass
class Doc:
    facts: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    lists: list[tuple[str, list[str]]] = field(default_factory=list)
    told: set[tuple[str | None, str]] = field(default_factory=set)  # (time, text) of the entries kept

    def fact(self, label: str, value: Any) -> None:
        if value not in (None, "", [], {}) and not isinstance(value, (dict, list)) and not is_url(value):
            self.facts.append((label, iso_time(one_line(value)) if isinstance(value, str) else one_line(value)))

    def paragraph(self, label: str, text: Any) -> None:
        text = readable(text) if isinstance(text, str) else None
        if text and text.strip():
            self.paragraphs.append((label, text.strip()))

    def entry(self, time: Any, text: Any, who: Any = None) -> None:
        """A timeline entry; the same entry twice (a thread reply also sent to the channel) is kept once, and
        who said it is left out when the text names them already ("Acknowledged by Kim")."""
        text = readable(text) if isinstance(text, str) else None
        if not text or not text.strip():
            return
        stamp = when(time)
        utc = as_utc(stamp) if stamp and not stamp.endswith("Z") else None
        entry = Entry(utc or stamp, text.strip(), person(who), shifted=bool(utc and utc != stamp))
        if entry.who and entry.who.lower() in entry.text.lower():
            entry.who = None
        if (entry.time, entry.text) not in self.told:
            self.told.add((entry.time, entry.text))
            self.entries.append(entry)

    def items(self, label: str, values: list[Any]) -> None:
        kept = [one_line(v) for v in values if isinstance(v, (str, int, float)) and one_line(v)]
        if kept:
            self.lists.append((label, list(dict.fromkeys(kept))))

    def build(self, kind: str, name: str) -> SourceDocument:
        lines = [f"{label}: {value}" for label, value in self.facts]
        for label, text in self.paragraphs:
            lines += ["", f"{label}:", text]
        if self.entries:
            lines += ["", "Timeline (UTC):" if self._all_utc() else "Timeline:"]
            lines += [self._line(e) for e in self._ordered()]
        for label, values in self.lists:
            lines += ["", f"{label}:"] + [f"- {v}" for v in values]
        text = "\n".join(lines).strip("\n")
        if not text.strip():
            raise InputError(f"{name}: the JSON holds no text to read (no title, fields or entries)")
        return SourceDocument(text=text + "\n", kind=kind, name=name)

    def _ordered(self) -> list[Entry]:
        timed = [e for e in self.entries if e.time]
        if len(timed) == len(self.entries) and all(_iso(e.time) for e in timed):
            return sorted(self.entries, key=lambda e: _iso(e.time))  # exports list newest first, or by kind
        return self.entries

    def _all_utc(self) -> bool:
        return bool(self.entries) and all(e.time and e.time.endswith("Z") and not e.shifted for e in self.entries)

    @staticmethod
    def _line(e: Entry) -> str:
        body = " ".join(e.text.split())
        body = f"{e.who}: {body}" if e.who else body
        return f"- {e.time} - {body}" if e.time else f"- {body}"


def _iso(text: str | None) -> datetime | None:
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None
    return dt if dt is None or dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def person(who: Any) -> str | None:
    """Who wrote an entry, as people name them: "lena@example.com" -> "lena"."""
    if not who or isinstance(who, (dict, list, bool)):
        return None
    name = one_line(who)
    return name.split("@", 1)[0] if "@" in name and " " not in name and not name.startswith("@") else name


def dig(data: Any, *path: str, default: Any = None) -> Any:
    """data[a][b]... or default when any step is missing or not an object."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data


def name_of(value: Any) -> str | None:
    """A value, or the readable name of an object ({"name"|"summary"|"displayName"|"value"|"label": …})."""
    if isinstance(value, dict):
        for key in ("name", "summary", "displayName", "display_name", "label", "value", "title"):
            if isinstance(value.get(key), (str, int, float)):
                return one_line(value[key])
        return None
    return one_line(value) if isinstance(value, (str, int, float)) and one_line(value) else None


def names(values: Any) -> list[str]:
    return [n for v in (values if isinstance(values, list) else [values]) if (n := name_of(v))]


@dataclass
class Lines:
    """A document a reader lays out itself, line by line."""

    lines: list[str]

    def build(self, kind: str, name: str) -> SourceDocument:
        text = "\n".join(self.lines).strip("\n")
        if not text.strip():
            raise InputError(f"{name}: the JSON holds no text to read (no title, fields or entries)")
        return SourceDocument(text=text + "\n", kind=kind, name=name)
