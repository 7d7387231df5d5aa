"""No flag contradicts the final report: each review flag checked against the field it names, as shown.

The checks of tests/test_flags_final.py, as a scorer: a gap flag ("the notes do not say ...") on a field the report
fills, a time-zone flag on a time that has its zone, a duration flag where the window agrees, a status-change flag
whose new status is not the one shown, a flag not named as the page names its field, a reason that is not one
sentence."""

from __future__ import annotations

import re

from incident_brief.flags.final import durations_disagree
from incident_brief.flags.names import FIELD_LABELS, label
from incident_brief.schema import Report, Severity, Status, get_path
from incident_brief.evals.cases import Case
from incident_brief.evals.match import Score

_PATHS = re.compile("|".join(re.escape(p) for p in FIELD_LABELS if "_" in p or "." in p))
_GAP = re.compile(r"do not say whether|state no|not found in the notes|is empty", re.I)
_CHANGED = re.compile(r"changed (status|severity) from .+? to (.+?);", re.I)
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_WHOLE = ("notes", "engine", "report", "approval", "impact", "next_steps")  # flags on no single value


def _shown(report: Report, field: str):
    return get_path(report, field) if field in FIELD_LABELS and field not in _WHOLE else None


def _against_value(report: Report, flag) -> list[str]:
    value = _shown(report, flag.field)
    filled = value not in (None, "", [], Status.unknown, Severity.unknown)
    out = []
    if _GAP.search(flag.reason) and filled:
        out.append(f"{flag.field} is shown ({value!r}) but flagged: {flag.reason}")
    if "time zone" in flag.reason and (value is None or value.tzinfo is not None):
        out.append(f"{flag.field} is {value!r} but flagged: {flag.reason}")
    if "start and end times give" in flag.reason and not durations_disagree(report):
        out.append(f"the duration agrees with the window but is flagged: {flag.reason}")
    m = _CHANGED.search(flag.reason)
    if m and m[1].lower() == "status" and m[2].lower() in Status.__members__ and report.status.value != m[2].lower():
        out.append(f"status is {report.status.value} but flagged: {flag.reason}")
    return out


def _wording(flag) -> list[str]:
    out = []
    if flag.label != label(flag.field) or _PATHS.search(flag.reason):
        out.append(f"flag not named as the page names it: {flag}")
    bare = _QUOTED.sub("\"\"", flag.reason)
    if not flag.reason.endswith((".", "?")) or len(re.findall(r"[.?!](?:\s+[A-Z]|$)", bare)) != 1:
        out.append(f"not one sentence: {flag.reason}")
    return out


def contradictions(report: Report) -> list[str]:
    """What each flag says that the report as shown contradicts (empty: every flag holds)."""
    return [p for f in report.review_flags for p in _against_value(report, f) + _wording(f)]


def flags_consistent(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    found = contradictions(report)
    return {"flags_consistent": Score(float(not found), found)}
