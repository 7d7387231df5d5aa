"""Markdown and plain pipe tables: header cells and row cells with their source spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROW = re.compile(r"^[ \t]*\|?(?P<body>[^\n]*\|[^\n]*?)\|?[ \t]*$", re.M)
_RULE = re.compile(r"^[ \t|:\-]+$")

Cell = tuple[str, int, int]  # text, start, end


@dataclass
class Table:
    header: list[str]
    rows: list[list[Cell]]


def tables(text: str, start: int = 0, end: int | None = None) -> list[Table]:
    """Every table of two or more rows whose second line is a |---| rule."""
    end = len(text) if end is None else end
    out: list[Table] = []
    if text.find("|", start, end) == -1:  # no cell separator at all: no table (the row pattern tries every line)
        return out
    lines = [m for m in _ROW.finditer(text, start, end)]
    i = 0
    while i + 1 < len(lines):
        head, rule = lines[i], lines[i + 1]
        if not _RULE.match(rule.group()) or text.count("\n", head.end(), rule.start()) > 1:
            i += 1
            continue
        rows, j = [], i + 2
        while j < len(lines) and text.count("\n", lines[j - 1].end(), lines[j].start()) <= 1:
            rows.append(_cells(text, lines[j]))
            j += 1
        out.append(Table([c[0].lower() for c in _cells(text, head)], rows))
        i = j
    return out


def _cells(text: str, m: re.Match) -> list[Cell]:
    out, base = [], m.start("body")
    for part in re.finditer(r"[^|]+|(?<=\|)(?=\|)", text[base:m.end("body")]):
        s, e = base + part.start(), base + part.end()
        while s < e and text[s] in " \t":
            s += 1
        while e > s and text[e - 1] in " \t":
            e -= 1
        out.append((text[s:e], s, e))
    return out
