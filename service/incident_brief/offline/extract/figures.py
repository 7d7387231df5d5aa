"""Other impact figures: shares of requests or logins failing, counts of things lost, delayed or failed.

Read only where a figure sits in one clause with an outcome word ("failed", "lost", "delayed", "not placed"), in
one of four shapes: "N% of <things> <outcome>", "<metric> dropped by N%", "N <things> <outcome>" and a label line
"<Things outcome>: N". People, tickets and money are the other impact fields'; thresholds, limits, settings,
durations, sizes, versions and times are never figures. The last statement of a figure wins (a later update
corrects an early estimate).
"""

from __future__ import annotations

import re

from incident_brief.figures import DIGITS, SCALE_WORDS, WORDS, scaled
from incident_brief.offline.extract import Found
from incident_brief.offline.literals import lowered, starts
from incident_brief.schema import MAX_FIGURE_LABEL, MAX_FIGURES, Figure, figure_ok
from incident_brief.structure import Document

# Outcome words (stems) in the languages the notes come in; a figure is looked for only near one of them.
OUTCOMES = ("fail", "lost", "lose", "delay", "late", "queue", "stuck", "held", "declin", "reject", "dropp", "drop ",
            "duplicat", "unsubscrib", "timed out", "time out", "bounce", "cancel", "abandon", "blocked", "missed",
            "wrong", "incorrect", "stale", "corrupt", "undeliver", "unprocessed", "not ", "never", "n't", "down by",
            "fell", "verzöger", "verloren", "fehlgeschlag", "storniert", "nicht", "perdu", "échou", "retard",
            "annul", "pas ", "perdid", "fallid", "retras", "sin ")
_OUTCOME = re.compile(r"(?:fail\w*|timed|lost|los(?:e|ing)|delay\w*|late|queued|stuck|held|declin\w*|reject\w*|dropp\w*|"
                      r"duplicat\w*|unsubscrib\w*|timed out|time out|bounc\w*|cancel\w*|abandon\w*|blocked|missed|"
                      r"wrong|incorrect\w*|stale|corrupt\w*|undeliver\w*|unprocessed|verzögert|verloren|"
                      r"fehlgeschlagen|storniert|perdu\w*|échou\w*|retard\w*|annul\w*|perdid\w*|fallid\w*|"
                      r"retrasad\w*)$", re.I)
_NEGATION = {"not", "never", "nicht", "pas", "no", "couldn't", "wasn't", "weren't", "didn't", "n'ont", "n'a"}
# Words that may stand between the things counted and the outcome: auxiliaries, modals, adverbs.
_AUX = {"were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "could", "can", "did", "got", "get",
        "all", "also", "still", "either", "entirely", "completely", "effectively", "then", "either",
        "hat", "haben", "sich", "wurden", "wurde", "sind", "ist", "ont", "été", "sont", "pu", "être", "fueron",
        "se", "que", "hubo", "han", "sido", "which", "that", "who"}
_PREPOSITIONS = {"of", "in", "on", "at", "from", "for", "with", "by", "to", "via", "per", "across", "during", "de",
                 "du", "des", "par", "pour", "avec", "sin", "con", "en", "del", "von", "mit", "im", "für", "the", "a",
                 "an", "and", "or", "their", "our", "its", "about", "before", "after", "since", "until", "than", "as",
                 "because", "while", "when", "it", "they", "we", "he", "she", "you", "i", "la", "le", "les", "el", "los", "las", "die", "der", "den"}
_STRONG = re.compile(r"(?:late|wrong|incorrect\w*|twice|duplicat\w*|missing|stale)$", re.I)
# A verb right after the things counted that makes them the people affected (the users field's business).
_EXPERIENCED = re.compile(r"(?:saw|see|seeing|experienced|hit|got|received|reported|noticed|could|couldn't|"
                          r"cannot|can't|were unable|unable)$", re.I)
_CHANGE = re.compile(r"(?:dropped|fell|down|decreased|declined|lower)$", re.I)
# The things counted are no other field's and no setting: people and tickets, durations, sizes, machines.
_NOT_THINGS = re.compile(
    r"(?:users?|customers?|people|persons?|accounts?|subscribers?|merchants?|members?|clients?|tickets?|"
    r"complaints?|reports?|calls?|contacts?|staff|employees?|agents?|ms|msecs?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|"
    r"months?|years?|times?|x|kb|mb|gb|tb|bytes?|nodes?|servers?|hosts?|instances?|pods?|replicas?|"
    r"connections?|threads?|workers?|cores?|cpus?|shards?|partitions?|retries|steps?|engineers?|"
    r"versions?|percent|pct|k|m|usd|eur|gbp|dollars?|euros?|pounds?|nutzer\w*|kunden|utilisateurs?|usuarios?)$", re.I)
