"""Reviewer operations on a stored report: edit a section, regenerate one, approve."""

from __future__ import annotations

from dataclasses import dataclass

from incident_brief.engines import regenerate_section
from incident_brief.errors import ConflictError
from incident_brief.ingest import SourceDocument
from incident_brief.schema import SECTIONS, Report, get_path, set_path  # noqa: F401  (get_path, SECTIONS: used through this module by the web page and routes)
from incident_brief.settings import Settings
from incident_brief.server.store import Store, Stored


@dataclass
class Regenerated:
    """The stored report after a regeneration; `changed` is False (and no revision added) when nothing changed."""

    stored: Stored
    changed: bool
    message: str | None = None


def _without_flags(report: Report, path: str) -> None:
    report.review_flags = [f for f in report.review_flags if f.field != path]


def edit(store: Store, stored: Stored, section: str, value, author: str) -> Stored:
    path, _ = SECTIONS[section]
    report = stored.report.model_copy(deep=True)
    set_path(report, path, value)
    _without_flags(report, path)  # a person has now written it
    return store.update(stored.id, report, author, "edit", section, lock=True)


def regenerate(store: Store, stored: Stored, section: str, author: str, settings: Settings,
               gateway=None) -> Regenerated:
    """Redraft one section: with the model, one drafting call from the report's stored grounded facts."""
    if section in stored.locked:
        raise ConflictError(f"section {section!r} was edited by a reviewer and is locked against regeneration")
    if stored.review_state == "approved":
        raise ConflictError("the report is approved and can no longer be changed")
    path = SECTIONS[section].path
    fresh = regenerate_section(stored.report, SourceDocument(stored.source_text, stored.source_kind), section,
                               settings=settings, gateway=gateway)
    if fresh.unchanged_reason:
        return Regenerated(stored, False, fresh.unchanged_reason)
    flags = [f for f in stored.report.review_flags if f.field == path]
    if fresh.value == get_path(stored.report, path) and fresh.flags == flags:
        return Regenerated(stored, False, f"the {fresh.engine} engine gives the same text for this section")
    report = stored.report.model_copy(deep=True)
    set_path(report, path, fresh.value)
    _without_flags(report, path)
    report.review_flags += fresh.flags
    if fresh.evidence is not None:
        report.evidence[path] = fresh.evidence
    return Regenerated(store.update(stored.id, report, author, "regenerate", section), True)


def approve(store: Store, stored: Stored, author: str) -> Stored:
    if stored.review_state == "approved":
        raise ConflictError("the report is already approved")
    report = stored.report.model_copy(deep=True)
    report.review_flags = [f for f in report.review_flags if f.field != "approval"]
    return store.update(stored.id, report, author, "approve", None, approve=True)


