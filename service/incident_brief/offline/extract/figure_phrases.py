"""The words around a stated figure: the things counted, the outcome they met, and the label made of them.

"2,700 bookings were lost" -> things "bookings", outcome "lost", label "bookings lost". The vocabulary covers
the languages the notes come in; people, tickets, durations, sizes and machines are never the things counted.
"""

from __future__ import annotations

import re

from incident_brief.schema import MAX_FIGURE_LABEL, Figure, figure_ok

OUTCOME = re.compile(r"(?:fail\w*|timed|lost|los(?:e|ing)|delay\w*|late|queued|stuck|held|declin\w*|reject\w*|dropp\w*|"
                     r"duplicat\w*|unsubscrib\w*|timed out|time out|bounc\w*|cancel\w*|abandon\w*|blocked|missed|"
                     r"wrong|incorrect\w*|stale|corrupt\w*|undeliver\w*|unprocessed|verzögert|verloren|"
                     r"fehlgeschlagen|storniert|perdu\w*|échou\w*|retard\w*|annul\w*|perdid\w*|fallid\w*|"
                     r"retrasad\w*|expired|verspätet\w*|schlugen|scheiterten|gescheitert|"
                     r"abgelehnt|abgebrochen|ausgefallen|fehlerhaft|fallaron|fall[oó]|rechazad\w*|"
                     r"mislukt\w*|faalden|vertraagd|geweigerd|afgewezen|getroffen|"
                     r"verlopen|bloqu\w*|refus[ée]\w*|rejet[ée]\w*|"
                     # inflected (de: "abgebrochene"), and pt/it/es: "afetados", "annullati", "cancelados", "falhados"
                     r"(?:abgebrochen|storniert|verzögert|fehlgeschlagen|verloren|gescheitert|abgelehnt|ausgefallen)e[nmrs]?|"
                     r"afetad[oa]s?|afectad[oa]s|colpit[oie]|impattat[oie]|coinvolt[oie]|betroffene[nmrs]?|"
                     r"cancelad[oa]s?|falhad[oa]s?|falharam|perdid[oa]s|recusad[oa]s?|atrasad[oa]s?|"
                     r"fallit[oie]|pers[oie]|rifiutat[oie]|bloccat[oie]|ritardat[oie]|sospes[oie])$", re.I)
NEGATION = {"not", "never", "nicht", "pas", "no", "couldn't", "wasn't", "weren't", "didn't", "n'ont", "n'a", "niet",
            "nooit", "nunca"}
_PARTICLES = {"fehl", "aus", "ab"}  # "schlugen fehl", "fielen aus", "brachen ab"
# Words that may stand between the things counted and the outcome: auxiliaries, modals, adverbs.
AUX = {"were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "could", "can", "did", "got", "get",
       "all", "also", "still", "either", "entirely", "completely", "effectively", "then",
       "hat", "haben", "sich", "wurden", "wurde", "sind", "ist", "ont", "été", "sont", "pu", "être", "fueron",
       "se", "que", "hubo", "han", "sido", "which", "that", "who", "werden", "waren", "zijn", "werd", "zijn",
       "estaban", "quedaron", "resultaron", "son", "konden", "konnten", "pudieron", "kunnen", "können", "pouvaient",
       "podían"}
PREPOSITIONS = {"of", "in", "on", "at", "from", "for", "with", "by", "to", "via", "per", "across", "during", "de",
                "du", "des", "par", "pour", "avec", "sin", "con", "en", "del", "von", "mit", "im", "für", "the", "a",
                "an", "and", "or", "their", "our", "its", "about", "before", "after", "since", "until", "than", "as",
                "because", "while", "when", "it", "they", "we", "he", "she", "you", "i", "la", "le", "les", "el",
                "los", "las", "die", "der", "den"}
_STRONG = re.compile(r"(?:late|wrong|incorrect\w*|twice|duplicat\w*|missing|stale)$", re.I)
# A verb right after the things counted that makes them the people affected (the users field's business).
_EXPERIENCED = re.compile(r"(?:saw|see|seeing|experienced|hit|got|received|reported|noticed|could|couldn't|"
                          r"cannot|can't|were unable|unable)$", re.I)
