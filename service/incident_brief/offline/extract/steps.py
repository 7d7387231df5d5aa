"""Next steps the notes give outside a next-steps section: action-item tables (owner, due date and
priority kept in the text), lists under a bare-line heading ("Follow-ups", "Questions:"),
"Follow-up: ..." or "TODO: ..." lines, and a list said in one line of a chat or call transcript
("[9:01 AM] maria: follow-ups: add a check; page on 502 rate", "Priya: Follow-ups: X, and Y.")."""

from __future__ import annotations

import re

from incident_brief.offline.literals import Gated
from incident_brief.structure import Document, clean, items
from incident_brief.offline.extract.tables import tables

Item = tuple[str, tuple[int, int]]
_TASK_COL = re.compile(r"^(?:action(?: item)?s?|items?|tasks?|follow[- ]?ups?|remediation|todo)$")
_EXTRA = (("owner", re.compile(r"^(?:owner|assignee|who|responsible|assigned to)$")),
          ("due", re.compile(r"^(?:due(?: date)?|by|deadline|eta|target(?: date)?|expected date)$")),
          ("priority", re.compile(r"^(?:priority|prio)$")))
_DONE = re.compile(r"^(?:done|complete[d]?|closed|fixed|resolved|✅)$", re.I)
_BARE_HEADING = Gated(re.compile(r"^[ \t]*(?:follow[- ]?ups?|action items?|next steps|to-?dos?|open questions|questions|"
                                 r"remediation(?: items)?)[ \t]*:?[ \t]*$", re.I | re.M),
                      ["follow", "action", "next", "to", "question", "remediation"])
_TODO_LINE = Gated(re.compile(r"^[ \t]*(?:[-*+•][ \t]+)?(?:\[?\d{1,2}:\d{2}\]?[ \t]*[-–:]?[ \t]*)?\**(?:follow[- ]?up|todo|action item|ai)\**[ \t]*[:\-–][ \t]*\**[ \t]*(?P<v>\S[^\n]{3,})$",
                        re.I | re.M), ["follow", "todo", "action", "ai"])
# "Follow-ups: a; b" said on one line, after a chat time and speaker ("[9:01 AM] maria: ", "Priya Raman: ") or not,
# and after a sentence of the same message ("Backlog cleared. Follow-ups: ...").
_SAID_LIST = Gated(re.compile(
    r"^[ \t]*(?:\[[^\]\n]{1,30}\][ \t]*)?(?:[\w.'@-]{1,30}(?:[ \t][\w.'@-]{1,30}){0,2}:[ \t]+)?"
    r"(?:[^\n]{0,200}?[.!?][ \t]+)?(?:follow[- ]?ups|to-?dos|action items|next steps)[ \t]*:[ \t]*(?P<v>\S[^\n]{3,})$", re.I | re.M),
    ["follow", "todo", "to-do", "action", "next"])
_ITEM_SEP = re.compile(r";[ \t]*+|,[ \t]++(?:and|plus)[ \t]+|(?<![ \t])[ \t]++and[ \t]++also[ \t]+", re.I)
_SENTENCE_END = re.compile(r"[.!?](?=[ \t]+\S)")


def table_steps(doc: Document) -> list[Item]:
    out = []
    for table in tables(doc.text, doc.body_start):
        task = next((i for i, h in enumerate(table.header) if _TASK_COL.match(clean(h))), None)
        if task is None:
            continue
        extras = {name: next((i for i, h in enumerate(table.header) if rx.match(clean(h))), None) for name, rx in _EXTRA}
        status = next((i for i, h in enumerate(table.header) if clean(h) == "status"), None)
        for row in table.rows:
            if task >= len(row) or not clean(row[task][0]):
                continue
            if status is not None and status < len(row) and _DONE.match(clean(row[status][0])):
                continue
            kept = [f"{name}: {clean(row[i][0])}" for name, i in extras.items() if i is not None and i < len(row) and clean(row[i][0])]
            text = clean(row[task][0]).rstrip(" .") + (f" ({', '.join(kept)})" if kept else "")
            out.append((text, (row[0][1], row[-1][2])))
    return out


def bare_heading_steps(doc: Document) -> list[Item]:
    out = []
    for m in _BARE_HEADING.finditer(doc.text, doc.body_start):
        gap = re.compile(r"\n[ \t]*\n(?![ \t]*(?:[-*+•]|\d{1,2}[.)])[ \t])").search(doc.text, m.end() + 2)
        end = gap.start() if gap else len(doc.text)
        for s, e in items(doc.text, m.end(), end):
            text = clean(doc.text[s:e]).rstrip(" .")
            if len(text) > 3:
                out.append((text[0].upper() + text[1:], (s, e)))
    return out


def todo_lines(doc: Document) -> list[Item]:
    texts = [(clean(m["v"]).rstrip(" ."), (m.start("v"), m.end("v"))) for m in _TODO_LINE.finditer(doc.text, doc.body_start)]
    return [(t[0].upper() + t[1:], span) for t, span in texts if t]


def said_lists(doc: Document) -> list[Item]:
    """Each item of a "Follow-ups: a; b, and c." line (its first sentence: "I'll write it up" after it is talk)."""
    out: list[Item] = []
    for m in _SAID_LIST.finditer(doc.text, doc.body_start):
        start, end = m.span("v")
        if (stop := _SENTENCE_END.search(doc.text, start, end)) is not None:
            end = stop.start()
        pos = start
        for sep in [*_ITEM_SEP.finditer(doc.text, start, end), None]:
            a, b = pos, (sep.start() if sep else end)
            text = clean(doc.text[a:b]).rstrip(" .")
            if len(text) > 3:
                out.append((text[0].upper() + text[1:], (a, b)))
            pos = sep.end() if sep else end
    return out


def is_todo_line(text: str) -> bool:
    return bool(re.match(r"\W*(?:follow[- ]?up|todo|action item)\W*[:\-–]", text, re.I))
