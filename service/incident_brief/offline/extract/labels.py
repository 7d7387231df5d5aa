"""Severity and status, only from what the notes state."""

from __future__ import annotations

import re

from incident_brief.schema import Severity, Status
from incident_brief.structure import Document
from incident_brief.offline.extract import Found

_SEV_NUM = {0: Severity.critical, 1: Severity.critical, 2: Severity.high, 3: Severity.medium, 4: Severity.low, 5: Severity.low}
_SEV_WORD = {
    "critical": Severity.critical, "blocker": Severity.critical, "emergency": Severity.critical, "down": Severity.critical,
    "major": Severity.high, "high": Severity.high, "severe": Severity.high,
    "medium": Severity.medium, "moderate": Severity.medium, "disrupted": Severity.medium,
    "minor": Severity.low, "low": Severity.low, "notice": Severity.low,
}
_WORDS = "|".join(_SEV_WORD)
_SEV_LABEL = re.compile(
    r"\b(?:max_severity|severity|sev|priority|impact level)\b\W{0,4}(?:level\s*)?"
    rf"(?:(?P<num>(?:sev|p)?[- ]?[0-5])\b|(?P<word>{_WORDS})\b)", re.I)
_SEV_CODE = re.compile(r"(?<![\w-])(?:SEV|Sev|sev)[- ]?(?P<num>[0-5])\b")
_P_CODE = re.compile(r"(?<![\w-])P(?P<num>[0-4])\b(?=[^\n]{0,40}\b(?:incident|outage|priority|severity|page)\b)", re.I)
_IMPACT_LEVEL = re.compile(r"^#*[ \t]*\**impact\**:?\**[ \t]*\n+[ \t]*(?P<word>critical|high|medium|low)\b[ \t]*[-–:]", re.I | re.M)
_SEV_PHRASE = re.compile(r"\b(?P<word>critical|major|minor|high[- ]severity|low[- ]severity)\s+(?:incident|outage)\b", re.I)

_STATUS_LABEL = re.compile(
    r"^(?:[^\w\n]|_)*+(?:current\s++)?status\**+\s*+[:=-]\s*+\**+\s*+(?P<v>resolved|mitigated|monitoring|investigating|identified|closed|open|ongoing)\b",
    re.I | re.M)
_STATUS_CUES = (
    (Status.resolved, re.compile(r"\b(?:(?:has|have|had|was|were|been|is|now|fully|incident)\s+(?:been\s+)?(?:resolved|restored|recovered)|"
                                 r"resolved:\s*true|fully restored|back to normal|returned to normal|all systems (?:are )?(?:operational|running)|"
                                 r"service (?:was |is )?(?:fully )?restored|traffic had returned)\b", re.I)),
    (Status.mitigated, re.compile(r"\b(?:mitigated|workaround (?:is )?in place|temporarily fix(?:ed|ing))\b", re.I)),
    (Status.monitoring, re.compile(r"\b(?:we are|we're|are|currently|team is|now) monitoring\b|\bbeing monitored\b", re.I)),
    (Status.investigating, re.compile(r"\b(?:we are|we're|currently|still) (?:investigating|looking into)\b", re.I)),
)
_STATUS_WORD = {"resolved": Status.resolved, "closed": Status.resolved, "mitigated": Status.mitigated,
                "monitoring": Status.monitoring, "investigating": Status.investigating,
                "identified": Status.investigating, "open": Status.investigating, "ongoing": Status.investigating}


def severity(doc: Document) -> tuple[Found[Severity] | None, str | None]:
    """The stated severity and, when mapped from a non-standard label, the label it came from."""
    text = doc.text
    for key in ("severity", "max_severity", "priority"):
        if key in doc.front and isinstance(doc.front[key][0], str):
            value, s, e = doc.front[key]
            sev = map_severity(value)
            if sev:
                return Found(sev, ((s, e),)), value
    for rx in (_SEV_LABEL, _SEV_CODE, _P_CODE, _IMPACT_LEVEL, _SEV_PHRASE):
        m = rx.search(text, doc.body_start)
        if not m:
            continue
        groups = m.groupdict()
        raw = next(v for k, v in groups.items() if v)
        sev = map_severity(raw)
        if sev:
            return Found(sev, ((m.start(), m.end()),)), raw
    return None, None


def map_severity(raw: str) -> Severity | None:
    raw = raw.strip().lower()
    num = re.search(r"[0-5]", raw)
    if num and re.fullmatch(r"(?:sev|p)?[- ]?[0-5]", raw):
        return _SEV_NUM[int(num.group())]
    word = re.split(r"[- ]", raw)[0]
    return _SEV_WORD.get(word)


def is_standard_label(raw: str) -> bool:
    """SEV/P numbers and the schema's own words need no reviewer; 'disrupted' or 'major' do."""
    raw = raw.strip().lower()
    return bool(re.fullmatch(r"(?:sev|p)?[- ]?[0-5]|critical|high|medium|low", raw))


def status(doc: Document) -> Found[Status] | None:
    text = doc.text
    for key in ("status", "resolved"):
        if key in doc.front and isinstance(doc.front[key][0], str):
            value, s, e = doc.front[key]
            st = Status.resolved if (key == "resolved" and value.lower() == "true") else _STATUS_WORD.get(value.lower())
            if st:
                return Found(st, ((s, e),))
    labels = list(_STATUS_LABEL.finditer(text, doc.body_start))
    if labels:
        m = labels[-1]
        return Found(_STATUS_WORD[m["v"].lower()], ((m.start("v"), m.end("v")),))
    for st, rx in _STATUS_CUES:
        m = rx.search(text, doc.body_start)
        if m:
            return Found(st, ((m.start(), m.end()),))
    return None
