"""Status: every statement the notes make about it, and the one the story ends with.

Statements come from fields (front matter, "Status: ...", "state: closed" in a label run, an export's
status word, "Resolved 2022-01-22 14:38"), status-page update headers ("*Resolved* - ..."), timeline
entries that are a status ("14:38 resolved"), and prose ("was resolved", "all clear", "we are
monitoring"). Hypothetical, modal, negated and future uses, questions, and anything under next steps
or in an open checklist item are not statements. See story.py for how the final one is chosen.
"""

from __future__ import annotations

import re

from incident_brief.offline.extract import status_words, summary_row
from incident_brief.offline.literals import Gated
from incident_brief.offline.extract.story import LABEL, SOFT, STRONG, UPDATE, Statement, cue_lines, not_stated, skipped
from incident_brief.schema import Status
from incident_brief.structure import Document

_RESOLVED, _MITIGATED, _MONITORING, _INVESTIGATING = Status.resolved, Status.mitigated, Status.monitoring, Status.investigating
WORDS: dict[str, Status] = {
    **dict.fromkeys(("resolved", "closed", "done", "complete", "completed", "fixed", "finished", "ended", "recovered",
                     "restored", "all clear", "postmortem", "post mortem", "post incident", "retrospective",
                     "learning", "documenting", "postmortem started", "postmortem completed",
                     # the same words in the languages notes arrive in most (es, fr, de, it, pt, nl)
                     "resuelto", "resuelta", "cerrado", "cerrada", "résolu", "résolue", "fermé", "clos", "clôturé",
                     "behoben", "gelöst", "erledigt", "geschlossen", "risolto", "chiuso", "resolvido", "fechado",
                     "opgelost", "gesloten", "sorted", "all sorted", "solved", "all good"), _RESOLVED),
    **dict.fromkeys(("mitigated", "stabilized", "stabilised", "stable", "workaround"), _MITIGATED),
    **dict.fromkeys(("monitoring", "verifying", "watching"), _MONITORING),
    **dict.fromkeys(("investigating", "identified", "open", "opened", "ongoing", "active", "triggered", "acknowledged",
                     "in progress", "firefighting", "started", "detected", "new", "to do", "todo", "triage", "triaged",
                     "declared", "reopened", "fixing", "en curso", "abierto", "en cours", "ouvert", "offen",
                     "in bearbeitung", "aperto", "in corso", "em andamento"), _INVESTIGATING),
    **status_words.WORDS,  # more words in those languages (status_words.py)
}
_RANK = {_INVESTIGATING: 0, _MITIGATED: 1, _MONITORING: 1, _RESOLVED: 2}
_VOCAB = "|".join(sorted((w.replace(" ", r"[ _-]") for w in WORDS), key=len, reverse=True))
_ENTRY = (r"[ \t]*+(?:[-*+•][ \t]++)?[\[*`]*+(?:\d{4}-\d{2}-\d{2}[T ]?|\d{1,2}[-/]\d{1,2}[-/]\d{2,4}[ \t]*+@?[ \t]*+)?"
          r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?Z?[ \t]*+(?:[AaPp]\.?[Mm]\.?)?[ \t]*+(?:UTC|GMT|[A-Z]{2,4})?[\]*`]*+"
          r"[ \t]*+(?:<?[\w.-]{1,24}>?:[ \t]++)?[^\w\n]{0,6}")
# A status field: at a line's start (after a timeline stamp too), in a label run ("a: b · c: d"), or after a
# sentence ("Declaring SEV2. Status: investigating."); the colon may be left out ("status resolved, just watching").
_STATUS_LABEL = re.compile(
    rf"(?:^(?:{_ENTRY})?|[|;·•—–]|[.!?][ \t])(?:[^\w\n]|_)*+(?:(?:current|incident|overall|resolution|ticket)[ _]++)?"
    rf"(?:status|state|stage|milestone|statut|estado|état|etat|zustand|stato)\**+[ \t]*+(?:[:=|-][ \t]*+)?[*_`]*+[ \t]*+"
    rf"(?P<v>{_VOCAB})(?![\w-])", re.I | re.M)
