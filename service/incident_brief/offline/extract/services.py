"""Affected services: stated lists first, then identifiers, hostnames and "X service" phrases."""

from __future__ import annotations

import re

from incident_brief.credentials import looks_secret
from incident_brief.structure import Document, clean, items, sections_of
from incident_brief.offline.extract import Found
from incident_brief.offline.literals import Gated

_SUFFIX = r"api|service|svc|db|database|worker|workers|processor|gateway|server|proxy|cache|queue|web|app|frontend|backend|auth|cluster|router|scheduler|storage|cdn|lb|dispatcher|consumer|producer|sync|exporter|indexer|poller|relay"
IDENTIFIER = re.compile(rf"(?<![\w./@:-])`?(?P<id>[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*[-_](?:{_SUFFIX}))`?(?![\w-]|\.\w)")
HOSTNAME = re.compile(
    r"(?<![\w./@:-])(?P<id>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|io|org|net|gov|uk|rs|pm|dev|cloud|ai|co|app|eu|us|de|fr|info|sh|so|me))(?![\w/-]|\.\w)", re.I)
PHRASE = re.compile(
    r"(?<![\w-])(?P<id>[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,3}[ \t]+"
    r"(?:service|API|database|cluster|platform|website|site|registry|server))\b")
_NOT_SERVICE = re.compile(r"^(?:the|our|this|that|a|an|all|each|every|any|some|its|their|new|old|other|main|same|internal|external|"
                          r"production|staging|prod|dev|test|which|what|when|if|in|on|at|for|with|by|from|to|and|or|but|"
                          r"my|your|his|her|we|it|they|there|then|during|after|before|while|since|because|one|two|three|both)$", re.I)
_MAX = 8
# "Checkout (web and app) unavailable", "Search was degraded": a name said to be failing, in an impact line
STATED_DOWN = re.compile(
    r"(?<![\w-])(?P<id>[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,2}(?:[ \t]+\([^()\n]{1,40}\))?)[ \t]+(?:(?:was|were|is|are|went|became)[ \t]+)?"
    r"(?:(?:fully|partially|completely|intermittently)[ \t]+)?(?:unavailable|down|degraded|failing|failed|offline|unreachable|"
    r"broken|affected|impacted|disrupted|erroring|slow|timing out)\b")
# "payments were not affected", "search stayed up": names the notes call unaffected
_UNAFFECTED = re.compile(r"\b(?:not|n't|never)\s+(?:\w+\s+)?(?:affected|impacted|disrupted|down)\b|\bunaffected\b|\bno impact (?:on|to)\b|"
                         r"\b(?:remained|stayed|kept)\s+(?:\w+\s+)?(?:up|available|working|operational|healthy)\b|\bworked normally\b", re.I)
_FUNCTION_WORD = re.compile(r"^(?:pg|get|set|run|kill|cancel|terminate|reload|restart|drop|create|delete|update|show|list|check|exec)$")

# the words every match of a pattern holds: a text without them is not searched (a long text costs one lowering)
_GATES = {STATED_DOWN: Gated(STATED_DOWN, ("unavailable", "down", "degraded", "fail", "offline", "unreachable", "broken",
                                           "affected", "impacted", "disrupted", "erroring", "slow", "timing out")),
          IDENTIFIER: Gated(IDENTIFIER, _SUFFIX.split("|")),
          PHRASE: Gated(PHRASE, ("service", "api", "database", "cluster", "platform", "website", "site", "registry", "server"))}


def services(doc: Document) -> Found[list[str]] | None:
    stated = _front_list(doc) or _section_list(doc)
    if stated:
        return stated
    text = doc.text
    found: dict[str, list[tuple[int, int]]] = {}
    for rx in (STATED_DOWN, IDENTIFIER, HOSTNAME, PHRASE):
        for m in _GATES.get(rx, rx).finditer(text, doc.body_start):
            name = _tidy(m.group("id"))
            if not name or _inside_link_target(text, m.start()) or (rx in (PHRASE, STATED_DOWN) and _sentence_start_word(text, m)) \
                    or looks_secret(name) or _is_command(text, m) or (rx is STATED_DOWN and not _in_impact_line(doc, m.start())):
                continue
            if _said_unaffected(text, m):  # a name only ever called unaffected is never listed
                continue
            key = next((k for k in found if k.lower() == name.lower()), name)
            found.setdefault(key, []).append((m.start("id"), m.end("id")))
    if not found:
        return None
    ranked = sorted(found, key=lambda k: (-len(found[k]), found[k][0][0]))[:_MAX]
    ranked.sort(key=lambda k: found[k][0][0])
    return Found(ranked, tuple(found[k][0] for k in ranked))


