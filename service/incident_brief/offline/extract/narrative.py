"""Prose fields: title, what happened, root cause, actions taken, next steps, contact."""

from __future__ import annotations

import re

from incident_brief.budgets import BUDGETS, fit
from incident_brief.structure import Document, Section, clean, items, paragraphs, sections_of, sentences
from incident_brief.offline.extract import Found, ids, steps
from incident_brief.offline.extract.story import skipped
from incident_brief.offline.literals import Gated, lowered

Spans = tuple[tuple[int, int], ...]
# Who wrote a timeline entry, after its stamp ("- 2025-09-16T10:05:19Z - Mateo Ruiz: ", "… - henrik.aalto: "):
# a name of two or three capitalised words, or a handle with a dot (a one-word label such as "Mitigated:" stays).
_AUTHOR = r"(?:[A-ZÀ-Þ][\w'’-]{0,30}(?:[ \t][A-ZÀ-Þ][\w'’-]{0,30}){1,2}|[a-z][\w-]{0,30}\.[a-z][\w.-]{0,30})"
# An entry that states the cause ("Cause: …", "Cause found: …") is no action, whatever verb it holds.
_CAUSE_SAID = re.compile(r"(?:root[- ]?)?causes?(?:[ \t]+(?:found|identified|confirmed|determined))?[ \t]*:", re.I)
_STAMP_PREFIX = re.compile(
    r"[\s*_]*(?:\[?\d{1,2}:\d{2}\s*(?:[AaPp][Mm])?\]\s*<?[\w.-]{1,24}>?:\s*)?(?:\d{1,2}[-/]\d{1,2}[-/]\d{4}\s*@?\s*|\d{4}-\d{2}-\d{2}(?:[T ,]\s*)?)?"
    r"(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:UTC|GMT|Z|[ECMP][SD]?T)?)?[\s*_]*(?:[-–—:|]\s*)?"
    r"(?:(?<=[-–—] )" + _AUTHOR + r":\s+)?")
_ACTION = re.compile(
    r"\b(?:restart(?:ed)?|rolled back|roll(?:ed)? ?back|revert(?:ed)?|deployed|redeployed|scaled|failed over|fail(?:ed)? ?over|"
    r"increased|disabled|enabled|cleared|fixed|patched|rotated|revoked|restored|removed|added|raised|re-?ran|"
    r"switched|migrated|purged|blocked|killed|drained|promoted|recreated|applied|mitigated|executed|"
    r"paused|corrected|re-?issued|voided|reverting|reverted|revert)\b", re.I)
_STAMPED_LINE = re.compile(r"^[ \t]*(?:[-*+•][ \t]+)?\**\[?(?:\d{4}-\d{2}-\d{2}[T ]?)?\d{1,2}:\d{2}[^\n]*$", re.M)
_WE_DID = re.compile(r"^\W*we\s+(?:\w+\s+){0,2}?(?:" + _ACTION.pattern[5:-3] + r")\b", re.I)
_IMMEDIATE = re.compile(r"\b(?:immediately|today|tomorrow|this week|next \d+ (?:hours|days)|24 hours|48 hours|monitor|"
                        r"complete (?:the )?post|post-incident review|communicat|notify|short[- ]term|in progress|urgent)\b", re.I)
_MAX_ITEMS = 8
_ITEM_CHARS = BUDGETS["item"]  # the executive report's budget for one list item
_CLOCK_WORD = re.compile(r"\b\d{1,2}:\d{2}\b")
_ANY_CLOCK = re.compile(r"\d:\d\d")  # every stamped line holds one (also after a date: 2024-01-01T10:00)
_INCIDENT_WORDS = Gated(re.compile(r"\b(?:\d{1,2}:\d{2}|outage|down|unavailable|failed|failing|errors?|broken|incident|degrad\w*|disrupt\w*)\b", re.I),
                        (":", "outage", "down", "unavailable", "fail", "error", "broken", "incident", "degrad", "disrupt"))
_CLOCK_WORD = Gated(_CLOCK_WORD, (":",))
_SUMMARY_TITLE = re.compile(r"summary|overview|what happened|tl;?dr", re.I)


