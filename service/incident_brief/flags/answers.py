"""A reviewer's answer to a gap question, read into the field it fills.

The answer is added to the report's source as its own passage, so the filled field is grounded like any other:
its evidence is a span of that passage."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import NamedTuple

from incident_brief.errors import InputError
from incident_brief.figures import numbers_in
from incident_brief.flags.questions import Need
from incident_brief.schema import MAX_COUNT, Report, Span, set_path

MAX_ANSWER = 2000  # characters
_CLOCK = re.compile(r"\b([01]?\d|2[0-3])[:.h]([0-5]\d)\b")


class Answered(NamedTuple):
    source: str  # the source text with the answer passage added
    span: Span  # where the answer sits in it


def passage(source: str, need: Need, text: str, who: str) -> Answered:
    text = " ".join(text.split())
    if not text:
        raise InputError("answer: write the answer first")
    if len(text) > MAX_ANSWER:
        raise InputError(f"answer: at most {MAX_ANSWER} characters")
    head = f"\n\nAnswer from {who} to \"{need.question}\":\n"
    start = len(source) + len(head)
    return Answered(source + head + text + "\n", Span(quote=text, start=start, end=start + len(text)))


def fill(report: Report, need: Need, answer: Span) -> None:
    """The field the question is about, set from the answer; its evidence is the answer's span."""
    set_path(report, need.field, _value(report, need, answer.quote))
    report.evidence[need.field] = [answer]
    if need.name == "impact_end" and report.started_at and report.resolved_at > report.started_at:
        report.duration_minutes = (report.resolved_at - report.started_at).total_seconds() / 60
        report.evidence["duration_minutes"] = report.evidence.get("started_at", []) + [answer]


def _value(report: Report, need: Need, text: str):
    if need.name == "impact_end":
        return _time(report, text)
    if need.name == "users_affected":
        counts = [n for n in numbers_in(text) if n == int(n) and 0 <= n <= MAX_COUNT]
        if not counts:
            raise InputError("answer: give the number of users or customers affected")
        return int(counts[0])
    if need.name == "next_steps":
        return [line.strip(" -*") for line in re.split(r"[;\n]|(?<=\.)\s+", text) if line.strip(" -*.")]
    return text


def _time(report: Report, text: str) -> datetime:
    """An ISO 8601 time, or a clock time on the day (and zone) the incident started."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        m, start = _CLOCK.search(text), report.started_at
        if m is None or start is None:
            raise InputError("answer: give the time impact ended, e.g. 2025-06-03T14:20:00Z "
                             "(or 14:20 when the start time is known)") from None
        when = start.replace(hour=int(m[1]), minute=int(m[2]), second=0, microsecond=0)
        if when <= start:
            when += timedelta(days=1)
    if report.started_at and (when.tzinfo is None) != (report.started_at.tzinfo is None):
        when = when.replace(tzinfo=report.started_at.tzinfo)
    return when


def answered(report: Report, need: Need, text: str, who: str, at: datetime) -> None:
    report.questions = [q.model_copy(update={"answer": text, "answered_by": who, "answered_at": at})
                        if q.name == need.name else q for q in report.questions]
    report.review_flags = [f for f in report.review_flags if f.field != need.field]
