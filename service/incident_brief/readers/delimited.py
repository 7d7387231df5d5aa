"""A CSV or TSV export of a timeline (a header row naming a time column and a text column): each row becomes a
timeline line "- <time> - <who>: <text>", the other columns kept as "<column>: <value>" after it."""

from __future__ import annotations

import csv
import io
import re

from incident_brief.readers.document import as_utc

NAME = "csv"
_TIME = re.compile(r"time|date|created|when|at$|^ts$|_ts$|stamp|occurred|logged", re.I)
_TEXT = re.compile(r"message|text|note|description|event|summary|update|body|details?", re.I)
_WHO = re.compile(r"author|user|who|by$|name|actor", re.I)


def _rows(text: str) -> list[list[str]] | None:
    lines = text.lstrip().splitlines()[:2]
    if len(lines) < 2:
        return None
    delim = "\t" if lines[0].count("\t") >= 1 else ","
    fields = [len(next(csv.reader([line], delimiter=delim))) for line in lines]
    if fields[0] < 2 or fields[0] != fields[1]:  # a header and a first row of the same width
        return None
    return [row for row in csv.reader(io.StringIO(text.strip()), delimiter=delim) if any(c.strip() for c in row)]


def _columns(header: list[str]) -> tuple[int, int, int | None] | None:
    time = next((i for i, h in enumerate(header) if _TIME.search(h.strip())), None)
    body = next((i for i, h in enumerate(header) if _TEXT.search(h.strip()) and i != time), None)
    who = next((i for i, h in enumerate(header) if _WHO.search(h.strip()) and i not in (time, body)), None)
    return (time, body, who) if time is not None and body is not None and time != body else None


def recognise(text: str) -> bool:
    rows = _rows(text)
    return bool(rows) and _columns(rows[0]) is not None


def _label(column: str) -> str:
    said = " ".join(re.split(r"[_\W]+", column.strip())).strip()
    return said[:1].upper() + said[1:]


def read(text: str) -> str:
    """Columns that hold one value throughout are stated once above the timeline ("Severity: SEV2"); the
    others are shown on a row only where their value changes, so no value is repeated row after row."""
    rows = _rows(text) or []
    header, (time, body, who) = rows[0], _columns(rows[0])
    cell = lambda row, i: row[i].strip() if i is not None and i < len(row) else ""  # noqa: E731
    others = [i for i in range(len(header)) if i not in (time, body, who)]
    steady = [i for i in others if len({cell(r, i) for r in rows[1:]}) == 1 and cell(rows[1], i)] if len(rows) > 2 else []
    out = [f"{_label(header[i])}: {cell(rows[1], i)}" for i in steady] + ([""] if steady else []) + ["Timeline:"]
    last: dict[int, str] = {}
    for row in rows[1:]:
        said = f"{cell(row, who)}: {cell(row, body)}" if cell(row, who) else cell(row, body)
        changed = [f"{_label(header[i]).lower()}: {cell(row, i)}" for i in others
                   if i not in steady and cell(row, i) and cell(row, i) != last.get(i)]
        last.update({i: cell(row, i) for i in others if cell(row, i)})
        out.append(f"- {as_utc(cell(row, time)) or cell(row, time)} - {said}" + (f" ({'; '.join(changed)})" if changed else ""))
    return "\n".join(out) + "\n"
