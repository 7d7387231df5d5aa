"""Dates written inside chat stamps ("14/03/2025, 21:02", "[3/4/2025 2:10 PM]"), as a reader of the log wants them:
the date once, as a line of its own when it changes, and each message stamped with its clock alone.

A slash date is read day first or month first as the log's own dates decide (a part over 12 can only be the
day); when none decides, the date is kept as written (none is guessed). Names written surname first
("Lee, Dana") are written as people say them ("Dana Lee").
"""

from __future__ import annotations

import re
from datetime import date

_SLASHED = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{2}|\d{4}),?[ \t]+(?P<clock>\S.*)")
_SURNAME_FIRST = re.compile(r"(?P<last>[A-Z][\w'-]{0,30}),[ \t]+(?P<first>[A-Z][\w'-]{0,30})")


def day_first(stamps: list[str]) -> bool | None:
    """True when the log's slash dates are day first, False when month first, None when none decides."""
    for stamp in stamps:
        m = _SLASHED.fullmatch(stamp)
        if m and int(m["a"]) > 12 >= int(m["b"]):
            return True
        if m and int(m["b"]) > 12 >= int(m["a"]):
            return False
    return None


def split(stamp: str, order: bool | None) -> tuple[str | None, str]:
    """(the date as a line, the clock) of a slash-dated stamp; (None, stamp) for any other stamp."""
    m = _SLASHED.fullmatch(stamp)
    if not m:
        return None, stamp
    year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    if order is None:
        return f"{m['a']}/{m['b']}/{m['y']}", m["clock"]
    day, month = (int(m["a"]), int(m["b"])) if order else (int(m["b"]), int(m["a"]))
    try:
        return date(year, month, day).isoformat(), m["clock"]
    except ValueError:
        return f"{m['a']}/{m['b']}/{m['y']}", m["clock"]


def person(name: str) -> str:
    m = _SURNAME_FIRST.fullmatch(name.strip())
    return f"{m['first']} {m['last']}" if m else name