_CHANGE = re.compile(r"(?:dropped|fell|down|decreased|declined|lower)$", re.I)
_PEOPLE_WORDS = (
    r"users?|customers?|people|persons?|accounts?|subscribers?|merchants?|members?|clients?|staff|employees?|agents?|"
    r"nutzer\w*|kunden|utilisateurs?|usuarios?|clientes|abonnés|abonnees|abonados|gebruikers|klanten|reizigers|"
    r"passagiers|pasajeros|passagers|viajeros|voyageurs|reisende|fahrgäste|personas|personnes|personen|holders|"
    r"players|riders|drivers|patients|patienten|pacientes|viewers|listeners|readers|guests|shoppers|buyers|sellers|"
    r"creators|tenants|students|passengers|travell?ers|households|visitors|engineers?")
# The things counted are no other field's and no setting: people and tickets, durations, sizes, machines.
NOT_THINGS = re.compile(
    r"(?:" + _PEOPLE_WORDS + r"|tickets?|"
    r"complaints?|reports?|calls?|contacts?|ms|msecs?|s|secs?|seconds?|mins?|minutes?|h|hrs?|"
    r"hours?|days?|weeks?|months?|years?|times?|x|kb|mb|gb|tb|bytes?|nodes?|servers?|hosts?|instances?|pods?|replicas?|"
    r"connections?|threads?|workers?|cores?|cpus?|shards?|partitions?|retries|steps?|"
    r"versions?|percent|pct|k|m|usd|eur|gbp|dollars?|euros?|pounds?)$", re.I)
PEOPLE_THING = re.compile(r"(?:" + _PEOPLE_WORDS + r")$", re.I)  # a share of them is a figure: "27% of viewers"
_QUALIFIERS = {"customer", "user", "client", "merchant", "member", "support", "subscriber", "account"}
_WORD = re.compile(r"[^\W\d_][\w'’-]*(?:\.[^\W\d_][\w-]*){0,3}|\d[\d.,:]*\d|\d|\S")  # "api.eu" one word
LABEL_LINE = re.compile(r"^[ \t*_>-]{0,6}(?:[^\W\d_][\w' ]{0,30}[:—–][ \t]{1,3})?(?P<label>[^\W\d_][\w' -]{2,60}?)[ \t*_]{0,3}:[ \t*_]{0,6}$")
_ALSO = re.compile(r"\band[ \t]{1,3}(?:about[ \t]{1,3}|~)?(?P<n>\d{1,3}(?:\.\d+)?)[ \t]?%[ \t]{1,3}"
                   r"(?P<where>(?:in|on|for|among|across)[ \t]{1,3}[\w-]{1,30}(?:[ \t]{1,3}[A-Z][\w-]{0,30})?)")


def make(label: str, value: float, unit: str) -> Figure | None:
    """A figure within the schema's bounds (a share at most 100%, a short label and unit), else none."""
    if len(label) > MAX_FIGURE_LABEL or not 0 < len(unit) <= 40 or not figure_ok(value, unit):
        return None
    return Figure(label=label, value=value, unit=unit)


def words_of(s: str) -> list[str]:
    return [w for w in _WORD.findall(s) if w not in ("~", "≈")]


def outcome(words: list[str], i: int) -> tuple[str, int] | None:
    """The outcome phrase that starts at words[i] after auxiliaries ("were never delivered", "failed"), and where
    it ends; else a short stretch that ends in a strong outcome word ("were scheduled in the wrong slot")."""
    j, start = i, None
    while j < len(words) and j - i < 7:
        w = words[j].lower()
        if w in NEGATION:
            start = j if start is None else start
        elif start is not None and w in PREPOSITIONS:
            return None  # "were not the actual ...": not an outcome
        elif OUTCOME.match(w) or (start is not None and w.isalpha() and w not in AUX):
            end = j + 2 if w in ("timed", "time") and words[j + 1:j + 2] == ["out"] or \
                words[j + 1:j + 2] and words[j + 1].lower() in _PARTICLES else j + 1
            return " ".join(words[j if start is None else start:end]), end
        elif w in ("timed", "time") and words[j + 1:j + 2] == ["out"]:
            return "timed out", j + 2
        elif w not in AUX and w != ",":
            return _stretch(words, i, j)
        j += 1
    return None


