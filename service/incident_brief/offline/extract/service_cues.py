"""Affected-service names the notes state in free text, by cue families: a failure said after a name ("X was down",
"X outage", "X hit its connection limit"), or before it ("customers could not use X", "errors on X", "problems with
X"), with the names said to be unaffected ("X was not affected")."""

from __future__ import annotations

import re
from itertools import islice

from incident_brief.offline.extract.service_words import GENERIC, Named, namelike, without_units, word_ok
from incident_brief.offline.literals import Gated

# the cue families: a failure said after a name, or before it
# Notes never name more failures than this; past it a long run of cue phrases is not read match by match.
MAX_MATCHES = 2000

_AFTER = re.compile(
    r"\b(?:(?:was|were|is|are|went|got|became|has been|have been|had been|kept|started|starts|began|seems|seemed)[ \t]+)?"
    r"(?:(?:fully|partially|completely|intermittently|briefly|totally|still|also|then)[ \t]+)?"
    r"(?:unavailable|down\b|degraded|failing|failed over|failed|fails?\b(?![ \t]+to\b)|offline|unreachable|broken|disrupted|erroring|timing out|"
    r"(?:in(?:to)?[ \t]+)?crashloop\w*|oom-?killed|stopped (?:working|responding|loading|processing|syncing)|(?:switched|turned) off|"
    r"went dark|(?:sent|went out|ran) twice|serv(?:ing|ed) (?:truncated|stale|corrupt\w*|wrong|empty|broken|incorrect)|"
    # German, French, Spanish: "fiel aus", "konnten keine", "en panne", "no funciona"
    r"ausgefallen|fiel(?:en)? aus|gestört|nicht (?:erreichbar|verfügbar)|konnten? (?:keine|nicht)|funktionierte?n? nicht|"
    r"en panne|hors service|inaccessibles?|ne fonctionn\w* plus|caíd[oa]s?|no disponibles?|no funciona\w*|"
    r"not (?:being )?(?:delivered|processed|working|loading|available|responding|reachable|picking up)|"
    r"returning (?:errors|stale|empty|\d{3}s?\b)|throwing|stuck|stalled|delayed|declined|crash(?:ed|ing|looping)|"
    r"ran out of|out of memory|hit an? error|serv(?:ed|ing) (?:errors|\d{3}s?\b)|back (?:online|up|to normal)|"
    r"healthy again|recovered|restored|outage|downtime|errors\b|failures\b|blips?\b|hiccups?\b|glitch(?:es)?\b|"
    # a group that never settles: "the notifier consumer group rebalancing every 40 s"
    r"rebalancing\b|"
    # a recovery says what had failed: "customs declarations are going out normally again", "werkt weer"
    r"(?:working|running|flowing|going[ \t]+out|loading|syncing|arriving|sending|processing|responding)"
    r"(?:[ \t]+(?:normally|fine|properly))?[ \t]+again\b|wieder[ \t]+(?:verfügbar|erreichbar|online)|werk(?:t|en)[ \t]+weer|"
    r"funciona(?:n)?[ \t]+de[ \t]+nuevo|fonctionne(?:nt)?[ \t]+(?:à[ \t]+nouveau|de[ \t]+nouveau)|"
    # capacity and starvation: "hit its multipart upload limit", "reached our node limit", "starved of CPU", "lost service"
    r"(?:hit|reached|exceeded)[ \t]+(?:its|their|our|the|an?)[ \t]+(?:[\w-]+[ \t]+){0,2}(?:limit|quota|cap(?:acity)?)s?\b|"
    r"(?:being[ \t]+)?starved\b|(?:temporarily\s{1,4})?lost\s{1,4}(?:service|connectivity|power|quorum)|"
    # "the database server causing issues", "causing more problems"
    r"causing[ \t]+(?:\w+[ \t]+)?(?:issues|problems|errors|trouble|outages?)\b|"
    # a product surface that shows nonsense: "shows stop lists in nonsense order", "showing stale balances"
    r"(?:shows?|showing|showed|displays?|displaying|displayed|lists?|listing|listed)[ \t]+(?:[\w'-]+[ \t]+){0,3}?"
    r"(?:stale|wrong|empty|blank|incorrect|outdated|garbled|duplicated?|nonsense|missing|random|corrupt\w*)\b|"
    # security: "exposed to the internet", "was compromised", "leaked"
    r"exposed(?![ \t]+(?:by|via|as|through|over)\b)|compromised|breached|hijacked|"
    # Dutch, German, Spanish: "mislukken", "ligt eruit", "steht still", "fallan"
    r"mislukk?(?:en|t)|lig(?:t|gen)[ \t]+(?:er[ \t]*)?uit|werk(?:t|en)[ \t]+niet|(?:steht|stehen|stand|standen)[ \t]+(?:still|seit)\b|"
    r"fallan|fallaron|falló|fallando|no funcionan?)", re.I)
