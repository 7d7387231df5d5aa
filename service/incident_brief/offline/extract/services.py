"""Affected services: stated lists first, then identifiers, hostnames and "X service" phrases."""

from __future__ import annotations

import re
from itertools import islice

from incident_brief import structure
from incident_brief.credentials import looks_secret
from incident_brief.structure import Document, clean, items, sections_of
from incident_brief.offline.extract import Found, service_cues, service_including, service_kinds, service_labels, service_provider, service_title, service_words
from incident_brief.offline.extract.service_cues import MAX_MATCHES
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
_MAX_STATED = 16  # the author's own list is kept whole, up to this
_EXTRA = 2  # names failure cues give, added to a stated list
# "Checkout (web and app) unavailable", "Search was degraded": a name said to be failing, in an impact line
STATED_DOWN = re.compile(
    r"(?<![\w-])(?P<id>[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,2}(?:[ \t]+\([^()\n]{1,40}\))?)[ \t]+(?:(?:was|were|is|are|went|became)[ \t]+)?"
    r"(?:(?:fully|partially|completely|intermittently)[ \t]+)?(?:unavailable|down|degraded|failing|failed|offline|unreachable|"
    r"broken|affected|impacted|disrupted|erroring|slow|timing out)\b")
# "payments were not affected", "search stayed up": names the notes call unaffected
_UNAFFECTED = re.compile(r"\b(?:not|n't|never)\s+(?:\w+\s+)?(?:affected|impacted|disrupted|down)\b|\bunaffected\b|\bno impact (?:on|to)\b|"
                         r"\b(?:remained|stayed|kept)\s+(?:\w+\s+)?(?:up|available|working|operational|healthy)\b|\bworked normally\b|"
                         r"\b(?:looks?|looked|seems?|seemed|was|were|is|are)\s+(?:\w+\s+)?(?:fine|healthy|ok|okay|unaffected)\b|"
                         r"\buntouched\b|\bworking normally\b|"
                         # "the vendor API itself works", "Stripe worked as expected"
                         r"\b(?:itself|themselves)\s+(?:works?|worked|(?:was|is|were|are|stayed)\s+(?:fine|healthy|up|ok|okay|available|working|operational))\b|"
                         r"\bwork(?:s|ed)\s+(?:fine|normally|as expected|as usual)\b", re.I)
_FUNCTION_WORD = re.compile(r"^(?:pg|get|set|run|kill|cancel|terminate|reload|restart|drop|create|delete|update|show|list|check|exec|"
                            r"read|write|fetch|send|load|save|parse|handle|on)$")

# the words every match of a pattern holds: a text without them is not searched (a long text costs one lowering)
_GATES = {STATED_DOWN: Gated(STATED_DOWN, ("unavailable", "down", "degraded", "fail", "offline", "unreachable", "broken",
                                           "affected", "impacted", "disrupted", "erroring", "slow", "timing out")),
          IDENTIFIER: Gated(IDENTIFIER, _SUFFIX.split("|")),
          PHRASE: Gated(PHRASE, ("service", "api", "database", "cluster", "platform", "website", "site", "registry", "server"))}


