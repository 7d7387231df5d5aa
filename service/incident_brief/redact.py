"""Redaction: before anything leaves the process for a model, and on every report's text.

Keys, tokens, JWTs, private keys, passwords (whole, in URLs and connection
strings too), webhooks, emails, phone numbers, IP addresses, card numbers
(Luhn-checked), US social security numbers (valid ranges) and IBANs (mod-97
checked) become placeholders such as [EMAIL_1]; the same value always gets the
same placeholder. The mapping stays in the process, so the model's answer can
be restored where policy allows (IP addresses by default; people's emails,
phones and credentials never). What is not restored reads "(withheld)": no
placeholder ever reaches a report. `withhold` does the same to report text in
one step. Every pattern runs in linear time (see credentials.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from incident_brief import credentials
from incident_brief.credentials import Rule

WITHHELD = "(withheld)"


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _card(value: str, text: str, start: int) -> bool:
    """13-19 digits that pass Luhn, start like a card (Visa, Mastercard, Amex, Discover, JCB, Diners) and are
    written plainly or in groups of four (Amex and Diners: 4-6-5 / 4-6-4), one kind of separator."""
    digits = re.sub(r"[ -]", "", value)
    seps = set(re.findall(r"[ -]", value))
    groups = [len(g) for g in re.split(r"[ -]", value)]
    grouped = not seps or len(seps) == 1 and (groups[:-1] == [4] * (len(groups) - 1) and groups[-1] <= 4
                                              or groups in ([4, 6, 5], [4, 6, 4]))
    brand = re.match(r"4|5[1-5]|2[2-7]|3[47]|3[068]|35|6(?:011|5|4[4-9])", digits)
    return 13 <= len(digits) <= 19 and grouped and bool(brand) and _luhn(digits)


def _ssn(value: str, text: str, start: int) -> bool:
    area, group, serial = value[:3], value[-6:-4], value[-4:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


_IBAN_LENGTHS = {"AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "BR": 29, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
                 "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
                 "IL": 23, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18,
                 "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26}


def _iban(value: str, text: str, start: int) -> bool:
    compact = value.replace(" ", "")
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _rule(kind: str, label: str, pattern: str, check=None, needs: tuple[str, ...] = ()) -> Rule:
    return Rule(kind, label, re.compile(pattern), check, needs)


# Personal and financial data, after the credentials (an email inside a URL's password stays the password's).
PERSONAL: list[Rule] = [
    _rule("email", "email address", r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}"
          r"(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])", needs=("@",)),
    _rule("card", "card number", r"(?<![\d-])(?<!\d[ -])(?:\d[ -]?){12,18}\d(?![\d])(?![ -]\d)", _card),
    _rule("ssn", "social security number", r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", _ssn),
    _rule("ssn", "social security number", r"(?i)(?<![a-z])ssn\W{0,3}(\d{9})(?!\d)", _ssn, needs=("ssn",)),
    _rule("iban", "IBAN", r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)"
          r"(?![A-Za-z0-9])", _iban),
    _rule("ip", "IP address", r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
          r"(?:/\d{1,2})?(?![\w.])"),
    _rule("ip", "IP address", r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])"
          r"|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,5})?(?![\w:])", needs=(":",)),
    _rule("phone", "phone number", r"(?<![\w+])\+\d{1,3}(?:[ .-]\(?\d{1,6}\)?|\(\d{1,4}\)){2,5}(?![\w])"
          r"|(?<![\w(])\(\d{3}\)\s?\d{3}[ .-]\d{4}(?!\w)|(?<![\w-])\d{3}[.-]\d{3}[.-]\d{4}(?![\w-])"),
]
RULES: list[Rule] = credentials.RULES + PERSONAL
_KINDS = "|".join(sorted({r.kind.upper() for r in RULES}))
_PLACEHOLDER = re.compile(rf"\[(?:{_KINDS})_\d+\]")
_TAKEN = re.compile(rf"\[(?:{_KINDS})_\d+\]|\(withheld\)")  # already replaced: never a value again
RESTORABLE = frozenset({"ip"})


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    rule: Rule


def find(text: str) -> list[Found]:
    """Every sensitive value in text order; where two rules overlap, the earlier rule's."""
    low = text.lower()
    taken: list[tuple[int, int, Rule | None]] = [(m.start(), m.end(), None) for m in _TAKEN.finditer(text)]
    for rule in RULES:
        new = [(s, e, rule) for s, e in rule.spans(text, low)]
        if new:
            taken = sorted(taken + _free(new, taken))  # two sorted runs: linear
    return [Found(s, e, r) for s, e, r in taken if r is not None]


def _free(new: list[tuple[int, int, Rule]], taken: list[tuple[int, int, Rule | None]]) -> list[tuple[int, int, Rule]]:
    """The new spans (sorted) that overlap neither a taken one (sorted, disjoint) nor an earlier new one."""
    kept, i, last_end = [], 0, -1
    for start, end, rule in new:
        while i < len(taken) and taken[i][1] <= start:
            i += 1
        if start >= last_end and (i == len(taken) or taken[i][0] >= end):
            kept.append((start, end, rule))
            last_end = end
    return kept


@dataclass
class Redaction:
    text: str
    values: dict[str, tuple[str, str]] = field(default_factory=dict)  # placeholder -> (kind, original)
    labels: dict[str, str] = field(default_factory=dict)  # placeholder -> what it is ("AWS access key ID")

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
            return original if kind in allow and original else WITHHELD
        return _PLACEHOLDER.sub(back, text)

    def reveal(self, text: str) -> str:
        """Every placeholder back to its original: only for finding quotes in the notes, never for output."""
        return _PLACEHOLDER.sub(lambda m: self.values.get(m.group(), (None, m.group()))[1], text)


def redact(text: str) -> Redaction:
    return _redact(text, Redaction(text))


def _redact(text: str, red: Redaction) -> Redaction:
    by_value = {(k, v): p for p, (k, v) in red.values.items()}
    out, last = [], 0
    for f in find(text):
        key = (f.rule.kind, text[f.start:f.end])
        if key not in by_value:
            n = sum(1 for k, _ in red.values.values() if k == f.rule.kind) + 1
            by_value[key] = placeholder = f"[{f.rule.kind.upper()}_{n}]"
            red.values[placeholder], red.labels[placeholder] = key, f.rule.label
        out += [text[last:f.start], by_value[key]]
        last = f.end
    out.append(text[last:])
    return Redaction("".join(out), red.values, red.labels)


@dataclass(frozen=True)
class Withheld:
    kind: str
    label: str
    value: str


def withhold(text: str, allow: frozenset[str] = RESTORABLE) -> tuple[str, list[Withheld]]:
    """Text for a report: every sensitive value whose kind policy does not allow becomes "(withheld)"."""
    out, last, gone = [], 0, []
    for f in find(text):
        if f.rule.kind in allow:
            continue
        gone.append(Withheld(f.rule.kind, f.rule.label, text[f.start:f.end]))
        out += [text[last:f.start], WITHHELD]
        last = f.end
    out.append(text[last:])
    return "".join(out), gone

