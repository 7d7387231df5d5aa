"""Slack channel export: a day file, an array of messages with epoch `ts`, user ids, threads, bot messages."""

from __future__ import annotations

from typing import Any

from incident_brief.readers.document import Doc, dig

NAME = "slack"


def _messages(data: Any) -> list | None:
    msgs = data.get("messages") if isinstance(data, dict) else data
    if isinstance(msgs, list) and msgs and all(isinstance(m, dict) for m in msgs) \
            and sum(1 for m in msgs if "ts" in m and "text" in m) >= max(1, len(msgs) // 2):
        return msgs
    return None


def recognise(data: Any) -> bool:
    return _messages(data) is not None


def _who(m: dict) -> str | None:
    return (dig(m, "user_profile", "real_name") or dig(m, "user_profile", "display_name") or m.get("username")
            or m.get("user") or m.get("bot_id"))


def read(data: Any) -> Doc:
    doc = Doc()
    if isinstance(data, dict):
        doc.fact("Channel", data.get("channel") or data.get("name"))
    for m in _messages(data):
        if m.get("subtype") in ("channel_join", "channel_leave", "channel_topic", "channel_purpose"):
            continue
        text = m.get("text") or " ".join(str(a.get("text") or a.get("fallback") or "") for a in m.get("attachments") or []
                                         if isinstance(a, dict))
        doc.entry(m.get("ts"), text, _who(m))
    return doc
