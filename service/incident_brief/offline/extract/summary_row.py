"""A one-row summary table: "| Incident | Service | Status |" over a single row of values.

Notes often open with such a row instead of "Status: ..." lines. Only a table of exactly one data row is a
summary: a table of many rows (action items with a Status column, a timeline) states no incident-wide value.
"""

from __future__ import annotations

from incident_brief.offline.extract.tables import Cell, tables
from incident_brief.structure import Document

STATUS_HEADS = ("status", "state", "incident status", "current status")
ID_HEADS = ("incident", "incident id", "incident #", "incident no", "incident number", "id", "ticket", "ticket id",
            "ref", "reference", "key", "number")
# A column under one of these words makes the table a list of actions or a timeline, never a summary.
_NOT_SUMMARY = ("action", "due", "task", "todo", "to do", "item", "follow", "time", "when", "step")


def cells(doc: Document, heads: tuple[str, ...]) -> list[Cell]:
    """The cell under one of these column heads in every one-row table, in document order."""
    out = []
    for table in tables(doc.text, doc.body_start):
        if len(table.rows) != 1:
            continue
        header = [" ".join(h.strip("*_` ").split()) for h in table.header]
        if any(word in h for h in header for word in _NOT_SUMMARY):
            continue
        row = table.rows[0]
        col = next((i for i, h in enumerate(header) if h in heads), None)
        if col is not None and col < len(row) and row[col][0].strip("*_` "):
            out.append(_bare(row[col]))
    return out


def _bare(cell: Cell) -> Cell:
    """The cell without Markdown emphasis around it."""
    text, s, e = cell
    lead = len(text) - len(text.lstrip("*_` "))
    trail = len(text) - len(text.rstrip("*_` "))
    return text[lead:len(text) - trail], s + lead, e - trail
