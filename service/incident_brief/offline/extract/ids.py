"""Incident ids as notes write them, only where the notes write one.

Three families, in this order of trust:
- a labelled field: "Incident ID: ...", "Ticket: ...", "Ref HD-20417 - ...", "Incident #4411", a table row
  "| Incident ID | MM-0524 |" (at a line's start or in a label run);
- the title: an id-shaped token that opens the title line, the first heading or an email subject
  ("MM-0524: matchmaking down", "Subject: [INC0048812] Payments API degraded");
- an incident number anywhere: a ServiceNow number (INC0048812), an id built on INC ("NOC-INC-5530", always kept
  whole), an incident channel ("#inc-0524").
A token of a linked record (a change, a follow-up, a related or earlier incident), a version, a date or a
severity code is never an id.
"""

from __future__ import annotations

import re

from incident_brief.offline.extract import Found
from incident_brief.offline.literals import Gated
from incident_brief.structure import Document

# An id-shaped token: letters and digits joined by hyphens, holding a digit ("HD-20417", "INC0048812", "4411").
_TOKEN = r"(?:[A-Za-z][A-Za-z0-9]{0,15}(?:[-_][A-Za-z0-9]{1,16}){0,5}|\d{3,16}(?:-[A-Za-z0-9]{1,16}){0,3})"
# Prefixes that make a token a record of another kind: a change, request, task or problem (ServiceNow), a
# vulnerability, a standard, a severity or priority code, a pull/merge request.
_OTHER_KIND = re.compile(
    r"(?:CHG|CTASK|SCTASK|RITM|REQ|TASK|PRB|CVE|GHSA|CWE|RFC|ISO|SEV|PR|MR|UTC|GMT|HTTP|HTTPS|TLS|SSL|SHA|UTF|IPV|"
    r"V|P|Q|H|FY)[-_]?\d", re.I)
_VERSION = re.compile(r"v?\d{1,4}(?:\.\d{1,6}){1,3}[\w.-]*", re.I)
_DATE = re.compile(r"\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?")
# The clause before a token that makes it another record: "related to", "follow-up", "see", "caused by change".
_LINKED = re.compile(
    r"\b(?:related|relates|linked|links?|see|cf|previous|prior|earlier|last|similar|duplicate[sd]?|dup|parent|child|"
    r"sub-?task|follow[- ]?ups?|followups?|action|change|changes|caused|blocks|blocked|depends|vendor|support|"
    r"problem)\b[^.;\n]{0,40}$", re.I)

_LOOSE = Gated(re.compile(  # "Ref HD-20417 - printers down", "Ticket #20417", "Incident #MM-0524", "Case no. 4411"
    r"^(?:[^\w\n]|_)*+(?P<k>ref(?:erence)?|ticket|incident|case)\.?[ \t]*+(?:#|no\.|number|id)?[ \t:]*+#?"
    rf"(?P<v>{_TOKEN})(?![\w.-]*+\w)", re.I | re.M), ("ref", "ticket", "incident", "case"))
_HASH = Gated(re.compile(rf"\bincident[ \t]*+#[ \t]*+(?P<v>{_TOKEN})(?![\w-])", re.I), ("incident",))
_TITLE_ID = re.compile(  # an id that opens a title: "MM-0524: ...", "[INC0048812] ...", "Re: [HD-20417] ..."
    r"(?:(?i:re|fwd?|aw|wg|tr)[ \t]*+:[ \t]*+){0,4}[\[(]?#?"
    r"(?P<v>[A-Z][A-Z0-9]{1,11}(?:-[A-Z][A-Z0-9]{0,11}){0,3}(?:-\d{1,8}){1,3}|INC\d{5,12})"
    r"(?:[\])]|[ \t]*+(?:[:|—–]|-[ \t]))")
_HEADING = re.compile(r"^[ \t]*+#{1,3}[ \t]++", re.M)
_LINE_OPEN = re.compile(r"[ \t]*+(?:[#=*_>][ \t#=*_>]*+)?")
_SUBJECT = Gated(re.compile(r"^[ \t>*]*+(?:subject|title)\**+[ \t]*+:[ \t*]*+", re.I | re.M), ("subject", "title"))
_ANYWHERE = (
    Gated(re.compile(r"(?<![\w-])(?P<v>INC\d{5,12})(?![\w-])"), ("inc",)),  # ServiceNow: INC0048812
    Gated(re.compile(r"(?<![\w-])(?P<v>(?:[A-Z][A-Z0-9]{0,11}-){0,3}(?:INC|INCIDENT|IR|SEC)-\d[\w-]{0,30})(?![\w-])"),
          ("inc", "ir-", "sec-")),
    Gated(re.compile(r"(?<![\w#])#(?P<v>inc(?:ident)?-\d{1,8}(?:-\d{1,8}){0,2})(?![\w])", re.I), ("#inc",)),
)


def usable(value: str, *, named: bool = False) -> bool:
    """An id, not a version, date, severity code or another kind of record; a field named for the incident
    ("Incident ID: ...") may hold any token."""
    if not re.search(r"\d", value) and not named:
        return False
    if named:
        return True
    bare = value.lstrip("#")
    return not (_OTHER_KIND.match(bare) or _VERSION.fullmatch(bare) or _DATE.fullmatch(bare))


def linked(text: str, pos: int) -> bool:
    """The token at pos is named as another record: "see INC0041000", "follow-up OPS-1234"."""
    line_start = text.rfind("\n", 0, pos) + 1
    return bool(_LINKED.search(text, max(line_start, pos - 60), pos))


def loose_label(doc: Document) -> Found[str] | None:
    """A label without the colon ("Ref HD-20417 - ...", "Ticket #20417") or "incident #..." in a sentence."""
    text = doc.text
    for m in _LOOSE.finditer(text, doc.body_start):
        if len(m["v"]) >= 3 and usable(m["v"]):
            return _found(m)
    for m in _HASH.finditer(text, doc.body_start):
        if usable(m["v"]) and not linked(text, m.start()):
            return _found(m)
    return None


def in_title(doc: Document) -> Found[str] | None:
    """An id that opens the title line: the first line of the body, the first heading, an email subject or a
    "Title:" field."""
    text = doc.text
    starts = [_first_line(text, doc.body_start)]
    heading = _HEADING.search(text, doc.body_start, doc.body_start + 4000)
    subject = _SUBJECT.search(text, doc.body_start, doc.body_start + 4000)
    starts += [m.end() for m in (heading, subject) if m]
    for pos in sorted(set(p for p in starts if p is not None)):
        m = _TITLE_ID.match(text, pos)
        if m and usable(m["v"]):
            return _found(m)
    return None


def numbered(doc: Document) -> Found[str] | None:
    """An incident number anywhere, in document order of the families above; never a linked one."""
    text = doc.text
    for rx in _ANYWHERE:
        for m in rx.finditer(text, doc.body_start):
            if not linked(text, m.start()):
                return _found(m)
    return None


def _first_line(text: str, start: int) -> int | None:
    """Where the words of the first non-blank line begin (after Markdown or underline marks)."""
    head = text[start:start + 2000]
    if not head.strip():
        return None
    return _LINE_OPEN.match(text, start + len(head) - len(head.lstrip())).end()


def _found(m: re.Match) -> Found[str]:
    return Found(m["v"], ((m.start("v"), m.end("v")),))
