"""Status in the languages notes come in (de, es, fr, nl, pt, it): the words, and the short statements that use them.

WORDS is merged into status.WORDS, so a field ("Statut : rétabli", "Stato: in osservazione") reads them as it
reads English. statements() reads the terse closings and timeline entries that are only a subject and a
status word ("Störung entstört", "10:05 storing verholpen", "incidente solucionado", "toujours en cours");
a negated, future or conditional use ("noch nicht behoben", "wird behoben", "sera rétabli") is no statement.
"""

from __future__ import annotations

import re

from incident_brief.offline.extract.story import STRONG, UPDATE, Statement
from incident_brief.schema import Status
from incident_brief.structure import Document

_RES, _MIT, _MON, _INV = Status.resolved, Status.mitigated, Status.monitoring, Status.investigating
WORDS: dict[str, Status] = {
    **dict.fromkeys((
        "behoben", "gelöst", "entstört", "erledigt", "wiederhergestellt",  # de
        "resuelto", "resuelta", "solucionado", "solucionada", "restablecido", "restablecida",  # es
        "résolu", "résolue", "rétabli", "rétablie", "corrigé",  # fr
        "opgelost", "verholpen", "hersteld",  # nl
        "resolvido", "resolvida", "solucionado", "restabelecido", "corrigido",  # pt
        "risolto", "risolta", "ripristinato", "ripristinata"), _RES),  # it
    **dict.fromkeys(("mitigado", "mitigada", "atténué", "atténuée", "mitigato", "mitigata", "umgangen", "provisorisch behoben"),
                    _MIT),
    **dict.fromkeys(("in beobachtung", "unter beobachtung", "en observación", "en vigilancia", "en surveillance",
                     "sous surveillance", "in observatie", "em observação", "em monitoramento", "in osservazione",
                     "in monitoraggio", "monitorización", "monitoreo"), _MON),
    **dict.fromkeys(("in bearbeitung", "in analyse", "en curso", "en investigación", "en cours", "en analyse",
                     "in onderzoek", "in behandeling", "em andamento", "em investigação", "in corso", "in analisi"), _INV),
}
_VOCAB = "|".join(sorted((w.replace(" ", r"[ \t]++") for w in WORDS), key=len, reverse=True))
# A clause of at most four words that ends in a status word, at a line's start (after a stamp and an author too)
# or after a stop: "Störung entstört.", "12:10 problema risolto", "[17:05] ana: toujours en cours".
_SAID = re.compile(
    r"(?:^[ \t]*+(?:[-*+•][ \t]++)?[\[*`]*+(?:\d{1,2}[:h.]\d{2}(?::\d{2})?[\]*`]*+[ \t]*+(?:<?[\w.-]{1,24}>?:[ \t]++)?)?"
    r"(?:[^\w\n]{1,3}[ \t]*+)?|[.!?;,—–][ \t]++)"
    rf"(?P<pre>(?:[^\W\d_][\w'-]{{0,24}}+:?[ \t]++){{0,4}}?)(?P<v>{_VOCAB})(?=[ \t]*+(?:[.!,;)]|$|(?P<now>"
    r"por[ \t]ahora|por[ \t]agora|pour[ \t]l'instant|pour[ \t]le[ \t]moment|vorerst|vorläufig|voorlopig|per[ \t]ora)\b))",
    re.I | re.M)
# Negated, future, modal or conditional: the clause states no current status.
_NOT = re.compile(
    r"\b(?:nicht|kein\w*|noch|wird|werden|soll\w*|muss|müssen|wenn|sobald|falls|no|ni|todavía|aún|será|serán|debe\w*|"
    r"cuando|pas|non|sera|seront|doit|doivent|quand|lorsque|niet|nog|zal|zullen|moet\w*|zodra|als|não|ainda|deve\w*|"
    r"quando|sarà|saranno|ancora|deve|dovrebbe)\b", re.I)
# A fix that holds for now: "vorerst behoben", "provisoirement rétabli", "temporaneamente risolto" (read before the word).
_STOPGAP = re.compile(r"\b(?:vorerst|vorläufig|provisorisch|temporär|provisoirement|temporairement|provisoriamente|"
                      r"temporalmente|temporaneamente|momentaneamente|tijdelijk|voorlopig)\b", re.I)
