"""Is a number next to an outcome word an impact figure at all? The context that says it is not.

A number is no impact figure when it names something rather than counts it ("port 8080", "exit code 137",
"HTTP 413", "step 3", "version 16"), when it is a status code ("413 Request Entity Too Large", "502 errors"),
when its clause states a threshold, limit, capacity, setting, plan or compensation ("alert fires above 5%",
"the queue holds 10,000", "we'll credit 200 gems"), when it is the whole of a base ("of our 40,000 drivers",
"1,200 of 40,000"), or when the word counted is no thing ("16 instead", "413 coming": an adverb, a verb form,
a singular noun after a plural number in an English clause).
"""

from __future__ import annotations

import re

from incident_brief.figures import CURRENCY_SYMBOL, DIGITS, SCALE_WORDS, SYMBOLS, scaled
from incident_brief.offline.literals import Gated

# A clause holding one of these states a threshold, limit, setting, capacity or plan, not what happened.
_SETTING = re.compile(r"\b(?:thresholds?|alert\w*|alarm\w*|limits?|quotas?|capacity|target|slo|budget|if|should|"
                      r"would|will|must|configured|set to|at most|maximum|max|(?:ttl|timeout)[ \t]{0,3}(?:of|is|was|=|:|set[ \t]to|at)?[ \t]{0,3}\d|exceed\w*|above|"
                      r"below|under|expected|normally|usual\w*|typical\w*|holds?|can hold|room for|"
                      r"going to|plan\w*|intend\w*|propos\w*|polic(?:y|ies)|config\w*|settings?|defaults?)\b|['’]ll\b", re.I)
# Before the number only: compensation ("credit 200 gems", "refund up to"), a base ("of our 40,000 drivers").
_GIVEN = re.compile(r"\b(?:credit(?:ed|ing|s)?|refund\w*|compensat\w*|reimburs\w*|vouchers?|coupons?|goodwill|"
                    r"discount\w*|gift\w*|offer\w*|grant\w*|waiv\w*)\b", re.I)
_BASE = re.compile(r"(?:\bout of|\bof[ \t]+(?:all[ \t]+)?(?:of[ \t]+)?(?:our|its|their|your|my|his|her|the[ \t]+total|"
                   r"a[ \t]+total|a[ \t]+base)|\bamong[ \t]+(?:our|the|all|its|their)|\d[ \t]*of[ \t]+(?:the)?"
                   r"|\bfleet[ \t]+of|\bbase[ \t]+of)[ \t]*(?:[~≈]|about|around|roughly|some|nearly|over|more than)?"
                   r"[ \t]*$", re.I)
# A word that names the number after it rather than counting with it ("port 8080", "step 3", "version 16").
_NAMING = {"port", "code", "codes", "exit", "error", "err", "errno", "version", "ver", "release", "build", "step",
           "phase", "stage", "round", "line", "item", "nr", "number", "pid", "sprint", "level", "sev", "priority",
           "ticket", "issue", "pr", "patch", "rule", "section", "page", "chapter", "id", "node", "pod", "shard",
           "partition", "replica", "segment", "batch", "attempt", "task", "room", "region", "zone", "rack", "row",
           "column", "table", "option", "test", "migration", "incident", "rfc", "rank", "tier", "grade", "class",
           "type", "model", "gen", "generation", "slot", "wave", "cohort", "a", "an"}
# Before a number from 100 to 599, these make it a status code ("HTTP 413", "returned 502", "got a 503").
_CODE_BEFORE = {"http", "https", "status", "api", "returned", "returning", "returns", "return", "throwing", "threw",
                "throws", "answered", "responded", "responding"}
_STATUS_WORDS = {"error", "errors", "response", "responses", "status", "statuses", "code", "codes", "s"}
# Words that follow a number without being what it counts.
_NO_THING = {"instead", "coming", "back", "more", "less", "fewer", "ago", "later", "earlier", "again", "only",
             "then", "too", "also", "so", "now", "total", "overall", "each", "apiece", "per", "times", "respectively",
             "here", "there", "yet", "plus", "minus", "extra", "other", "others", "ones", "percent", "onwards",
             "before", "after", "away", "out", "up", "down", "off", "over", "more", "most", "least", "or", "and"}
# Plural nouns of English that do not end in -s, and the few words an English count may use as a unit.
_PLURALS = {"people", "children", "data", "media", "criteria", "men", "women", "feet", "mice", "geese", "fish",
            "sheep", "deer", "aircraft", "series", "species", "personnel", "cattle", "staff"}
