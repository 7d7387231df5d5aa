"""Reviewer operations on a stored report: edit a section, regenerate one, approve."""

from __future__ import annotations

from dataclasses import dataclass

from incident_brief.engines import regenerate_section, withhold_edit
from incident_brief.errors import ConflictError
from incident_brief.flags import answers, questions
from incident_brief.ingest import SourceDocument
from incident_brief.schema import SECTIONS, Report, get_path, set_path  # noqa: F401  (get_path, SECTIONS: used through this module by the web page and routes)
from incident_brief.settings import Settings
from incident_brief.server.database import PreconditionFailedError, now
from incident_brief.server.store import Store, Stored


QUESTIONS = questions.BY_NAME  # the gap questions a reviewer can answer, by name


@dataclass
class Regenerated:
    """The stored report after a regeneration; `changed` is False (and no revision added) when nothing changed."""

    stored: Stored
    changed: bool
    message: str | None = None


def _without_flags(report: Report, path: str) -> None:
    report.review_flags = [f for f in report.review_flags if f.field != path]


def edit(store: Store, stored: Stored, section: str, value, author: str,
         expected: frozenset[int] | None = None) -> Stored:
    """Write one section, applied to the report as it is when the change is written (no edit is lost)."""
    path, _ = SECTIONS[section]

    def change(current: Stored) -> Report:
        report = current.report.model_copy(deep=True)
        set_path(report, path, value)
        _without_flags(report, path)  # a person has now written it
        withhold_edit(report, path)  # no secret in a report, edits too: withheld, and a flag says so
        return report

    return store.change(stored.id, change, author, "edit", section, expected=expected, lock=True)


def regenerate(store: Store, stored: Stored, section: str, author: str, settings: Settings,
               gateway=None, expected: frozenset[int] | None = None) -> Regenerated:
    """Redraft one section: with the model, one drafting call from the report's stored grounded facts."""
    _check(stored, expected)
    if section in stored.locked:
        raise ConflictError(f"section {section!r} was edited by a reviewer and is locked against regeneration")
    path = SECTIONS[section].path
    fresh = regenerate_section(stored.report, SourceDocument(stored.source_text, stored.source_kind), section,
                               settings=settings, gateway=gateway)
    if fresh.unchanged_reason:
        return Regenerated(stored, False, fresh.unchanged_reason)
    flags = [f for f in stored.report.review_flags if f.field == path]
    if fresh.value == get_path(stored.report, path) and fresh.flags == flags:
        return Regenerated(stored, False, f"the {fresh.engine} engine gives the same text for this section")

    def change(current: Stored) -> Report:  # the redraft lands on the report as it is now
        if section in current.locked:
            raise ConflictError(f"section {section!r} was edited by a reviewer while it was redrafted; it is locked")
        report = current.report.model_copy(deep=True)
        set_path(report, path, fresh.value)
        _without_flags(report, path)
        report.review_flags += fresh.flags
        if fresh.evidence is not None:
            report.evidence[path] = fresh.evidence
        return report

    return Regenerated(store.change(stored.id, change, author, "regenerate", section, expected=expected), True)


def answer(store: Store, stored: Stored, name: str, text: str, author: str,
           expected: frozenset[int] | None = None) -> Stored:
    """A gap question answered: the field it is about is filled, grounded in the answer (a new passage of the
    source), and the question records who answered."""
    need = questions.BY_NAME[name]
    _check(stored, expected)

    def change(current: Stored) -> tuple[Report, str]:
        report = current.report.model_copy(deep=True)
        given = answers.passage(current.source_text, need, text, author)
        answers.fill(report, need, given.span)
        answers.answered(report, need, given.span.quote, author, now())
        withhold_edit(report, need.field)
        return questions.asked(report), given.source

    return store.change(stored.id, change, author, "answer", name, expected=expected)


def approve(store: Store, stored: Stored, author: str, expected: frozenset[int] | None = None) -> Stored:
    _check(stored, expected, "the report is already approved")

    def change(current: Stored) -> Report:
        report = current.report.model_copy(deep=True)
        report.review_flags = [f for f in report.review_flags if f.field != "approval"]
        return report

    return store.change(stored.id, change, author, "approve", None, expected=expected, approve=True)


def _check(stored: Stored, expected: frozenset[int] | None,
           approved: str = "the report is approved and can no longer be changed") -> None:
    """Early refusals (before a model call): a stale If-Match (412), an approved report (409)."""
    if expected is not None and stored.revision not in expected:
        raise PreconditionFailedError(f'the report is at revision {stored.revision} (ETag "r{stored.revision}"), '
                                      "not the one If-Match names; fetch it again")
    if stored.review_state == "approved":
        raise ConflictError(approved)
