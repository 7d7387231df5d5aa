"""The words notes use for a severity, in English, German, Spanish, French, Dutch, Portuguese and Italian.

A level is mapped only as the notes state it (P1/SEV1 critical, P2/SEV2 high, P3 medium, P4 low; "kritisch",
"alta", "majeure" by their plain meaning); labels and levels are listed by language so a gap is easy to see.
"""

from __future__ import annotations

import re

from incident_brief.schema import Severity

_C, _H, _M, _L = Severity.critical, Severity.high, Severity.medium, Severity.low

# level word -> severity; the first word of a value is looked up ("high - card payments down").
LEVELS: dict[str, Severity] = {
    # en
    "critical": _C, "blocker": _C, "emergency": _C, "down": _C, "major": _H, "high": _H, "severe": _H,
    "medium": _M, "moderate": _M, "disrupted": _M, "minor": _L, "low": _L, "notice": _L,
    # de
    "kritisch": _C, "hoch": _H, "mittel": _M, "niedrig": _L, "gering": _L,
    # es
    "crítica": _C, "crítico": _C, "critica": _C, "critico": _C, "alta": _H, "alto": _H, "media": _M, "medio": _M,
    "baja": _L, "bajo": _L,
    # fr
    "critique": _C, "bloquant": _C, "majeure": _H, "majeur": _H, "haute": _H, "élevée": _H, "élevé": _H,
    "moyenne": _M, "moyen": _M, "mineure": _L, "mineur": _L, "basse": _L, "faible": _L,
    # nl
    "kritiek": _C, "hoog": _H, "gemiddeld": _M, "laag": _L,
    # pt (alta, média, baixa) and it (alta, media, bassa)
    "média": _M, "médio": _M, "baixa": _L, "baixo": _L, "bassa": _L, "basso": _L,
}
LEVEL_WORDS = "|".join(sorted(LEVELS, key=len, reverse=True))
# The schema's own four words and their plain translations: mapped without a reviewer's check ("major" is not one).
STANDARD = {"critical", "high", "medium", "low", "kritisch", "hoch", "mittel", "niedrig", "crítica", "crítico", "critica",
            "critico", "alta", "alto", "media", "medio", "baja", "bajo", "critique", "haute", "élevée", "élevé",
            "moyenne", "moyen", "basse", "kritiek", "hoog", "gemiddeld", "laag", "média", "médio", "baixa", "baixo",
            "bassa", "basso"}
# Values an impact or urgency level takes ("urgency: high", "Impact: major").
LEVEL_VALUES = ("critical|major|minor|high|low|kritisch|hoch|niedrig|crítica|crítico|critica|critico|alta|alto|baja|bajo|"
                "critique|majeure|mineure|haute|élevée|basse|kritiek|hoog|laag|baixa|bassa")

# "sev two", "severity one": a level number written as a word.
NUMBERS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
NUMBER = r"(?:[0-5]|zero|one|two|three|four|five)"

# Labels that name a severity or priority (the value follows, with or without a colon).
LABELS = (r"max[ _]severity|severity|sev|priority|prio|"
          r"schweregrad|priorität|prioritaet|"
          r"severidad|gravedad|prioridad|"
          r"sévérité|gravité|priorité|"
          r"prioriteit|ernst(?=[ \t*]*+[:=][ \t*_`]*+(?:kritiek|hoog|gemiddeld|laag|[0-5])[ \t*_`.]*+(?:$|[|;,]))|"
          r"severidade|gravidade|prioridade|"
          r"gravità|priorità")
# The labels above that are words, not codes: read after a title or a clause too.
WORD_LABELS = (r"severity|priority|schweregrad|priorität|prioritaet|severidad|gravedad|prioridad|sévérité|gravité|priorité|"
               r"prioriteit|severidade|gravidade|prioridade|gravità|priorità")
# Labels of an urgency or impact level: read only where the notes state no severity or priority.
LEVEL_LABELS = r"impact|urgency|dringlichkeit|urgencia|urgence|urgentie|urgência|urgenza"
# Stems every severity statement holds (found with str.find before any pattern runs).
CUES = ("sev", "priorit", "prio", "impact", "urgen", "dringlich", "gravit", "graved", "gravid", "schweregrad", "ernst",
        "p0", "p1", "p2", "p3", "p4", "p5")
# Nouns a bare "P1" must come near to be a priority ("P1 incident", "P2 Störung").
INCIDENT_NOUNS = ("incident", "outage", "priority", "severity", "page", "incidente", "incidencia", "störung", "vorfall",
                  "storing", "panne", "caída", "priorit", "prio")


def number(raw: str) -> str:
    """'sev two' -> 'sev 2': a level number written as a word, as a digit."""
    return re.sub(r"\b(?:zero|one|two|three|four|five)\b", lambda m: NUMBERS[m.group()], raw)
