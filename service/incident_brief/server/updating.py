"""Living updates of a stored draft: new notes added (POST /v1/reports/{id}/notes), the report redrawn from all its
notes by the engine it was made with, what a person wrote kept, and what changed said in words.

`held` is the one definition of what a person wrote since the report was generated, which a redraw keeps."""

from __future__ import annotations

from dataclasses import dataclass

from incident_brief import changes, updates
from incident_brief.errors import ConflictError
from incident_brief.flags.names import label
from incident_brief.schema import SECTIONS, Report, ReviewFlag
from incident_brief.settings import Settings
from incident_brief.source import SourceDocument
from incident_brief.server.database import PreconditionFailedError
from incident_brief.server.facts import FACTS, RECHECK
from incident_brief.server.store import Store, Stored

ACTION = "update"  # the revision an update makes
APPROVED = ("the report is approved and can no longer be changed; reopen it (POST /v1/reports/{id}/reopen) "
            "to add notes to a new draft")


@dataclass
class Updated:
    stored: Stored
    changes: changes.Changes


def held(store: Store, stored: Stored) -> frozenset[str]:
    """The fields (dotted paths) a person wrote: the sections a reviewer edited (the report's locked sections,
    which regeneration refuses too) and the key facts a reviewer corrected (revisions with action `facts`).
    Answered gap questions keep their fields as well (`updates.keep` reads them from the report)."""
    paths = {SECTIONS[name].path for name in stored.locked if name in SECTIONS}
    for revision in store.revisions(stored.id):
        if revision["action"] == "facts" and revision["section"]:
            paths |= {FACTS[name] for name in revision["section"].split(",") if name in FACTS}
    return frozenset(paths)


def add_notes(store: Store, stored: Stored, notes: SourceDocument, author: str, settings: Settings,
              gateway=None, expected: frozenset[int] | None = None) -> Updated:
    """The notes added and the report redrawn, as one new revision (action `update`); the model call (if any)
    runs before the write, and the write refuses a report whose notes changed meanwhile."""
    _check(stored, expected)
    source = updates.combine(SourceDocument(stored.source_text, stored.source_kind), notes, settings.max_input_bytes)
    fresh = updates.redraw(stored.report, source, settings=settings, gateway=gateway)
    before: list[Report] = []

    def change(current: Stored) -> tuple[Report, str]:
        if current.source_text != stored.source_text:
            raise ConflictError("the report's notes changed while this update was drawn (another update or an "
                                "answer); fetch the report and send the new notes again")
        before.append(current.report)
        paths = held(store, current)
        return _recheck(updates.keep(current.report, fresh, paths), paths), source.text

    result = store.change(stored.id, change, author, ACTION, None, expected=expected)
    return Updated(result, changes.between(before[-1], result.report))


def _recheck(report: Report, paths: frozenset[str]) -> Report:
    """Facts a reviewer corrected, a redrawn impact summary: one flag asks to check they agree (as after a correction)."""
    flag = ReviewFlag(field="impact.summary", reason=RECHECK, label=label("impact.summary"))
    if report.impact.summary and "impact.summary" not in paths and paths & set(FACTS.values()) \
            and flag not in report.review_flags:
        report.review_flags.append(flag)
    return report


def _check(stored: Stored, expected: frozenset[int] | None) -> None:
    """Early refusals, before any drafting: a stale If-Match (412), an approved report (409)."""
    if expected is not None and stored.revision not in expected:
        raise PreconditionFailedError(f'the report is at revision {stored.revision} (ETag "r{stored.revision}"), '
                                      "not the one If-Match names; fetch it again")
    if stored.review_state == "approved":
        raise ConflictError(APPROVED.format(id=stored.id))
