"""The browser page: server-rendered with Jinja2, plain forms (works without JavaScript), no build step."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from incident_brief.server import reviews
from incident_brief.compose import NOT_STATED
from incident_brief.errors import IncidentBriefError, InputError
from incident_brief.ingest import from_text
from incident_brief.render import render, view
from incident_brief.server.drafting import draft_and_store
from incident_brief.server.intake import section_value

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def _env() -> Environment:
    from incident_brief.resources import resource_dir

    return Environment(loader=FileSystemLoader(str(resource_dir("templates"))), undefined=StrictUndefined,
                       autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=True))


def page(name: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(_env().get_template(f"web/{name}.html.j2").render(not_stated=NOT_STATED, **context),
                        status_code=status)


def _guard(request: Request) -> HTMLResponse | None:
    if request.app.state.settings.key_names():
        return page("error", 403, title="Web page off", message=(
            "This service requires API keys; the web page is off. Use the HTTP API with your key."))
    return None


def _failed(exc: IncidentBriefError) -> HTMLResponse:
    return page("error", exc.http_status, title=exc.title, message=str(exc))


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    if (blocked := _guard(request)) is not None:
        return blocked
    items, total = request.app.state.store.list(20, 0)
    return page("index", items=items, total=total)


@router.post("/ui/reports")
def create(request: Request, notes: Annotated[str, Form()] = "", incident_id: Annotated[str, Form()] = "",
           contact: Annotated[str, Form()] = "") -> Response:
    if (blocked := _guard(request)) is not None:
        return blocked
    settings = request.app.state.settings
    try:
        if not notes.strip():
            raise InputError("notes: paste the incident notes first")
        source = from_text(notes.replace("\r\n", "\n"), "notes", as_json=False)
        stored = draft_and_store(request.app.state.store, source, settings, "anonymous (web)",
                                 incident_id.strip() or None, contact.strip() or None, request.app.state.gateway)
    except IncidentBriefError as exc:
        return _failed(exc)
    return RedirectResponse(f"/ui/reports/{stored.id}", status_code=303)


@router.get("/ui/reports/{report_id}", response_class=HTMLResponse)
def show(report_id: str, request: Request) -> Response:
    if (blocked := _guard(request)) is not None:
        return blocked
    store = request.app.state.store
    try:
        stored = store.get(report_id)
        history = store.revisions(report_id)
    except IncidentBriefError as exc:
        return _failed(exc)
    r = stored.report
    flags: dict[str, list[str]] = {}
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
    return page("report", stored=stored, r=r, facts=facts, sections=sections, history=history,
                other_flags=[(k, v) for k, v in flags.items() if k not in {p for p, _ in reviews.SECTIONS.values()}],
                markdown=render(r, "markdown"))


@router.post("/ui/reports/{report_id}/sections/{section}")
def edit(report_id: str, section: str, request: Request, text: Annotated[str, Form()] = "") -> Response:
    return _act(request, report_id, section, lambda store, stored: reviews.edit(
        store, stored, section, _value(section, text), "anonymous (web)"))


@router.post("/ui/reports/{report_id}/sections/{section}/regenerate")
def regenerate(report_id: str, section: str, request: Request) -> Response:
    return _act(request, report_id, section, lambda store, stored: reviews.regenerate(
        store, stored, section, "anonymous (web)", request.app.state.settings, request.app.state.gateway))


@router.post("/ui/reports/{report_id}/approve")
def approve(report_id: str, request: Request) -> Response:
    return _act(request, report_id, None, lambda store, stored: reviews.approve(store, stored, "anonymous (web)"))


def _value(section: str, text: str):
    return section_value(section, text.splitlines() if reviews.SECTIONS[section][1] is list else text)


def _act(request: Request, report_id: str, section: str | None, action) -> Response:
    if (blocked := _guard(request)) is not None:
        return blocked
    if section is not None and section not in reviews.SECTIONS:
        return page("error", 404, title="Not found", message=f"no section {section!r}")
    store = request.app.state.store
    try:
        result = action(store, store.get(report_id))
    except IncidentBriefError as exc:
        return _failed(exc)
    anchor = f"#section-{section}" if section else ""
    unchanged = isinstance(result, reviews.Regenerated) and not result.changed
    query = f"?unchanged={section}" if unchanged else ""  # the page says so; no revision was added
    return RedirectResponse(f"/ui/reports/{report_id}{query}{anchor}", status_code=303)
