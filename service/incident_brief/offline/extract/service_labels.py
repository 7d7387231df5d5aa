"""Affected-service names the notes state in labelled lines anywhere ("Affected services: a, b", "Components:",
"service:", "cmdb_ci:", "Unaffected:"), with the list items right below a bare label."""

from __future__ import annotations

import re

from incident_brief.offline.extract.service_words import Named
from incident_brief.offline.literals import Gated

# "Affected services:", "Impacted systems:", "Components:", "service:", "Configuration item:", "cmdb_ci:", "Unaffected:"
_LABEL = re.compile(
    r"^[ \t>*_#-]{0,8}(?P<label>(?:un|not[ \t_]|non[- ]?)?(?:affected|impacted)(?:[ \t_]+(?:services?|systems?|components?|"
    r"products?|features?|applications?))?|(?:affected|impacted|business)?[ \t_]?(?:services?|systems?|components?)"
    r"(?:[ \t_]+(?:(?:not[ \t]+)?(?:affected|impacted)|unaffected))?|configuration[ \t_]items?|cmdb[ \t_]ci|functionalit(?:y|ies))"
    r"[*_ \t]{0,4}[:|][*_ \t]{0,4}(?P<value>[^\n]{0,300})$", re.I | re.M)
_LABEL_GATE = Gated(_LABEL, ("affected", "impacted", "service", "system", "component", "configuration", "cmdb", "functionalit"))
_NEGATIVE_LABEL = re.compile(r"^(?:un|not|non)|not[ \t]+(?:affected|impacted)|unaffected", re.I)
_ITEM_LINE = re.compile(r"[ \t]{0,8}(?:[-*+•]|\d{1,2}[.)])[ \t]+(?P<v>[^\n]{1,120})")
_OPERATIONAL = re.compile(r"[ \t]*status[ \t]*:[ \t]*(?:operational|none|ok|healthy)[ \t]*(?:\n|$)", re.I)


def labelled(text: str, start: int = 0) -> Named:
    """Names in labelled lines anywhere: the value after the colon, else the list items right below it."""
    out = Named()
    for m in _LABEL_GATE.finditer(text, start):
        negative = bool(_NEGATIVE_LABEL.search(m.group("label").strip()))
        pieces = _split(text, m.start("value"), m.end("value") - m.group("value").endswith("\r")) if m.group("value").strip(" *_") else _items_below(text, m.end())
        if any(len(text[s:e].split()) > 6 for s, e in pieces):
            continue  # prose after a colon, not a list of names
        for s, e in pieces:
            if negative:
                out.unaffected.add(text[s:e].lower())
            elif not _OPERATIONAL.match(text, m.end() + 1):  # a status-page component reported operational
                out.add(text[s:e], s)
    return out


# "Voice: operational", "api.us is fine" as a status line: "- Search — operational", "Payments | no impact"
_FINE_LINE = re.compile(r"^[ \t>*_-]{0,8}(?P<name>[A-Za-z][\w.&/ -]{0,40}?)[*_ \t]{0,4}(?::|\||[-–—][ \t])[*_ \t]{0,4}"
                        r"(?:operational|fine|ok|okay|healthy|unaffected|not (?:affected|impacted)|no impact|normal|up)[ \t.]*$",
                        re.I | re.M)
_FINE_GATE = Gated(_FINE_LINE, ("operational", "fine", "ok", "healthy", "unaffected", "not ", "no impact", "normal", "up"))


def fine(text: str, start: int = 0) -> set[str]:
    """Names a status line reports fine ("Voice: operational", "Payments | no impact"), lower-cased."""
    return {m.group("name").strip().lower() for m in _FINE_GATE.finditer(text, start)}


def _items_below(text: str, pos: int) -> list[tuple[int, int]]:
    """The run of list items right below a label (one blank line allowed before it)."""
    out: list[tuple[int, int]] = []
    pos += 1
    if text.startswith("\n", pos):
        pos += 1
    while pos < len(text):
        m = _ITEM_LINE.match(text, pos)
        if not m or "\n" in text[pos:m.start("v")]:
            break
        s, e = m.start("v"), m.end("v")
        out += [p for p in _split(text, s, e)[:1]] if len(text[s:e].split()) <= 8 else []
        pos = e + 1
    return out


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'a, b and c' into spans (not inside parentheses), each trimmed of markup and end punctuation."""
    out, depth, s = [], 0, start
    for i in range(start, end + 1):
        ch = text[i] if i < end else ","
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        cut = 4 if text.startswith(" and ", i) else 1 if ch in ",;" else 0
        if depth == 0 and cut:
            a, b = s, i
            while a < b and text[a] in " \t*_`'\"":
                a += 1
            while b > a and text[b - 1] in " \t*_`'\".":
                b -= 1
            if 0 < b - a <= 80:
                out.append((a, b))
            s = i + (5 if cut == 4 else 1)
    return out