_RESOLVED_AT = re.compile(
    r"(?:^|[.!?][ \t]++)(?:[^\w\n]|_)*+(?P<v>resolved|closed|ended|mitigated|all clear)(?:[ \t]++(?:at|on))?[*_`| \t:=@-]*+"
    r"(?=\d{1,4}[-/:.]\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*+\.?[ \t]\d|"
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|today|yesterday)[a-z]{0,6}+,?[ \t]++(?:at[ \t]++)?\d)", re.I | re.M)
_UPDATE_WORD = r"Investigating|Identified|Monitoring|Resolved|Mitigated|Reopened|Postmortem|Completed|Verifying"
_UPDATE = re.compile(
    rf"^[ \t]*+(?:[*_]{{1,2}}(?P<a>{_UPDATE_WORD})[*_]{{1,2}}[ \t]*+(?:[-–—:|]|$)|(?P<b>{_UPDATE_WORD})[ \t]*+(?:[-–—:]|$))", re.M)
# A status word may open a clause that goes on ("Mitigated, vendor fix pending", "fixed, all good"), unless what
# follows takes it back ("fixed, but errors are back", "resolved, except in EU"): a bounded look ahead.
_GOES_ON = (r"[ \t]*+[,;][ \t]*+(?![^.\n]{0,80}?\b(?i:but|except|still|not|yet|although|though|until|unless|"
            r"partly|partially|mostly|only)\b)")
# A sentence or a line's last clause that is only a status word: "Sev: SEV4 (low). Closed.", "**Update 5 (13:00 UTC)** —
# Resolved.", and the terse closings: "db blip at 3am. fixed.", "cache node died, swapped it, sorted".
_WORD_SENTENCE = re.compile(
    r"(?:^|[.!?:;,—–][ \t]++|[ \t]-[ \t]++|\*\*[ \t]++)[*_]{0,2}(?P<v>Resolved|Closed|Fixed|Done|Mitigated|Monitoring|Investigating|"
    r"All clear|Reopened|(?i:all[ \t]sorted|sorted|solved|fixed|resolved|closed|re-?opened|mitigated))[*_]{0,2}"
    r"(?:[ \t]++(?i:now|again))?(?=[ \t]*+(?:[.!]|$)|(?<=[dD])" + _GOES_ON + ")", re.M)  # goes on: a past participle
# A sentence that opens with how it was settled: "Mitigated by routing to the backup acquirer", "Fixed via a revert".
_SETTLED_BY = re.compile(
    r"(?:^|[.!?;:][ \t]++|\*\*[ \t]++)[*_]{0,2}(?P<v>(?i:resolved|fixed|mitigated))[*_]{0,2}[ \t]++(?i:by|via|through)\b", re.M)
# A fix still to come after a mitigation on the same line ("Workaround in place, vendor fix pending", "aguardando
# correção do fornecedor"): the mitigation is the state now, as firm as an update.
_PENDING = re.compile(
    r"\b(?:(?:vendor|permanent|proper|real|full|final|upstream|long[ -]term|root[ -]cause)[ \t]++fix(?:es)?[ \t]++"
    r"(?:is[ \t]++|are[ \t]++)?(?:still[ \t]++)?(?:pending|outstanding|to[ \t]++follow|in[ \t]++progress|"
    r"scheduled|planned|due)|(?:awaiting|waiting[ \t]++(?:for|on))[ \t]++(?:the[ \t]++|a[ \t]++)?"
    r"(?:[\w-]{1,20}+[ \t]++)?(?:fix|patch|hotfix)|fix[ \t]++pending|pending[ \t]++(?:a[ \t]++|the[ \t]++)?"
    r"(?:vendor|permanent|proper|upstream)[ \t]++fix)\b", re.I)
_ENTRY_STATUS = re.compile(
    rf"^{_ENTRY}(?:(?:the[ \t]++)?(?:incident|issue|outage|problem)[ \t]++(?:is[ \t]++|was[ \t]++|has[ \t]++been[ \t]++)?)?"
    r"(?:(?P<v>resolved|closed|mitigated|monitoring|all clear|reopened)\b|"
    r"(?P<w>investigating|identified|acknowledged|triggered)(?=[ \t]*+(?:$|[-–—:.]|by\b))|"  # not "Identified and reported"
    r"(?P<x>fixed|sorted|solved|done|all[ \t]good)(?=[ \t]*+(?:$|[.!])|" + _GOES_ON + "))",  # "16:35 fixed, all good"
    re.I | re.M)