def title(doc: Document) -> Found[str] | None:
    if "title" in doc.front and isinstance(doc.front["title"][0], str):
        v, s, e = doc.front["title"]
        return Found(clean(v), ((s, e),))
    for sec in doc.sections:
        if sec.title.lower() == "title" and sec.inline:
            return Found(clean(doc.text[sec.body_start:sec.body_end]), ((sec.body_start, sec.body_end),))
    m = re.search(r"^#[ \t]+(\S[^\n]*)$", doc.text[doc.body_start:], re.M)
    if m:
        s = doc.body_start + m.start(1)
        return Found(clean(m.group(1)), ((s, s + len(m.group(1))),))
    return None


def labelled(doc: Document, *names: str) -> Found[str] | None:
    """A one-line "Label: value" field, e.g. Incident ID or Contact."""
    rx = re.compile(rf"^(?:[^\w\n]|_)*+(?:{'|'.join(names)})\W*?[:=][ \t]*\**[ \t]*(?P<v>[^\n*]+)", re.I | re.M)
    m = Gated(rx, [name.lower() for name in names]).search(doc.text, doc.body_start)
    if not m or not m["v"].strip():
        return None
    return Found(clean(m["v"]), ((m.start("v"), m.end("v")),))


def incident_id(doc: Document) -> Found[str] | None:
    """An "Incident: ..." line, else an id that opens the title or subject, else an incident number anywhere
    (a ServiceNow number, an id built on INC kept whole, an incident channel), never a linked record's."""
    found = labelled(doc, "incident id", "incident", "incident number", "ticket")
    if found and re.fullmatch(r"[\w.#/-]{2,40}", found.value) and re.search(r"\d", found.value) and \
            ids.usable(found.value) and not skipped(doc)(found.spans[0][0]):
        return found
    return ids.in_title(doc) or ids.numbered(doc)


def _sentences_upto(doc: Document, start: int, end: int, limit: int, chars: int) -> Found[str] | None:
    spans = []
    for s, e in sentences(doc.text, start, end):
        if spans and sum(e2 - s2 for s2, e2 in spans) + (e - s) > chars:
            break
        spans.append((s, e))
        if len(spans) == limit:
            break
    text = " ".join(clean(doc.text[s:e]) for s, e in spans)
    return Found(text, tuple(spans)) if text else None


# (used with match; the look-behind keeps a search linear too: a run of spaces is entered once, at its start)
_LABEL_OR_ITEM = re.compile(r"(?<!\s)\s*+(?:[A-Z][\w &'/()-]{0,40}:(?:\s|$)|[-*+•]\s)")
_LISTISH = re.compile(r"(?<!\s)\s*+(?:#|[-*+•]\s|\d{1,2}[.)]\s|```|\||>|\[\^)")


