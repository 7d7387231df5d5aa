"""What a provider switched off for the team: "Heroku rightfully disabled new deployments", "GitHub had suspended
our Actions runs", "Apple throttled push notifications", "Stripe hat Auszahlungen gesperrt", "AWS a suspendu les
envois": the provider's things ("Heroku deployments") were affected.

The verbs are found by a C-level scan; the provider is the capitalised word right before them on the same line."""

from __future__ import annotations

import re
from itertools import islice

from incident_brief.offline.extract.service_cues import MAX_MATCHES
from incident_brief.offline.extract.service_words import GENERIC, STOP, Named
from incident_brief.offline.literals import Gated

_SWITCHED_OFF = re.compile(
    r"(?<![\w.-])(?P<who>[A-Z][\w.]{1,30})[ \t]+(?:[*_]?[a-z]+ly[*_]?[ \t]+)?(?:(?:had|has|have|then|also|hat|a)[ \t]+)?"
    r"(?:disabled|blocked|suspended|paused|froze|frozen|throttled|revoked|halted|deaktiviert|gesperrt|pausiert|"
    r"désactivé|suspendu|bloqué|desactivó|suspendió|bloqueó|geblokkeerd|uitgeschakeld)[ \t]+"
    r"(?:(?:all|new|our|the|any|further|unsere|alle|neue|nos|les|nuestros|los|onze)[ \t]+){0,2}(?P<what>[a-zäöüéèáíóú]{4,30})\b")
_GATE = Gated(_SWITCHED_OFF, ("disabled", "blocked", "suspended", "paused", "froze", "throttled", "revoked", "halted",
                              "deaktiviert", "gesperrt", "pausiert", "désactivé", "suspendu", "bloqué", "desactiv",
                              "suspendi", "bloque", "geblokkeerd", "uitgeschakeld"))
_NOT_PROVIDER = frozenset("we i they he she it you this that someone nobody everyone ops on-call oncall".split())


def switched_off(text: str, start: int = 0) -> Named:
    """ "<Provider> disabled new <things>": the provider's things, named "<Provider> <things>"."""
    out = Named()
    for m in islice(_GATE.near(text, start), MAX_MATCHES):
        who, what = m.group("who"), m.group("what")
        if who.lower() in _NOT_PROVIDER or who.lower() in STOP or what.lower() in STOP or what.lower() in GENERIC:
            continue
        name = f"{who} {what}"
        out.add(name, m.start("who"), strong=True)
    return out
