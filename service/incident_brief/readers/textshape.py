"""What the text readers share: the Markdown test, emoji codes, label runs, zone statements, day markers.

Every pattern here reads one line (or a bounded run of characters), so reading stays linear in the notes' length.
"""

from __future__ import annotations

import re

ZONE = r"(?:UTC|GMT|E[SD]?T|C[SD]?T|M[SD]?T|P[SD]?T|CEST|CET|BST|IST|JST|AEST|[+-]\d{2}:?\d{2})"
CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"

_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S|^[ \t]{0,3}(?:```|~~~)|^[ \t]*+\|?[ \t]*+:?-{3,}:?[ \t]*+\|", re.M)
_FRONT = re.compile(r"\A\s*---[ \t]*\n")
_EMOJI = re.compile(r"(?<![\w:/]):(?:[a-z][a-z0-9_+-]{0,40}|\+1|-1):(?![\w/])")
_SEGMENT = re.compile(r"[ \t]*+(?P<label>[A-Za-z][\w.'/-]{0,24}+(?:[ \t][\w.'/-]{1,24}+){0,2}):(?!//)[ \t]*+(?P<value>\S(?:.*\S)?)[ \t]*")
_RUN_SEP = re.compile(r"[ \t]+[|·•][ \t]+|[ \t]*;[ \t]+")
_ZONE_STATED = re.compile(r"\b(?:all[ \t]+)?(?:times?|time[ \t]?zone|tz)\b[^\n]{0,24}?\b(?P<zone>" + ZONE + r")\b", re.I)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday|rsday)?"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DAY = re.compile(
    r"[ \t]*+[-=*_—–]*+[ \t]*+(?:Day changed to[ \t]+)?(?P<day>(?:Today|Yesterday)"
    r"|(?:" + _WEEKDAY + r",?[ \t]+)?(?:" + _MONTH + r"[ \t]+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?[ \t]+" + _MONTH
    + r")(?:,?[ \t]+\d{4})?|" + _WEEKDAY + r"|\d{4}-\d{2}-\d{2})[ \t]*+[-=*_—–]*+[ \t]*", re.I)


SAMPLE_CHARS = 64 * 1024
_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n)+")


def shape_sample(text: str) -> str:
    """What a text reader recognises its shape from: the first 64 KiB, cut at a line end, blank-line runs as one."""
    head = text if len(text) <= SAMPLE_CHARS else text[:text.rfind("\n", 0, SAMPLE_CHARS) + 1 or SAMPLE_CHARS]
    return _BLANK_RUN.sub("\n\n", head)


def is_markdown(text: str) -> bool:
    """Headings, code fences, table rules or front matter: a Markdown document, kept as written."""
    return bool(_FRONT.match(text) or _HEADING.search(text))


def strip_emoji(line: str) -> str:
    """`:fire:` and other emoji codes out, and the space they leave."""
    if ":" not in line:
        return line
    out = _EMOJI.sub(lambda m: _between(line, m.start(), m.end()), line)
    return out if out == line else re.sub(r"[ \t]{2,}", " ", out).strip()


def _between(line: str, start: int, end: int) -> str:
    """An emoji code between two clauses ends the first ("accepted :white_check_mark: batch is safe")."""
    before, after = line[:start].rstrip()[-1:], line[end:].lstrip()[:1]
    return "; " if before.isalnum() and after.isalnum() else " "


def has_emoji(text: str) -> bool:
    return bool(_EMOJI.search(text))


def label_run(line: str) -> list[str] | None:
    """"prio: P2 | state: closed | owner: kim" -> ["prio: P2", "state: closed", "owner: kim"]; None otherwise."""
    if "|" not in line and "·" not in line and "•" not in line and ";" not in line or line.lstrip().startswith("|"):
        return None
    parts = _RUN_SEP.split(line.strip())
    if len(parts) < 2:
        return None
    out = []
    for part in parts:
        m = _SEGMENT.fullmatch(part)
        if not m:
            return None
        out.append(f"{m['label']}: {m['value']}")
    return out


def split_label_runs(lines: list[str]) -> list[str]:
    joined = "\n".join(lines)
    if not any(sep in joined for sep in "|·•;"):  # no separator anywhere (looked for in C): nothing to split
        return lines
    out: list[str] = []
    for line in lines:
        out.extend(label_run(line) or [line])
    return out


def stated_zone(text: str) -> str | None:
    """The one zone the notes state for their times ("all times PT", "(times in PDT)"), else None."""
    zones = {m["zone"].upper() for m in _ZONE_STATED.finditer(text)}
    return zones.pop() if len(zones) == 1 else None


def day_marker(line: str) -> str | None:
    """A chat day divider ("Tuesday, March 4th", "--- 2025-03-04 ---", "Today"): the day as written."""
    m = _DAY.fullmatch(line)
    return m["day"] if m else None


def non_blank(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]
