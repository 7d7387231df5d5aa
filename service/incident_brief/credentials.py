"""Keys, tokens, passwords and other credentials: the one place that knows their shapes.

`RULES` find them precisely (redaction replaces the whole value: a password with
its `@` and `!`, a quoted passphrase with its spaces, a key wrapped over lines);
`looks_secret` asks whether a piece of text reads as one, for checks on report
text and service names, and is looser: it also knows partial shapes and long
runs mixing upper case, lower case and digits.

Every pattern runs in linear time: a match can only start where a run of its
characters starts (a look-behind), and every repetition is bounded or ends at a
character the next part cannot take, so no input makes the engine try a run
again from each of its positions (`bench/redact_cpu.py` measures it).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

KINDS = ("private_key", "token", "password", "key")


@dataclass(frozen=True)
class Rule:
    """One shape: `kind` names the placeholder ([KEY_1]), `label` says what it is in review flags."""

    kind: str
    label: str
    pattern: re.Pattern[str]
    check: Callable[[str, str, int], bool] | None = None  # (value, whole text, value start) -> really one?
    needs: tuple[str, ...] = ()  # lower-case strings one of which must be in the text for the rule to run

    def spans(self, text: str, low: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each sensitive value: the first group that took part, else the whole match."""
        if self.needs and not any(n in low for n in self.needs):
            return
        for m in self.pattern.finditer(text):
            g = next((i for i in range(1, (m.re.groups or 0) + 1) if m.group(i) is not None), 0)
            start, end = m.span(g)
            if g and not _quoted(m, g):
                end = start + len(text[start:end].rstrip(".,;:)]}>"))
            if end > start and (self.check is None or self.check(text[start:end], text, start)):
                yield start, end


def _quoted(m: re.Match, g: int) -> bool:
    """The value sits between quotes (kept whole); else it loses sentence punctuation that ends it."""
    start = m.start(g)
    return start > 0 and m.string[start - 1] in "\"'`" and m.end(g) < len(m.string) and m.string[m.end(g)] == m.string[start - 1]


def randomish(value: str) -> bool:
    """Reads as generated rather than a word: letters and digits, or both cases, or base64 punctuation."""
    v = value.strip("\"'`")
    classes = sum(bool(re.search(p, v)) for p in ("[a-z]", "[A-Z]", "[0-9]"))
    return len(v) >= 8 and (classes >= 2 and not re.fullmatch(r"[A-Za-z]+(?:[_-][a-z]+)*", v)
                            or bool(re.search(r"[/+=]", v)) and classes >= 1 and len(v) >= 16)


_NOT_A_PASSWORD = re.compile(r"(?i)[*x•.#-]+|<[^>]*>|\(withheld\)|\[[A-Z_]+\d*\]|\$\{?\w+\}?|%\w+%|none|null|nil|"
                             r"redacted|hidden|masked|empty|unset|changeme\?|n/?a|true|false")


def _password(value: str, text: str, start: int) -> bool:
    return not _NOT_A_PASSWORD.fullmatch(value)


def _unlabelled_password(value: str, text: str, start: int) -> bool:
    """After "password" without '=' or ':' only a quoted value, or one mixing letters with digits or symbols."""
    if start > 0 and text[start - 1] in "\"'`":
        return _password(value, text, start)
    return (len(value) >= 6 and bool(re.search(r"[A-Za-z]", value)) and bool(re.search(r"[^A-Za-z]", value))
            and _password(value, text, start) and not re.fullmatch(r"[A-Za-z]+[.,;:!?]*|\d[\d:.,/-]*\w{0,3}", value))


def _random(value: str, text: str, start: int) -> bool:
    return randomish(value)


def _labelled_key(value: str, text: str, start: int) -> bool:
    return randomish(value) and _password(value, text, start)