_SAID = (
    (STRONG, _RESOLVED, re.compile(
        r"\b(?:has|have|had|was|were|been|is|are|now|fully|incident|issue|outage|problem|service|services|everything|it)"
        r"[ \t]++(?:\w++[ \t]++){0,2}?(?:resolved|restored|recovered|fixed|corrected)\b", re.I)),
    (STRONG, _RESOLVED, re.compile(
        r"\b(?:all[ \t]++clear|resolution[ \t]++(?:is[ \t]++|was[ \t]++)?(?:\w++[ \t]++)?complete[d]?|"
        r"brought[ \t]++(?:\w++[ \t]++){0,2}?back[ \t]++(?:up|online)|resolved[ \t]++(?:the|this|these|those|all|it)|"
        r"(?:incident|issue|ticket|outage)[ \t]++(?:was[ \t]++|is[ \t]++|has[ \t]++been[ \t]++)?closed|resolved:[ \t]*+true)\b",
        re.I)),
    (STRONG, _RESOLVED, re.compile(  # "fixed 03:44", "behoben: 14:35", "résolu à 10h05"
        r"\b(?:resolved|fixed|restored|recovered|all[ \t]clear|behoben|gelöst|résolu|rétabli|resuelto|restablecido|"
        r"risolto)[ \t]*+(?:[:=]|at|um|à|a[ \t]las|alle)?[ \t]*+(?=\d{1,2}[:h.]\d{2}\b)", re.I)),
    (STRONG, _MITIGATED, re.compile(
        r"\b(?:(?:was|were|is|are|been|now)[ \t]++(?:\w++[ \t]++)?mitigated|mitigation[ \t]++(?:is[ \t]++|was[ \t]++)?"
        r"(?:in[ \t]++place|successful|complete[d]?)|workaround[ \t]++(?:is[ \t]++|was[ \t]++)?(?:in[ \t]++place|applied|deployed))\b",
        re.I)),
    (STRONG, _RESOLVED, re.compile(  # plain-language closings: "closing this out", "we're done here", "standing down"
        r"\b(?:clos(?:ing|ed)[ \t]++(?:this|it|the[ \t]++(?:incident|ticket|channel|bridge|call|issue))"
        r"(?=[ \t]*+(?:$|[.,;:!)—–-]|(?:out|off|now|as)\b))|"
        r"clos(?:ing|ed)[ \t]++out|stand(?:ing)?[ \t]++down|stood[ \t]++down|"
        r"(?:we're|we[ \t]++are|i'm|i[ \t]++am)[ \t]++(?:all[ \t]++)?(?:done|good|clear)(?:[ \t]++(?:here|now))?"
        r"(?![ \t]++(?:with|to|on|for|at)\b)|"
        r"marking[ \t]++(?:(?:this|it|the[ \t]++incident)[ \t]++)?(?:as[ \t]++)?(?:resolved|closed|fixed)|"
        r"all[ \t]++(?:good|fine|ok|okay|green)[ \t]++(?:now|again))\b", re.I)),
    (STRONG, _RESOLVED, re.compile(  # a terse clause: "reverted the bundle, deliveries resolved", "db fixed."
        r"(?:^|[,;:—–][ \t]++)(?:[\w-]{1,24}+[ \t]++){1,2}?(?:resolved|fixed|restored|recovered)(?=[ \t]*+(?:[.!;]|$))",
        re.I | re.M)),
    (STRONG, _MITIGATED, re.compile(  # "fixed for now, proper fix tomorrow": a stopgap
        r"\b(?:fixed|resolved|sorted|patched|working|stable|stabili[sz]ed|mitigated|back[ \t]++up)[ \t]++for[ \t]++now\b",
        re.I)),
    (SOFT, _RESOLVED, re.compile(  # "looks healthy", "all good", "all green"
        r"\b(?:(?:looks|looking|look)[ \t]++(?:healthy|normal|green)|all[ \t]++(?:good|green)|"
        r"(?:working|healthy|green|fine|ok|okay)[ \t]++(?:now|again)|(?:is|are|came|comes|coming)[ \t]++back[ \t]++(?:up|online))\b",
        re.I)),
    (SOFT, _MONITORING, re.compile(  # "in monitoring", "keeping an eye on it", "watching it overnight"
        r"\b(?:in[ \t]++monitoring|under[ \t]++(?:observation|monitoring)|keep(?:ing)?[ \t]++an[ \t]++eye|"
        r"watching[ \t]++(?:it|closely|overnight))\b", re.I)),
    (SOFT, _RESOLVED, re.compile(
        r"\b(?:back[ \t]++to[ \t]++normal|returned[ \t]++to[ \t]++normal|back[ \t]++online|operating[ \t]++normally|"
        r"all[ \t]++systems[ \t]++(?:are[ \t]++)?(?:operational|running|go)|traffic[ \t]++had[ \t]++returned|"
        r"(?:is|are)[ \t]++(?:now[ \t]++)?(?:working|operating)[ \t]++(?:normally|as[ \t]++expected))\b", re.I)),
    (SOFT, _RESOLVED, re.compile(  # "working again", "going out normally again", "everything fine now"
        r"\b(?:(?:working|running|operating|processing|flowing|going[ \t]++out|sending|loading|available)[ \t]++"
        r"(?:normally[ \t]++)?again|everything[ \t]++(?:is[ \t]++|looks[ \t]++|seems[ \t]++)?(?:fine|ok|okay|good|normal)"
        r"[ \t]++(?:now|again))\b", re.I)),
    (SOFT, _MONITORING, re.compile(
        r"\b(?:we[ \t]++are|we're|are|currently|team[ \t]++is|team|now|still|continu(?:e|ing)[ \t]++to)[ \t]++"
        r"(?:closely[ \t]++|actively[ \t]++|carefully[ \t]++)?monitor(?:ing)?\b|\bbeing[ \t]++monitored\b", re.I)),
    (SOFT, _INVESTIGATING, re.compile(  # terse: "looking into it tomorrow", "investigating."
        r"(?:^|[.!?;][ \t]++)(?:still[ \t]++)?(?:looking[ \t]++into[ \t]++(?:it|this)|investigating)\b", re.I | re.M)),
    (SOFT, _INVESTIGATING, re.compile(
        r"\b(?:we[ \t]++are|we're|currently|still|team[ \t]++is|are[ \t]++actively)[ \t]++(?:[\w,]++[ \t]++){0,7}?"
        r"(?:investigating|to[ \t]++investigate|looking[ \t]++into)\b"
        r"(?![ \t]++(?:options?|ways?|how|whether|improv\w*+|adding|making|\w++ing)\b)", re.I)),
)
_DATED_LINE = re.compile(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}")
# Every statement holds one of these stems; only the lines that hold one are read closely.
_CUES = tuple(sorted({"resolv", "restor", "recover", "fix", "correct", "clear", "complet", "clos", "back", "normal",
                      "operational", "running", "returned", "mitigat", "workaround", "monitor", "investigat", "looking",
                      "again", "fine", "ok", "good", "status", "state", "stage", "milestone", "statut", "estado", "état",
                      "etat", "zustand", "stato", "ended", "done", "identified", "acknowledged", "triggered", "reopened",
                      "verifying", "working", "sending", "loading", "available", "processing", "flowing", "going",
                      "down", "green", "healthy", "eye", "observation", "patch", "sort", "solv",
                      *(max(w.split(), key=len) for w in WORDS)}))
