"""Severity, status, title and incident ID, only from what the notes state, as the story ends."""

from __future__ import annotations

import re

from incident_brief.offline.extract import Found, ids, status as status_, summary_row
from incident_brief.offline.extract import severity_words as words, status_words
from incident_brief.offline.literals import Gated
from incident_brief.offline.extract.story import (LABEL, Statement, Told, cue_lines, final, in_story_order, skipped,
                                                  superseded)
from incident_brief.schema import Severity, Status
from incident_brief.structure import Document, clean

_SEV_NUM = {0: Severity.critical, 1: Severity.critical, 2: Severity.high, 3: Severity.medium, 4: Severity.low, 5: Severity.low}
_WORDS, _NUM = words.LEVEL_WORDS, words.NUMBER
_SEV_LABEL = re.compile(
    r"\b(?:max_severity|severity|sev|priority|impact level)\b\W{0,4}(?:level\s*)?"
    rf"(?:(?P<num>(?:sev|p)?[- ]?{_NUM})\b|(?P<word>{_WORDS})\b)", re.I)
_SEV_CODE = re.compile(rf"(?<![\w-])(?:SEV|Sev|sev)[- ]?(?P<num>{_NUM})\b")
_P_CODE = re.compile(r"(?<![\w-])P(?P<num>[0-4])\b(?=[^\n]{0,40}(?:" + "|".join(words.INCIDENT_NOUNS) + "))", re.I)
_P_BARE = re.compile(r"(?<![\w-])P(?P<num>[0-4])\b")  # only read after a change cue ("downgraded to P3")
_IMPACT_LEVEL = re.compile(r"^#*[ \t]*\**impact\**:?\**[ \t]*\n+[ \t]*(?P<word>critical|high|medium|low)\b[ \t]*[-–:]", re.I | re.M)
_SEV_PHRASE = re.compile(r"\b(?P<word>critical|major|minor|high[- ]severity|low[- ]severity)\s+(?:incident|outage)\b", re.I)
# A field that states a severity: at a line's start (after a timeline stamp too), in a "a: b | c: d" run, or after
# a title or a clause ("Inlogproblemen portaal, prioriteit hoog", "Incidente spedizioni - gravità alta").
_SEV_FIELD = re.compile(
    r"(?:^[ \t]*+(?:[-*+•][ \t]++)?(?:[\[*`]*+(?:\d{4}-\d{2}-\d{2}[T ]?)?\d{1,2}:\d{2}\S*+[^\w\n]{0,6})?|[|;·•—–]|[.!?][ \t])"
    rf"(?:[^\w\n]|_){{0,12}}+(?:{words.LABELS})\**+[ \t]*+[:=|-]?[ \t*_`|]*+(?:level[ \t]++)?"
    rf"(?P<v>(?:sev|p)?[- ]?{_NUM}|{_WORDS})\b", re.I | re.M)
# After a title or a clause, a label word and its value ("Inlogproblemen portaal, prioriteit hoog", "Incidente
# spedizioni - gravità alta", "(Priorität: hoch)"); never a bare code in a list of a scale ("SEV1/P1 critical, SEV2 ...").
_SEV_CLAUSE = re.compile(
    rf"(?:[,(][ \t]*+|[ \t][-–—][ \t]++)(?:{words.WORD_LABELS})[ \t]*+(?::[ \t]*+)?(?P<v>(?:sev|p)[- ]?[0-5]|{_WORDS})\b",
    re.I)
# Status pages and paging tools: "Impact: major", "urgency: high" (the whole value, nothing after it).
_LEVEL_FIELD = re.compile(
    rf"(?:^|[|;·•—–])(?:[^\w\n]|_){{0,12}}+(?:{words.LEVEL_LABELS})\**+[ \t]*+[:=]?[ \t*_`]*+(?P<v>{words.LEVEL_VALUES})\b"
    r"(?=[ \t*_`]*+(?:$|[|;,]))", re.I | re.M)
# A later severity that changes the first: "bumping to SEV-1", "downgraded to P3", "now a SEV2", "SEV-1 declared".
_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:bump\w*|rais\w*|upgrad\w*|downgrad\w*|escalat\w*|lower\w*|reclassif\w*|chang\w*|mov(?:ed|ing)|now|"
    r"declar\w*|correction|actually|revised|updated?)\b|->|→)[^.\n]{0,30}$", re.I)
_CHANGE_AFTER = re.compile(r"^\W{0,3}(?:was\s+|is\s+)?(?:declared|raised|called|confirmed)\b", re.I)
_TITLE = Gated(re.compile(r"^(?:[^\w\n]|_)*+(?:incident[ _]++)?(?:title|name|subject)\**+[ \t]*+[:=][ \t*_`]*+(?P<v>[^\n]{3,200})$",
                          re.I | re.M), ("title", "name", "subject"))
