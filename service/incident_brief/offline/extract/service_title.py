"""The system a title names as failing: "Push notifications not delivered", "Incident: checkout slowness (draft)",
"PostHog Feature Flags Service Outage - September 29, 2025", "customers double-charged on plan renewals".

A title is one short line, so the per-word work here is bounded by its length (at most 300 characters read)."""

from __future__ import annotations

import re

from incident_brief.structure import Document
from incident_brief.offline.extract import service_cues, service_words

_TITLE_LINE = re.compile(r"^[ \t]*(?:#[ \t]+|(?:title|subject|summary)[ \t]*:[ \t]*)(?P<v>[^\n]{3,300})$", re.I | re.M)
_WORD = re.compile(r"[\w][\w.+/'’-]*")
# the event a title names after the system ("X outage", "X slowness"): stripped, and it makes the title a failure
_EVENT = frozenset("outage outages failure failures slowness degradation disruption errors error latency delay delays "
                   "lag blip failover downtime exposure breach leak crash crashes overload issue issues problem "
                   "problems bug".split())
# what a title is (never a name) and words before the subject
_DOC = frozenset("incident incidents postmortem post-mortem post mortem report review rca analysis retrospective "
                 "writeup write-up draft update major minor partial full complete total intermittent security "
                 "production prod sev1 sev2 sev3 sev4 p1 p2 p3 p4 january february march april may june july "
                 "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec "
                 "monday tuesday wednesday thursday friday saturday sunday".split())
_STATE = re.compile(r"^(?:empty|missing|slow|late|stale|wrong|twice|duplicated?|down|broken|unavailable|"
                    r"double-charged|lost|stuck|offline|unreachable|degraded|indisponibles?|ausgefallen|gestört|"
                    r"caíd[oa]s?|inaccesibles?|inaccessibles?)$", re.I)
_VERB = re.compile(r"^(?:is|are|was|were|has|have|had|hit|hits|left|sent|went|ran|broke|lost|gives|takes|causes?|"
                   r"blocks?|leaks?|wrote|took|gave|made|got|came|fell|kept|brought|[a-z]+ed|[a-z]{3,}ing)$")
_CROWD = frozenset("customers customer users user people sellers buyers members clients subscribers visitors".split())
_OBJECT = frozenset("on in for of at to from above below after before over under with without during since behind "
                    "via because due when while".split())


def subjects(doc: Document) -> list[tuple[str, tuple[int, int]]]:
    """The names the title gives as failing, each with its span."""
    found = _title(doc)
    if found is None:
        return []
    text, (start, end) = doc.text, found
    words = list(_WORD.finditer(text, start, end))
    if not (any(w.group(0).lower() in _EVENT or _STATE.match(w.group(0)) for w in words)
            or service_cues.failure_cue(text, start, end)):
        return []  # "Simultaneous launches", "Notes from Tuesday": no failure named
    for part_start, part_end in _parts(text, start, end):
        got = _subject(text, part_start, part_end)
        if got:
            return [(text[s:e], (s, e)) for s, e in got]
    return []


def _title(doc: Document) -> tuple[int, int] | None:
    front = doc.front.get("title")
    if front and isinstance(front[0], str) and front[0]:
        at = doc.text.find(front[0][:300], max(0, front[1] - 2))  # the value as written (the span may hold its quotes)
        return (at, at + min(len(front[0]), 300)) if at >= 0 else None
    m = _TITLE_LINE.search(doc.text, doc.body_start, min(len(doc.text), doc.body_start + 3000))
    return (m.start("v"), m.end("v")) if m else None


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A title cut at ' - ', ' — ', ': ' and brackets ("[Mitigated] X is failing", "Postmortem: X")."""
    out, pos = [], start
    for m in re.finditer(r"[ \t]+[-–—|][ \t]+|:[ \t]+|[ \t]*\[[^\]\n]{0,60}\][ \t]*|[ \t]*\([^)\n]{0,80}\)[ \t]*", text[start:end]):
        if m.start() > 0:
            out.append((pos, start + m.start()))
        pos = start + m.end()
    if pos < end:
        out.append((pos, end))
    return out


def _subject(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The title's leading name ("Checkout slowness" -> "Checkout"), or the system after its failure ("TLS errors
    on api.example.com", "customers double-charged on plan renewals")."""
    words = [w.group(0) for w in _WORD.finditer(text, start, end)]
    spans = [(w.start(), w.end()) for w in _WORD.finditer(text, start, end)]
    i = 0
    while i < len(words) and (words[i].lower() in _DOC or not service_words.word_ok(words[i]) or words[i][0].isdigit()
                              or text[spans[i][0] - 1:spans[i][0]] == "#"):  # a date, a chat channel (#inc-...)
        i += 1
    j = i
    while j < len(words) and j - i < 4 and _name_word(words[j]) and (j == i or text[spans[j - 1][1]:spans[j][0]].isspace()):
        j += 1
    k = j
    while k > i and words[k - 1].lower() in _DOC:
        k -= 1
    after = j
    while after < len(words) and (words[after].lower() in _EVENT or _STATE.match(words[after])):
        after += 1
    if after > j and after < len(words) and words[after].lower() in _ON:
        obj = _object(text, spans[after][1], end)
        if obj:
            return obj
    if k > i and words[k - 1].lower() not in _CROWD and _namelike(words[i:k]):
        return [(spans[i][0], spans[k - 1][1])]
    for n in range(j, min(len(words), j + 3)):  # the crowd suffered; the system is the object
        if words[n].lower() in _OBJECT:
            return _object(text, spans[n][1], end)
    return []


def _object(text: str, pos: int, end: int) -> list[tuple[int, int]]:
    return [(s, e) for s, e in service_cues.names_right(text, pos) if e <= end and text[s:e].split()[0].lower() not in _DOC][:1]


_ON = frozenset("on in at sur im en".split())


def _namelike(words: list[str]) -> bool:
    """ "Feature Flags Service": a name before its generic head."""
    if len(words) > 1 and words[-1].lower() in ("service", "services", "system", "systems"):
        words = words[:-1]
    return service_words.namelike(" ".join(words))


def _name_word(word: str) -> bool:
    low = word.lower()
    return service_words.word_ok(word) and not (word.islower() and _VERB.match(low)) and not _STATE.match(low) and low not in _OBJECT | _EVENT \
        and not service_cues.failure_cue(word, 0, len(word))
