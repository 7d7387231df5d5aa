"""24-hour clocks as European notes write them: with an "h" ("07h42", "7h05", "18 h 05"), with a dot before "Uhr"
("ab 20.10 Uhr"), or with a dot at the start of timeline entries ("07.05 Fehler beginnen", "- 7.30 rollback").

A dotted number is a clock only where it is read as one: before "Uhr", or starting a line in notes where at least
two lines start so (one "3.12 released" line is a version, not a timeline).
"""

from __future__ import annotations

import re

H_CLOCK = re.compile(r"(?<![\w:.,/-])(?P<h>[012]?\d)(?: ?h ?|\.(?=[0-5]\d ?Uhr\b))(?P<mi>[0-5]\d)(?![\w:])")
_H_PROBE = re.compile(r"\d ?h ?[0-5]\d(?![\w:])|\d\.[0-5]\d ?Uhr\b")
# A dotted clock that starts an entry: after indent, a bullet or a bracket; followed by words, not more digits
# ("07.05.2025" is a date, "1.20.3" a version, "12.75 GB" a size: a unit is a word, so two entries are needed).
_DOT_ENTRY = re.compile(r"^[ \t]*+(?:[-*+•|>][ \t]*+)?[\[(*_]{0,2}(?P<h>[01]?\d|2[0-3])\.(?P<mi>[0-5]\d)(?![\d.,%])"
                        r"(?=[ \t]*+(?:Uhr\b|h\b)?[ \t]*+[\]):|\-–—]?[ \t]*+[^\W\d_])", re.M)
_MIN_DOT_ENTRIES = 2


def european_clocks(text: str) -> dict[int, re.Match[str]]:
    """Every European clock of the notes by where its hour starts, as a match with groups "h" and "mi" (none looked
    for where no "h" clock, "Uhr" or dotted entry can be; a 1 MiB run of entries holds 130,000, built lazily)."""
    out: dict[int, re.Match[str]] = {}
    if _H_PROBE.search(text):
        out = {m.start(): m for m in H_CLOCK.finditer(text) if len(m["h"]) == 1 or m["h"] < "24"}
    if "." in text:
        dotted = list(_DOT_ENTRY.finditer(text))
        if len(dotted) >= _MIN_DOT_ENTRIES:
            for m in dotted:
                out.setdefault(m.start("h"), m)
    return out
