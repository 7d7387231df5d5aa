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

# (kind, pattern, group holding the sensitive part): order matters, most specific first
_RULES: list[tuple[str, re.Pattern[str], int]] = [(k, re.compile(p, f), g) for k, p, f, g in (
    ("private_key", r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)", 0, 0),
    ("token", r"\beyJ[\w-]{6,}\.eyJ[\w-]{6,}\.[\w-]{6,}", 0, 0),  # JWT
    ("password", r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@", re.I, 1),  # scheme://user:PASSWORD@host
    ("key", r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b", 0, 0),  # AWS access key id
    ("key", r"(?i)\b(?:aws_?secret(?:_access)?_key|secret_access_key)\b\W{0,3}\s*([A-Za-z0-9/+=]{40})\b", 0, 1),
    ("token", r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}\b", 0, 0),
    ("token", r"\bglpat-[A-Za-z0-9_-]{20,}\b|\bxox[abprs]-[A-Za-z0-9-]{10,}\b|\bnpm_[A-Za-z0-9]{36}\b", 0, 0),
    ("key", r"\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}\b|\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b", 0, 0),
    ("key", r"\bAIza[0-9A-Za-z_-]{35}\b|\bhf_[A-Za-z0-9]{30,}\b|\bpypi-AgE[A-Za-z0-9_-]{40,}\b", 0, 0),
    ("token", r"(?i)\bbearer\s+([A-Za-z0-9._~+/=-]{16,})", 0, 1),
    ("password", r"(?i)(?<![a-z])(?:pg)?(?:password|passwd|pwd)\s*[=:]\s*[\"']?([^\s;,\"']{3,})", 0, 1),
    ("key", r"(?i)\b(?:api[_-]?key|apikey|secret|token|access[_-]?key|client[_-]?secret|auth)\s*[=:]\s*[\"']?"
            r"([A-Za-z0-9/+_.=-]{12,})", 0, 1),
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
