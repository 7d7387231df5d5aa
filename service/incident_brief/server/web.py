"""The browser page: server-rendered with Jinja2, plain forms (works without JavaScript), no build step.

Every form carries the browser's form token (checked before anything else); with API keys set, the visitor signs in
with a key first (server/signin.py) and changes are recorded under the key holder's name. The report's own actions
(facts, approve, reopen, delete) are in server/webreview.py."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from incident_brief.errors import IncidentBriefError, InputError
from incident_brief.ingest import from_text
from incident_brief.schema import Severity, Status
from incident_brief.server import checklist, reviews, webupdates
from incident_brief.server.drafting import draft_and_store
from incident_brief.server.intake import section_value
from incident_brief.server.pages import error, form_refused, page, sign_in_first, visitor
from incident_brief.server.webcontext import report_page

Csrf = Annotated[str, Form(max_length=4096)]
LIST_SIZE = 50
FILTERS = {"status": [s.value for s in Status], "severity": [s.value for s in Severity],
           "review_state": ["draft", "approved"]}

router = APIRouter(include_in_schema=False)


def failed(request: Request, exc: IncidentBriefError) -> HTMLResponse:
    return error(request, exc.http_status, exc.title, str(exc))


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    """The reports (drafts first, newest first) with search and filters, and the form for a new one."""
    if (blocked := sign_in_first(request)) is not None:
        return blocked
    params = request.query_params
    chosen = {k: params.get(k) if params.get(k) in values else None for k, values in FILTERS.items()}
    q = (params.get("q") or "").strip()[:200]
    items, total = request.app.state.store.list(LIST_SIZE, 0, chosen["status"], chosen["severity"],
                                                chosen["review_state"], search=q or None, drafts_first=True)
    return page(request, "index", items=items, total=total, q=q, chosen=chosen, filters=FILTERS,
                filtered=bool(q or any(chosen.values())), notice=params.get("deleted") and "The report was deleted.")


@router.post("/ui/reports")
def create(request: Request, notes: Annotated[str, Form()] = "", incident_id: Annotated[str, Form()] = "",
           contact: Annotated[str, Form()] = "", csrf: Csrf = "") -> Response:
    if (blocked := form_refused(request, csrf) or sign_in_first(request)) is not None:
        return blocked
    settings = request.app.state.settings
    try:
        if not notes.strip():
            raise InputError("notes: paste the incident notes first")
        source = from_text(notes.replace("\r\n", "\n"), "notes", as_json=False)
        stored = draft_and_store(request.app.state.store, source, settings, visitor(request),
                                 incident_id.strip() or None, contact.strip() or None, request.app.state.gateway)
    except IncidentBriefError as exc:
        return failed(request, exc)
    return RedirectResponse(f"/ui/reports/{stored.id}", status_code=303)


@router.get("/ui/reports/{report_id}", response_class=HTMLResponse)
def show(report_id: str, request: Request) -> Response:
    if (blocked := sign_in_first(request)) is not None:
        return blocked
    store = request.app.state.store
    try:
        stored = store.get(report_id)
        history = store.revisions(report_id)
    except IncidentBriefError as exc:
        return failed(request, exc)
    params = request.query_params
    notice = _notice(params) or webupdates.notice(params, history)
    return report_page(request, stored, history, evidence=params.get("evidence"), notice=notice,
                       audience=params.get("audience") or "executive")


def _notice(params) -> str | None:
    if section := params.get("unchanged"):
        why = params.get("why") or "the engine gives the same text for this section"
        return f"Regenerated {section.replace('_', ' ')}: nothing changed and no revision was added ({why[:200]})."
    if section := params.get("regenerated"):
        return f"Regenerated {section.replace('_', ' ')}: the text changed; the previous one is in the history."
    return None


@router.post("/ui/reports/{report_id}/sections/{section}")
def edit(report_id: str, section: str, request: Request, text: Annotated[str, Form()] = "", csrf: Csrf = "") -> Response:
    return act(request, csrf, report_id, section, lambda store, stored, who: reviews.edit(
        store, stored, section, _value(section, text), who))


@router.post("/ui/reports/{report_id}/sections/{section}/regenerate")
def regenerate(report_id: str, section: str, request: Request, csrf: Csrf = "") -> Response:
    return act(request, csrf, report_id, section, lambda store, stored, who: reviews.regenerate(
        store, stored, section, who, request.app.state.settings, request.app.state.gateway))


@router.post("/ui/reports/{report_id}/questions/{name}")
def answer(report_id: str, name: str, request: Request, text: Annotated[str, Form()] = "", csrf: Csrf = "") -> Response:
    if name not in reviews.QUESTIONS:
        return error(request, 404, "Not found", f"no question {name!r}")
    anchor = "#" + checklist.anchor(reviews.QUESTIONS[name].field)  # the field the answer filled
    return act(request, csrf, report_id, None, lambda store, stored, who: reviews.answer(store, stored, name, text, who),
               anchor)


def _value(section: str, text: str):
    return section_value(section, text.splitlines() if reviews.SECTIONS[section][1] is list else text)


def act(request: Request, csrf: str, report_id: str, section: str | None, action, anchor: str = "") -> Response:
    """A form's change: token and sign-in checked, the action run, then back to the report (303)."""
    if (blocked := form_refused(request, csrf) or sign_in_first(request)) is not None:
        return blocked
    if section is not None and section not in reviews.SECTIONS:
        return error(request, 404, "Not found", f"no section {section!r}")
    store = request.app.state.store
    try:
        result = action(store, store.get(report_id), visitor(request))
    except IncidentBriefError as exc:
        return failed(request, exc)
    anchor = f"#section-{section}" if section else anchor
    query = ""
    if isinstance(result, reviews.Regenerated):  # the page says what happened; no revision when nothing changed
        query = f"?regenerated={section}" if result.changed else f"?unchanged={section}&why={quote(result.message or '')}"
    return RedirectResponse(f"/ui/reports/{report_id}{query}{anchor}", status_code=303)
