"""What a heading or a row label names: the report section it opens, in the languages notes come in.

A heading ("## Ursache", "**Próximos pasos**", "Cause:"), a key/value row of a plain-text or Markdown table
("CAUSE        | a schema migration ...", "| Impact | ... |") or an aligned column ("Root cause     ...")
opens one section kind. Headings are read in English, German, Spanish, French, Dutch, Portuguese and
Italian; each kind lists its words by language so a missing word is easy to see.
"""

from __future__ import annotations

import re

# kind -> pattern per language (en, de, es, fr, nl, pt, it); the first kind whose pattern occurs in a title wins.
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("immediate", (r"immediate|short[- ]term", r"kurzfristig\w*", r"inmediat[ao]s?|corto plazo",
                   r"immédiat(?:e|es)?|court terme", r"korte termijn", r"imediat[ao]s?|curto prazo",
                   r"immediat[ei]|breve termine")),
    ("preventive", (r"preventi(?:ve|on)|long[- ]term|prevent", r"vorbeug\w*|präventi\w*|langfristig\w*",
                    r"preventiv[ao]s?|prevención|largo plazo", r"préventi\w*|prévention|long terme",
                    r"preventie\w*|preventiev\w*|lange termijn", r"preventiv[ao]s?|prevenção|longo prazo",
                    r"preventiv[ei]|prevenzione|lungo termine")),
    ("next_steps", (r"next steps|next|action items?|follow[- ]?ups?|remediation|future work|review actions|"
                    r"corrective actions?|improvements|to-?dos?|what's next|what we(?:'re| are| will) do(?:ing)?(?: next)?",
                    r"nächste schritte|folgemaßnahmen|folgeaufgaben|offene punkte|verbesserungen",
                    r"próximos pasos|siguientes pasos|acciones (?:correctivas|pendientes)|tareas pendientes|mejoras",
                    r"prochaines étapes|suites à donner|actions correctives|plan d'action|améliorations",
                    r"vervolgacties|vervolgstappen|volgende stappen|actiepunten|verbeterpunten",
                    r"próximos passos|ações corretivas|itens de ação|melhorias",
                    r"prossimi passi|azioni correttive|azioni future|miglioramenti")),
    ("root_cause", (r"root causes?|causes?|why it happened|what went wrong|contributing factors",
                    r"\w{0,20}ursachen?", r"causas?(?: raíz| raiz)?", r"cause racine|causes? premières?",
                    r"\w{0,20}oorzaak|\w{0,20}oorzaken", r"causas?(?: raiz)?", r"causa(?: principale| radice)?|cause")),
    ("unaffected", (r"not (?:impacted|affected)|unaffected|unimpacted", r"nicht betroffen",
                    r"no afectad[oa]s", r"non (?:affectés|impactés|concernés)", r"niet getroffen",
                    r"não afetad[oa]s", r"non (?:coinvolti|impattati|interessati)")),
    ("services", (r"^affected$|affected (?:services|systems|components)|(?:services|systems|components) (?:affected|impacted)"
                  r"|impacted services",
                  r"betroffene (?:dienste|systeme|services|komponenten)", r"(?:servicios|sistemas) afectados",
                  r"(?:services|systèmes) (?:affectés|impactés|concernés)", r"getroffen (?:diensten|systemen)",
                  r"(?:serviços|sistemas) afetados", r"(?:servizi|sistemi) (?:coinvolti|impattati|interessati)")),
    ("impact", (r"impact|expected severity", r"\w{0,20}auswirkung(?:en)?", r"impacto", r"impact",
                r"gevolgen", r"impacto", r"impatto")),
    ("timeline", (r"timeline|key events|sequence of events|chronology", r"zeitachse|zeitlicher ablauf|zeitstrahl|chronologie",
                  r"cronología|línea de tiempo", r"chronologie|déroulement", r"tijdlijn|verloop", r"cronologia|linha do tempo",
                  r"cronologia|sequenza degli eventi")),
    ("actions", (r"actions? taken|resolution|mitigation|response|recovery|how we fixed|done|fixed|what we did",
                 r"maßnahmen|massnahmen|behebung|lösung|entstörung", r"acciones(?: tomadas| realizadas)?|mitigación|resolución|"
                 r"solución", r"actions (?:menées|réalisées|entreprises|prises)|mesures prises|résolution|atténuation",
                 r"genomen maatregelen|maatregelen|oplossing|herstel", r"ações(?: tomadas| realizadas)?|mitigação|resolução",
                 r"azioni(?: intraprese| eseguite)?|risoluzione|mitigazione")),
    ("summary", (r"summary|overview|what happened|description|background|details|incident report",
                 r"zusammenfassung|überblick|beschreibung|was ist passiert", r"resumen|descripción|qué pasó",
                 r"résumé|synthèse|description|que s'est-il passé", r"samenvatting|beschrijving|omschrijving|wat is er gebeurd",
                 r"resumo|descrição|o que aconteceu", r"riepilogo|sommario|descrizione|sintesi|cosa è successo")),
)

SECTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"\b(?:{'|'.join(words)})\b", re.I)) for kind, words in _KINDS)
_NEXT_ALONE = re.compile(r"\bnext\b", re.I)  # "Next:" is a heading; "Next deploy window" is not


def section_kind(title: str) -> str | None:
    """The section a heading or row label opens, or None."""
    for kind, rx in SECTION_KINDS:
        m = rx.search(title)
        if m and not (kind == "next_steps" and m.group().lower() == "next" and not re.fullmatch(r"\W*next\W*", title, re.I)):
            return kind
    return None


_LETTER = r"[^\W\d_]"
# A heading label: letters (any script), spaces and a few signs, no digits.
LABEL = rf"{_LETTER}(?:{_LETTER}|[ &'/()\-]){{0,48}}(?:{_LETTER}|\))"
# "Label: value" without markup, the label capitalised.
PLAIN_LABEL = re.compile(r"^(?P<t>[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|[ &'/()\-]){0,40}(?:[^\W\d_]|\))):[ \t]*(?P<rest>[^\n]*)$", re.M)
# A key/value row: "CAUSE        | ...", "| Impact | ... |" (two cells only; the terse reader may make it an item).
PIPE_ROW = re.compile(
    r"^[ \t]*+(?:[-*+•][ \t]++)?(?:\|[ \t]*+)?(?P<t>[A-Za-zÀ-ÖØ-öø-ÿ](?:[^\W\d_]|[ &'/()\-]){0,40}(?:[^\W\d_]|\)))[ \t]*+\|[ \t]*+"
    r"(?P<rest>[^|\n]*[^|\s])[ \t]*+\|?[ \t]*+$", re.M)
# An aligned column: a label of one to four words, then two spaces or a tab, then the value.
ALIGNED_ROW = re.compile(
    r"^[ \t]{0,3}+(?:[-*+•][ \t]++)?(?P<t>[A-Za-zÀ-ÖØ-öø-ÿ][^\W\d_]{0,20}+(?:-[^\W\d_]{1,20}+)?+(?:[ ]\(?[^\W\d_]{1,20}+\)?){0,3}+)"
    r"(?:[ ]{2,}+|[ ]*+\t[ \t]*+)(?P<rest>[^\s|][^\n]*)$", re.M)
# A line that opens with a label ("Impact: ...", "status: resolved", "CAUSE | ...", "TODO (day) | ..."): a new sentence.
ROW_START = r"[ \t]*+[^\W\d_]{2,20}+(?:[ ][^\W\d_(]{1,20}+|[ ]\([^\W\d_]{1,12}\)){0,2}+[ \t]*+(?::[ \t]|\|)"
_STAMP_VALUE = re.compile(r"[\d\s:./,+\-TZ()]*+(?:(?:UTC|GMT|[AaPp]\.?[Mm]\.?|[A-Z]{2,5})[\s)]*+)?")


def is_stamp_value(value: str) -> bool:
    """A row whose value is only a time or date ("Fixed at: 2025-09-09T11:49:00Z") is a field, not a section."""
    value = value.strip()
    return any(c.isdigit() for c in value) and bool(_STAMP_VALUE.fullmatch(value))


_SEPARATOR = re.compile(r"(?<![ \t])[ \t]*+[|+]?[ \t]*+:?-{3,}+[-|+: \t]*+$")


def is_header_row(text: str, end: int) -> bool:
    """True when the line after a row is a table's separator: the row is the table's header, not a key/value."""
    nl = text.find("\n", end)
    if nl == -1:
        return False
    stop = text.find("\n", nl + 1)
    return bool(_SEPARATOR.match(text[nl + 1:len(text) if stop == -1 else stop]))


def in_aligned_block(text: str, start: int, end: int) -> bool:
    """An aligned row counts only next to another one: a form of aligned fields, not a line of prose."""
    if start > 0:
        prev = text.rfind("\n", 0, start - 1) + 1
        if ALIGNED_ROW.match(text, prev, start - 1):
            return True
    nl = text.find("\n", end)
    if nl == -1:
        return False
    stop = text.find("\n", nl + 1)
    return bool(ALIGNED_ROW.match(text, nl + 1, len(text) if stop == -1 else stop))