_PARTIAL = re.compile(r"\b(?:temporar\w*|partial\w*)\b", re.I)
_FOR_NOW = re.compile(  # read with match() just after a statement; bounded, so a search stays linear too
    r"(?<![ \t,])[ \t,]{0,3}+(?:(?<![\w-])[\w-]{1,20}+[ \t]{1,3}+){0,2}?(?:for[ \t]{1,3}now|temporar\w{0,6}|partial\w{0,6})\b",
    re.I)
# The incident is kept open to be closed later: "in monitoring, to close in the morning", "leaving it open overnight".
_CLOSE_LATER = Gated(re.compile(
    r"\b(?:(?:to|will|'ll|going[ \t]++to|plan[ \t]++to)[ \t]++close(?:[ \t]++(?:it|this|the[ \t]++(?:incident|ticket)))?"
    r"(?:[ \t]++out)?[ \t]++(?:in[ \t]++the[ \t]++morning|tomorrow|later|after|once|when|if|at)|"
    r"leav(?:e|ing)[ \t]++(?:it|this|the[ \t]++(?:incident|ticket))[ \t]++open|"
    r"keep(?:ing)?[ \t]++(?:it|this|the[ \t]++(?:incident|ticket))[ \t]++open)\b", re.I), ("close", "open"))
