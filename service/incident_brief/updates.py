"""Living updates: new notes added to a report's notes, and the report redrawn from all of them.

The notes a report was made from stay as they are (every evidence offset still points at the same text); the new
notes, read by the reader that knows their shape, follow under a heading line `## Update N`. Lines the notes hold
already are left out of the update, so pasting a whole channel or export again adds only what is new. The combined
document keeps the first notes' kind (a PagerDuty export stays "pagerduty" with its updates).

The redrawn report keeps what a person wrote: `keep` puts back the fields it is given (dotted paths: sections a
reviewer edited, facts a reviewer corrected) with their evidence and flags, and every answered gap question with the
field it filled. Who counts as having written what is decided by the caller (server/updating.py for stored reports,
`--keep` for the CLI)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from incident_brief.engines import summarize
from incident_brief.errors import InputError, InputTooLargeError
from incident_brief.flags import questions
from incident_brief.schema import Report, get_path, set_path
from incident_brief.settings import Settings
from incident_brief.source import SourceDocument

if TYPE_CHECKING:  # the openai SDK loads only when a model is used
    from incident_brief.llm.gateway import Gateway

HEADING = "## Update {number}"
_HEADING = re.compile(r"^## Update \d{1,9}$", re.M)  # anchored per line, bounded: linear
ENGINES = ("offline", "llm")


def combine(old: SourceDocument, new: SourceDocument, max_bytes: int) -> SourceDocument:
    """The old notes, then the new ones (their lines not already in the notes) under the next update heading."""
    added = new_lines(old.text, new.text)
    if not set(_statements(added)) - set(_statements(old.text)):
        raise InputError("notes: every line of the new notes is in the report's notes already; nothing to add")
    number = len(_HEADING.findall(old.text)) + 1
    head = old.text if old.text.endswith("\n") else old.text + "\n"
    text = f"{head}\n{HEADING.format(number=number)}\n\n{added}\n"
    if len(text.encode("utf-8")) > max_bytes:
        raise InputTooLargeError(f"notes: with this update the report's notes would be larger than the "
                                 f"{max_bytes:,}-byte limit")
    return SourceDocument(text, old.kind, old.name)


def new_lines(old: str, new: str) -> str:
    """The new notes without the statements the old ones hold (compared with spaces collapsed), blank runs trimmed.

    Headings ("Follow-ups:", "## Timeline") and lines of one or two words stay even when repeated: they give the
    lines after them their meaning."""
    seen = {" ".join(line.split()) for line in old.splitlines()}
    kept = [line for line in new.splitlines() if not _repeated(" ".join(line.split()), seen)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


def _statements(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _repeated(line: str, seen: set[str]) -> bool:
    heading = line.endswith(":") or line.startswith("#") or line.count(" ") < 2
    return not heading and line in seen


def engine_of(report: Report) -> str:
    """The engine a report was made with, to redraw it the same way ("auto" when its engine info names neither)."""
    return report.engine.name if report.engine.name in ENGINES else "auto"


def redraw(old: Report, source: SourceDocument, *, settings: Settings, engine: str = "auto",
           gateway: Gateway | None = None, generated_at: datetime | None = None,
           incident_id: str | None = None, contact: str | None = None) -> Report:
    """A new report from all the notes, by the report's own engine unless `engine` names one; the incident id and
    the contact stay the report's unless given."""
    return summarize(source, engine=engine_of(old) if engine == "auto" else engine,
                     incident_id=incident_id or old.incident_id, contact=contact or old.contact,
                     generated_at=generated_at, settings=settings, gateway=gateway)


def keep(old: Report, new: Report, paths: Iterable[str]) -> Report:
    """`new` with the fields at `paths` as `old` has them (value, evidence, flags), and old's answered questions
    with the fields they filled."""
    answered = [q for q in old.questions if q.answer]
    held = set(paths) | {q.field for q in answered}
    report = new.model_copy(deep=True)
    for path in sorted(held):
        set_path(report, path, _copied(get_path(old, path)))
        if path in old.evidence:
            report.evidence[path] = [span.model_copy() for span in old.evidence[path]]
        else:
            report.evidence.pop(path, None)
    report.review_flags = ([f for f in report.review_flags if f.field not in held]
                           + [f.model_copy() for f in old.review_flags if f.field in held])
    done = {q.name for q in answered}
    report.questions = [q.model_copy() for q in answered] + [q for q in report.questions if q.name not in done]
    if held & {"started_at", "resolved_at"} and "duration_minutes" not in held:
        _window(report)
    return questions.asked(report)


def _window(report: Report) -> None:
    """A kept start or end: the duration follows the window the report now shows (when it has both ends)."""
    start, end = report.started_at, report.resolved_at
    if start is None or end is None or (start.tzinfo is None) != (end.tzinfo is None) or end <= start:
        return
    report.duration_minutes = (end - start).total_seconds() / 60
    report.evidence["duration_minutes"] = report.evidence.get("started_at", []) + report.evidence.get("resolved_at", [])


def _copied(value):
    if isinstance(value, list):
        return [v.model_copy() if hasattr(v, "model_copy") else v for v in value]
    return value.model_copy() if hasattr(value, "model_copy") else value
