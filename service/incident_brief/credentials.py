"""Keys, tokens, passwords and other credentials: the one place that knows their shapes.

`RULES` find them precisely (redaction replaces the group that holds the secret);
`looks_secret` asks whether a piece of text reads as one, for checks on report
text and service names, and is looser: it also knows partial shapes and long
runs mixing upper case, lower case and digits.
"""

from __future__ import annotations

import re

# (kind, pattern, group holding the sensitive part): order matters, most specific first
RULES: list[tuple[str, re.Pattern[str], int]] = [(k, re.compile(p, f), g) for k, p, f, g in (
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
)]
KINDS = ("private_key", "token", "password", "key")

# Shapes that read as a credential even cut short or unlabelled (a prefix, a key id of any length).
_PARTIAL = re.compile(r"AKIA[0-9A-Z]{12,}|\beyJ[\w-]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY|\b(?:sk|pk|ghp|gho|xox[abp])[-_][\w-]{10,}"
                      r"|://[^/\s:@]+:[^/\s@]+@")
_RUN = re.compile(r"[A-Za-z0-9+/=_-]{12,}")


def looks_secret(text: str) -> bool:
    """Keys, tokens and credentials: known shapes, or a long run mixing upper case, lower case and digits."""
    if _PARTIAL.search(text) or any(rx.search(text) for _, rx, _ in RULES):
        return True
    for run in _RUN.findall(text):
        if re.search(r"[A-Z]", run) and re.search(r"[a-z]", run) and re.search(r"\d", run) and not re.search(r"[-_.]", run[1:-1]):
            return True
    return False