# A clause holding one of these states a threshold, limit, setting or plan, not what happened.
_SETTING = re.compile(r"\b(?:thresholds?|alert\w*|alarm\w*|limits?|quotas?|capacity|target|slo|budget|if|should|"
                      r"would|will|must|configured|set to|at most|maximum|max|ttl|timeout|exceed\w*|above|"
                      r"below|under|expected|normally|usual\w*|typical\w*)\b", re.I)
_NUMBER = re.compile(r"(?<![\w.,’'/:#-])(?P<num>" + DIGITS + "|" + WORDS + r")(?:[ \t]{0,3}(?P<mult>" + SCALE_WORDS
                     + r")\b)?(?P<pct>[ \t]?%|[ \t]{1,3}(?:percent|per cent)\b)?(?![\w/:]|[.,]\d)", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,:]*\d|\S")
_PAREN = re.compile(r"\([^()\n]{0,80}\)")
_CLAUSE_END = re.compile(r"[.;!?:\n](?:\s|$)|[;!?\n]")
_LABEL_LINE = re.compile(r"^[ \t*_>-]{0,6}(?P<label>[^\W\d_][\w' -]{2,60}?)[ \t*_]{0,3}:[ \t*_]{0,6}$")
_REACH = 160  # characters around an outcome word a figure is looked for in
# Numbers next to an outcome word read at most (real notes hold a few dozen; a flood of them costs bounded time).
_MAX_NUMBERS = 2000


def other_figures(doc: Document, *, known: tuple[float, ...] = ()) -> Found[list[Figure]] | None:
    """Every other impact figure the notes state, in order, with one span per figure; `known` holds the values
    already shown as users, revenue or reports (never repeated here)."""
    text = doc.text
    found: dict[str, tuple[Figure, tuple[int, int]]] = {}
    seen: set[int] = set()
    for lo, hi in _windows(text, doc.body_start):
        if len(seen) >= _MAX_NUMBERS:
            break
        for m in _NUMBER.finditer(text, lo, hi):
            if m.start() in seen or len(seen) >= _MAX_NUMBERS:
                continue
            seen.add(m.start())
            for figure, span in _read(text, m, lo, hi):
                if figure_ok(figure.value, figure.unit) and not any(abs(figure.value - k) < 0.5 for k in known):
                    found.pop(figure.label.lower(), None)  # the last statement wins, in its place
                    found[figure.label.lower()] = (figure, span)
    if not found:
        return None
    items, stated = [], set()
    for figure, span in sorted(found.values(), key=lambda f: f[1]):
        if (figure.value, figure.unit) not in stated:  # one figure told twice in other words
            stated.add((figure.value, figure.unit))
            items.append((figure, span))
    items = items[:MAX_FIGURES]
    return Found([f for f, _ in items], tuple(s for _, s in items))


def _windows(text: str, body_start: int):
    """Merged spans around outcome words, each within its line."""
    low = lowered(text)
    positions = starts(low, OUTCOMES) if low is not None else [
        m.start() for m in re.finditer("|".join(re.escape(w) for w in OUTCOMES), text, re.I)]
    lo = hi = -1
    for at in positions:
        if at < body_start:
            continue
        s = max(body_start, at - _REACH, text.rfind("\n", max(0, at - _REACH), at) + 1)
        e = text.find("\n", at, at + _REACH)
        e = min(len(text), at + _REACH) if e == -1 else e
        if s <= hi:
            hi = max(hi, e)
            continue
        if hi != -1:
            yield lo, hi
        lo, hi = s, e
    if hi != -1:
        yield lo, hi


def _value(m: re.Match) -> float | None:
    try:
        return scaled(m["num"], m["mult"])
    except ValueError:
        return None


