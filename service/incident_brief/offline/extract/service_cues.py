"""Affected-service names the notes state in words: labelled lists anywhere ("Affected services: a, b",
"Components:", "service:", "cmdb_ci:", "Unaffected:") and cue families in free text ("X was down", "customers could
not use X", "errors on X", "X outage"), with the names said to be unaffected ("X was not affected", "X stayed up")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from incident_brief.offline.literals import Gated, lowered
from incident_brief.structure import line_start

# "Affected services:", "Impacted systems:", "Components:", "service:", "Configuration item:", "cmdb_ci:", "Unaffected:"
_LABEL = re.compile(
    r"^[ \t>*_#-]{0,8}(?P<label>(?:un|not[ \t_]|non[- ]?)?(?:affected|impacted)(?:[ \t_]+(?:services?|systems?|components?|"
    r"products?|features?|applications?))?|(?:affected|impacted|business)?[ \t_]?(?:services?|systems?|components?)"
    r"(?:[ \t_]+(?:(?:not[ \t]+)?(?:affected|impacted)|unaffected))?|configuration[ \t_]items?|cmdb[ \t_]ci|functionalit(?:y|ies))"
    r"[*_ \t]{0,4}:[*_ \t]{0,4}(?P<value>[^\n]{0,300})$", re.I | re.M)
_LABEL_GATE = Gated(_LABEL, ("affected", "impacted", "service", "system", "component", "configuration", "cmdb", "functionalit"))
_NEGATIVE_LABEL = re.compile(r"^(?:un|not|non)|not[ \t]+(?:affected|impacted)|unaffected", re.I)
_ITEM_LINE = re.compile(r"[ \t]{0,8}(?:[-*+•]|\d{1,2}[.)])[ \t]+(?P<v>[^\n]{1,120})")
_OPERATIONAL = re.compile(r"[ \t]*status[ \t]*:[ \t]*(?:operational|none|ok|healthy)[ \t]*(?:\n|$)", re.I)

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
_GLUE = {"and", "or", "+", "&", ","}
STOP = frozenset(
    "the a an our their its this that these those all each every any some no of in on at for with by from to into "
    "and or but as via was were is are be been being has have had it we they he she you i there then when while after "
    "before during since because so if not also only just still even about around roughly approx approximately "
    "most many more few several both other new old which who what where how why than very would could should may "
    "might will can did does do done made make left hit ran run found set put saw see seen took take start begin "
    "become get got let like such likely already further previous total first last next am pm utc gmt ist cet pt et "
    "here per high low future past happen happens history whole entire same "
    "der die das den dem des und oder von mit für bei im zu nach le la les l un une et ou sur dans pour avec "
    "el los las y o del en con para por sin".split())
# a head word that names a measure or a crowd, not a system
GENERIC = frozenset(
    "requests request errors error users user customers customer people rate rates latency traffic time minutes "
    "minutes hours hour seconds percent tickets calls data lag load memory cpu disk things everything anything "
    "something nothing team teams service services system systems issue issues problem problems incident "
    "incidents alert alerts page pages it this that one ones part parts production prod staging impact outage "
    "downtime failures failure response responses 5xx 4xx us eu apac emea latam region regions timeout timeouts "
    "deadlock deadlocks exception exceptions crash crashes spike spikes failover rollback rollout deploy "
    "deployment migration upgrade change changes fix restart length duration".split())


@dataclass
class Named:
    """Names found, each with its first span and how many cues named it; names said to be unaffected."""
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    strong: set[str] = field(default_factory=set)  # named after "could not reach", "errors on", "affected:"
    unaffected: set[str] = field(default_factory=set)

    def add(self, name: str, start: int, strong: bool = False) -> None:
        key = next((k for k in self.spans if k.lower() == name.lower()), name)
        if strong:
            self.strong.add(key)
        self.spans.setdefault(key, (start, start + len(name)))
        self.hits[key] = self.hits.get(key, 0) + 1


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
        names.append(_without_units(text, toks[j + 1][0], toks[i][1]))
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
            names.append(_without_units(text, cur[0].start(), cur[-1].end()))
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


def word_ok(word: str) -> bool:
    """A word a name can hold: not a stop word, number, adverb, past participle or possessive."""
    w = word.lower()
    return w not in STOP and not _NUMBER.fullmatch(w) and not w.endswith(("ly", "ed", "'s", "’s", "'", "’"))


_NUMBER = re.compile(r"\d[\d.,:]*(?:st|nd|rd|th|s|am|pm|h|m|ms|k|x|xx|%)?")  # "2FA", "S3" are names; "10am", "5xx" are not
# the units a system runs on: "coredns pods", "GKE nodes" name "coredns", "GKE"
_UNITS = re.compile(r"[ \t]+(?:pods?|containers?|replicas?|instances?|nodes?|hosts?|processes)$", re.I)


def _without_units(text: str, start: int, end: int) -> tuple[int, int]:
    m = _UNITS.search(text, start, end)
    return (start, m.start()) if m and m.start() > start else (start, end)


_COMPOUND = re.compile(r"(?:non|in|on|re|pre|post|self|co|multi|cross|well|full|half|one|two|all|sub|semi)-\w+|"
                       r"\w+-(?:wide|side|only|based|like|free|level|term|related|specific|aware|safe|facing|up|out|in|off|time)", re.I)


def namelike(name: str) -> bool:
    words = name.split()
    if len(words) == 1 and _COMPOUND.fullmatch(name):
        return False
    head = re.sub(r"\(.*", "", words[-1]).lower().strip("'`\"")
    if words[0].islower() and words[0].endswith("ing"):  # "pulling build images": a verb, not a name
        return False
    return bool(head) and head not in GENERIC and not head.isdigit() and len(name) <= 60 and any(c.isalpha() for c in head)


_IDENTIFIER_LIKE = re.compile(r"[\w][-_.][\w]|[a-z][A-Z]|\w\d|[A-Z]{2}")


@lru_cache(maxsize=256)  # asked once per cue match: the count is read once per name
def _mentioned(text: str, name: str) -> int:
    low = lowered(text)
    return (low if low is not None else text.lower()).count(name)


def stressed(text: str, name: str, start: int, strong: bool = False) -> bool:
    """A cue name the notes stress: written like an identifier or a proper name (not only capitalised by position),
    called "the X" / "our X", on a title or heading line, or (several words, or after a strong cue) named more than
    once. One plain lower-case word after a weak cue ("writes failing") is not enough."""
    if _IDENTIFIER_LIKE.search(name) and not _COMPOUND.fullmatch(name):
        return True
    line = line_start(text, start)
    before = text[max(line, start - 6):start].lower()
    if re.search(r"\b(?:the|our)\s+$", before) or re.match(r"[ \t]*(?:#{1,6}[ \t]|title:|subject:)", text[line:start], re.I):
        return True
    lead = text[max(line, start - 3):start]
    if name[0].isupper() and not (start == line or re.search(r"[.!?:*>-][ \t]*$|^[ \t]+$", lead)):
        return True
    if " " not in name and not strong:
        return False
    return strong or _mentioned(text, name.lower()) > 1


_KEBAB = re.compile(r"(?<![\w./@:#-])`?([a-z][a-z0-9]*(?:-[a-z0-9]+){1,3})`?(?![\w-]|\.\w|\()")
_KEBAB_GATE = Gated(_KEBAB, ("-",))


def identifiers(text: str, start: int = 0) -> Named:
    """kebab-case names ("corp-vpn", "payroll-export") named twice or on a title line; English compounds
    ("follow-up", "service-wide") and region codes left out."""
    out, seen = Named(), {}
    for m in _KEBAB_GATE.finditer(text, start):
        name = m.group(1)
        parts = name.split("-")
        if _COMPOUND.fullmatch(name) or parts[0] in STOP or parts[-1] in GENERIC or parts[-1].endswith("ed") \
                or re.fullmatch(r"(?:us|eu|ap|sa|ca|me|af)-[a-z]+(?:-\d)?", name):
            continue
        seen.setdefault(name, []).append(m.start(1))
    for name, starts in seen.items():
        line = line_start(text, starts[0])
        titled = re.match(r"[ \t]*(?:#{1,6}[ \t]|title:|subject:)", text[line:starts[0]], re.I)
        if len(starts) > 1 or titled:
            for s in starts:
                out.add(name, s)
    return out


def failure_cue(text: str, start: int, end: int) -> bool:
    """A failure said after a name somewhere in text[start:end] (a title, one line)."""
    return _AFTER.search(text, start, end) is not None
