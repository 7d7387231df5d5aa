"""Notes with inline label runs ("prio: P2 | state: closed | owner: kim"): each label on its own line.

Every other line is kept as written (emoji codes aside), so the labels read as `Label: value` lines.
"""

from __future__ import annotations

from incident_brief.readers.textshape import has_emoji, is_markdown, label_run, split_label_runs, strip_emoji

NAME = "labels"


def recognise(text: str) -> bool:
    return not is_markdown(text) and any(label_run(line) for line in text.splitlines())


def read(text: str) -> str:
    lines = split_label_runs(text.splitlines())
    if has_emoji(text):
        lines = [strip_emoji(line) if line.strip() else line for line in lines]
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")