_BEFORE = re.compile(
    r"\b(?:(?:could not|couldn't|can't|cannot|can not|unable to|failed to|were unable to)[ \t]+"
    r"(?:use|reach|access|load|open|log ?in(?:to)?|sign ?in(?:to)?|connect to|download from|upload to|reach)|"
    r"(?:errors?|failures?|outage|downtime|degradation|disruption|impact|5xx|502s|503s|timeouts?|latency)[ \t]+"
    r"(?:on|in|of|at|for|to|with)|(?:affected|impacted)[ \t]*:|logged out of|locked out of|"
    # a stream or page that stalls: "buffering on the finale stream", "crashes in the X"
    r"(?:buffering|stalls?|stalling|freez(?:es|ing)|lag(?:ging)?|crash(?:es|ing)?|dropouts?)[ \t]+(?:on|in|of|at|for|with)|"
    # "problems with accessing the storage backend", "issues with our X"
    r"(?:problems?|issues?|trouble)[ \t]+(?:with(?:[ \t]+(?:accessing|access[ \t]+to|reaching|using|connecting[ \t]+to))?|"
    r"accessing|reaching)|(?:inaccessible|unreachable|unresponsive)|"
    # "the affected Redis cache", "the impacted APIs"; "leaked from X", "a vulnerability in X"
    r"(?:the|all|every|each)[ \t]+(?:affected|impacted)|(?:leaked|exfiltrated|stolen)[ \t]+(?:from|out of)|"
    r"vulnerab(?:le|ility|ilities)[ \t]+in|"
    # "reached our node limit on GKE"
    r"(?:hit|reached|exceeded)[ \t]+(?:its|their|our|the|an?)[ \t]+(?:[\w-]+[ \t]+){0,2}limits?[ \t]+(?:on|in|of|for)|"
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
              "fall", "limit", "quota", "capacit", "starved", "lost ", "show", "display", "list", "exposed", "compromised",
              "breached", "hijacked", "mislukk", "blip", "hiccup", "glitch", "rebalanc", "again", "wieder",
              "weer", "nuevo", "nouveau", "uit", "niet", "steht", "stehen", "stand", "problem", "issue", "trouble",
              "leaked", "exfiltrated", "causing", "unresponsive", "stolen", "vulnerab", "buffering", "stall", "freez", "lag")
_AFTER_GATE = Gated(_AFTER, _CUE_WORDS)
# a status code holds no cue word, but is followed by "on" or "from" ("429 Too Many Requests on the X")
_BEFORE_NEAR = Gated(_BEFORE, _CUE_WORDS + ("on", "from"))
_ATTRIBUTE = re.compile(r"[ \t]+(?:(?:the|a|an|our|its|their|every(?![ \t]+(?:\d|few|couple|other|minute|hour|second)))\b|"
                        r"(?!(?:every(?=[ \t]+(?:\d|few|couple|other|minute|hour|second))|again|today|yesterday|overnight|last|this|earlier|tonight|twice|repeatedly|once|since|for|after|"
                        r"until|when|while|and|or|but|with|in|on|at|from|to|by|as|because|due|between|during|across|"
                        r"globally|completely|intermittently|briefly|entirely|too|again|around|about|now|then|too|"
                        r"since|desde|sinds|seit|depuis|vanaf|om|sur|hoy|heute)\b)[a-z]{3,}\b)")