# The team still watches after saying it is resolved: "resolved, but we keep monitoring overnight", "still watching
# it" (a present continuation; "we will continue to monitor" is a plan and is read by the soft patterns only).
_STILL_WATCHING = Gated(re.compile(
    r"(?<!will[ \t])(?<!'ll[ \t])(?<!shall[ \t])\b(?:keep(?:s|ing)?[ \t]++(?:on[ \t]++)?|(?:are|is|'re)[ \t]++still[ \t]++|"
    r"still[ \t]++|continu(?:e|es|ing)[ \t]++to[ \t]++)(?:monitor(?:ing)?|watch(?:ing)?)\b", re.I), ("monitor", "watch"))
# Watching for a while, said now: "keeping an eye on it for the next 24h", "monitoring for 24 hours", "watching it
# thru the dinner peak" (a plan or a wish, "we should keep an eye on disk", is none: see not_stated).
_FOR_A_WHILE = (r"(?:for[ \t]++(?:the[ \t]++next[ \t]++|another[ \t]++)?(?:\d{1,3}[ \t]?(?:h|hrs?|hours?|days?|mins?|minutes?)\b|"
                r"an?[ \t]++(?:hour|day|few[ \t]++hours|while)\b|a[ \t]++couple[ \t]++of[ \t]++hours\b)|overnight\b|"
                r"thr(?:ough|u)[ \t]++(?:the[ \t]++)?(?:[\w-]{1,20}+[ \t]++)?(?:peak|night|evening|weekend|morning)\b)")
_WATCHING_A_WHILE = Gated(re.compile(
    r"\bkeep(?:s|ing)?[ \t]++(?:an|a[ \t]++close)[ \t]++eye[ \t]++on\b|"
    r"(?<!kept[ \t])(?<!was[ \t])(?<!were[ \t])(?<!been[ \t])(?<!continued[ \t])(?<!after[ \t])"
    r"\b(?:monitoring|watching)(?:[ \t]++(?:it|this|things|closely))?[ \t]++" + _FOR_A_WHILE, re.I),
    ("eye", "monitoring", "watching"))


# The incident came back after a fix: "15:10 issue recurred, investigating again", "errors are back", "failing again".
# An update (it walks a resolved status back); a plan or a condition ("so that it does not recur") is none.
_RECURRED = Gated(re.compile(
    r"\b(?:recurred|re-?occurred|resurfaced|(?:issue|problem|errors?|outage|incident|failures?|timeouts?|it)[ \t]++"
    r"(?:is|are|came|has[ \t]++come|have[ \t]++come|'s|'re)[ \t]++back|(?:failing|broken|down|erroring|timing[ \t]++out)"
    r"[ \t]++again|broke[ \t]++again|investigating[ \t]++again)\b", re.I),
    ("recurred", "occurred", "resurfaced", "back", "again"))


def rank(status: Status) -> int:
    return _RANK.get(status, 0)


def word(raw: str) -> Status | None:
    """An export's or a label's status word ("closed", "done", "postmortem_completed"), mapped."""
    return WORDS.get(re.sub(r"[\s_-]+", " ", raw.strip().lower()))


def statements(doc: Document) -> list[Statement[Status]]:
    """Every status statement, in document order (front matter first)."""
    text, out = doc.text, []
    for key in ("status", "state", "incident_status", "resolved"):
        if key in doc.front and isinstance(doc.front[key][0], str):
            value, s, e = doc.front[key]
            st = (_RESOLVED if value.lower() == "true" else None) if key == "resolved" else word(value)
            if st:
                out.append(Statement(st, value, s, e, LABEL))
    skip, lines = skipped(doc), cue_lines(text, doc.body_start, _CUES)
    out += [Statement(st, v, s, e, LABEL) for v, s, e in summary_row.cells(doc, summary_row.STATUS_HEADS)
            if (st := word(v)) and not skip(s)]
    for kind, rx in ((LABEL, _STATUS_LABEL), (LABEL, _RESOLVED_AT), (UPDATE, _ENTRY_STATUS), (UPDATE, _WORD_SENTENCE),
                     (UPDATE, _SETTLED_BY)):
        for m in _ends(rx, text, lines):
            g = next(k for k in ("v", "w", "x") if m.groupdict().get(k))
            st = word(m[g])
            if st and not skip(m.start(g)):
                out.append(Statement(st, m[g], m.start(g), m.end(g), kind))
    for m in _ends(_UPDATE, text, lines):
        g = "a" if m["a"] else "b"
        if g == "b" and not _DATED_LINE.search(text, m.end(), _line_end(text, m.end())):
            continue  # a bare "Monitoring:" line is an update only when it carries its time
        if not skip(m.start(g)):
            out.append(Statement(word(m[g]), m[g], m.start(g), m.end(g), UPDATE))
    out += _said(doc, skip, lines) + _kept_open(doc, skip)
    return sorted(map(lambda st: _for_now(text, st), out), key=lambda s: s.start)