def _clause(text: str, m: re.Match, lo: int, hi: int) -> tuple[int, int]:
    """The clause around a number, at most _REACH characters either side (bounded work per number)."""
    lo, hi = max(lo, m.start() - _REACH), min(hi, m.end() + _REACH)
    start = max(lo, max(text.rfind(c, lo, m.start()) for c in ".;!?\n") + 1)
    end = _CLAUSE_END.search(text, m.end(), hi)
    return start, end.start() if end else hi


def _read(text: str, m: re.Match, lo: int, hi: int) -> list[tuple[Figure, tuple[int, int]]]:
    value = _value(m)
    if value is None or (not m["num"][:1].isdigit() and value < 2):
        return []
    c_start, c_end = _clause(text, m, lo, hi)
    before, after = text[c_start:m.start()], _PAREN.sub(" ", text[m.end():c_end])
    if _SETTING.search(before) or _SETTING.search(after):
        return []
    if m["pct"]:
        figure = _share(value, before, after)
        out = [(figure, (m.start(), c_end))] if figure else []
        if figure:
            out += _also(text, figure, m.end(), c_end)
        return out
    if value != int(value):
        return []
    figure = _count(value, after) or _labelled(value, text, c_start, m.start(), after)
    return [(figure, (c_start if figure.label and _LABEL_LINE.match(before) else m.start(), c_end))] if figure else []


def _make(label: str, value: float, unit: str) -> Figure | None:
    """A figure within the schema's bounds (a share at most 100%, a short label and unit), else none."""
    if len(label) > MAX_FIGURE_LABEL or not 0 < len(unit) <= 40 or not figure_ok(value, unit):
        return None
    return Figure(label=label, value=value, unit=unit)


def _words(s: str) -> list[str]:
    return [w for w in _WORD.findall(s) if w not in ("~", "≈")]


def _outcome(words: list[str], i: int) -> tuple[str, int] | None:
    """The outcome phrase that starts at words[i] after auxiliaries ("were never delivered", "failed"), and where
    it ends; else a short stretch that ends in a strong outcome word ("were scheduled in the wrong slot")."""
    j, start = i, None
    while j < len(words) and j - i < 7:
        w = words[j].lower()
        if w in _NEGATION:
            start = j if start is None else start
        elif start is not None and w in _PREPOSITIONS:
            return None  # "were not the actual ...": not an outcome
        elif _OUTCOME.match(w) or (start is not None and w.isalpha() and w not in _AUX):
            end = j + 2 if w in ("timed", "time") and words[j + 1:j + 2] == ["out"] else j + 1
            return " ".join(words[j if start is None else start:end]), end
        elif w in ("timed", "time") and words[j + 1:j + 2] == ["out"]:
            return "timed out", j + 2
        elif w not in _AUX and w != ",":
            return _stretch(words, i, j)
        j += 1
    return None


def _stretch(words: list[str], i: int, j: int) -> tuple[str, int] | None:
    """ "were scheduled in the wrong slot", "arrived between 10 and 110 minutes late": a verb, then a strong outcome
    word within a few words."""
    for k in range(j + 1, min(len(words), j + 8)):
        w = words[k].lower()
        if w in (".", ";") or w in _NEGATION:
            return None
        if _STRONG.match(w):
            end = k + 2 if k + 1 < len(words) and words[k + 1][:1].isalpha() and words[k + 1].lower() not in \
                _AUX and words[k + 1].lower() not in _PREPOSITIONS and not _OUTCOME.match(words[k + 1].lower()) else k + 1
            return " ".join(words[j:end]), end
    return None


def _things(words: list[str]) -> tuple[list[str], int] | None:
    """The things counted: up to four words before a preposition, auxiliary or outcome; then a prepositional tail
    of up to four words is skipped. Returns the words and where the outcome may start."""
    np: list[str] = []
    i = 0
    while i < len(words) and words[i].lower() in ("all", "the", "of", "a", "an"):
        i += 1
    while i < len(words) and len(np) < 5:
        w = words[i]
        low = w.lower()
        if np and _EXPERIENCED.match(low):
            return None
        if low in ("and", "or") and np and i + 1 < len(words) and words[i + 1][:1].isalpha() \
                and not _OUTCOME.match(words[i + 1].lower()) and words[i + 1].lower() not in _AUX:
            np.append(w)  # "new or edited listings"
            i += 1
            continue
        if not w[:1].isalpha() or low in _AUX or low in _NEGATION or low in _PREPOSITIONS and np:
            break
        if np and (_OUTCOME.match(low) or low.endswith("ed") and np[-1].lower().endswith("s")):
            break  # "orders stuck", "notifications arrived": a verb after the things
        np.append(w)
        i += 1
    if not np or np[-1].lower() in _PREPOSITIONS or np[-1].lower() in ("and", "or"):
        return None
    if i < len(words) and words[i].lower() in _PREPOSITIONS:  # "per E-Mail", "from mobile apps"
        j = i
        while j < len(words) and j - i < 5 and words[j][:1].isalpha() and not _OUTCOME.match(words[j].lower()) \
                and words[j].lower() not in _AUX and words[j].lower() not in _NEGATION:
            j += 1
        i = j
    return np, i


