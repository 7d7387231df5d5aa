"""Slack channel export: a day file, an array of messages with epoch `ts`, user ids, threads, bot messages.

Also an object holding the messages with the channel and a `users` list (as the export's users.json gives it),
so ids and `<@U123>` mentions read as names; without names an id is left out (it says nothing to a reader).
A bot message's text comes from its attachments or blocks; a thread reply also sent to the channel is told once.
"""

from __future__ import annotations

import re
from typing import Any

from incident_brief.readers.cleanup import slack_markup
from incident_brief.readers.document import Doc, dig, name_of

NAME = "slack"
_USER_ID = re.compile(r"[UWB][A-Z0-9]{6,12}")
_ADDRESSED = re.compile(r"(?:[ \t]*<@[A-Z0-9]{2,20}(?:\|[^<>]{0,80})?>[,:]?)+[ \t]*")  # "<@U1> <@U2>: look at …"
_SKIPPED = ("channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "bot_add", "pinned_item")


def _messages(data: Any) -> list | None:
    msgs = data.get("messages") if isinstance(data, dict) else data
    if isinstance(msgs, list) and msgs and all(isinstance(m, dict) for m in msgs) \
            and sum(1 for m in msgs if "ts" in m and "text" in m) >= max(1, len(msgs) // 2):
        return msgs
    return None


def recognise(data: Any) -> bool:
    return _messages(data) is not None


def _people(data: Any) -> dict[str, str]:
    """User id -> name, from a users list next to the messages and from each message's own profile."""
    people: dict[str, str] = {}
    users = data.get("users") if isinstance(data, dict) else None
    for u in users if isinstance(users, list) else []:
        if isinstance(u, dict) and u.get("id"):
            name = (dig(u, "profile", "real_name") or u.get("real_name") or dig(u, "profile", "display_name")
                    or u.get("name"))
            if isinstance(name, str) and name.strip():
                people[u["id"]] = name.strip()
    for m in _messages(data) or []:
        name = dig(m, "user_profile", "real_name") or dig(m, "user_profile", "display_name")
        if m.get("user") and isinstance(name, str) and name.strip():
            people.setdefault(m["user"], name.strip())
    return people


def _who(m: dict, people: dict[str, str]) -> str | None:
    user = m.get("user")
    named = people.get(user) if user else None
    said = named or m.get("username") or dig(m, "bot_profile", "name") or user
    return None if not said or (said == user and _USER_ID.fullmatch(str(user))) else said


def _block_text(block: Any) -> list[str]:
    """The words of a block: its text, its fields, its elements' text (rich text, context)."""
    if isinstance(block, list):
        return [t for b in block for t in _block_text(b)]
    if not isinstance(block, dict):
        return []
    if block.get("type") in ("text", "mrkdwn", "plain_text") and isinstance(block.get("text"), str):
        return [block["text"]]
    if block.get("type") in ("user", "link", "emoji", "channel", "broadcast"):
        return []
    out = _block_text(block.get("text")) + _block_text(block.get("fields") or [])
    parts = _block_text(block.get("elements") or [])
    return out + ([" ".join(p.strip() for p in parts)] if parts else [])


def _text(m: dict) -> str:
    if isinstance(m.get("text"), str) and m["text"].strip():
        return m["text"]
    said = []
    for a in m.get("attachments") or []:
        if isinstance(a, dict):
            parts = [a.get("pretext"), a.get("title"), a.get("text")]
            parts = [p for p in parts if isinstance(p, str) and p.strip()] or [a.get("fallback") or ""]
            said.append(": ".join(p.strip() for p in parts if p))
    said += _block_text(m.get("blocks") or [])
    return "; ".join(s for s in said if s.strip())


def _with_replies(msgs: list) -> list:
    """Messages, with thread replies some exports embed whole under their parent ("replies": [{"ts", "text"}])
    told after it; replies the export lists only by user and ts are in the channel already."""
    out = []
    for m in msgs:
        out.append(m)
        out += [r for r in m.get("replies") or [] if isinstance(r, dict) and isinstance(r.get("text"), str)]
    return out


def read(data: Any) -> Doc:
    doc, people = Doc(), _people(data)
    if isinstance(data, dict):
        channel = data.get("channel") or data.get("name")
        doc.fact("Channel", f"#{name_of(channel)}".replace("##", "#") if name_of(channel) else None)
    for m in _with_replies(_messages(data)):
        if m.get("subtype") in _SKIPPED:
            continue
        text = _text(m)
        addressed = _ADDRESSED.match(text)
        doc.entry(m.get("ts"), slack_markup(text[addressed.end():] if addressed else text, people), _who(m, people))
    return doc