def _is_command(text: str, m: re.Match) -> bool:
    """`pg_cancel_backend(pid)`, `kubectl rollout restart`: a function or a command, not a system."""
    name, after = m.group("id"), text[m.end("id"):m.end("id") + 2]
    line_start = text.rfind("\n", 0, m.start()) + 1
    return (after.startswith("(") or after.startswith("`(") or bool(_FUNCTION_WORD.match(re.split(r"[-_]", name)[0].lower()))
            or bool(re.match(r"[ \t>]*(?:\$[ \t]|sudo\b|kubectl\b|psql\b|curl\b)", text[line_start:m.start()])))


def _said_unaffected(text: str, m: re.Match) -> bool:
    """The name's own clause says it was not affected."""
    end = min(len(text), m.end() + 80)
    stop = re.compile(r"[.;!?\n]|,\s*(?:but|while|and)\b").search(text, m.end(), end)
    return bool(_UNAFFECTED.search(text, m.end(), stop.start() if stop else end))


def _in_impact_line(doc: Document, pos: int) -> bool:
    """In an impact or summary section, or on a line labelled impact."""
    if any(sec.body_start <= pos < sec.body_end for sec in sections_of(doc, "impact", "summary")):
        return True
    line_start = doc.text.rfind("\n", 0, pos) + 1
    return bool(re.match(r"\W*(?:customer |user |business )?impact\b", doc.text[line_start:pos], re.I))


def _sentence_start_word(text: str, m: re.Match) -> bool:
    """ "Full service", "A database": one capitalised word that is only capitalised by position."""
    if len(m.group("id").split()) > 2 or re.search(r"[A-Z].*[A-Z]|[.-]", m.group("id").split()[0][1:] or ""):
        return False
    before = text[max(0, m.start() - 4):m.start()]
    return m.start() == 0 or bool(re.search(r"(?:^|[.!?:\n*-])\s*$", before))


def _tidy(name: str) -> str | None:
    words = name.split()
    while words and _NOT_SERVICE.match(words[0]):
        words = words[1:]
    if len(words) < 2 and PHRASE.fullmatch(name or "") is not None:
        return None  # "the service", "Our API": no name left
    out = " ".join(words)
    return out if out and not _NOT_SERVICE.match(out) else None


def _inside_link_target(text: str, pos: int) -> bool:
    """Inside a URL: https://..., or the (target) part of a Markdown link."""
    start = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos), text.rfind("(", 0, pos) - 1, text.rfind("<", 0, pos)) + 1
    return "://" in text[start:pos + 1] or text[max(0, pos - 2):pos] == "](" or text[pos - 1:pos] == "/"


def _front_list(doc: Document) -> Found[list[str]] | None:
    for key in ("affected", "affected_services", "services", "components"):
        value = doc.front.get(key)
        if value and isinstance(value[0], list):
            return Found(list(value[0]), ((value[1], value[2]),))
    return None


def _section_list(doc: Document) -> Found[list[str]] | None:
    for sec in sections_of(doc, "services"):
        text = doc.text
        spans = items(text, sec.body_start, sec.body_end)
        if not spans and sec.inline:  # "Affected services: a, b and c"
            spans = _comma_items(text, sec.body_start, sec.body_end)
        names = [clean(text[s:e]).strip(" .;") for s, e in spans]
        names = [n for n in names if 0 < len(n) <= 80]
        if names:
            return Found(names, tuple(spans))
    return None


def _comma_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in re.finditer(r",\s*(?:and\s+)?|\s+and\s+|$", text[start:end]):
        s, e = pos, start + m.start()
        while s < e and text[s] == " ":
            s += 1
        if e > s:
            out.append((s, e))
        pos = start + m.end()
        if m.end() == end - start:
            break
    return out
