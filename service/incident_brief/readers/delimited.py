"""A CSV or TSV export of a timeline (a header row naming a time column and a text column): each row becomes a
timeline line "- <time> - <who>: <text>", the other columns kept as "<column>: <value>" after it."""

from __future__ import annotations

import csv
import io
import re

NAME = "csv"
_TIME = re.compile(r"time|date|created|when|at$", re.I)
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
    body = next((i for i, h in enumerate(header) if _TEXT.search(h.strip())), None)
    who = next((i for i, h in enumerate(header) if _WHO.search(h.strip()) and i not in (time, body)), None)
    return (time, body, who) if time is not None and body is not None and time != body else None


def recognise(text: str) -> bool:
    rows = _rows(text)
    return bool(rows) and _columns(rows[0]) is not None


def read(text: str) -> str:
    rows = _rows(text) or []
    header, (time, body, who) = rows[0], _columns(rows[0])
    out = ["Timeline:"]
    for row in rows[1:]:
        cell = lambda i: row[i].strip() if i is not None and i < len(row) else ""  # noqa: E731
        said = f"{cell(who)}: {cell(body)}" if cell(who) else cell(body)
        extra = "; ".join(f"{header[i].strip()}: {v.strip()}" for i, v in enumerate(row)
                          if i not in (time, body, who) and v.strip())
        out.append(f"- {cell(time)} - {said}" + (f" ({extra})" if extra else ""))
    return "\n".join(out) + "\n"
