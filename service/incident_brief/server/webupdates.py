"""The report page's "Add notes" form: a living update from the browser, through the API's path (the same reading
of the notes, the same limits, the same refusals), then back to the page, which says what the update changed.

Form token and sign-in are checked first, as for every form (server/pages.py); a refusal is shown on the report
page with the API's status and message, the typed notes kept in the form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from incident_brief.errors import IncidentBriefError
from incident_brief.ingest import from_text
from incident_brief.server import updating
from incident_brief.server.pages import error, form_refused, sign_in_first, visitor
from incident_brief.server.webcontext import report_page

UPDATED = "updated"  # the query parameter naming the revision the update made

router = APIRouter(include_in_schema=False)


@router.post("/ui/reports/{report_id}/notes")
def add_notes(report_id: str, request: Request, notes: Annotated[str, Form()] = "",
              csrf: Annotated[str, Form(max_length=4096)] = "") -> Response:
    if (blocked := form_refused(request, csrf) or sign_in_first(request)) is not None:
        return blocked
    store, state = request.app.state.store, request.app.state
    try:
        stored = store.get(report_id)
    except IncidentBriefError as exc:
        return error(request, exc.http_status, exc.title, str(exc))
    try:
        source = from_text(notes.replace("\r\n", "\n"), "notes", as_json=False)
        result = updating.add_notes(store, stored, source, visitor(request), state.settings, state.gateway)
    except IncidentBriefError as exc:  # shown beside the form (or, approved, where it was), with what was typed
        current = store.get(report_id)
        return report_page(request, current, store.revisions(report_id), status=exc.http_status,
                           notes_form={"error": str(exc), "text": notes})
    return RedirectResponse(f"/ui/reports/{report_id}?{UPDATED}={result.stored.revision}", status_code=303)


def notice(params, history: list[dict]) -> str | None:
    """After an update, what it changed (its revision's change summary), for the top of the page."""
    number = params.get(UPDATED)
    for revision in history:
        if str(revision["number"]) == number and revision["action"] == updating.ACTION:
            return f"Notes added (revision {number}): {revision['changes'] or 'nothing else changed'}."
    return None