def _basic(value: str, text: str, start: int) -> bool:
    """An unlabelled "Basic xyz" only when xyz decodes to user:password."""
    try:
        raw = base64.b64decode(value.replace("\\\n", "").replace("\n", ""), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    return ":" in raw and raw.isprintable()


_AWS_ID = re.compile(r"(?:AKIA|ASIA)[0-9A-Z]{16}")
_KEYLIKE = re.compile(r"(?i)aws|secret|credential|key|token")


def _aws_secret(value: str, text: str, start: int) -> bool:
    """A bare 40-character base64 run: a secret when it mixes cases and digits and has '/' or '+', or sits
    next to an access key id or a key-like word."""
    if not (re.search(r"[a-z]", value) and re.search(r"[A-Z]", value) and re.search(r"[0-9]", value)):
        return False  # a git SHA (lower-case hex) or a word run
    before = re.split(r"[\s\"'(<\[]", text[max(0, start - 300):start])[-1]
    if start and text[start - 1] in ".:-_" or "://" in before:
        return False  # part of a host name or a URL path
    near = text[max(0, start - 120):start] + text[start + len(value):start + len(value) + 60]
    return bool(re.search(r"[/+]", value)) or bool(_AWS_ID.search(near) or _KEYLIKE.search(near))


def _not_filler(value: str, text: str, start: int) -> bool:
    """AKIAXXXXXXXXXXXXXXXX is a placeholder in a runbook, not a key."""
    return len(set(value[4:])) > 2


def _azure_key(value: str, text: str, start: int) -> bool:
    return bool(re.search(r"[a-z]", value) and re.search(r"[A-Z]", value) and re.search(r"[0-9]", value))


_B64 = r"A-Za-z0-9/+="
# A value may continue on the next line: after a backslash, or (wrapped base64) as a whole line of base64.
_WRAP = r"(?:\\\r?\n[ \t]*[A-Za-z0-9/+=_.-]+|\r?\n[ \t]*[A-Za-z0-9/+=]{16,}(?=[ \t]*(?:\r?\n|\Z)))*"
_SEP = r"[\"']?\s{0,4}(?:=>|:=|[=:])\s{0,4}"
_QUOTED = r"\"([^\"\n]{1,200})\"|'([^'\n]{1,200})'|`([^`\n]{1,200})`"
_PEM = r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----"


def _rule(kind: str, label: str, pattern: str, check=None, needs: tuple[str, ...] = (), flags: int = 0) -> Rule:
    return Rule(kind, label, re.compile(pattern, flags), check, needs)


# Order matters: where two shapes overlap the earlier one wins.
RULES: list[Rule] = [
    _rule("private_key", "private key", _PEM + r"(?:(?:[^-]|-(?!----))*?-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----"
          r"|(?:(?:\s|\\[nr])*[A-Za-z0-9+/=]{16,})*)", needs=("private key",)),
    _rule("token", "JSON web token", r"(?<![\w-])eyJ[\w-]{6,}\.eyJ[\w-]{6,}\.[\w-]{6,}", needs=("eyj",)),
    _rule("token", "Slack webhook URL", r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{10,}",
          needs=("hooks.slack",)),
    _rule("token", "Discord webhook URL", r"https?://(?:(?:canary|ptb)\.)?discord(?:app)?\.com/api/(?:v\d{1,2}/)?"
          r"webhooks/\d{5,30}/[A-Za-z0-9_-]{20,}", needs=("discord",)),
    _rule("password", "password in a URL", r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s/:@]{0,256}:"
          r"([^\s/]{1,256})@(?=[^\s/@]{1,256}(?:[/\s?#:;,)'\"\]]|\Z))", _password, needs=("://",)),
    _rule("key", "AWS access key ID", r"(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|APKA|ABIA|ACCA)"
          r"[0-9A-Z]{16}(?![A-Za-z0-9])", _not_filler),
    _rule("key", "AWS secret access key", r"(?i)(?<![a-z0-9])(?:aws_?secret(?:_?access)?(?:_?key)?|secret_?access_?key)"
          + _SEP + r"[\"']?([" + _B64 + r"]{20,}" + _WRAP + ")", needs=("secret",)),
    _rule("token", "AWS session token", r"(?i)(?<![a-z0-9])(?:aws_?)?(?:session|security)_?token" + _SEP
          + r"[\"']?([" + _B64 + r"]{40,}" + _WRAP + ")", needs=("token",)),
    _rule("token", "AWS session token", r"(?<![" + _B64 + r"])(?:FwoGZXIvYXdz|IQoJb3JpZ2luX2Vj)[" + _B64 + r"]{40,}" + _WRAP),
    _rule("key", "AWS secret access key", r"(?<![" + _B64 + r"])[A-Za-z0-9/+]{40}(?![" + _B64 + r"])", _aws_secret),
    _rule("key", "Azure storage account key", r"(?i)(?<![a-z0-9])(?:AccountKey|SharedAccessKey)=([" + _B64 + r"]{20,}"
          + _WRAP + ")", needs=("accesskey", "accountkey")),
    _rule("key", "Azure storage account key", r"(?<![" + _B64 + r"])[A-Za-z0-9+/]{86}==(?![" + _B64 + r"])", _azure_key),
    _rule("token", "Azure SAS token signature", r"(?i)(?<![a-z0-9])sig=([A-Za-z0-9%+/=]{16,})", needs=("sig=",)),
    _rule("token", "GitHub token", r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})"),
    _rule("token", "GitLab token", r"(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,}", needs=("gl",)),
    _rule("token", "Slack token", r"(?<![A-Za-z0-9_-])(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})",
          needs=("xox", "xapp")),
    _rule("token", "npm token", r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}", needs=("npm_",)),
    _rule("key", "API key", r"(?<![A-Za-z0-9_-])sk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{20,}", _random, needs=("sk-",)),
    _rule("key", "Stripe key", r"(?<![A-Za-z0-9_])(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{24,})",
          needs=("_live_", "_test_", "whsec_")),
    _rule("key", "Google API key", r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}", needs=("aiza",)),
    _rule("token", "Google OAuth token", r"(?<![A-Za-z0-9_-])ya29\.[0-9A-Za-z_-]{20,}", needs=("ya29.",)),
    _rule("key", "API key", r"(?<![A-Za-z0-9_])(?:hf_[A-Za-z0-9]{30,}|pypi-AgE[A-Za-z0-9_-]{40,})", needs=("hf_", "pypi-")),
    _rule("token", "Basic auth credentials", r"(?i)(?<![a-z0-9])authorization[\"']?\s{0,4}[:=]\s{0,4}[\"']?basic\s{1,4}"
          r"([A-Za-z0-9+/]{4,}={0,2})", needs=("basic",)),
    _rule("token", "Basic auth credentials", r"(?i)(?<![a-z0-9])basic\s{1,4}([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])",
          _basic, needs=("basic",)),
    _rule("token", "bearer token", r"(?i)(?<![a-z0-9])authorization[\"']?\s{0,4}[:=]\s{0,4}[\"']?bearer\s{1,4}"
          r"([A-Za-z0-9._~+/=-]{8,})", needs=("bearer",)),
    _rule("token", "bearer token", r"(?i)(?<![a-z0-9])bearer\s{1,4}([A-Za-z0-9._~+/=-]{16,})", _random, needs=("bearer",)),
    _rule("password", "password", r"(?i)(?<![a-z])(?:pg|my)?(?:password|passwd|passphrase|pwd)" + _SEP
          + "(?:" + _QUOTED + r"|([^\s\"'`,;]{1,200}))", _password, needs=("pass", "pwd")),
    _rule("password", "password", r"(?i)(?<![a-z])(?:password|passphrase)\s{1,4}(?:(?:is|was|of|set to)\s{1,4})?"
          "(?:" + _QUOTED + r"|([^\s\"'`,;]{1,200}))", _unlabelled_password, needs=("pass",)),
    _rule("key", "secret", r"(?i)(?<![a-z0-9])(?:x-)?(?:api[_-]?key|apikey|api[_-]?token|secret(?:[_-]?key)?|token|"
          r"access[_-]?(?:key|token)|auth[_-]?token|refresh[_-]?token|client[_-]?secret|auth|private[_-]?key|"
          r"signing[_-]?key|webhook[_-]?secret)" + _SEP + r"[\"']?([A-Za-z0-9/+_.=~-]{8,}" + _WRAP + ")",
          _labelled_key, needs=("key", "secret", "token", "auth")),
]