# Still watching, said in the present: "wir beobachten weiter", "toujours sous surveillance jusqu'à demain",
# "stiamo ancora monitorando", "seguimos monitoreando", "we houden het in de gaten". An update: the last one wins.
_WATCHING = re.compile(
    r"\b(?:wir[ \t]++(?:beobachten|überwachen)|(?:wird|werden)[ \t]++(?:weiter(?:hin)?[ \t]++)?(?:beobachtet|überwacht)|"
    r"(?:noch|weiter(?:hin)?)[ \t]++(?:unter|in)[ \t]++beobachtung|"
    r"(?:toujours|encore|reste|restons|est|sont)[ \t]++(?:sous|en)[ \t]++surveillance|nous[ \t]++surveillons|"
    r"on[ \t]++surveille|(?:seguimos|continuamos|sigue|siguen)[ \t]++(?:monitoreando|monitorizando|vigilando|monitorando|"
    r"acompanhando|observando|en[ \t]++observación|em[ \t]++observação)|"
    r"(?:stiamo|continuiamo[ \t]++a)[ \t]++(?:ancora[ \t]++)?(?:monitorando|monitorare|osservando|osservare)|"
    r"(?:ancora|resta|rimane)[ \t]++(?:in|sotto)[ \t]++(?:osservazione|monitoraggio)|"
    r"(?:we[ \t]++)?(?:blijven|houden)[ \t]++(?:het[ \t]++)?(?:monitoren|in[ \t]++de[ \t]++gaten))", re.I)
# A workaround in place: "Workaround aktiv", "contournement en place", "solución temporal aplicada".
_WORKAROUND = re.compile(
    r"\b(?:workaround|umgehung|contournement|solution[ \t]++de[ \t]++contournement|solución[ \t]++temporal|"
    r"solução[ \t]++(?:temporária|paliativa)|soluzione[ \t]++temporanea|contorno)[ \t]++(?:ist[ \t]++)?"
    r"(?:aktiv|eingespielt|umgesetzt|en[ \t]++place|appliqué\w?|déployé\w?|aplicad[oa]|activ[oa]|attiv[oa]|"
    r"applicat[oa]|actief|toegepast)\b", re.I)
# A fix still to come, on the line of a workaround: the workaround is the state now ("Workaround aktiv, Bankpartner
# arbeitet am Fix", "soluzione temporanea attiva, il fornitore lavora alla correzione").
_PENDING = re.compile(
    r"\b(?:arbeitet[ \t]++(?:noch[ \t]++)?an|wartet[ \t]++auf|warten[ \t]++auf|fix[ \t]++(?:steht[ \t]++)?aus|"
    r"aguardando|esperando|en[ \t]++attente|attend(?:ons)?|travaille[ \t]++sur|trabaja[ \t]++en|trabalha[ \t]++n[ao]|"
    r"lavora[ \t]++(?:al|alla|a)|in[ \t]++attesa|wacht[ \t]++op|werkt[ \t]++aan)\b", re.I)
_CUES = ("behob", "gelöst", "entstört", "erledigt", "hergestellt", "resuel", "soluciona", "restablec", "résolu", "rétabli",
         "corrig", "opgelost", "verholpen", "hersteld", "resolvid", "restabelec", "risolt", "ripristinat", "mitiga",
         "atténu", "umgangen", "beobachtung", "observ", "osserv", "vigilancia", "surveillance", "monitor", "bearbeitung", "analy",
         "curso", "cours", "investiga", "onderzoek", "behandeling", "andamento", "corso", "beobacht", "überwach", "surveill",
         "monitor", "vigila", "acompanha", "gaten", "workaround", "umgehung", "contournement", "temporal", "temporári",
         "paliativa", "temporanea", "contorno")


def statements(doc: Document, skip) -> list[Statement[Status]]:
    """The short foreign-language status statements of the notes, as updates (the last one stated wins)."""
    text, out = doc.text, []
    low = text.lower()
    if not any(c in low for c in _CUES):
        return out
    for m in _SAID.finditer(text, doc.body_start):
        if _NOT.search(m["pre"]) or skip(m.start("v")):
            continue
        value = WORDS.get(re.sub(r"\s+", " ", m["v"].lower()))
        if value is _RES and (m["now"] or _STOPGAP.search(m["pre"])):
            value = _MIT  # "mitigado por ahora", "vorerst behoben": a stopgap
        if value is not None:  # "analyse en cours" after a fix is prose that may not walk the status back
            out.append(Statement(value, m["v"], m.start("v"), m.end("v"), STRONG if value is _INV else UPDATE))
    for kind, value, rx in ((UPDATE, _MON, _WATCHING), (STRONG, _MIT, _WORKAROUND)):
        for m in rx.finditer(text, doc.body_start):
            if not skip(m.start()) and not _NOT.search(_clause_before(text, m.start())):
                line_end = text.find("\n", m.end())
                firm = UPDATE if _PENDING.search(text, m.end(), len(text) if line_end == -1 else line_end) else kind
                out.append(Statement(value, m.group(), m.start(), m.end(), firm))
    return out


def _clause_before(text: str, pos: int) -> str:
    """The words of the clause before pos (at most 40 characters): "noch nicht", "sera" make it no statement."""
    lo = max(0, pos - 40)
    cut = max(text.rfind(c, lo, pos) for c in ".;:!?,\n")
    return text[max(lo, cut + 1):pos]
