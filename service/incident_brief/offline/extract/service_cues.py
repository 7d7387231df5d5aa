"""Affected-service names the notes state in free text, by cue families: a failure said after a name ("X was down",
"X outage", "X hit its connection limit"), or before it ("customers could not use X", "errors on X", "problems with
X"), with the names said to be unaffected ("X was not affected")."""

from __future__ import annotations

import re
from itertools import islice

from incident_brief.offline.extract.service_words import Named, namelike, without_units, word_ok
from incident_brief.offline.literals import Gated

# the cue families: a failure said after a name, or before it
# Notes never name more failures than this; past it a long run of cue phrases is not read match by match.
MAX_MATCHES = 2000

_AFTER = re.compile(
    r"\b(?:(?:was|were|is|are|went|got|became|has been|have been|had been|kept|started|starts|began|seems|seemed)[ \t]+)?"
    r"(?:(?:fully|partially|completely|intermittently|briefly|totally|still|also|then)[ \t]+)?"
    r"(?:unavailable|down\b|degraded|failing|failed|fails?\b(?![ \t]+to\b)|offline|unreachable|broken|disrupted|erroring|timing out|"
    r"(?:in[ \t]+)?crashloop\w*|oom-?killed|stopped (?:working|responding|loading|processing|syncing)|(?:switched|turned) off|"
    r"went dark|(?:sent|went out|ran) twice|serving (?:truncated|stale|corrupt\w*|wrong|empty|broken|incorrect)|"
    # German, French, Spanish: "fiel aus", "konnten keine", "en panne", "no funciona"
    r"ausgefallen|fiel(?:en)? aus|gestört|nicht (?:erreichbar|verfügbar)|konnten? (?:keine|nicht)|funktionierte?n? nicht|"
    r"en panne|hors service|inaccessibles?|ne fonctionn\w* plus|caíd[oa]s?|no disponibles?|no funciona\w*|"
    r"not (?:being )?(?:delivered|processed|working|loading|available|responding|reachable|picking up)|"
    r"returning (?:errors|stale|empty|\d{3}s?\b)|throwing|stuck|stalled|delayed|declined|crash(?:ed|ing|looping)|"
    r"ran out of|out of memory|hit an? error|serv(?:ed|ing) (?:errors|\d{3}s?\b)|back (?:online|up|to normal)|"
    r"healthy again|recovered|restored|outage|downtime|errors\b|failures\b)", re.I)
_BEFORE = re.compile(
    r"\b(?:(?:could not|couldn't|can't|cannot|unable to|failed to|were unable to)[ \t]+"
    r"(?:use|reach|access|load|open|log ?in(?:to)?|sign ?in(?:to)?|connect to|download from|upload to|reach)|"
    r"(?:errors?|failures?|outage|downtime|degradation|disruption|impact|5xx|502s|503s|timeouts?|latency)[ \t]+"
    r"(?:on|in|of|at|for|to|with)|(?:affected|impacted)[ \t]*:|logged out of|locked out of|"
    # "429 Too Many Requests on the X", "declined payments on X"
    r"\b[45]\d\d(?:s|'s)?(?:[ \t]+[A-Z][a-z]+){0,4}[ \t]+(?:on|from)|"
    r"(?:declined|failed|failing|rejected|dropped|timed[- ]out)[ \t]+[a-z]{3,20}[ \t]+(?:on|at)|"
    # "échouent sur l'X", "indisponibles sur la X", "Fehler im X", "errores en el X"
    r"(?:échou\w*|indisponibles?|erreurs?|pannes?|Fehler|Ausfall|Störung|errores|fallos?|fallan|falla)[ \t]+"
    r"(?:sur|dans|de|im|in|beim|bei|en|del?)(?:[ \t]+(?:la|le|les|der|dem|den|el|los|las))?)[ \t]+(?:[ldLD]['’])?", re.I)
_CUE_WORDS = ("unavailable", "down", "degrad", "fail", "offline", "unreachable", "broken", "disrupt", "erroring",
              "timing out", "not ", "returning", "throwing", "stuck", "stalled", "delayed", "declined", "crash",
              "ran out", "out of memory", "error", "serv", "back ", "healthy again", "recovered", "restored",
              "outage", "downtime", "could", "can", "unable", "impact", "latency", "timeout",
              "5xx", "502", "503", "affected", "logged out", "locked out", "declined", "rejected", "dropped",
              "crashloop", "oom", "stopped", "switched off", "turned off", "went dark", "twice", "serving", "ausgefallen",
              "fiel", "gestört", "nicht", "konnte", "funktionier", "panne", "hors service", "inaccessible",
              "fonctionn", "caíd", "disponible", "funciona", "échou", "erreur", "fehler", "ausfall", "störung",
              "fall")
_AFTER_GATE = Gated(_AFTER, _CUE_WORDS)
# a status code holds no cue word, but is followed by "on" or "from" ("429 Too Many Requests on the X")
_BEFORE_NEAR = Gated(_BEFORE, _CUE_WORDS + ("on", "from"))
_ATTRIBUTE = re.compile(r"[ \t]+(?:(?:the|a|an|our|its|their|every)\b|(?!(?:again|today|yesterday|overnight|since|for|after|"
                        r"until|when|while|and|or|but|with|in|on|at|from|to|by|as|because|due|between|during|across|"
                        r"globally|completely|intermittently|briefly|entirely|too|again|around|about|now|then|too)\b)[a-z]{3,}\b)")
_NEGATED = re.compile(r"\b(?:not|n't|never|no)\b[ \t\w]{0,12}$", re.I)

