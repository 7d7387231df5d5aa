"""Names listed after a failure as its examples: "an outage in their Virginia region that affected several services,
including S3", "Prow did not respond to any events, including our various slash commands", "mehrere Dienste fielen
aus, darunter der Ticketshop", "plusieurs services en panne, notamment la billetterie"; a list after "were not
affected, including ..." names systems that were fine.

The cue words are found by a C-level scan; only the clause before each one (at most 160 characters) is read."""

from __future__ import annotations

import re
from itertools import islice

from incident_brief.offline.extract import service_cues
from incident_brief.offline.extract.service_cues import MAX_MATCHES
from incident_brief.offline.extract.service_words import Named
from incident_brief.offline.literals import Gated

_INCLUDING = re.compile(r"\b(?:including|such as|notably|in particular|especially|among them|"
                        r"darunter|einschlie(?:ß|ss)lich|inklusive|insbesondere|notamment|y compris|incluyendo|"
                        r"incluidos?|incluidas?|entre ellos|waaronder|inclusief|incluindo|tra cui|inclusi)\b[ \t]*:?", re.I)
_GATE = Gated(_INCLUDING, ("including", "such as", "notably", "in particular", "especially", "among them", "darunter",
                           "einschlie", "inklusive", "insbesondere", "notamment", "y compris", "incluyendo",
                           "inclu", "entre ellos", "waaronder", "tra cui"))
# a failure the clause states in words the failure cues do not hold: "did not respond to", "affected several services"
_FAILED = re.compile(r"\b(?:(?:did not|didn't|could not|couldn't|failed to|stopped|ceased to|no longer)[ \t]+"
                     r"(?:respond|work|process|run|load|sync|serve|accept|answer|deliver|start|react)\w*|"
                     r"(?:affect|impact|disrupt|hit|take|took|knock|brought|bring)\w*[ \t]+(?:down[ \t]+)?"
                     r"(?:several|multiple|many|a number of|various|some|most|all|numerous|other|our|mehrere|plusieurs|varios)\b|"
                     r"(?:several|multiple|many|various|numerous|mehrere|plusieurs|varios|varias|meerdere)[ \t]+"
                     r"(?:\w+[ \t]+)?(?:services|systems|components|features|products|dienste|systeme|services|servicios|diensten))", re.I)
_FINE = re.compile(r"\b(?:not|n't|never)[ \t]+(?:\w+[ \t]+)?(?:affected|impacted|disrupted)\b|\bunaffected\b|\bno impact\b|"
                   r"\b(?:kept|stayed|remained)[ \t]+(?:up|working|available|operational)\b|\bnicht betroffen\b|"
                   r"\bnon (?:affect|impact)\w*|\bno (?:afectad|impactad)\w*", re.I)
_SENTENCE_END = re.compile(r"[.!?](?:[ \t]|$)|\n[ \t]*\n|\n[ \t]*(?:[-*+#|]|\d{1,2}[.)])")


def listed(text: str, start: int = 0) -> Named:
    """Names after "including"/"such as" (and their translations) in a clause that states a failure."""
    out = Named()
    for m in islice(_GATE.near(text, start), MAX_MATCHES):
        left = _clause_start(text, m.start())
        if left < start:
            continue
        fine = _FINE.search(text, left, m.start()) is not None
        if not fine and not (_FAILED.search(text, left, m.start()) or service_cues.failure_cue(text, left, m.start())):
            continue
        for s, e in service_cues.names_right(text, m.end()):
            (out.unaffected.add(text[s:e].lower()) if fine else out.add(text[s:e], s, strong=True))
    return out


def _clause_start(text: str, pos: int) -> int:
    """The start of the sentence holding pos, read back at most 160 characters."""
    lo = max(0, pos - 160)
    last = lo
    for m in _SENTENCE_END.finditer(text, lo, pos):
        last = m.end()
    return last