_ID = Gated(re.compile(
    r"(?:^(?:[^\w\n]|_)*+|(?<=[·|•;])[ \t]*+)(?P<k>incident[ _]++(?:id|number|no\.?|key|ref(?:erence)?)|id|key|reference|ticket"
    r"|identifiant|identificador|kennung|vorfallnummer)\**+[ \t]*+[:=|]"
    r"[ \t*_`]*+(?P<v>#?[A-Za-z0-9][\w.#/-]{0,39})[ \t*_`]*+(?:$|(?=[·|•;]))", re.I | re.M), ("incident", "id", "key", "reference", "ticket", "kennung", "vorfallnummer"))
_NUMBERED = (r"(?:(?:sev(?:erity)?|p(?:riority)?|prio)\W{0,4}(?:level\s*)?)?(?:sev|p)?[- ]?[0-5]"  # SEV-2, P1, Severity: 2
             r"(?:[ \t]{0,2}[-–][ \t]{0,2}[a-z]{3,12})?")  # an ITSM tool's "2 - High": the number ranks it
# Every severity statement holds one of these stems; only the lines that hold one are read closely.
_SEV_CUES = words.CUES
_POSTMORTEM = re.compile(r"\b(?:post[- ]?mortem|retrospective|incident (?:review|report)|after[- ]action|root cause analysis|RCA|PIR)\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had)\b", re.I)


_ON_LINES = (_SEV_FIELD, _SEV_CLAUSE, _SEV_CODE, _LEVEL_FIELD)  # single-line patterns: read on cue lines only
_WHOLE = {_SEV_LABEL: Gated(_SEV_LABEL, ("sev", "priority", "impact")),  # the others, only where their words occur
          _P_CODE: Gated(_P_CODE, words.INCIDENT_NOUNS),
          _IMPACT_LEVEL: Gated(_IMPACT_LEVEL, ("impact",)), _SEV_PHRASE: Gated(_SEV_PHRASE, ("incident", "outage"))}


def severity(doc: Document) -> tuple[Found[Severity] | None, str | None]:
    """The first stated severity and, when mapped from a non-standard label, the label it came from."""
    first = _first_severity(doc)
    return (Found(first.value, ((first.start, first.end),)), first.raw) if first else (None, None)


def severity_story(doc: Document) -> Told[Severity]:
    """The severity the story ends with; an earlier, different one is named."""
    said = _severity_statements(doc)
    return _told(in_story_order(doc, said), None, (LABEL,))


def _first_severity(doc: Document, lines: list[tuple[int, int]] | None = None) -> Statement[Severity] | None:
    for key in ("severity", "max_severity", "priority", "sev", "urgency", "impact"):
        if key in doc.front and isinstance(doc.front[key][0], str):
            value, s, e = doc.front[key]
            sev = map_severity(value)
            if sev:
                return Statement(sev, value, s, e)
    lines = cue_lines(doc.text, doc.body_start, _SEV_CUES) if lines is None else lines
    for rx in (_SEV_LABEL, _SEV_FIELD, _SEV_CLAUSE, _SEV_CODE, _P_CODE, _IMPACT_LEVEL, _LEVEL_FIELD, _SEV_PHRASE):
        m = next((m for s, e in lines if (m := rx.search(doc.text, s, e))), None) if rx in _ON_LINES else \
            _WHOLE[rx].search(doc.text, doc.body_start)
        name = next((k for k, v in m.groupdict().items() if v), None) if m else None
        sev = map_severity(m[name]) if name else None
        if sev:
            return Statement(sev, _as_written(m, name), m.start(), m.end())
    return None


def _severity_statements(doc: Document) -> list[Statement[Severity]]:
    lines = cue_lines(doc.text, doc.body_start, _SEV_CUES)
    first = _first_severity(doc, lines)
    if first is None:
        return []
    text, skip, out = doc.text, skipped(doc), [first]
    for rx in (_SEV_FIELD, _SEV_CLAUSE, _LEVEL_FIELD):  # impact/urgency levels only where no severity or priority is given
        if rx is not _LEVEL_FIELD or (len(out) == 1 and _LEVEL_FIELD.match(text, first.start)):
            out += [Statement(sev, m["v"], m.start("v"), m.end("v")) for s, e in lines for m in rx.finditer(text, s, e)
                    if (sev := map_severity(m["v"])) and not skip(m.start())]
    for rx in (_SEV_LABEL, _SEV_CODE, _P_BARE):
        for m in (m for s, e in lines for m in rx.finditer(text, s, e)):
            line_start = text.rfind("\n", 0, m.start()) + 1
            changed = _CHANGE_BEFORE.search(text[max(line_start, m.start() - 60):m.start()]) or \
                _CHANGE_AFTER.match(text[m.end():m.end() + 20])
            sev = map_severity(m["num"] or m.groupdict().get("word") or "")
            if changed and sev and not skip(m.start()):
                out.append(Statement(sev, _as_written(m, "num" if m["num"] else "word"), m.start(), m.end()))
    seen: dict[int, Statement[Severity]] = {}
    for st in out:  # one statement per place: the first reading of a span wins
        if not any(s.start < st.end and st.start < s.end for s in seen.values()):
            seen[st.start] = st
    return sorted(seen.values(), key=lambda s: s.start)