_TOKEN = re.compile(r"\([^()\n]{1,40}\)|[\w][\w.+/'’-]*", re.U)

def cued(text: str, start: int = 0) -> Named:
    """Names a failure cue names: "X was down", "X outage" (before the cue), "could not reach X", "errors on X"."""
    out = Named()
    for m in islice(_AFTER_GATE.near(text, start), MAX_MATCHES):
        if text[m.start() - 1:m.start()] in ("-", "_") and m.start() > 0:
            continue  # "#inc-payments-errors": the cue word is the end of one hyphenated name
        if text.startswith(":", m.end()) or (_ATTRIBUTE.match(text, m.end()) and not _TAKES_OBJECT.search(m.group(0))):
            continue  # "Shipments delayed: 1830" is a label; "failed connection attempts", "restored the DNS"
        left = _clause_left(text, m.start())
        negated = bool(_NEGATED.search(text, left, m.start()))  # "X not delivered" is a failure; "not X ... down" is not
        for s, e in _names_left(text, left, m.start()):
            (out.unaffected.add(text[s:e].lower()) if negated else out.add(text[s:e], s))
    for m in islice(_BEFORE_NEAR.near(text, start), MAX_MATCHES):
        for s, e in names_right(text, m.end()):
            out.add(text[s:e], s, strong=True)
    return out


# cues whose next word is their object ("returning stale results", "ran out of memory"), not the noun they qualify
_TAKES_OBJECT = re.compile(r"\b(?:returning|serving|throwing|ran out of|out of memory)\b", re.I)


def _clause_left(text: str, pos: int) -> int:
    lo = max(0, pos - 90)
    stop = max(text.rfind(c, lo, pos) for c in (". ", ": "))
    cut = max(max(text.rfind(c, lo, pos) for c in ";!?\n|\r") + 1, stop + 2 if stop >= 0 else 0)
    return max(lo, cut)


def _names_left(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The names right before a cue, coordinated ("orders-api and inventory-api", "web + app"), verbs skipped;
    none when a preposition governs them ("builds of the crates failed": the builds failed)."""
    toks = [(t.start(), t.end(), t.group(0)) for t in _TOKEN.finditer(text, lo, hi)]
    if toks and toks[0][0] == lo and lo > 0 and text[lo - 1].isalnum():
        toks = toks[1:]  # the window began inside a word
    names: list[tuple[int, int]] = []
    i = len(toks) - 1
    while i >= 0 and toks[i][2].lower() in _AUX:
        i -= 1
    if i > 0 and toks[i][2].startswith("("):  # "sessions redis (cache-02) ran out of memory": the name before the aside
        i -= 1
    while i >= 0 and len(names) < 3:
        j = i
        while j >= 0 and i - j < 3 and word_ok(toks[j][2]) and (j == i or text[toks[j][1]:toks[j + 1][0]].isspace()):
            j -= 1
        if j == i or toks[j + 1][2].startswith("(") or not namelike(text[toks[j + 1][0]:toks[i][1]]):
            break
        if j >= 0 and not names and _governed(toks, j):
            return []
        names.append(without_units(text, toks[j + 1][0], toks[i][1]))
        glue = toks[j][2].lower() if j >= 0 else ""
        gap = text[toks[j][1]:toks[j + 1][0]].strip() if j >= 0 else ""
        if glue in ("and", "or", "und", "oder", "et", "ou", "y", "o"):
            i = j - 1
        elif j >= 0 and gap in ("+", "&", "/"):
            i = j
        else:
            break
    return names


def _governed(toks: list[tuple[int, int, str]], j: int) -> bool:
    """The word before a name is a preposition ("errors in the X", "builds of the X"); "38% of X" is not."""
    k = j
    while k >= 0 and toks[k][2].lower() in ("the", "our", "their", "its", "all"):
        k -= 1
    if k < 0:
        return False
    word = toks[k][2].lower()
    if word == "of":
        return not (k > 0 and (toks[k - 1][2][0].isdigit() or toks[k - 1][2].lower() in ("some", "most", "many", "half", "all")))
    return word in _PREPOSITIONS


_PREPOSITIONS = frozenset("in for from with to on at by into via behind after before during under over".split())


def names_right(text: str, pos: int) -> list[tuple[int, int]]:
    """The names right after a cue ("login or the public API")."""
    end = min(len(text), pos + 90)
    stop = re.compile(r"[.:](?!\w)|[;!?\n\r|]").search(text, pos, end)
    toks = list(_TOKEN.finditer(text, pos, stop.start() if stop else end))
    names, cur = [], []
    for t in toks + [None]:
        w = t.group(0).lower() if t else ""
        if t is not None and word_ok(w) and len(cur) < 3 and (not cur or text[cur[-1].end():t.start()].isspace()):
            cur.append(t)
            continue
        if cur:
            names.append(without_units(text, cur[0].start(), cur[-1].end()))
        if t is not None and cur and text[cur[-1].end():t.start()].strip() in ("+", "&", "/") and word_ok(w):
            cur = [t]  # "logged out of web + app"
            continue
        if t is None or w not in ("the", "our", "and", "or") or len(names) >= 3:
            break
        cur = []
    return [(s, e) for s, e in names if namelike(text[s:e])]


_AUX = frozenset("was were is are went got became become becoming has have had been being kept started starts began "
                 "seems seemed "
                 "fully partially completely intermittently briefly totally still also then now all too".split())



def failure_cue(text: str, start: int, end: int) -> bool:
    """A failure said after a name somewhere in text[start:end] (a title, one line)."""
    return _AFTER.search(text, start, end) is not None