# Shapes that read as a credential even cut short or unlabelled (a prefix, a key id of any length).
_PARTIAL = re.compile(r"AKIA[0-9A-Z]{12,}|(?<![\w-])eyJ[\w-]{8,}|-----BEGIN [A-Z ]{0,40}PRIVATE KEY"
                      r"|(?<![\w-])(?:sk|pk|ghp|gho|xox[abp])[-_][\w-]{10,}|://[^/\s:@]{1,256}:[^/\s@]{1,256}@")
_RUN = re.compile(r"[A-Za-z0-9+/=_-]{12,}")


def find(text: str) -> Iterator[tuple[int, int, Rule]]:
    """Every credential each rule finds (overlaps included; the caller keeps the earliest rule's)."""
    low = text.lower()
    for rule in RULES:
        for start, end in rule.spans(text, low):
            yield start, end, rule


def looks_secret(text: str) -> bool:
    """Keys, tokens and credentials: known shapes, or a long run mixing upper case, lower case and digits."""
    if _PARTIAL.search(text) or next(find(text), None) is not None:
        return True
    for run in _RUN.findall(text):
        if re.search(r"[A-Z]", run) and re.search(r"[a-z]", run) and re.search(r"\d", run) and not re.search(r"[-_.]", run[1:-1]):
            return True
    return False