_HEAD, _TAIL = 200, 800  # matches of one pattern read closely: the first and the last (the story's end)


def _ends(rx: re.Pattern[str], text: str, lines: list[tuple[int, int]]) -> list[re.Match[str]]:
    """The matches of rx on these lines; in notes made of status words, only the first and last ones (a bound on
    the per-match work, keeping the statements the final state is read from)."""
    return _bounded(m for s, e in lines for m in rx.finditer(text, s, e))


def _bounded(matches) -> list[re.Match[str]]:
    found = list(matches)
    return found if len(found) <= _HEAD + _TAIL else found[:_HEAD] + found[-_TAIL:]


def _for_now(text: str, st: Statement[Status]) -> Statement[Status]:
    """Resolved "for now" (or temporarily, partially) is mitigated: "fixed for now, proper fix tomorrow"; so is a
    status word a pending fix follows on its line ("Mitigated, vendor fix pending", "resolved, permanent fix due")."""
    if st.value is _RESOLVED and st.start >= 0 and _FOR_NOW.match(text, st.end, min(len(text), st.end + 40)):
        return Statement(_MITIGATED, st.raw, st.start, st.end, st.kind)
    if st.value is _RESOLVED and st.kind == UPDATE and st.start >= 0 and \
            _PENDING.search(text, st.end, min(_line_end(text, st.end), st.end + 80)):
        return Statement(_MITIGATED, st.raw, st.start, st.end, st.kind)
    return st


def _kept_open(doc: Document, skip) -> list[Statement[Status]]:
    """An incident kept open to be closed later is being monitored, whatever was said before: an update."""
    out = []
    watching = [m for m in _bounded(_WATCHING_A_WHILE.finditer(doc.text, doc.body_start))
                if not not_stated(doc.text, m.start(), m.end())]
    for m in (*_bounded(_CLOSE_LATER.finditer(doc.text, doc.body_start)),
              *_bounded(_STILL_WATCHING.finditer(doc.text, doc.body_start)), *watching):
        if not skip(m.start()) and doc.text[_sentence_stop(doc.text, m.end())] != "?":
            out.append(Statement(_MONITORING, m.group(), m.start(), m.end(), UPDATE))
    for m in _bounded(_RECURRED.finditer(doc.text, doc.body_start)):
        if not skip(m.start()) and not not_stated(doc.text, m.start(), m.end()) and \
                doc.text[_sentence_stop(doc.text, m.end())] != "?":
            out.append(Statement(_INVESTIGATING, m.group(), m.start(), m.end(), UPDATE))
    return out


def _sentence_stop(text: str, pos: int) -> int:
    stop = min((i for i in (text.find(c, pos, pos + 200) for c in ".!?\n") if i != -1), default=len(text))
    return min(stop, len(text) - 1)


def _said(doc: Document, skip, lines: list[tuple[int, int]]) -> list[Statement[Status]]:
    text, out = doc.text, []
    for kind, st, rx in _SAID:
        for m in _ends(rx, text, lines):
            start = m.start() + len(m.group()) - len(m.group().lstrip(".!?;,:—– \t"))  # the words, not the stop before
            if skip(start) or not_stated(text, start, m.end()):
                continue
            value = _MITIGATED if st is _RESOLVED and kind == STRONG and _PARTIAL.search(m.group()) else st
            firm = UPDATE if value is _MITIGATED and _PENDING.search(text, m.end(), _line_end(text, m.end())) else kind
            out.append(Statement(value, text[start:m.end()].rstrip(" \t:=@"), start, m.end(), firm))
    return out


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end
