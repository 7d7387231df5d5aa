"""The browser page: server-rendered with Jinja2, plain forms (works without JavaScript), no build step.

Every form carries the browser's form token (checked before anything else); with API keys set, the visitor signs in
with a key first (server/signin.py) and changes are recorded under the key holder's name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from incident_brief.server import reviews
from incident_brief.errors import IncidentBriefError, InputError
from incident_brief.ingest import from_text
from incident_brief.render import render, view
from incident_brief.server.drafting import draft_and_store
from incident_brief.server.intake import section_value
from incident_brief.server.pages import error, form_refused, page, sign_in_first, visitor

Csrf = Annotated[str, Form(max_length=4096)]

router = APIRouter(include_in_schema=False)


def _failed(request: Request, exc: IncidentBriefError) -> HTMLResponse:
    return error(request, exc.http_status, exc.title, str(exc))


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    if (blocked := sign_in_first(request)) is not None:
        return blocked
    items, total = request.app.state.store.list(20, 0)
    return page(request, "index", items=items, total=total)


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
        return _failed(request, exc)
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
        return _failed(request, exc)
    r = stored.report
    flags: dict[str, list[str]] = {}
    names = {f.field: f.label or f.field for f in r.review_flags}  # the page's name for each flagged field
    for f in r.review_flags:
        flags.setdefault(f.field, []).append(f.reason)
    sections = []
    for name, (path, kind) in reviews.SECTIONS.items():
        value = reviews.get_path(r, path)
        sections.append({"name": name, "label": name.replace("_", " ").capitalize(), "kind": "list" if kind is list else "text",
                         "value": value, "edit_text": "\n".join(value) if kind is list else (value or ""),
                         "flags": flags.get(path, []), "evidence": r.evidence.get(path, []),
                         "locked": name in stored.locked,
                         "unchanged": request.query_params.get("unchanged") == name})
    facts = view(r)
    return page(request, "report", stored=stored, r=r, facts=facts, sections=sections, history=history,
                other_flags=[(names.get(k, k), v) for k, v in flags.items()
                             if k not in {p for p, _ in reviews.SECTIONS.values()}],
                markdown=render(r, "markdown"))


@router.post("/ui/reports/{report_id}/sections/{section}")
def edit(report_id: str, section: str, request: Request, text: Annotated[str, Form()] = "", csrf: Csrf = "") -> Response:
    return _act(request, csrf, report_id, section, lambda store, stored, who: reviews.edit(
        store, stored, section, _value(section, text), who))


@router.post("/ui/reports/{report_id}/sections/{section}/regenerate")
def regenerate(report_id: str, section: str, request: Request, csrf: Csrf = "") -> Response:
    return _act(request, csrf, report_id, section, lambda store, stored, who: reviews.regenerate(
        store, stored, section, who, request.app.state.settings, request.app.state.gateway))


@router.post("/ui/reports/{report_id}/questions/{name}")
def answer(report_id: str, name: str, request: Request, text: Annotated[str, Form()] = "", csrf: Csrf = "") -> Response:
    if name not in reviews.QUESTIONS:
        return error(request, 404, "Not found", f"no question {name!r}")
    return _act(request, csrf, report_id, None, lambda store, stored, who: reviews.answer(store, stored, name, text, who))


@router.post("/ui/reports/{report_id}/approve")
def approve(report_id: str, request: Request, csrf: Csrf = "") -> Response:
    return _act(request, csrf, report_id, None, lambda store, stored, who: reviews.approve(store, stored, who))


def _value(section: str, text: str):
    return section_value(section, text.splitlines() if reviews.SECTIONS[section][1] is list else text)


def _act(request: Request, csrf: str, report_id: str, section: str | None, action) -> Response:
    if (blocked := form_refused(request, csrf) or sign_in_first(request)) is not None:
        return blocked
    if section is not None and section not in reviews.SECTIONS:
        return error(request, 404, "Not found", f"no section {section!r}")
    store = request.app.state.store
    try:
        result = action(store, store.get(report_id), visitor(request))
    except IncidentBriefError as exc:
        return _failed(request, exc)
    anchor = f"#section-{section}" if section else ""
    unchanged = isinstance(result, reviews.Regenerated) and not result.changed
    query = f"?unchanged={section}" if unchanged else ""  # the page says so; no revision was added
    return RedirectResponse(f"/ui/reports/{report_id}{query}{anchor}", status_code=303)