_NEGATED = re.compile(r"\b(?:not|n't|never|no)\b[ \t\w]{0,12}$", re.I)

_TOKEN = re.compile(r"\([^()\n]{1,40}\)|[\w][\w.+/'’-]*", re.U)

def cued(text: str, start: int = 0) -> Named:
    """Names a failure cue names: "X was down", "X outage" (before the cue), "could not reach X", "errors on X"."""
    out = Named()
    for m in islice(_AFTER_GATE.near(text, start), MAX_MATCHES):
        if text[m.start() - 1:m.start()] in ("-", "_") and m.start() > 0:
            continue  # "#inc-payments-errors": the cue word is the end of one hyphenated name
        if _KIND_OF_EVENT.match(m.group(0)) and _ON_PLACE.match(text, m.end()):
            continue  # "a brief DNS hiccup on the status page": the name before says what kind of blip, not what failed
        if text.startswith(":", m.end()) or (_ATTRIBUTE.match(text, m.end()) and not _TAKES_OBJECT.search(m.group(0))):
            continue  # "Shipments delayed: 1830" is a label; "failed connection attempts", "restored the DNS"
        left = _clause_left(text, m.start())
        negated = bool(_NEGATED.search(text, left, m.start()))  # "X not delivered" is a failure; "not X ... down" is not
        names = _names_left(text, left, m.start())
        said = _PREDICATE.match(m.group(0)) is not None
        for s, e in names:  # names said to fail by a predicate ("matchmaking and the ranked queue are down", "Product
            # search has been returning stale results"): several, or one of several words, are stressed
            strong = said and (len(names) > 1 or " " in text[s:e])
            (out.unaffected.add(text[s:e].lower()) if negated else out.add(text[s:e], s, strong=strong))
    for m in islice(_BEFORE_NEAR.near(text, start), MAX_MATCHES):
        if _loose(text, m):
            continue
        negated = bool(_NEGATED.search(text, _clause_left(text, m.start()), m.start()))  # "no actual impact on X"
        for s, e in names_right(text, m.end()):
            if negated:
                out.unaffected.add(text[s:e].lower())
                continue
            if _AFFECTED_ADJ.search(m.group(0).rstrip()) and text[s:e].islower() and " " not in text[s:e]:
                continue  # "rescheduled the affected deliveries": a crowd of items, not a system
            out.add(text[s:e], s, strong=True)
    return out


_KIND_OF_EVENT = re.compile(r"(?:blips?|hiccups?|glitch(?:es)?)$", re.I)
_ON_PLACE = re.compile(r"[ \t]+(?:on|in|at|with|for|of)[ \t]+(?!\d|around|about|night|noon)", re.I)
_TROUBLE = re.compile(r"(?:problems?|issues?|trouble)\b", re.I)
_RAISED = re.compile(r"(?:raised|opened|filed|logged|created|submitted|open)[ \t]+(?:an?|the)[ \t]+$", re.I)
_NAMED_NEXT = re.compile(r"(?:the|our|their|its|some|all|accessing|access|reaching|using|connecting)\b|[`A-Z]|\w+[-_.]\w")


def _loose(text: str, m: re.Match) -> bool:
    """ "raised an issue with AWS" (a ticket), "this problem with sequences" (a topic): "problems with" names a system
    only before "the/our X", a proper or identifier-like name."""
    if not _TROUBLE.match(m.group(0)):
        return False
    return bool(_RAISED.search(text, max(0, m.start() - 24), m.start())) or not _NAMED_NEXT.match(text, m.end())


_PREDICATE = re.compile(r"(?:was|were|is|are|went|got|became|has|have|had|kept|started|starts|began|seems|seemed)\b", re.I)
_AFFECTED_ADJ = re.compile(r"(?:affected|impacted)$", re.I)