def services(doc: Document) -> Found[list[str]] | None:
    """Stated lists (front matter, a services section, labelled lines anywhere) first, then the names failure cues
    give, then identifiers, hostnames and "X service" phrases by how often the notes name them."""
    text = doc.text
    labels, cues = service_labels.labelled(text, doc.body_start), service_cues.cued(text, doc.body_start)
    _merge(cues, service_including.listed(text, doc.body_start))
    provided = service_provider.switched_off(text, doc.body_start)  # "Netlify builds": a provider's, named
    _merge(cues, provided)
    unaffected = labels.unaffected | cues.unaffected | service_labels.fine(text, doc.body_start)
    for name, (s, _) in service_title.subjects(doc):  # the title's failing system: stressed, ranked first
        for _ in range(3):
            cues.add(name, s, strong=True)
    opening = _opening(text, cues)
    listed = _front_list(doc) or _section_list(doc)
    if listed and len(listed.value) > 1 or len(labels.spans) > 1:
        opening = -1  # the author's own list is complete; one component field (an export's) leaves the product unnamed
    stated: dict[str, tuple[int, int]] = {}
    for i, name in enumerate(listed.value if listed else []):
        stated.setdefault(name, listed.spans[min(i, len(listed.spans) - 1)])
    for name, span in labels.spans.items():
        if not any(same_name(name, k) for k in stated):
            stated[name] = span
    cued = {n: sp for n, sp in cues.spans.items() if _cue_ok(text, n, sp, unaffected, n in cues.strong or (sp[0] < opening and _opening_name(text, n)))
            and (n in provided.spans or not _not_a_system(text, n, sp[0])) and not any(same_name(n, k) for k in stated)}
    cued_ranked = _distinct(sorted(cued, key=lambda n: (-cues.hits[n], cued[n][0])))
    if stated:
        extra = [n for n in cued_ranked if not any(_overlap(n, k) for k in stated)]  # "Payment Service" beside "payment-api"
        picked = (list(stated) + extra[:_EXTRA])[:max(_MAX, min(len(stated), _MAX_STATED))]
        spans = {**stated, **cued}
        return Found([_shown(n) for n in picked], tuple(spans[n] for n in picked))
    found = _mentions(doc, unaffected)
    score = {k: len(v) for k, v in found.items()}
    spans = {k: v[0] for k, v in found.items()}
    for n in cued_ranked:
        key = next((k for k in found if same_name(n, k)), None)
        if key is not None:
            score[key] += 2 * cues.hits[n]
        else:
            score[n], spans[n] = 2 * cues.hits[n], cued[n]
    if not score:
        return None
    ranked = sorted(score, key=lambda k: (-score[k], spans[k][0]))[:_MAX]
    ranked.sort(key=lambda k: spans[k][0])
    return Found([_shown(k) for k in ranked], tuple(spans[k] for k in ranked))


def _shown(name: str) -> str:
    """The name as the report shows it: "db" spelled out, "our confirmation step" as the confirmation."""
    return service_words.long_form(service_kinds.flow_of(name))


def _merge(cues: service_words.Named, more: service_words.Named) -> None:
    for name, (s, _) in more.spans.items():
        for _ in range(more.hits[name]):
            cues.add(name, s, strong=name in more.strong)
    cues.unaffected |= more.unaffected


def _opening(text: str, cues: service_words.Named) -> int:
    """The end of the sentence that first reports a failure: the names there are the symptom the notes open with
    ("Product search has been returning stale results"), listed even when named once."""
    if not cues.spans:
        return -1
    first = min(s for s, _ in cues.spans.values())
    stop = re.compile(r"[.!?](?:\s|$)|\n").search(text, first)
    return stop.start() if stop else len(text)


def _distinct(names: list[str]) -> list[str]:
    """One name of each family: "payments" after "UPI payments", "Outbound email sending" after "Outbound email"."""
    out: list[str] = []
    for n in names:
        words = _stems(n)
        if not any(words <= _stems(k) or _stems(k) <= words for k in out):
            out.append(n)
    return out