def _prose_paragraphs(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for s, e in paragraphs(doc.text, start, end):
        para = doc.text[s:e]
        if _LISTISH.match(para):
            continue
        lines = list(filter(str.strip, para.splitlines()))  # (counted in C: a paragraph can hold 100,000 lines)
        if all(map(_LABEL_OR_ITEM.match, lines)) or len([*filter(None, map(_STAMPED_LINE.match, lines))]) > len(lines) / 2:
            continue
        if len(clean(para).split()) < 6:
            continue
        out.append((s, e))
    return out


def what_happened(doc: Document) -> tuple[tuple[int, int], bool] | None:
    """The stretch of the notes that reads as the author's own summary, and whether a Summary/Overview section
    holds it: that section's first prose paragraph, else the first prose paragraph that speaks of the incident.
    offline/happened.py judges its sentences and writes What Happened; timeline and chat lines are never copied."""
    secs = sections_of(doc, "summary")  # a Summary or Overview before Background or Details
    for sec in sorted(secs, key=lambda sec: not _SUMMARY_TITLE.search(sec.title)):
        if sec.inline:
            return (sec.body_start, sec.body_end), True
        paras = _prose_paragraphs(doc, sec.body_start, sec.body_end)
        if paras:
            return paras[0], True
    paras = _prose_paragraphs(doc, doc.body_start, len(doc.text))
    paras = ([p for p in paras if _CLOCK_WORD.search(doc.text, *p)]
             or [p for p in paras if _INCIDENT_WORDS.search(doc.text, *p)] or paras)
    return (paras[0], False) if paras else None


def _item_text(doc: Document, s: int, e: int) -> tuple[str, tuple[int, int]] | None:
    m = _STAMP_PREFIX.match(doc.text[s:e])
    s = s + m.end() if m else s
    m = None
    if m and m.end() > s:
        s = m.end()
    first = sentences(doc.text, s, e)
    if first and len(clean(doc.text[s:e])) > _ITEM_CHARS:
        s, e = first[0]
    text = clean(doc.text[s:e]).rstrip(" .;")
    text = fit(text, _ITEM_CHARS)  # one very long sentence: cut at a word, the evidence keeps it whole
    return (text[0].upper() + text[1:], (s, e)) if len(text) > 3 else None


def _list(doc: Document, secs: list[Section]) -> list[tuple[str, tuple[int, int]]]:
    out = []
    for sec in secs:
        spans = items(doc.text, sec.body_start, sec.body_end)
        if not spans and sec.inline:  # "Next steps: do this; do that; and this."
            spans = _split_semicolons(doc.text, sec.body_start, sec.body_end)
        spans = spans or _prose_paragraphs(doc, sec.body_start, sec.body_end)
        for s, e in spans:
            if len(out) >= _MAX_ITEMS:
                return out
            got = _item_text(doc, s, e)
            if got and got[0] not in (t for t, _ in out):
                out.append(got)
    return out


def _split_semicolons(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in re.finditer(r";\s*(?:and\s+)?|\.?\s*$", text[start:end]):
        if start + m.start() > pos:
            out.append((pos, start + m.start()))
        pos = start + m.end()
    return out


def _found_list(pairs) -> Found[list[str]] | None:
    return Found([t for t, _ in pairs], tuple(sp for _, sp in pairs)) if pairs else None


def actions_taken(doc: Document) -> Found[list[str]] | None:
    pairs = _list(doc, sections_of(doc, "actions"))
    if not pairs:
        timeline = _list(doc, sections_of(doc, "timeline")) or _stamped_lines(doc)
        pairs = [(t, sp) for t, sp in timeline if _ACTION.search(t) and not steps.is_todo_line(t)
                 and not _CAUSE_SAID.match(t)]
    low = lowered(doc.text)
    if not pairs and (low is None or "we" in low):  # narrative prose: "We paused the job at 10:05 UTC, ..."
        for s, e in sentences(doc.text, doc.body_start, len(doc.text)):
            if _WE_DID.match(doc.text[s:e]) and not _in_kind(doc, s, "next_steps", "root_cause"):
                got = _item_text(doc, s, e)
                pairs += [got] if got else []
    return _found_list(pairs[:_MAX_ITEMS])


def _stamped_lines(doc: Document) -> list[tuple[str, tuple[int, int]]]:
    """Lines that start with a time: a timeline or chat log without a heading. Reading starts at the first line
    holding a clock (found in C) and stops after 200 entries or 5,000 stamped lines, whichever comes first."""
    text, out = doc.text, []
    first = _ANY_CLOCK.search(text, doc.body_start)
    if first is None:
        return out
    line = text.rfind("\n", doc.body_start, first.start()) + 1 or doc.body_start
    for n, m in enumerate(_STAMPED_LINE.finditer(text, line)):
        got = _item_text(doc, m.start(), m.end())
        if got:
            out.append(got)
        if len(out) >= 200 or n >= 5000:  # a timeline of 100,000 lines: the first entries are what the report can use
            break
    return out


def _in_kind(doc: Document, pos: int, *kinds: str) -> bool:
    return any(sec.body_start <= pos < sec.body_end for sec in sections_of(doc, *kinds))


def next_steps(doc: Document) -> tuple[Found[list[str]] | None, Found[list[str]] | None]:
    immediate = _list(doc, sections_of(doc, "immediate"))
    preventive = _list(doc, sections_of(doc, "preventive"))
    listed = _list(doc, sections_of(doc, "next_steps"))
    seen = {t.lower() for t, _ in immediate + preventive + listed}
    for got in steps.table_steps(doc) + steps.bare_heading_steps(doc) + steps.todo_lines(doc) + steps.said_lists(doc):
        if got[0].lower() not in seen and not any(a <= got[1][0] < b for _, (a, b) in immediate + preventive + listed):
            seen.add(got[0].lower())
            listed.append(got)
    for text, span in listed:
        (immediate if _IMMEDIATE.search(text) else preventive).append((text, span))
    return _found_list(immediate[:_MAX_ITEMS]), _found_list(preventive[:_MAX_ITEMS])
