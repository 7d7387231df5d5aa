"""Names a failure cue gives that are not a system: a symptom or protocol step ("Intermittent TLS", "SSL handshake",
"checksum check"), an activity counted in plain words ("logins", "writes", "job starts", "webhook deliveries"), an
alert rule's name ("KubeDNSErrorsHigh cluster"), a fragment of a channel ("in-app", "edge") or a data object the
system holds ("payouts table", "lifecycle rule"); and the flow a step belongs to ("our confirmation step" ->
"confirmation").

Each check reads one short name (at most a few words), never the notes."""

from __future__ import annotations

import re

# a symptom's manner: "Intermittent TLS errors", "a brief DNS hiccup", "sporadic 502s"
_MANNER = frozenset("intermittent intermittently brief briefly sporadic occasional transient partial random frequent "
                    "periodic momentary repeated constant elevated increased high low heavy".split())
# a protocol or a step of one names how something failed, not what: "SSL handshake", "checksum check"
_PROTOCOL = frozenset("tls ssl http https http/2 tcp udp grpc mtls tls/ssl ssl/tls quic".split())
_STEP_HEAD = frozenset("handshake handshakes check checks verification verifications validation validations "
                       "negotiation negotiations lookup lookups resolution resolutions retry retries".split())
# what a flow is made of: "our confirmation step" names the confirmation
_PART_HEAD = frozenset("step steps stage stages phase phases".split())
# an activity counted, not a system: "80% of logins failed", "writes failing", "job starts", "deliveries delayed"
_ACTIVITY = frozenset("logins log-ins signins sign-ins signups sign-ups writes reads starts runs attempts deliveries "
                      "queries lookups transactions txns submissions renders launches "
                      "redirects callbacks".split())
# a data object a system holds, not the system: "payouts table", "lifecycle rule", "the nightly image"
_OBJECT_HEAD = frozenset("table tables row rows column columns record records rule rules image images file files "
                         "field fields setting settings entry entries header headers url urls link links "
                         # a mechanism or a way of working: "connection retry logic", "rollback procedure"
                         "logic procedure procedures runbook runbooks playbook playbooks".split())
# a position on the path or a channel fragment, alone: "from the edge", "in-app"
_FRAGMENT = frozenset("edge origin upstream downstream client clients browser browsers in-app on-prem".split())
# an alert rule's name: CamelCase with a condition word ("KubeDNSErrorsHigh", "HighErrorRate", "PodCrashLooping")
_ALERT = re.compile(r"(?=[A-Za-z0-9]*[a-z0-9][A-Z])[A-Za-z0-9]*(?:Errors?|High|Low|Down|Failing|Firing|Latency|Rate|"
                    r"CrashLooping|NotReady|Unavailable|Critical|Warning|Saturated|Exhausted|Full)")
# a heading's date before a name ("2025-07-30/31 Hex"), and a relation between two ends ("server-to-server")
_DATED = re.compile(r"\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?")
_BETWEEN = re.compile(r"[a-z]+-to-[a-z]+")
_IDENTIFIER_LIKE = re.compile(r"[\w][-_.][\w]|[a-z][A-Z]|\w\d|\d\w|[A-Z]{2}")


def not_a_system(name: str) -> bool:
    """The name says how or what-of something failed, not which system did."""
    words = name.lower().split()
    if not words:
        return True
    first, head = words[0], words[-1]
    if _ALERT.fullmatch(name.split()[0]):
        return True
    if head in ("itself", "themselves"):
        return True  # "the Ledger API itself was degraded": the name is written without it elsewhere
    if first in _MANNER or all(w in _PROTOCOL for w in words) or head in _STEP_HEAD or head in _OBJECT_HEAD:
        return True
    if _DATED.match(first) or (len(words) == 1 and (head in _FRAGMENT or _BETWEEN.fullmatch(head))):
        return True
    return head in _ACTIVITY and not any(_IDENTIFIER_LIKE.search(w) for w in name.split()[:-1])


def flow_of(name: str) -> str:
    """ "confirmation step" -> "confirmation": the flow a step belongs to (a name of one word is kept)."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in _PART_HEAD else name


# a count, not an id, clock or year: "27,000", "12k", "about 400", "an estimated 90", "thousands of"
_COUNTED = re.compile(r"(?:(?<![\w#:.,/-])(?:\d{1,3}(?:[,.\u202f]\d{3})+|\d+(?:\.\d+)?[ \t]?(?:k|thousand|million))|"
                      r"(?:\b(?:about|around|roughly|approx\.?|approximately|estimated|nearly|almost|over)|~)[ \t]*\d+|"
                      r"\b(?:dozens|hundreds|thousands|millions)[ \t]+of)[ \t]+$", re.I)


def counted(text: str, start: int) -> bool:
    """A number right before the name ("27,000 CI builds failed", "41,000 webhook deliveries"): a count of items,
    not a system."""
    return bool(_COUNTED.search(text, max(0, start - 24), start))  # endpos: the name's start