_ENGLISH = re.compile(r"\b(?:the|and|were|was|are|of|to|from|have|has|been|we|our|their|with|for|that|this|"
                      r"it|about|around|roughly|approximately|estimated)\b", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MONEY = set(SYMBOLS) | {"$", "¥"}
_OPENERS = {"of", "in", "on", "at", "from", "for", "with", "by", "to", "via", "per", "the", "a", "an", "and", "or",
            "was", "were", "is", "are", "be", "been", "has", "have", "had", "which", "that", "who", "it", "we", "they"}


# A sentence that says its count is wrong: "the count of 3,000 on the dashboard was wrong (double counted)", "that
# number turned out to be inflated", "doppelt gezählt". Every number it states is no figure, wherever else it is told.
_DISOWNED = Gated(re.compile(
    r"\b(?:(?:count|number|figure|estimate|total|tally|stat|statistic|metric)s?\b[^.\n]{0,80}?"
    r"\b(?:was|were|is|are|turned[ \t]out[ \t](?:to[ \t]be[ \t])?)[ \t]{1,3}(?:\w{1,12}[ \t]{1,3})?"
    r"(?:wrong|incorrect|inaccurate|inflated|bogus|overstated|misleading)\b|"
    r"double[- ]?counted|over-?counted|mis-?counted|counted[ \t]twice|falsch[ \t]gezählt|doppelt[ \t]gezählt|"
    r"mal[ \t]compté\w{0,2}|comptés?[ \t]deux[ \t]fois|contad[oa]s?[ \t]dos[ \t]veces|contad[oa]s?[ \t]em[ \t]dobro|"
    r"contat[oi][ \t]due[ \t]volte)", re.I),
    ("wrong", "incorrect", "inaccurate", "inflated", "bogus", "overstated", "misleading", "count", "gezählt", "compt",
     "contad", "contat"))
_A_NUMBER = re.compile(r"(?<![\w.,’'])(?P<num>" + DIGITS + r")(?:[ \t]{0,3}(?P<mult>" + SCALE_WORDS + r")\b)?")
_STOP = re.compile(r"[.!?](?:\s|$)|[;\n]")
_MAX_DISOWNED = 200  # sentences read, a bound for notes made of them


def disowned(text: str, start: int = 0) -> frozenset[float]:
    """The values of the numbers stated in sentences that call their count wrong."""
    out: set[float] = set()
    for i, m in enumerate(_DISOWNED.finditer(text, start)):
        if i >= _MAX_DISOWNED:
            break
        lo = max(0, m.start() - 200)
        lo = next((b.end() for b in reversed(list(_STOP.finditer(text, lo, m.start())))), lo)
        for n in _A_NUMBER.finditer(text, lo, m.end()):  # the numbers it takes back: told before the words
            try:
                out.add(scaled(n["num"], n["mult"]))
            except ValueError:
                continue
    return frozenset(out)


_CONDITION = re.compile(r"\b(?:if|when|whenever|unless|once|wenn|falls|si|se|cuando|quand|quando|als)\b", re.I)


def states_no_event(before: str, after: str) -> bool:
    """The clause sets a threshold, limit or capacity, plans, or gives something back."""
    # the number's own clause: "Rate limit of 500 rps was exceeded, 12,000 requests were rejected" (not after a
    # condition: "when the rate goes above 5%, 300 requests fail")
    own = before if _CONDITION.search(before) else before[before.rfind(", ") + 1:]
    return bool(_SETTING.search(own) or _SETTING.search(after) or _GIVEN.search(before))


def is_base(before: str) -> bool:
    """ "of our 40,000 drivers", "1,200 of 40,000", "out of 9,000": the whole, not the part that met the outcome."""
    return bool(_BASE.search(before[-60:]))


def names_it(before: str, value: float, after: str) -> bool:
    """The number is an identifier, a version or a status code, not a count."""
    prior = _WORD.findall(before[-40:])
    tail = before.rstrip()
    if tail[-1:] in _MONEY or tail[-3:].upper() in CURRENCY_SYMBOL:
        return True  # "$50", "EUR 5,000": money, the revenue field's
    named = prior and tail[-1:].isalpha()  # a word right before the number, no punctuation between
    if named and prior[-1].lower() in _NAMING:
        return True
    if named and value < 100 and prior[-1][:1].isupper() and len(prior) > 1 and _mid_sentence(before):
        return True  # "Postgres 16", "Python 3", "iOS 17": a product and its version
    nxt = _WORD.findall(after[:40])
    if value != int(value) or not 100 <= value <= 599:
        return False
    if named and prior[-1].lower() in _CODE_BEFORE:
        return True
    if nxt:
        first = nxt[0]
        # "413 Request Entity Too Large", "502 Bad Gateway", "503 errors", "500 responses"
        if first.lower() in _STATUS_WORDS or first[:1].isupper() and after[:1] in " \t" and \
                (len(nxt) < 2 or nxt[1][:1].isupper() or nxt[1].lower() in ("from", "on", "at", "for", "when")):
            return True
    return False


def _mid_sentence(before: str) -> bool:
    """The word before the number does not open its sentence or line."""
    head = before.rstrip()
    head = head[:len(head) - len(head.split()[-1])] if head.split() else ""
    return bool(head.strip()) and head.rstrip()[-1:] not in ".!?:;-*>|#"


def plain_label(label: str) -> bool:
    """A label that reads as a noun phrase: it opens with no preposition, auxiliary or non-thing word, and
    ends in no preposition."""
    words = [w.lower() for w in _WORD.findall(label)]
    return bool(words) and words[0] not in _NO_THING and words[0] not in _OPENERS and words[-1] not in _OPENERS


def countable(label: str, unit: str, value: float, clause: str) -> bool:
    """The word counted (the unit, as the label writes it) can be a thing counted: not an adverb or verb form;
    after a number above one in an English clause, a plural (bookings, entries, DAI and SMS pass; "request",
    "job", "coming" do not)."""
    low = unit.lower()
    unit = next((w for w in _WORD.findall(label) if w.lower() == low), unit)
    if low in _NO_THING or low.endswith("ly") and len(low) > 4 or low.endswith("ing") and not low.endswith("s"):
        return False
    if value < 2 or not unit.isascii() or unit.isupper() or low in _PLURALS:
        return True
    if _ENGLISH.search(clause):
        return low.endswith("s")
    return True