def _as_written(m: re.Match, name: str) -> str:
    """The value as the notes write it: "SEV-2" rather than the bare "2" the pattern captured."""
    return m[name] if re.search(r"[A-Za-z]", m[name]) else " ".join(m.group().split()).lstrip("*_|#,(-–— ")


def map_severity(raw: str) -> Severity | None:
    raw = words.number(raw.strip().lower())
    num = re.search(r"[0-5]", raw)
    if num and re.fullmatch(_NUMBERED, raw):
        return _SEV_NUM[int(num.group())]
    word = re.split(r"[- ]", raw)[0]
    return words.LEVELS.get(word)


def is_standard_label(raw: str) -> bool:
    """SEV/P numbers and the schema's own words need no reviewer; 'disrupted' or 'major' do."""
    raw = words.number(raw.strip().lower())
    return bool(re.fullmatch(_NUMBERED, raw)) or raw in words.STANDARD


def status(doc: Document) -> Found[Status] | None:
    """The status the story ends with (see status_story), without the review notes."""
    return status_story(doc).found


def status_story(doc: Document, *, ended: Found | None = None) -> Told[Status]:
    """The last status the notes state. With none stated: Resolved when the notes give an end time
    (ended) or are a postmortem told in the past tense, and the reason is kept for a reviewer."""
    said = status_.statements(doc) + status_words.statements(doc, skipped(doc))
    told = _told(in_story_order(doc, said), status_.rank, (LABEL,))
    if told.found:
        return told
    if ended:
        return Told(Found(Status.resolved, ended.spans), "resolved", inferred="the notes state no status; shown as resolved because they give an end time")
    if _is_postmortem(doc):
        return Told(Found(Status.resolved, ()), "resolved", inferred="the notes state no status; shown as resolved because they are a "
                                             "postmortem written after the incident")
    return Told()


def _told(said: list[Statement], rank, kinds: tuple[str, ...]) -> Told:
    last = final(said, rank)
    if last is None:
        return Told()
    before = superseded(said[:said.index(last)], last, kinds, rank)
    return Told(Found(last.value, ((last.start, last.end),)), last.raw, before.raw if before else None)


def _is_postmortem(doc: Document) -> bool:
    heading = doc.front.get("title", ("",))[0]
    m = re.search(r"^[ \t]*#{1,3}[ \t]+([^\n]+)", doc.text[doc.body_start:doc.body_start + 2000], re.M)
    named = f"{heading if isinstance(heading, str) else ''} {m.group(1) if m else ''}"
    return bool(_POSTMORTEM.search(named)) and len(_PAST.findall(doc.text, doc.body_start)) >= 3


def title(doc: Document) -> Found[str] | None:
    """A "Title: ..." field, as exports and the JSON timeline write it (front matter is read elsewhere)."""
    if "title" in doc.front:
        return None
    m = _TITLE.search(doc.text, doc.body_start)
    value = clean(m["v"]) if m else ""
    return Found(value, ((m.start("v"), m.end("v")),)) if value else None


_ID_KEYS = ("incident_id", "incident-id", "incident", "ticket")  # front matter ("id" there is often a page slug)


def incident_id(doc: Document) -> Found[str] | None:
    """An "Incident ID: ..." field (also "ID:", "Key:", "Reference:", "Ticket:", in a label run, a table row or
    front matter), else a label without its colon ("Ref HD-20417 - ...", "Incident #4411"), as exports and
    people write it; never a version, a date or a record of another kind (see ids.py)."""
    for key in _ID_KEYS:
        value, s, e = doc.front.get(key, ("", 0, 0))
        if isinstance(value, str) and re.fullmatch(r"#?[A-Za-z0-9][\w.#/-]{0,39}", value):
            return Found(value, ((s, e),))
    skip = skipped(doc)  # a ticket under follow-ups or next steps is a task's, not the incident's
    for m in _ID.finditer(doc.text, doc.body_start):
        named = m["k"].lower().startswith("incident")
        if (re.search(r"\d", m["v"]) or named) and ids.usable(m["v"], named=named) and not skip(m.start()):
            return Found(m["v"], ((m.start("v"), m.end("v")),))
    for value, s, e in summary_row.cells(doc, summary_row.ID_HEADS):  # "| Incident | Status |" over one row
        if re.fullmatch(r"#?[A-Za-z0-9][\w.#/-]{0,39}", value) and ids.usable(value) and not skip(s):
            return Found(value, ((s, e),))
    found = ids.loose_label(doc)
    return found if found and not skip(found.spans[0][0]) else None
