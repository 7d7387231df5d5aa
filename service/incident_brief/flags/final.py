"""Flags that describe the final report: stale ones dropped, every one named by its page label and worded as one
sentence that says what to check.

An engine raises flags while it reads; a later step (the model's grounded value, a reviewer's answer) may fill or
fix the field a flag is about. Here each flag whose premise the shown report contradicts is dropped: a gap flag on a
filled field, a time-zone flag on a zoned time, a duration mismatch once the duration and the window agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_brief.compose import duration_text
from incident_brief.flags import editor
from incident_brief.flags.names import FIELD_LABELS, label
from incident_brief.schema import Report, ReviewFlag, Severity, Status, get_path

# Fields whose value the grounded model answer may replace as it is (llm/ground.py STRUCTURED, by path).
VALUE_FIELDS = ("title", "status", "severity", "started_at", "detected_at", "resolved_at", "closed_at", "duration_minutes",
                "affected_services", "impact.users_affected", "impact.revenue_impact", "impact.customer_reports")
_EMPTY = (None, "", [])
# A flag that says a field is missing: the notes do not say, state no, not found, not stated.
_GAP = re.compile(r"\b(?:do(?:es)? not say whether|state no|not found in the notes)\b", re.I)
_NO_ZONE = re.compile(r"\bno time ?zone\b", re.I)
_MISMATCH = re.compile(r"\bstated duration\b.*\bdiffers?\b", re.I)
_CHECK = re.compile(r"\?|\b(?:check|confirm|set|write|ask|choose|verify|review|decide|edit|fill|leave|add|remove|"
                    r"make sure|is that right|which)\b", re.I)
# The engines' own wordings, each with what to check added (one sentence, the later clause the check).
_REWORD = tuple((re.compile(a, re.I), b) for a, b in (
    (r"^(\w+) was first given as (.+?), later (.+?); the later value is shown$",
     r"The notes changed \1 from \2 to \3; confirm the later value, shown here, is final"),
    (r"^the notes first gave (.+?), later (.+?); the later value is shown$",
     r"The notes first gave \1, later \2; confirm the later figure, shown here, is final"),
    (r"^the notes give no time ?zone for this time; it is shown as written$",
     "The notes give no time zone for this time; confirm the zone before sending"),
    (r"^the notes do not say whether the incident is resolved$",
     "The notes do not say whether the incident is resolved; ask the incident lead and set the status"),
    (r"^(no start time is stated; the first timeline entry of that day is used)$", r"\1; confirm impact began then"),
    (r"^(the notes later corrected an earlier cause: .+)$", r"\1; confirm the cause shown is the corrected one"),
    (r"^(.+ withheld from this (?:section|report))$", r"\1; check the text still reads right"),
))
_MINUTES_TOLERANCE = 5  # as the offline reader: a stated duration within 5 minutes (or 5%) of the window agrees


@dataclass(frozen=True)
class Before:
    """The values a report held when its flags were raised (the offline floor, before the model's values)."""

    values: dict[str, object]
    flags: int


def before(report: Report) -> Before:
    return Before({p: get_path(report, p) for p in VALUE_FIELDS}, len(report.review_flags))


def drop_changed(report: Report, then: Before) -> None:
    """The offline engine's flags on a field the model filled or fixed: they described a value no longer shown."""
    changed = {p for p, v in then.values.items() if get_path(report, p) != v}
    report.review_flags = [f for i, f in enumerate(report.review_flags) if i >= then.flags or f.field not in changed]


def window_minutes(report: Report) -> float | None:
    start, end = report.started_at, report.resolved_at
    if start is None or end is None or (start.tzinfo is None) != (end.tzinfo is None) or end <= start:
        return None
    return (end - start).total_seconds() / 60


def durations_disagree(report: Report) -> bool:
    window, stated = window_minutes(report), report.duration_minutes
    return window is not None and stated is not None and abs(window - stated) > max(_MINUTES_TOLERANCE, 0.05 * window)


def _filled(report: Report, path: str) -> bool:
    try:
        value = get_path(report, path)
    except AttributeError:
        return False
    return value not in _EMPTY and value not in (Status.unknown, Severity.unknown)


def _holds(flag: ReviewFlag, report: Report) -> bool:
    """False when the shown report contradicts what the flag says about its field."""
    if flag.field in FIELD_LABELS and flag.field not in ("notes", "engine", "report", "approval") and \
            _GAP.search(flag.reason) and _filled(report, flag.field):
        return False
    if _NO_ZONE.search(flag.reason) and flag.field in ("started_at", "resolved_at", "detected_at"):
        value = getattr(report, flag.field)
        return value is not None and value.tzinfo is None
    if flag.field == "duration_minutes" and _MISMATCH.search(flag.reason):
        return durations_disagree(report)
    return True


def _mismatch_reason(report: Report) -> str:
    return (f"The notes state a duration of {duration_text(report.duration_minutes)} but the start and end times give "
            f"{duration_text(window_minutes(report))}; check which is right.")


_FOLLOWING_QUESTION = re.compile(r"\.\s+(Did|When|Is|Was|Were|Does|Do|How|What|Which|Who|Check|Confirm)\b")


def sentence(reason: str) -> str:
    """One sentence: a capital first letter, the page's field names for JSON paths, a closing stop, and what to
    check when the reason does not already say it."""
    text = " ".join(reason.split())
    for path in sorted(FIELD_LABELS, key=len, reverse=True):
        if "_" in path or "." in path:
            text = re.sub(rf"(?<![\w.]){re.escape(path)}(?![\w.])", FIELD_LABELS[path].lower(), text)
    text = text.rstrip(" ;,.")
    text = _FOLLOWING_QUESTION.sub(lambda m: "; " + m[1].lower(), text)  # "X. Did impact end then?" -> "X; did ..."
    for pattern, replacement in _REWORD:
        if pattern.match(text):
            text = pattern.sub(replacement, text, count=1)
            break
    if not _CHECK.search(text):
        text += "; confirm it against the notes"
    if not text.endswith((".", "?", "!")):
        text += "."
    return text[:1].upper() + text[1:]


def reconcile(report: Report, notes: str | None = None) -> Report:
    """The flags the shown report supports, each labelled and worded as one sentence, then the editor's flags
    (flags/editor.py; an empty section's flag replaces the engine's "not found"); duplicates once."""
    kept: list[ReviewFlag] = []
    seen: set[tuple[str, str]] = set()
    for flag in report.review_flags:
        if not _holds(flag, report) or (flag.field in editor.SECTIONS and _GAP.search(flag.reason)):
            continue
        reason = _mismatch_reason(report) if flag.field == "duration_minutes" and _MISMATCH.search(flag.reason) \
            else sentence(flag.reason)
        if (flag.field, reason) not in seen:
            seen.add((flag.field, reason))
            kept.append(ReviewFlag(field=flag.field, label=label(flag.field), reason=reason))
    report.review_flags = kept + editor.editor_flags(report, notes)
    return report