# cues whose next word is their object ("returning stale results", "ran out of memory"), not the noun they qualify
_TAKES_OBJECT = re.compile(r"\b(?:returning|serving|served|throwing|ran out of|out of memory|shows?|showing|showed|displays?|displaying|"
                           r"displayed|lists?|listing|listed|hit|reached|exceeded)\b", re.I)


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
    i = _before_region(toks, i)
    while i >= 0 and len(names) < 3:
        j = i
        while j >= 0 and i - j < 3 and (word_ok(toks[j][2]) or _attributive(toks, j, i)) \
                and (j == i or text[toks[j][1]:toks[j + 1][0]].isspace()):
            j -= 1
        if j == i or toks[j + 1][2].startswith("(") or not namelike(text[toks[j + 1][0]:toks[i][1]]):
            break
        if j >= 0 and _governed(toks, j):
            # "the redirect URLs for crate and readme downloads were broken": the URLs were; "nightly backups for
            # tenant dbs failed": the backups for those dbs are the failing system
            return [] if names else _purpose(text, toks, j, i)
        if names and j >= 0 and word_ok(toks[j][2]):
            break  # a second name must be whole: "the parser reads garbage and the X" holds a clause, not a name
        names.append(without_units(text, toks[j + 1][0], toks[i][1]))
        while j > 0 and toks[j][2].lower() in _ARTICLES:  # "matchmaking and the ranked queue"
            j -= 1
        glue = toks[j][2].lower() if j >= 0 else ""
        gap = text[toks[j][1]:toks[j + 1][0]].strip() if j >= 0 else ""
        if glue in ("and", "or", "und", "oder", "et", "ou", "y", "o"):
            i = j - 1
        elif j >= 0 and gap in ("+", "&", "/"):
            i = j
        else:
            break
    return names


_REGION = re.compile(r"(?:us|eu|uk|apac|emea|latam|asia|europe|[a-z]{2}-[a-z]+-\d)$", re.I)


def _before_region(toks: list[tuple[int, int, str]], i: int) -> int:
    """The token before "in US and EU", "in eu-west-1": a region names where, not what."""
    j = i
    while j > 0 and _REGION.match(toks[j][2]):
        j -= 1
        if toks[j][2].lower() in ("and", "or", "&", "/") and j > 0:
            j -= 1
    return j - 1 if j < i and j > 0 and toks[j][2].lower() in ("in", "at") else i


_ARTICLES = frozenset("the our their its a an".split())


def _attributive(toks: list[tuple[int, int, str]], j: int, i: int) -> bool:
    """ "the ranked queue", "our managed cache": a participle between an article and a name is part of the name."""
    return j < i and j > 0 and toks[j][2].lower().endswith("ed") and toks[j - 1][2].lower() in _ARTICLES


def _governed(toks: list[tuple[int, int, str]], j: int) -> bool:
    """The word before a name is a preposition ("errors in the X", "builds of the X"); "38% of X" is not."""
    k = j
    while k >= 0 and toks[k][2].lower() in ("the", "our", "their", "its", "all"):
        k -= 1
    if k < 0:
        return False
    word = toks[k][2].lower()
    if k > 0 and (word, toks[k - 1][2].lower()) in _CAUSAL:
        return False  # "due to the registry being down": the registry failed
    if word == "of":
        return not (k > 0 and (toks[k - 1][2][0].isdigit() or toks[k - 1][2].lower() in ("some", "most", "many", "half", "all")))
    return word in _PREPOSITIONS


def _purpose(text: str, toks: list[tuple[int, int, str]], j: int, i: int) -> list[tuple[int, int]]:
    """ "backups for tenant dbs", "exports for the EU region": a plural head, "for", and a name, as one name."""
    k = j
    while k >= 0 and toks[k][2].lower() in _ARTICLES:
        k -= 1
    if k < 1 or toks[k][2].lower() not in _FOR or not text[toks[k - 1][1]:toks[k][0]].isspace():
        return []
    head = toks[k - 1][2]
    if not (word_ok(head) and head.islower() and head.endswith("s") and namelike(head)) or head.lower() in GENERIC:
        return []
    return [(toks[k - 1][0], toks[i][1])]


