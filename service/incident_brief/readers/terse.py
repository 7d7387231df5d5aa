"""Terse handoffs: no headings, short lines, few full stops ("db7 disk full 02:10", "freed WAL, ok now").

Each short line is one fact. A line that would run on into the line above it as one sentence (it starts
neither a list item, a time nor a new sentence, and the line above is no `Label:` line) becomes a list item, so each fact reads on its own; label
runs are split into `Label: value` lines and emoji codes removed. Everything else is kept as written.
"""

from __future__ import annotations

import re
from statistics import median

from incident_brief.readers.textshape import has_emoji, is_markdown, non_blank, split_label_runs, strip_emoji

NAME = "terse"
# A line read on its own already: indented (a continuation), a list item, a time or date, a rule of punctuation.
_OWN_LINE = re.compile(r"[ \t]{2,}|[ \t]*+(?:[-*+•][ \t]|\d{1,2}[.)][ \t]|\[|\**\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|[\W_]+$)")
_LABEL = re.compile(r"[ \t]*+[A-Za-z][\w'/-]*+(?:[ \t][\w'/-]++){0,3}[ \t]*+:(?:[ \t]|$)")
_ENDS_SENTENCE = re.compile(r"[.!?][\"')\]]*[ \t]*$")
_STARTS_SENTENCE = re.compile(r"[ \t]*+[A-Z0-9\"'(\[*`]")
_MIN_LINES = 4
_WRAP = 60  # a line this long that goes on in lower case is wrapped prose, not a list of facts


def recognise(text: str) -> bool:
    lines = non_blank(text)
    if is_markdown(text) or len(lines) < _MIN_LINES or max(len(line) for line in lines) > 100:
        return False
    stops = sum(1 for line in lines if _ENDS_SENTENCE.search(line))
    return median(len(line) for line in lines) <= 60 and stops < len(lines) / 2


def _runs_on(prev: str, line: str) -> bool:
    if not prev.strip() or not line.strip() or _OWN_LINE.match(line) or _LABEL.match(line) or _LABEL.match(prev):
        return False
    if _ENDS_SENTENCE.search(prev) and _STARTS_SENTENCE.match(line):
        return False
    return not (len(prev) >= _WRAP and line.lstrip()[:1].islower())


def read(text: str) -> str:
    lines = split_label_runs(text.splitlines())
    if has_emoji(text):
        lines = [strip_emoji(line) if line.strip() else line for line in lines]
    # a line read on its own (a time, a list item...) never runs on: those are found in C first
    own = list(map(_OWN_LINE.match, lines))
    out = [f"- {line.lstrip()}" if i and not own[i] and _runs_on(lines[i - 1], line) else line
           for i, line in enumerate(lines)]
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")
