"""Chat logs pasted as text: Slack, Teams, IRC and the like.

Shapes read: `[9:14 AM] name: message`, `09:14 <nick> message`, header lines (`Name  9:14 AM` or
`[9:14 AM] Name`, a saved meeting chat's `10:02:11 From Name to Everyone:`) followed by the message, a bare time continuing the last speaker, and day dividers.
The document: the lines before the first message as written, then a `Timeline (all times PT):` heading
when the zone is stated but not in those lines, then one `[time] name: message` line per message, oldest
first, with day dividers kept as lines and emoji codes removed. A log already in that shape is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from incident_brief.readers import chat_dates
from incident_brief.readers.textshape import CLOCK, ZONE, day_marker, is_markdown, stated_zone, strip_emoji

NAME = "chat"
_T = r"(?:\d{4}-\d{2}-\d{2}[ T]|\d{1,2}/\d{1,2}/\d{2,4},?[ \t]+)?" + CLOCK + r"(?:[ \t]?" + ZONE + r")?"
_BRACKET = re.compile(r"\[(?P<time>" + _T + r")\][ \t]*+(?P<name>[^:\[\]\n]{1,40}?):[ \t]+(?P<msg>\S.*)")
_IRC = re.compile(r"\[?(?P<time>" + _T + r")\]?[ \t]+(?:<[@+%&~]?(?P<name>[^>\s]{1,32})>|\*[ \t]+(?P<actor>[^\s]{1,32}))"
                  r"[ \t]*(?P<msg>.*)")
# "14/03/2025, 21:02 - Marta: text" (a phone's chat export)
_DASHED = re.compile(r"(?P<time>" + _T + r")[ \t]+[-–—][ \t]+(?P<name>[^:\[\]\n]{1,40}?):[ \t]+(?P<msg>\S.*)")
_MARKER = re.compile(r"[ \t]*+(?:-{2,}|\*{2,}|={2,})[ \t]*+\w.*")  # "--- Log opened …", "--- Day changed …"
_NOTICE = re.compile(r"(?:\[?" + _T + r"\]?[ \t]+)?(?:-!-|\*\*\*|-->|<--)[ \t].*")  # joins, parts, quits, modes
# "Name  9:14 AM", "Name (Guest) 9:14", "Name — Today at 9:14 AM" (Discord), "Name, Yesterday 21:02"
_HEAD_AFTER = re.compile(r"(?P<name>[A-Z][\w.'-]*(?:[ \t][\w.'()-]+){0,3}?)[ \t]*(?:[ \t]\([^)\n]{1,20}\)[ \t]+|[ \t]*[—–,|][ \t]*"
                         r"(?:(?:Today|Yesterday|\d{1,2}/\d{1,2}/\d{2,4})[ \t]+(?:at[ \t]+)?)?|[ \t]+)(?P<time>" + _T + r")[ \t]*")
# "[9:14 AM] Name", "[3/4/2025 2:10 PM] Lee, Dana" (Teams: surname first)
_HEAD_BRACKET = re.compile(r"\[(?P<time>" + _T + r")\][ \t]*+(?P<name>[\w.'-]+,?(?:[ \t][\w.'()-]+){0,3})[ \t]*")
# "10:02:11 From Hannah Okafor to Everyone:" (a meeting's saved chat: Zoom, Webex), the message on the lines below
_HEAD_FROM = re.compile(r"(?P<time>" + _T + r")[ \t]+From[ \t]+(?P<name>[^\n:]{1,40}?)[ \t]+to[ \t]+[^\n:]{1,40}?:[ \t]*")
_REACTED = re.compile(r"[ \t]*Reacted to \".{0,80}\" with \S{1,8}[ \t]*")  # an emoji reaction, not a message
_BARE = re.compile(r"\[?(?P<time>" + CLOCK + r")\]?[ \t]*")
_REACTION = re.compile(r"[\d\s]*")


@dataclass
class Message:
    time: str
    name: str
    parts: list[str] = field(default_factory=list)
    minutes: int | None = None

    def line(self) -> str | None:
        """The message on one line; None when nothing but emoji codes or reaction counts was said."""
        kept = [t for p in self.parts if (t := strip_emoji(p.strip())) and not (t != p.strip() and _REACTION.fullmatch(t))
                and not _REACTED.fullmatch(t)]
        body = "".join(p if not i else (" " if kept[i - 1][-1] in ".!?:;," else "; ") + p for i, p in enumerate(kept))
        return f"[{self.time}] {self.name.strip()}: {body}" if body else None


def _single(line: str) -> re.Match | None:
    return _BRACKET.fullmatch(line) or _IRC.fullmatch(line) or _DASHED.fullmatch(line)


def _header(line: str) -> re.Match | None:
    return _HEAD_FROM.fullmatch(line) or _HEAD_AFTER.fullmatch(line) or _HEAD_BRACKET.fullmatch(line)


def _kinds(lines: list[str]) -> list[tuple[str, re.Match | None]]:
    """Each line: ("one", m) a whole message, ("head", m) a speaker and time over the message, ("bare", m) a
    time alone (the last speaker goes on), ("day", None) a day divider, ("notice", None) a join, part or mode
    line, ("blank"|"text", None)."""
    first = [(("one", m) if (m := _single(line)) else ("bare", m) if (m := _BARE.fullmatch(line))
              else ("notice", None) if _NOTICE.fullmatch(line)
              else ("day", None) if day_marker(line) is not None or _MARKER.fullmatch(line)
              else ("blank", None) if not line.strip() else ("maybe", line)) for line in lines]
    out: list[tuple[str, re.Match | None]] = []
    nxt = None  # the kind of the next line that is not blank, read from the end
    for i in range(len(first) - 1, -1, -1):
        kind, m = first[i]
        head = _header(lines[i]) if kind == "maybe" and nxt == "maybe" else None
        out.append(("head", head) if head else ("text", None) if kind == "maybe" else (kind, m))
        nxt = kind if kind != "blank" else nxt
    return out[::-1]


def recognise(text: str) -> bool:
    if is_markdown(text):
        return False
    kinds = [k for k, _ in _kinds(text.splitlines()) if k not in ("blank", "notice")]
    singles, heads = kinds.count("one"), kinds.count("head")
    return singles + heads >= 3 and (singles >= 0.6 * len(kinds) or heads >= 0.25 * len(kinds))


def _minutes(time: str) -> int | None:
    m = re.search(r"(\d{1,2}):(\d{2})(?::\d{2})?\s?([AaPp])?", time)
    if not m:
        return None
    h = int(m[1]) % 12 + (12 if m[3].lower() == "p" else 0) if m[3] else int(m[1])
    return h * 60 + int(m[2])


def _parse(lines: list[str]) -> tuple[list[str], list[object]]:
    """(lines before the first message, items: a Message or a line kept as written, e.g. a day divider)."""
    pre: list[str] = []
    items: list[object] = []
    current: Message | None = None
    for line, (kind, m) in zip(lines, _kinds(lines)):
        if kind in ("one", "head") or (kind == "bare" and current):
            name = current.name if kind == "bare" else m["name"] or f"* {m['actor']}"
            current = Message(m["time"], name, [m["msg"]] if kind == "one" else [])
            current.minutes = _minutes(current.time)
            items.append(current)
        elif kind == "notice":
            continue
        elif kind == "blank":
            if not items:
                pre.append(line)
        elif kind == "day":
            items.append(line.strip())
            current = None
        elif current is not None:
            current.parts.append(line)
        elif items:
            items.append(line.strip())
        else:
            pre.append(line)
    return pre, items


def _oldest_first(items: list[object]) -> list[object]:
    """Messages pasted newest first (times falling throughout, no day dividers) are turned round."""
    msgs = [i for i in items if isinstance(i, Message)]
    if len(msgs) != len(items) or any(m.minutes is None for m in msgs):
        return items
    times = [m.minutes for m in msgs]
    if times[0] > times[-1] and all(a >= b for a, b in zip(times, times[1:])):
        return items[::-1]
    return items


def read(text: str) -> str:
    lines = text.splitlines()
    pre, items = _parse(lines)
    blank_after = len(pre) > len(_trimmed(pre))
    out = _trimmed(pre)
    zone = stated_zone(text)
    if zone and not stated_zone("\n".join(out)):
        out += ([""] if out else []) + [f"Timeline (all times {zone}):"]
    elif out and blank_after:
        out.append("")
    ordered = _oldest_first(items)
    order = chat_dates.day_first([i.time for i in ordered if isinstance(i, Message)])
    day = None
    for item in ordered:
        if isinstance(item, Message):
            said, item.time = chat_dates.split(item.time, order)
            item.name = chat_dates.person(item.name)
            if said and said != day:
                out.append(said)
            day = said or day
        line = item.line() if isinstance(item, Message) else strip_emoji(item)
        if line:
            out.append(line)
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def _trimmed(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end]
