"""The report page's review actions: correct a key fact (validated by the API's model, refused with the API's
message), approve (what is unresolved is shown and must be confirmed), reopen and delete (soft). Plain forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from incident_brief.errors import IncidentBriefError
from incident_brief.server import checklist, facts, lifecycle, reviews, webfacts
from incident_brief.server.dispatcher import after_approval
from incident_brief.server.pages import error, form_refused, sign_in_first, visitor
from incident_brief.server.web import Csrf, act, failed
from incident_brief.server.webcontext import report_page

router = APIRouter(include_in_schema=False)


@router.post("/ui/reports/{report_id}/facts/{name}")
async def correct(report_id: str, name: str, request: Request) -> Response:
    form = await request.form()
    if (blocked := form_refused(request, str(form.get("csrf") or "")) or sign_in_first(request)) is not None:
        return blocked
    if name not in facts.FACTS:
        return error(request, 404, "Not found", f"no fact {name!r}")
    store = request.app.state.store
    try:
        stored = store.get(report_id)
        try:
            edit = webfacts.validated(webfacts.posted(name, form))
        except ValueError as exc:  # shown on the fact, with what was typed, as the API would say it (422)
            return report_page(request, stored, store.revisions(report_id), status=422,
                               fact_error={"name": name, "message": str(exc), "form": form})
        facts.correct(store, stored, edit, visitor(request))
    except IncidentBriefError as exc:
        return failed(request, exc)
    return RedirectResponse(f"/ui/reports/{report_id}#fact-{name}", status_code=303)


@router.post("/ui/reports/{report_id}/approve")
def approve(report_id: str, request: Request, csrf: Csrf = "",
            confirm: Annotated[str, Form(max_length=16)] = "") -> Response:
    """Approve; with anything unresolved, only once the reviewer confirms having seen the list (else it is shown)."""
    if (blocked := form_refused(request, csrf) or sign_in_first(request)) is not None:
        return blocked
    store = request.app.state.store
    try:
        stored = store.get(report_id)
        if checklist.unresolved(stored.report) and confirm != "yes" and stored.review_state != "approved":
            return report_page(request, stored, store.revisions(report_id), confirming=True)
    except IncidentBriefError as exc:
        return failed(request, exc)
    return act(request, csrf, report_id, None,
               lambda store, stored, who: after_approval(request, reviews.approve(store, stored, who), who))


@router.post("/ui/reports/{report_id}/reopen")
def reopen(report_id: str, request: Request, csrf: Csrf = "") -> Response:
    return act(request, csrf, report_id, None, lambda store, stored, who: lifecycle.reopen(store, stored.id, who))


@router.post("/ui/reports/{report_id}/delete")
def delete(report_id: str, request: Request, csrf: Csrf = "",
           confirm: Annotated[str, Form(max_length=16)] = "") -> Response:
    if (blocked := form_refused(request, csrf) or sign_in_first(request)) is not None:
        return blocked
    if confirm != "yes":
        return error(request, 400, "Not deleted", "Tick “Yes, delete this report” to delete it.")
    try:
        lifecycle.delete(request.app.state.store, report_id, visitor(request))
    except IncidentBriefError as exc:
        return failed(request, exc)
    return RedirectResponse("/?deleted=1", status_code=303)