def _stems(name: str) -> set[str]:
    """The words of a name, a plural's "s" aside ("databases" and "database servers" are one family)."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in _key(name).split()}


def _overlap(a: str, b: str) -> bool:
    return bool(set(_key(a).split()) & set(_key(b).split()))


def _opening_name(text: str, name: str) -> bool:
    """One plain word ("image") is a name only when the notes repeat it."""
    return " " in name or text.lower().count(name.lower()) > 1


def same_name(a: str, b: str) -> bool:
    """Case, hyphens, "the" and a trailing "service" aside, the same name."""
    return _key(a) == _key(b)


def _key(name: str) -> str:
    words = [service_words.long_form(w) for w in re.sub(r"[-_\s]+", " ", name.lower()).strip(" .`'\"").split()]
    while words and words[0] in ("the", "our"):
        words = words[1:]
    while len(words) > 1 and words[-1] in ("service", "services", "svc"):
        words = words[:-1]
    return " ".join(words)


def _is_unaffected(name: str, unaffected: set[str]) -> bool:
    return any(_key(name) == _key(u) for u in unaffected)


def _cue_ok(text: str, name: str, span: tuple[int, int], unaffected: set[str], strong: bool) -> bool:
    tidy = _tidy(name)
    return bool(tidy) and tidy == name and service_words.stressed(text, name, span[0], strong) and not _is_unaffected(name, unaffected) and not looks_secret(name) \
        and not _FUNCTION_WORD.match(re.split(r"[-_ ]", name)[0].lower()) and not _inside_link_target(text, span[0])


def _not_a_system(text: str, name: str, start: int) -> bool:
    """A symptom, an activity, an alert rule, a fragment or a data object (service_kinds), or items counted."""
    return service_kinds.not_a_system(name) or service_kinds.counted(text, start)


def _mentions(doc: Document, unaffected: set[str]) -> dict[str, list[tuple[int, int]]]:
    text = doc.text
    found: dict[str, list[tuple[int, int]]] = {}
    for rx in (STATED_DOWN, IDENTIFIER, HOSTNAME, PHRASE):
        for m in islice(_GATES.get(rx, rx).finditer(text, doc.body_start), MAX_MATCHES):
            name = _tidy(m.group("id"))
            if not name or _inside_link_target(text, m.start()) or (rx in (PHRASE, STATED_DOWN) and _sentence_start_word(text, m)) \
                    or looks_secret(name) or _is_command(text, m) or (rx is STATED_DOWN and not _in_impact_line(doc, m.start())) \
                    or _not_a_system(text, name, m.start("id")) or text.startswith("=", m.end("id")):
                continue
            if _said_unaffected(text, m) or _is_unaffected(name, unaffected):  # a name called unaffected is never listed
                continue
            key = next((k for k in found if k.lower() == name.lower()), name)
            found.setdefault(key, []).append((m.start("id"), m.end("id")))
    for name, (s, e) in service_words.identifiers(text, doc.body_start).spans.items():
        if not any(same_name(name, k) for k in found) and not _is_unaffected(name, unaffected):
            found[name] = [(s, e)]
    return found


def _is_command(text: str, m: re.Match) -> bool:
    """`pg_cancel_backend(pid)`, `kubectl rollout restart`: a function or a command, not a system."""
    name, after = m.group("id"), text[m.end("id"):m.end("id") + 2]
    line_start = structure.line_start(text, m.start())
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
    line_start = structure.line_start(doc.text, pos)
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
    lo = max(0, pos - structure.LINE_REACH)  # a URL is shorter than that
    start = max(text.rfind(" ", lo, pos), text.rfind("\n", lo, pos), text.rfind("(", lo, pos) - 1, text.rfind("<", lo, pos),
                lo - 1) + 1
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
        spans = _first_run(text, items(text, sec.body_start, sec.body_end))
        if not spans and sec.inline:  # "Affected services: a, b and c"
            spans = _comma_items(text, sec.body_start, sec.body_end)
        names = [clean(text[s:e]).strip(" .;") for s, e in spans]
        names = [n for n in names if 0 < len(n) <= 80 and len(n.split()) <= 8]
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


def _first_run(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The list right under a heading: items up to the first line that is not one ("Unaffected:", a paragraph)."""
    out = spans[:1]
    for s, e in spans[1:]:
        if text[out[-1][1]:s].count("\n") > 1 or not re.fullmatch(r"\s*(?:[-*+•]|\d{1,2}[.)])\s*", text[out[-1][1]:s]):
            break
        out.append((s, e))
    return out