def _stretch(words: list[str], i: int, j: int) -> tuple[str, int] | None:
    """ "were scheduled in the wrong slot", "arrived between 10 and 110 minutes late": a verb, then a strong outcome
    word within a few words."""
    for k in range(j + 1, min(len(words), j + 8)):
        w = words[k].lower()
        if w in (".", ";") or w in NEGATION:
            return None
        if _STRONG.match(w):
            nxt = words[k + 1].lower() if k + 1 < len(words) else ""
            end = k + 2 if nxt[:1].isalpha() and nxt not in AUX and nxt not in PREPOSITIONS and \
                not OUTCOME.match(nxt) else k + 1
            return " ".join(words[j:end]), end
    return None


def verb_first(prior: list[str], words: list[str], i: int) -> tuple[str, int] | None:
    """The outcome verb before the figure, as German puts it second: "schlugen 4,7 % der Check-ins fehl"."""
    if not prior or not OUTCOME.match(prior[-1].lower()):
        return None
    particle = words[i] if i < len(words) and words[i].lower() in _PARTICLES else ""
    return f"{prior[-1].lower()} {particle}".strip(), i + bool(particle)


def experienced(words: list[str], i: int) -> tuple[str, int] | None:
    """ "saw buffering", "experienced a wrong balance", "got errors": what people met, up to four words."""
    if i >= len(words) or not _EXPERIENCED.match(words[i].lower()):
        return None
    j, kept = i + 1, [words[i].lower()]
    while j < len(words) and j - i <= 4 and words[j][:1].isalpha() and \
            (words[j].lower() not in PREPOSITIONS or words[j].lower() in ("a", "an", "the")):
        kept.append(words[j])
        j += 1
    return (" ".join(kept), j) if len(kept) > 1 else None


def things(words: list[str], people_may_see: bool = False) -> tuple[list[str], int] | None:
    """The things counted: up to five words before a preposition, auxiliary or outcome; then a prepositional tail
    of up to four words is skipped. Returns the words and where the outcome may start (or a verb of what people
    met, where people_may_see)."""
    np: list[str] = []
    i = 0
    while i < len(words) and words[i].lower() in ("all", "the", "of", "a", "an"):
        i += 1
    while i < len(words) and len(np) < 5:
        w = words[i]
        low = w.lower()
        if np and _EXPERIENCED.match(low):
            if people_may_see:
                break
            return None
        if low in ("and", "or") and np and i + 1 < len(words) and words[i + 1][:1].isalpha() \
                and not OUTCOME.match(words[i + 1].lower()) and words[i + 1].lower() not in AUX:
            np.append(w)  # "new or edited listings"
            i += 1
            continue
        if not w[:1].isalpha() or low in AUX or low in NEGATION or (low in PREPOSITIONS or low in _PARTICLES) and np:
            break
        if np and (OUTCOME.match(low) or low.endswith("ed") and np[-1].lower().endswith("s")):
            break  # "orders stuck", "notifications arrived": a verb after the things
        np.append(w)
        i += 1
    if not np or np[-1].lower() in PREPOSITIONS or np[-1].lower() in ("and", "or"):
        return None
    if i < len(words) and words[i].lower() in PREPOSITIONS:  # "per E-Mail", "from mobile apps"
        j = i
        while j < len(words) and j - i < 5 and words[j][:1].isalpha() and not OUTCOME.match(words[j].lower()) \
                and words[j].lower() not in AUX and words[j].lower() not in NEGATION and \
                not (people_may_see and _EXPERIENCED.match(words[j].lower())):
            j += 1
        i = j
    return np, i


def not_things(np: list[str]) -> bool:
    """People, tickets, durations, machines; "customer orders" are orders ("customer" qualifies them)."""
    return bool(NOT_THINGS.match(np[-1]) or len(np) > 1 and NOT_THINGS.match(np[0]) and
                np[0].lower() not in _QUALIFIERS)


# "N % of the <things>" in the languages the notes come in.
_OF = {"of", "de", "der", "des", "du", "van", "von", "del", "dei", "degli", "delle", "das"}
_ARTICLES = {"the", "all", "las", "los", "la", "le", "les", "l'", "die", "der", "den", "het", "de", "our", "their",
             "its", "unserer", "nuestros", "nuestras", "nos"}