_FOR = frozenset("for für pour para voor per".split())
_PREPOSITIONS = frozenset("in for from with to on at by into behind after before during under over".split())
_CAUSAL = {("to", "due"), ("to", "owing"), ("to", "thanks"), ("of", "because")}


def names_right(text: str, pos: int) -> list[tuple[int, int]]:
    """The names right after a cue ("login or the public API"); the place a thing is in when one follows ("could not
    open lab results in the EHR inbox": the inbox), and a name without its measure ("the build server logs")."""
    out = []
    for s, e in _names_right(text, pos):
        place = _PLACE.match(text, e)
        inner = _names_right(text, place.end())[:1] if place else []
        out.append(inner[0] if inner and namelike(text[inner[0][0]:inner[0][1]]) else (s, e))
    return [_without_measure(text, s, e) for s, e in out]


_SKIPPED = frozenset("the our their its any all some new a an my your and or various several numerous many "
                     "la le les l der die das dem den el los las de het".split())
_PLACE = re.compile(r"[ \t]+(?:in|on|within|inside)[ \t]+(?=(?:the|our)[ \t])", re.I)
_MEASURE = frozenset("log logs requests request traffic calls responses pages errors".split())
_TAIL = re.compile(r"[ \t]+[\w-]+$")


def _without_measure(text: str, start: int, end: int) -> tuple[int, int]:
    m = _TAIL.search(text, start, end)
    if m and m.start() > start and m.group(0).strip().lower() in _MEASURE:
        return start, m.start()
    return start, end


def _names_right(text: str, pos: int) -> list[tuple[int, int]]:
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
        if t is None or not (w in _SKIPPED or (not cur and w.endswith(("'s", "’s")))) or len(names) >= 3:
            break
        cur = []
    names = _shared_head(text, names)
    return [(s, e) for s, e in names if (namelike(text[s:e]) or namelike(text[s:_without_measure(text, s, e)[1]]))
            and not _ACTIVITY.match(text, s)]


_CONJ = re.compile(r"[ \t]+(?:and|or|und|oder|et|ou|y|o|en|of|e)[ \t]+$", re.I)
# "the uploading of assets": an activity on things, not a system
_ACTIVITY = re.compile(r"[a-z]+ing[ \t]+of\b")


def _shared_head(text: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "image and video processing services": one word, a conjunction and a name of several words share that name's
    head, so they are one name ("web and app", "login or the public API" stay two)."""
    first = text[names[0][0]:names[0][1]].lower() if names else ""
    if len(names) > 1 and " " not in first and first not in _HEADS and " " in text[names[1][0]:names[1][1]] \
            and _CONJ.fullmatch(text, names[0][1], names[1][0]) and names[0][1] < names[1][0] \
            and text[names[1][0]:names[1][1]].split()[-1].lower() in _HEADS:
        return [(names[0][0], names[1][1])] + names[2:]
    return names


# heads a pair of qualifiers can share ("image and video processing services", "iOS and Android apps")
_HEADS = frozenset("service services system systems servers server apps app clients client pipelines pipeline jobs job "
                   "workers worker queues queue apis api endpoints endpoint databases database clusters cluster "
                   "sites site pages page stores store feeds feed".split())


_AUX = frozenset("was were is are went got became become becoming has have had been being kept started starts began "
                 "seems seemed "
                 "fully partially completely intermittently briefly totally still also then now all too".split())



def failure_cue(text: str, start: int, end: int) -> bool:
    """A failure said after a name somewhere in text[start:end] (a title, one line)."""
    return any(not (_KIND_OF_EVENT.match(m.group(0)) and _ON_PLACE.match(text, m.end()))
               for m in islice(_AFTER.finditer(text, start, end), 8))
