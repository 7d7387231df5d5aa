"""Reviewer operations on a stored report: edit a section, regenerate one, approve."""

from __future__ import annotations

from incident_brief.engines import summarize
from incident_brief.errors import ConflictError
from incident_brief.ingest import SourceDocument
from incident_brief.schema import Report, get_path, set_path  # noqa: F401  (get_path is used through this module by the web page)
from incident_brief.settings import Settings
from incident_brief.server.store import Store, Stored

# API section name -> (report field path, kind)
SECTIONS: dict[str, tuple[str, type]] = {
    "title": ("title", str), "what_happened": ("what_happened", str), "impact_summary": ("impact.summary", str),
    "root_cause": ("root_cause", str), "actions_taken": ("actions_taken", list),
    "next_steps_immediate": ("next_steps.immediate", list), "next_steps_preventive": ("next_steps.preventive", list),
    "contact": ("contact", str),
}


def _without_flags(report: Report, path: str) -> None:
    report.review_flags = [f for f in report.review_flags if f.field != path]


def edit(store: Store, stored: Stored, section: str, value, author: str) -> Stored:
    path, _ = SECTIONS[section]
    report = stored.report.model_copy(deep=True)
    set_path(report, path, value)
    _without_flags(report, path)  # a person has now written it
    return store.update(stored.id, report, author, "edit", section, lock=True)


def regenerate(store: Store, stored: Stored, section: str, author: str, settings: Settings) -> Stored:
    if section in stored.locked:
        raise ConflictError(f"section {section!r} was edited by a reviewer and is locked against regeneration")
    if stored.review_state == "approved":
        raise ConflictError("the report is approved and can no longer be changed")
    path, _ = SECTIONS[section]
    fresh = summarize(SourceDocument(stored.source_text, stored.source_kind), settings=settings,
                      incident_id=stored.report.incident_id, contact=stored.report.contact,
                      generated_at=stored.report.generated_at)
    report = stored.report.model_copy(deep=True)
    set_path(report, path, get_path(fresh, path))
    _without_flags(report, path)
    report.review_flags += [f for f in fresh.review_flags if f.field == path]
    for key in [k for k in fresh.evidence if k == path]:
        report.evidence[key] = fresh.evidence[key]
    return store.update(stored.id, report, author, "regenerate", section)


def approve(store: Store, stored: Stored, author: str) -> Stored:
    if stored.review_state == "approved":
        raise ConflictError("the report is already approved")
    report = stored.report.model_copy(deep=True)
    report.review_flags = [f for f in report.review_flags if f.field != "approval"]
    return store.update(stored.id, report, author, "approve", None, approve=True)


