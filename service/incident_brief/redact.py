"""Redaction before anything leaves the process for a model.

Keys, tokens, JWTs, private keys, passwords in URLs and connection strings,
emails, phone numbers and IP addresses become placeholders such as [EMAIL_1];
the same value always gets the same placeholder. The mapping stays in the
process, so the model's answer can be restored where policy allows (IP
addresses by default; people's emails, phones and credentials never). What is
not restored reads "(withheld)": no placeholder ever reaches a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from incident_brief.credentials import RULES

# (kind, pattern, group holding the sensitive part): credentials first (most specific first), then personal data
_RULES: list[tuple[str, re.Pattern[str], int]] = RULES + [(k, re.compile(p, f), g) for k, p, f, g in (
    ("email", r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", 0, 0),
    ("ip", r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:/\d{1,2})?(?![\w.])", 0, 0),
    ("ip", r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])"
           r"|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,5})?(?![\w:])", 0, 0),
    ("phone", r"(?<![\w+])\+\d{1,3}(?:[ .-]\(?\d{1,6}\)?|\(\d{1,4}\)){2,5}(?![\w])"
              r"|(?<![\w(])\(\d{3}\)\s?\d{3}[ .-]\d{4}(?!\w)|(?<![\w-])\d{3}[.-]\d{3}[.-]\d{4}(?![\w-])", 0, 0),
)]
_PLACEHOLDER = re.compile(r"\[(PRIVATE_KEY|TOKEN|PASSWORD|KEY|EMAIL|IP|PHONE)_\d+\]")
RESTORABLE = frozenset({"ip"})


@dataclass
class Redaction:
    text: str
    values: dict[str, tuple[str, str]] = field(default_factory=dict)  # placeholder -> (kind, original)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for kind, _ in self.values.values():
            out[kind] = out.get(kind, 0) + 1
        return out

    def apply(self, text: str) -> str:
        """Redact more text with the same placeholders (and new ones for new values)."""
        return _redact(text, self).text

    def restore(self, text: str, allow: frozenset[str] = RESTORABLE) -> str:
        def back(m: re.Match) -> str:
            kind, original = self.values.get(m.group(), (None, None))
            return original if kind in allow and original else "(withheld)"
        return _PLACEHOLDER.sub(back, text)

    def reveal(self, text: str) -> str:
        """Every placeholder back to its original: only for finding quotes in the notes, never for output."""
        return _PLACEHOLDER.sub(lambda m: self.values.get(m.group(), (None, m.group()))[1], text)


def redact(text: str) -> Redaction:
    return _redact(text, Redaction(text))


def _redact(text: str, red: Redaction) -> Redaction:
    by_value = {(k, v): p for p, (k, v) in red.values.items()}
    for kind, rx, group in _RULES:
        def sub(m: re.Match) -> str:
            value = m.group(group)
            if not value or _PLACEHOLDER.fullmatch(value):
                return m.group()
            key = (kind, value)
            if key not in by_value:
                n = sum(1 for k, _ in red.values.values() if k == kind) + 1
                placeholder = f"[{kind.upper()}_{n}]"
                red.values[placeholder] = key
                by_value[key] = placeholder
            start, end = m.start(group) - m.start(), m.end(group) - m.start()
            whole = m.group()
            return whole[:start] + by_value[key] + whole[end:]
        text = rx.sub(sub, text)
    return Redaction(text, red.values)
