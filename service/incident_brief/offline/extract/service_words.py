"""What a service name is: the words a name can hold, head words that name a measure or a crowd, names the notes
stress, kebab-case identifiers, and `Named` (names found, with spans, hits and the names said to be unaffected)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from incident_brief.offline.literals import Gated, lowered
from incident_brief.structure import line_start

STOP = frozenset(
    "the a an our their its this that these those all each every any some no of in on at for with by from to into "
    "and or but as via was were is are be been being has have had it we they he she you i there then when while after "
    "before during since because so if not also only just still even about around roughly approx approximately "
    "most many more few several various numerous both other new old which who what where how why than very would could should may "
    "might will can did does do done made make left hit ran run found set put saw see seen took take start begin "
    "become get got let like such likely already further previous total first last next am pm utc gmt ist cet pt et "
    "here per high low future past happen happens history whole entire same we'd we've we're i'd they'd they've it's "
    "de het een van voor met op bij due "
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
    "deployment migration upgrade change changes fix restart length duration blip blips hiccup glitch log logs "
    "period window capacity configuration config settings night nights day days week weeks morning evening bug bugs "
    "code infrastructure http https connectivity performance availability reliability stability slowness "
    "intermittent attempts attempt retries retry".split())


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


def word_ok(word: str) -> bool:
    """A word a name can hold: not a stop word, number, adverb, past participle or possessive."""
    w = word.lower()
    return w not in STOP and not _NUMBER.fullmatch(w) and not w.endswith(("ly", "ed", "'s", "’s", "'", "’"))


_NUMBER = re.compile(r"\d[\d.,:]*(?:st|nd|rd|th|s|am|pm|h|m|ms|k|x|xx|%)?")  # "2FA", "S3" are names; "10am", "5xx" are not
# the units a system runs on: "coredns pods", "GKE nodes" name "coredns", "GKE"
_UNITS = re.compile(r"[ \t]+(?:pods?|containers?|replicas?|instances?|nodes?|hosts?|processes)$", re.I)


def without_units(text: str, start: int, end: int) -> tuple[int, int]:
    """ "coredns pods" -> "coredns"; "the core pods", "user nodes" keep their unit (a qualifier alone names nothing)."""
    m = _UNITS.search(text, start, end)
    if not m or m.start() <= start:
        return start, end
    rest = text[start:m.start()].split()
    return (start, end) if len(rest) == 1 and rest[0].lower() in _QUALIFIER | _ROLE else (start, m.start())


# a role a unit plays ("user pods", "worker nodes"): kept with the unit
_ROLE = frozenset("user users worker workers system control compute storage edge master primary replica spare "
                  "single new old".split())


_COMPOUND = re.compile(r"(?:non|in|on|re|pre|post|self|co|multi|cross|well|full|half|one|two|all|sub|semi)-\w+|"
                       r"\w+-(?:wide|side|only|based|like|free|level|term|related|specific|aware|safe|facing|up|out|in|off|time)", re.I)


def namelike(name: str) -> bool:
    words = name.split()
    if len(words) == 1 and _COMPOUND.fullmatch(name):
        return False
    head = re.sub(r"\(.*", "", words[-1]).lower().strip("'`\"")
    if words[0].islower() and words[0].endswith("ing") and len(words) > 1:  # "pulling build images": a verb, not a name
        return False
    if head in _KIND and len(words) > 1 and words[-2].lower() not in _QUALIFIER:  # "our Sif relay system": a named system
        head = words[-2].lower()
    return bool(head) and head not in GENERIC and not head.isdigit() and len(name) <= 60 and any(c.isalpha() for c in head)


# "billing sync system", "Hex Diff service": the kind of thing after a name; "internal services" names none
_KIND = frozenset("service services system systems".split())
_QUALIFIER = frozenset("internal external core other affected downstream upstream dependent critical full partial normal "
                       "regular main related several various multiple shared systemd windows linux docker kubernetes major minor total "
                       "complete global widespread brief short long extended significant general overall entire whole".split())


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
    if re.search(r"\b(?:the|our|de|het|die|der|das|la|el|le|los|las|les)\s+$", before) or re.match(r"[ \t]*(?:#{1,6}[ \t]|title:|subject:)", text[line:start], re.I):
        return True
    lead = text[max(line, start - 3):start]
    if name[0].isupper() and not (start == line or re.search(r"[.!?:*>-][ \t]*$|^[ \t]+$", lead)):
        return True
    if name.lower() in SYSTEM_WORDS:
        return True  # "db blip last night", "dns was down": a kind of system that is one by itself
    if " " not in name and not strong:
        return name.islower() and short_form(text, name.lower())
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



# one plain word that names a system by itself
SYSTEM_WORDS = frozenset("db dbs database databases dns cdn vpn sso ldap redis kafka postgres postgresql mysql mongodb "
                         "elasticsearch opensearch rabbitmq memcached nginx haproxy firewall".split())
# the long form a report shows for a bare abbreviation
_LONG = {"db": "database", "dbs": "databases"}


def long_form(name: str) -> str:
    """ "db" -> "database": a bare abbreviation spelled out (a name holding more words is kept as written)."""
    return _LONG.get(name.lower(), name)


_MAX_SHORT = 200  # occurrences of a stem read, past it the answer is no


@lru_cache(maxsize=256)
def short_form(text: str, word: str) -> bool:
    """The notes also name the word by a short form in an identifier: "recs-api" beside "recommendations" (a shorter
    word with the same first three letters, its letters in order in the long one, before a hyphen or underscore)."""
    if len(word) < 7:
        return False
    low = lowered(text)
    if low is None:
        return False
    stem, seen = word[:3], 0
    at = low.find(stem)
    while at != -1 and seen < _MAX_SHORT:
        seen += 1
        if at == 0 or not low[at - 1].isalnum():
            end = at + 3
            while end < len(low) and end - at < 6 and low[end].isalpha():
                end += 1
            short = low[at:end]
            if 3 <= len(short) <= 5 and len(short) < len(word) - 2 and low[end:end + 1] in ("-", "_") \
                    and _in_order(short, word):
                return True
        at = low.find(stem, at + 1)
    return False


def _in_order(short: str, word: str) -> bool:
    it = iter(word)
    return all(c in it for c in short)
