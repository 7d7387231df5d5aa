"""Flags where a careful editor would stop: empty sections, draft markers, an unconfirmed root cause, names of
people. (Superseded figures, statuses and severities are flagged by the readers that see the change.)

Every pattern is linear (alternations of literals, bounded repeats) and runs once over the notes or a field.
"""

from __future__ import annotations

import re

from incident_brief.flags.names import label
from incident_brief.flags.people import person_names
from incident_brief.schema import Report, ReviewFlag, Span, get_path
from incident_brief.structure import line_at

# The report's sections a reader expects filled; the figures and times have their own flags and questions.
SECTIONS = ("what_happened", "impact.summary", "root_cause", "actions_taken", "next_steps.immediate",
            "next_steps.preventive")
TEXT_FIELDS = ("title",) + SECTIONS
_WHOLE_NOTES = 200_000  # characters of the notes searched for a draft marker (markers sit at the top or in a heading)

# Draft markers: upper-case tokens (case matters: "wip" or "draft" in prose is a word, not a marker) ...
_MARKER_WORDS = re.compile(r"(?<![\w-])(?:DRAFT|WIP|TBD|TBC|TODO|FIXME|XXX)(?![\w-])")
# ... and phrases in any case: a distribution warning, a draft version, a bracketed draft, other languages' drafts.
_MARKER_PHRASES = re.compile(
    r"\b(?:do not|don't|please don't|please do not) (?:circulate|distribute|share|forward)\b|"
    r"\bnot (?:yet )?for (?:distribution|circulation|sharing)\b|\binternal draft\b|\bwork in progress\b|"
    r"\bdraft (?:v(?:ersion)? ?\d{1,3}(?:\.\d{1,3}){0,2}|copy|only)\b|[\[(]draft\b|\bdraft[\])]|"
    r"\bbrouillon\b|\bne pas (?:diffuser|distribuer)\b|\bentwurf\b|\bnicht (?:weitergeben|verteilen)\b|"
    r"\bborrador\b|\bno (?:distribuir|circular|difundir)\b|"
    r"^[ \t]{0,8}draft:[ \t]{0,8}(?:true|yes)\b|^[ \t>]{0,8}(?:\*\*|__)?draft(?:\*\*|__)?[ \t]{0,8}(?:[-:\u2013\u2014]|$)",
    re.I | re.M)
_VERSION = re.compile(r"(?<![\w.])v\d{1,3}\.\d{1,3}(?![\w.])")  # "v0.3": a document version, in a title
_TITLE_DRAFT = re.compile(r"\bdraft\b", re.I)

# A cause the notes hedge: suspected, likely, we think, not yet confirmed (English, French, German, Spanish).
_HEDGE = re.compile(
    r"\b(?:suspect(?:ed)?|suspicion|we think|we believe|i think|likely|probably|possibly|presumably|"
    r"(?:appears|seems) to|may have|might have|hypothes[ie]s|working theory|theory is|"
    r"not (?:yet |been )?(?:confirmed|verified)|unconfirmed|unverified|to be confirmed|"
    r"(?:still )?under investigation|still investigating|tbc|probablement|suppos[ée]e?|vermutlich|wahrscheinlich|"
    r"vermuten|probablemente|sospech\w{0,6}|posiblemente)\b", re.I)


def editor_flags(report: Report, notes: str | None) -> list[ReviewFlag]:
    return [*empty_sections(report), *draft_markers(report, notes), *unconfirmed_cause(report, notes),
            *people_named(report)]


def _flag(path: str, reason: str) -> ReviewFlag:
    return ReviewFlag(field=path, label=label(path), reason=reason)


def empty_sections(report: Report) -> list[ReviewFlag]:
    """Each empty section; the two lists of next steps are one section (either may hold them all)."""
    empty = {p for p in SECTIONS if get_path(report, p) in (None, "", [])}
    if not {"next_steps.immediate", "next_steps.preventive"} <= empty:
        empty -= {"next_steps.immediate", "next_steps.preventive"}
    return [_flag(p, "This section is empty; write it from the notes or ask the incident lead, or leave it as not "
                     "stated on purpose.") for p in SECTIONS if p in empty]


def _markers(text: str) -> list[str]:
    found = [m.group() for m in _MARKER_WORDS.finditer(text)]
    found += [m.group().strip(" \t>*_-:\u2013\u2014") for m in _MARKER_PHRASES.finditer(text)]
    return list(dict.fromkeys(found))


def draft_markers(report: Report, notes: str | None) -> list[ReviewFlag]:
    out = []
    for path in TEXT_FIELDS:
        value = get_path(report, path)
        text = "\n".join(value) if isinstance(value, list) else value or ""
        marks = _markers(text)
        if path == "title" and _TITLE_DRAFT.search(text):
            marks += [m.group() for m in _VERSION.finditer(text)]
        if marks:
            out.append(_flag(path, f"The text carries draft markers ({_quoted(marks)}); remove them, or finish the "
                                   "draft before sending."))
    if notes and (marks := _markers(notes[:_WHOLE_NOTES])):
        out.append(_flag("notes", f"The notes are marked as a draft or not for circulation ({_quoted(marks)}); "
                                  "confirm they are final and may be summarised for executives."))
    return out


def unconfirmed_cause(report: Report, notes: str | None) -> list[ReviewFlag]:
    """A root cause the notes (the lines it was read from) or its own text call suspected or unconfirmed."""
    if not report.root_cause:
        return []
    where = [report.root_cause]
    if notes:
        where += [notes[slice(*line_at(notes, s.start))] for s in report.evidence.get("root_cause", [])
                  if isinstance(s, Span) and s.start < len(notes)]
    hedges = list(dict.fromkeys(m.group().lower() for text in where for m in _HEDGE.finditer(text)))
    if not hedges:
        return []
    return [_flag("root_cause", f"The notes call this cause unconfirmed ({_quoted(hedges)}); confirm it with the "
                                "incident lead or say it is suspected.")]


def people_named(report: Report) -> list[ReviewFlag]:
    out = []
    for path in TEXT_FIELDS:
        value = get_path(report, path)
        names = person_names("\n".join(value) if isinstance(value, list) else value or "")
        if names:
            out.append(_flag(path, f"The text names people ({_quoted(names)}); executives need teams or roles, so "
                                   "write the role instead."))
    return out


def _quoted(words: list[str], most: int = 3) -> str:
    return ", ".join(f'"{w}"' for w in words[:most])