def share(value: float, before: str, after: str) -> Figure | None:
    """ "N% of <things> <outcome>" (people too: "27% of viewers saw buffering"), "<metric> dropped by N%"."""
    words = words_of(after)
    if words[:1] and words[0].lower() in _OF:
        k = 1
        while k < len(words) and k < 3 and words[k].lower() in _ARTICLES:
            k += 1
        found = things(words[k:], people_may_see=True)
        if found:
            np, i = found
            told = outcome(words[k:], i) or experienced(words[k:], i) or verb_first(words_of(before), words[k:], i)
            if told and not (not_things(np) and not PEOPLE_THING.match(np[-1])):
                return make(label=f"{' '.join(np)} {told[0]}", value=value, unit="%")
    prior = words_of(before)
    k = len(prior) - 1
    while k >= 0 and prior[k].lower() in ("by", "about", "around", "roughly", "approximately", "some", "nearly",
                                           "almost", "~", "was", "were", "is", "are"):
        k -= 1
    if k >= 1 and _CHANGE.match(prior[k]):
        metric = [w for w in prior[max(0, k - 6):k] if w[:1].isalpha() and w.lower() not in AUX]
        if metric and not NOT_THINGS.match(metric[-1]):
            return make(label=f"{' '.join(metric)} {prior[k].lower()}", value=value, unit="%")
    return None


def count(value: float, after: str) -> Figure | None:
    """ "N <things> <outcome>", "N <outcome> <things>"."""
    words = words_of(after)
    base = 2 if words[:1] == ["of"] else 3 if [w.lower() for w in words[:2]] == ["out", "of"] else 0
    if base and len(words) > base and words[base - 1][:1].isdigit():
        words = words[base:]  # "1,200 of 40,000 payouts failed": the count is of the things after the base
    if words[:1] and OUTCOME.match(words[0].lower()) and len(words) > 1:  # "8,912 duplicate journal entries"
        if words[1].lower() in PREPOSITIONS:
            return None  # "137 failed the job": a verb with its object, not a count of things
        found = things(words[1:])
        if found and found[0] and not NOT_THINGS.match(found[0][-1]):
            return make(label=f"{words[0]} {' '.join(found[0])}", value=value, unit=found[0][-1].lower())
    found = things(words)
    if not found:
        return None
    np, i = found
    told = outcome(words, i)
    unit = head(np)
    if not told or NOT_THINGS.match(unit) or not_things(np):
        return None
    return make(label=f"{' '.join(np)} {told[0]}", value=value, unit=unit.lower())


def head(np: list[str]) -> str:
    """The word counted: the last one, unless a name follows the noun ("pedidos Pix", "ordini PayPal")."""
    if len(np) > 1 and np[-1][:1].isupper() and np[-2][:1].islower() and np[-2].isalpha():
        return np[-2]
    return np[-1]


def labelled(value: float, line_before: str, after: str) -> Figure | None:
    """ "Shipments delayed: 1830" on a line of its own (line_before: the line up to the number)."""
    if words_of(after):
        return None
    m = LABEL_LINE.match(line_before)
    if not m:
        return None
    words = words_of(m["label"])
    if len(words) > 6 or len(words) < 2:
        return None
    if OUTCOME.match(words[0].lower()) and words[-1][:1].isalpha() and not NOT_THINGS.match(words[-1]) \
            and not any(w.lower() in PREPOSITIONS for w in words[1:]):  # "abgebrochene Überweisungen: 3.870"
        return make(label=" ".join(words).lower(), value=value, unit=words[-1].lower())
    if not any(OUTCOME.match(w.lower()) for w in words[1:]) or NOT_THINGS.match(words[0]):
        return None
    return make(label=" ".join(words).lower(), value=value, unit=words[0].lower())


def also(text: str, figure: Figure, pos: int, end: int) -> list[tuple[Figure, tuple[int, int]]]:
    """ "… failed globally and 35% in APAC": a second share of the same things, for a part of them."""
    m = _ALSO.search(text, pos, end)
    if not m or float(m["n"]) > 100:
        return []
    part = make(label=f"{figure.label} {m['where']}", value=float(m["n"]), unit="%")
    return [(part, (m.start(), m.end()))] if part else []
