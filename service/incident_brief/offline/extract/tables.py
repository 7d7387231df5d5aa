"""Markdown and plain pipe tables: header cells and row cells with their source spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROW = re.compile(r"^[ \t]*\|?(?P<body>[^\n]*\|[^\n]*?)\|?[ \t]*$", re.M)
# The rule under a header: Markdown's "|---|:--|" or a plain-text table's "------+-----" / "=====|=====".
_RULE = re.compile(r"(?<![ \t])[ \t]*+[|+]?[ \t]*+[-=:]{2}[ \t|:+=\-]*+")  # applied to one line; the look-behind keeps a search linear

Cell = tuple[str, int, int]  # text, start, end


@dataclass
class Table:
    header: list[str]
    rows: list[list[Cell]]


def tables(text: str, start: int = 0, end: int | None = None) -> list[Table]:
    """Every table of two or more rows whose second line is a rule (|---|, ----+----)."""
    end = len(text) if end is None else end
    out: list[Table] = []
    if text.find("|", start, end) == -1:  # no cell separator at all: no table (the row pattern tries every line)
        return out
    lines = [m for m in _ROW.finditer(text, start, end)]
    i = 0
    while i < len(lines):
        head = lines[i]
        rule_end = _rule_after(text, head.end(), end)
        if rule_end is None:
            i += 1
            continue
        rows, j, last = [], i + 1, rule_end
        if j < len(lines) and lines[j].end() == rule_end:
            j += 1  # a rule written with bars is a row match of its own
        while j < len(lines) and text.count("\n", last, lines[j].start()) <= 1 and lines[j].start() > last:
            rows.append(_cells(text, lines[j]))
            last = lines[j].end()
            j += 1
        out.append(Table([c[0].lower() for c in _cells(text, head)], rows))
        i = j
    return out


def _rule_after(text: str, head_end: int, end: int) -> int | None:
    """Where the rule line right below a header row ends, if there is one."""
    if not text.startswith("\n", head_end):
        return None
    line_end = text.find("\n", head_end + 1, end)
    line_end = end if line_end == -1 else line_end
    return line_end if _RULE.fullmatch(text, head_end + 1, line_end) else None


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
