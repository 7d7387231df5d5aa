"""Email threads pasted as text: header blocks (From, Date or Sent, To, Subject), newest first, quoted replies.

The document: the lines before the first message as written, the thread's subject once, then each message
oldest first as `Date:` and `From:` lines (and To/Cc, and a Subject that differs) over its body. Quoted
replies (`>` lines, "On … wrote:" lines) are dropped where another message of the thread says the same
(they repeat it); a quoted line found nowhere else is kept, so no fact is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime

from incident_brief.readers.textshape import is_markdown, strip_emoji

NAME = "email"
_HEADER = re.compile(r"[ \t]*+\**(?P<key>From|Date|Sent|To|Cc|Subject|Reply-To)\**:\**[ \t]*+(?P<value>.*)", re.I)
_SEPARATOR = re.compile(r"[ \t]*(?:-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}|_{8,}|Begin forwarded message:)[ \t]*", re.I)
_WROTE = re.compile(r"[ \t]*On\b.{4,200}\bwrote:[ \t]*", re.I)
_WROTE_START = re.compile(r"[ \t]*On\b.{4,200}", re.I)
_QUOTED = re.compile(r"[ \t]*>")
_QUOTE_MARK = re.compile(r"^[ \t]*> ?")
_MAX_DEPTH = 8  # quoted levels lifted into messages
_REPLY = re.compile(r"^(?:(?:re|fwd?|aw|wg|sv|tr)[ \t]*:[ \t]*)+", re.I)
_GREETING = re.compile(r"[ \t]*(?:(?:hi|hello|hey|dear|hallo|hola|bonjour|hoi|ciao|olá)\b[^,\n]{0,30}|all|team|folks|everyone|"
                       r"hi all|hello all)[ \t]*[,!:]?[ \t]*", re.I)
# A sign-off and what follows it (name, role, phone) is no part of the message; so is a device's footer.
_SIGN_OFF = re.compile(r"[ \t]*(?:(?:best|kind|warm|many)?[ \t]*(?:regards|wishes|thanks)|thank you|thanks|cheers|best|br|"
                       r"sincerely|mit freundlichen grüßen|viele grüße|grüße|gruß|saludos|un saludo|cordialement|"
                       r"bien à vous|met vriendelijke groet|groeten|cumprimentos|atenciosamente|cordiali saluti|saluti)"
                       r"[ \t]*[,.!]?[ \t]*", re.I)
_SIG_RULE = re.compile(r"[ \t]*--[ \t]*")
_FOOTER = re.compile(r"[ \t]*(?:sent from my \w[\w \t]{0,30}|get outlook for \w[\w \t]{0,20}|von meinem \w[\w \t]{0,30} gesendet)"
                     r"[ \t]*\.?[ \t]*", re.I)
_SIG_LINES = 6  # a signature is a few short lines at the end


@dataclass
class Message:
    headers: dict[str, str] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)

    @property
    def when(self) -> datetime | None:
        try:
            dt = parsedate_to_datetime(self.headers.get("Date") or self.headers.get("Sent") or "")
        except (TypeError, ValueError, IndexError):
            return None
        return dt if dt and dt.tzinfo else None


def _starts(lines: list[str]) -> list[int]:
    """Where a header block begins: a From line with a Date or Sent line among the next few header lines."""
    out = []
    for i, line in enumerate(lines):
        m = _HEADER.fullmatch(line)
        if not m or m["key"].lower() != "from" or (out and i - out[-1] < 2):
            continue
        block = [_HEADER.fullmatch(x) for x in lines[i:i + 6]]
        if any(b and b["key"].lower() in ("date", "sent") for b in block):
            out.append(i)
    return out


def recognise(text: str) -> bool:
    return not is_markdown(text) and bool(_starts(text.splitlines()))


def _lift(lines: list[str]) -> list[str]:
    """Earlier messages quoted whole under a reply (`> From: … > Date: …`) become messages of the thread."""
    for _ in range(_MAX_DEPTH):
        out, i, lifted = [], 0, False
        while i < len(lines):
            j = i
            while j < len(lines) and _QUOTED.match(lines[j]):
                j += 1
            if j == i:
                out.append(lines[i])
                i += 1
                continue
            run = [_QUOTE_MARK.sub("", line, count=1) for line in lines[i:j]]
            starts = _starts(run)
            out += lines[i:i + starts[0]] + run[starts[0]:] if starts else lines[i:j]
            lifted, i = lifted or bool(starts), j
        lines = out
        if not lifted:
            break
    return lines


def _messages(lines: list[str], starts: list[int]) -> list[Message]:
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(lines)
        msg, pos = Message(), start
        while pos < end and (m := _HEADER.fullmatch(lines[pos])):
            key = m["key"].capitalize() if m["key"].lower() != "cc" else "Cc"
            msg.headers.setdefault(key, m["value"].strip())
            pos += 1
        msg.body = [line for line in lines[pos:end] if not _SEPARATOR.fullmatch(line)]
        out.append(msg)
    return out


def _norm(line: str) -> str:
    return " ".join(line.lstrip(" \t>").split()).lower()


def _unquoted(msg: Message, said: set[str]) -> list[str]:
    """The body without quoted lines another message says, and without the attribution over them."""
    body, kept = msg.body, []
    i = 0
    while i < len(body):
        line = body[i]
        wrote = _WROTE.fullmatch(line) and 1 or (_WROTE_START.fullmatch(line) and i + 1 < len(body)
                                                 and body[i + 1].rstrip().endswith("wrote:") and 2)
        if wrote:
            j = i + wrote
            quoted = []
            while j < len(body) and (_QUOTED.match(body[j]) or not body[j].strip()):
                quoted.append(body[j])
                j += 1
            left = [q for q in quoted if _QUOTED.match(q) and _norm(q) and _norm(q) not in said]
            kept += (body[i:i + wrote] + left) if left else []
            i = j
            continue
        if not (_QUOTED.match(line) and (not _norm(line) or _norm(line) in said)):
            kept.append(line)
        i += 1
    return _trim(kept)


def _unsigned(body: list[str], sender: str) -> list[str]:
    """The body without the sign-off and signature under it, a lone name at its end, or a device footer."""
    body = [line for line in body if not _FOOTER.fullmatch(line)]
    first = next((i for i, line in enumerate(body) if line.strip()), None)
    if first is not None and _GREETING.fullmatch(body[first]):
        body = body[first + 1:]
    tail = [i for i, line in enumerate(body) if line.strip()][-_SIG_LINES - 1:]
    cut = next((i for i in tail if _SIGN_OFF.fullmatch(body[i]) or _SIG_RULE.fullmatch(body[i])), None)
    body = body[:cut] if cut is not None else body
    names = {w.lower() for w in re.findall(r"[^\W\d_]{2,}", sender.split("<")[0])}
    while body and (not body[-1].strip() or (len(body[-1].split()) <= 3 and body[-1].strip().rstrip(",.").lower()
                                               and all(w.lower() in names for w in re.findall(r"[^\W\d_]+", body[-1])))):
        body = body[:-1]
    return body


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _oldest_first(msgs: list[Message]) -> list[Message]:
    times = [m.when for m in msgs]
    if all(times):
        return sorted(msgs, key=lambda m: m.when)
    return msgs[::-1]  # a pasted thread reads newest first


def read(text: str) -> str:
    lines = _lift(text.splitlines())
    starts = _starts(lines)
    msgs = _oldest_first(_messages(lines, starts))
    said = {_norm(line) for m in msgs for line in m.body if not _QUOTED.match(line) and _norm(line)}
    subjects = [_REPLY.sub("", m.headers.get("Subject", "")).strip() for m in msgs]
    thread = next((s for s in subjects if s), None)
    out = _trim([strip_emoji(line) if line.strip() else line for line in lines[:starts[0]]])
    if thread:
        out += ([""] if out else []) + [f"Subject: {thread}"]
    for msg, subject in zip(msgs, subjects):
        out.append("")
        when = msg.headers.get("Date") or msg.headers.get("Sent")
        out += [f"Date: {when}"] if when else []
        out += [f"From: {msg.headers['From']}"]  # To and Cc name mailing lists, not systems or people: left out
        out += [f"Subject: {subject}"] if subject and subject != thread else []
        body = _trim(_unsigned(_unquoted(msg, said), msg.headers.get("From", "")))
        out += ([""] if body else []) + [strip_emoji(line) if line.strip() else "" for line in body]
    return "\n".join(_trim(out)) + "\n"