def _not_things(np: list[str]) -> bool:
    """People, tickets, durations, machines; "customer orders" are orders ("customer" qualifies them)."""
    return bool(_NOT_THINGS.match(np[-1]) or len(np) > 1 and _NOT_THINGS.match(np[0]) and
                np[0].lower() not in _QUALIFIERS)


_QUALIFIERS = {"customer", "user", "client", "merchant", "member", "support", "subscriber", "account"}


def _share(value: float, before: str, after: str) -> Figure | None:
    words = _words(after)
    if words[:1] and words[0].lower() == "of":
        found = _things(words[1:])
        if found:
            np, i = found
            outcome = _outcome(words[1:], i)
            if outcome and not _not_things(np):
                return _make(label=f"{' '.join(np)} {outcome[0]}", value=value, unit="%")
    prior = _words(before)
    # "<metric> dropped by about N%", "<metric> was down ~N%"
    k = len(prior) - 1
    while k >= 0 and prior[k].lower() in ("by", "about", "around", "roughly", "approximately", "some", "nearly",
                                           "almost", "~", "was", "were", "is", "are"):
        k -= 1
    if k >= 1 and _CHANGE.match(prior[k]):
        metric = [w for w in prior[max(0, k - 6):k] if w[:1].isalpha() and w.lower() not in _AUX]
        if metric and not _NOT_THINGS.match(metric[-1]):
            return _make(label=f"{' '.join(metric)} {prior[k].lower()}", value=value, unit="%")
    return None


def _count(value: float, after: str) -> Figure | None:
    words = _words(after)
    if words[:1] and _OUTCOME.match(words[0].lower()) and len(words) > 1:  # "8,912 duplicate journal entries"
        found = _things(words[1:])
        if found and found[0] and not _NOT_THINGS.match(found[0][-1]):
            return _make(label=f"{words[0]} {' '.join(found[0])}", value=value, unit=found[0][-1].lower())
    found = _things(words)
    if not found:
        return None
    np, i = found
    outcome = _outcome(words, i)
    unit = np[-1]
    if not outcome or _NOT_THINGS.match(unit) or _not_things(np):
        return None
    return _make(label=f"{' '.join(np)} {outcome[0]}", value=value, unit=unit.lower())


def _labelled(value: float, text: str, c_start: int, at: int, after: str) -> Figure | None:
    """ "Shipments delayed: 1830" on a line of its own."""
    if _words(after):
        return None
    line_start = text.rfind("\n", 0, at) + 1 if at - c_start < 80 else c_start
    m = _LABEL_LINE.match(text[line_start:at])
    if not m:
        return None
    words = _words(m["label"])
    if len(words) > 6 or not any(_OUTCOME.match(w.lower()) for w in words[1:]) or _NOT_THINGS.match(words[0]):
        return None
    return _make(label=" ".join(words).lower(), value=value, unit=words[0].lower())


def _also(text: str, figure: Figure, pos: int, end: int) -> list[tuple[Figure, tuple[int, int]]]:
    """ "… failed globally and 35% in APAC": a second share of the same things, for a part of them."""
    m = re.compile(r"\band[ \t]{1,3}(?:about[ \t]{1,3}|~)?(?P<n>\d{1,3}(?:\.\d+)?)[ \t]?%[ \t]{1,3}"
                   r"(?P<where>(?:in|on|for|among|across)[ \t]{1,3}[\w-]{1,30}(?:[ \t]{1,3}[A-Z][\w-]{0,30})?)"
                   ).search(text, pos, end)
    if not m or float(m["n"]) > 100:
        return []
    part = _make(label=f"{figure.label} {m['where']}", value=float(m["n"]), unit="%")
    return [(part, (m.start(), m.end()))] if part else []
