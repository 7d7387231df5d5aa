"""What the structured readers do to the text an export holds before it reaches the document.

- chat markup: Slack's `<https://…|label>` is its label, `<@U123>` the person's name (or nothing when the export
  names no one), `<!here>` and `<#C1|chan>` their words; `*bold*` and `_italic_` marks go;
- URLs: a bare link says nothing to a reader of the report, so it goes with a "see"/"link:" word before it;
- emoji codes (`:fire:`) go;
- event codes (`IMPACT_START`, `impactEnded`, `mitigation_applied`) become words ("impact started").

Every pattern reads a bounded run of characters, so cleaning stays linear in the text's length.
"""

from __future__ import annotations

import re
from typing import Mapping

from incident_brief.readers.textshape import strip_emoji

_SLACK_LINK = re.compile(r"<(?P<target>[^<>|\s]{1,2000})(?:\|(?P<label>[^<>]{0,200}))?>")
_URL = re.compile(r"(?:\b(?:see|link|details|dashboard|runbook)\b[ \t]*:?[ \t]*)?\(?\bhttps?://[^\s<>()]{1,2000}\)?", re.I)
_MARKS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]{1,300}?)(?<=\S)_(?![\w_])")
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")
_CODE_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]{0,30}(?:[_.:-]?[A-Za-z0-9]{1,30}){0,6}")
# the last word of a code, as a reader says it of an event that happened
_PAST = {"start": "started", "begin": "began", "end": "ended", "stop": "stopped", "open": "opened", "close": "closed",
         "resolve": "resolved", "mitigate": "mitigated", "detect": "detected", "acknowledge": "acknowledged",
         "ack": "acknowledged", "acked": "acknowledged", "fire": "fired", "trigger": "triggered", "escalate": "escalated",
         "declare": "declared", "recover": "recovered", "restore": "restored", "identify": "identified",
         "reopen": "reopened", "create": "created", "deploy": "deployed", "rollback": "rolled back"}
_WORDS = {"ack": "acknowledged", "sev": "severity", "incident": "incident", "pm": "postmortem"}


def slack_markup(text: str, people: Mapping[str, str] | None = None) -> str:
    """`<url|label>` -> label, `<@U1>` -> the person's name (or nothing), `<!here>` -> @here, `<#C1|ops>` -> #ops."""
    if "<" not in text:
        return text

    def one(m: re.Match) -> str:
        target, label = m["target"], m["label"]
        if target.startswith("@"):
            name = (people or {}).get(target[1:]) or label
            return f"@{name}" if name else ""
        if target.startswith("#"):
            return f"#{label}" if label else ""
        if target.startswith("!"):
            return f"@{label or target[1:].split('^')[0]}"
        return label if label else (target if not target.startswith(("http", "mailto")) else "")

    return _SLACK_LINK.sub(one, text)


def readable(text: str, people: Mapping[str, str] | None = None) -> str:
    """Export text as a person would read it: chat markup, links and emoji codes out, spaces collapsed."""
    out = slack_markup(text, people)
    if "http" in out:
        out = _URL.sub("", out)
    if "*" in out or "_" in out:
        out = _MARKS.sub(lambda m: m[1] or m[2], out)
    out = strip_emoji(out)
    if out == text:
        return text
    return "\n".join(_SPACES.sub(" ", line).rstrip() for line in out.splitlines()).strip()


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://", "mailto:"))


def is_code(value: object) -> bool:
    """An event code rather than a sentence: one token, no spaces ("IMPACT_START", "impactEnded", "mitigated")."""
    return isinstance(value, str) and bool(_CODE.fullmatch(value.strip()))


def code_words(code: str) -> str:
    """"IMPACT_START" -> "Impact started", "mitigation_applied" -> "Mitigation applied", "ACK" -> "Acknowledged"."""
    parts = [w.lower() for w in _CODE_SPLIT.split(code.strip()) if w]
    if not parts:
        return code
    parts = [_WORDS.get(p, p) for p in parts[:-1]] + [_PAST.get(parts[-1], _WORDS.get(parts[-1], parts[-1]))]
    text = " ".join(parts)
    return text[:1].upper() + text[1:]
