"""The HTTP API: thin routes that parse, call and return. Errors are mapped in service/problems.py."""

from __future__ import annotations

import difflib
import json
import secrets
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException

from incident_brief import __version__
from incident_brief.server import reviews
from incident_brief.engines import summarize
from incident_brief.errors import InputError, UnsupportedInputError
from incident_brief.ingest import from_text, from_timeline
from incident_brief.server.logs import RequestLog
from incident_brief.server.problems import BodyLimit, install
from incident_brief.render import render
from incident_brief.schema import Report, Severity, Status
from incident_brief.settings import Settings, get_settings
from incident_brief.server.store import Store, Stored

Format = Literal["json", "markdown", "html"]
_MEDIA = {"json": "application/json", "markdown": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}
_EXT = {"json": "json", "markdown": "md", "html": "html"}


class CreateReport(BaseModel):
    """Raw notes, or a JSON timeline (see README, "JSON timeline"); exactly one of the two."""

    notes: str | None = Field(default=None, description="Pasted incident notes: timeline, chat log, postmortem draft.",
                              examples=["14:02 UTC SEV2 payment-api 5xx spike\n14:40 UTC rolled back, resolved"])
    timeline: dict | None = Field(default=None, description="A JSON timeline object instead of notes.")
    incident_id: str | None = Field(default=None, max_length=100)
    contact: str | None = Field(default=None, max_length=300)


class StoredReport(Report):
    id: str
    review_state: Literal["draft", "approved"]
    locked_sections: list[str]
    revision: int
    created_at: datetime
    updated_at: datetime


class SectionEdit(BaseModel):
    text: str | list[str] = Field(description="The new text; a list of strings for list sections.",
                                  examples=["Card payments failed for two and a half hours during the flash sale."])


class ReportSummary(BaseModel):
    id: str
    title: str | None
    status: Status
    severity: Severity
    review_state: str
    revision: int
    created_at: datetime
    updated_at: datetime


class ReportPage(BaseModel):
    items: list[ReportSummary]
    total: int
    limit: int
    offset: int


class Revision(BaseModel):
    number: int
    created_at: datetime
    author: str
    action: str
    section: str | None


class RevisionDiff(BaseModel):
    report_id: str
    from_revision: int
    to_revision: int
    changed_fields: list[str]
    diff: str = Field(description="Unified diff of the rendered Markdown reports.")


def envelope(stored: Stored) -> StoredReport:
    return StoredReport(**stored.report.model_dump(), id=stored.id, review_state=stored.review_state,
                        locked_sections=stored.locked, revision=stored.revision, created_at=stored.created_at,
                        updated_at=stored.updated_at)


def store_of(request: Request) -> Store:
    return request.app.state.store


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def author(request: Request) -> str:
    """The caller: the name of the API key presented, or anonymous when the service has no keys."""
    keys = request.app.state.settings.key_names()
    if not keys:
        return "anonymous"
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    name = None
    for key, holder in keys.items():  # compare with every key, in constant time each
        if secrets.compare_digest(token.strip().encode(), key.encode()) and scheme.lower() == "bearer":
            name = holder
    if name is None:
        raise HTTPException(401, "a valid API key is required: Authorization: Bearer <key>",
                            headers={"WWW-Authenticate": "Bearer"})
    return name


Author = Annotated[str, Depends(author)]
router = APIRouter(prefix="/v1", dependencies=[Depends(author)])
_CREATE_DOC = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": CreateReport.model_json_schema(), "examples": {
        "notes": {"value": {"notes": "2024-01-15 14:02 UTC SEV1 payment-api errors\n16:32 UTC resolved",
                            "contact": "incident-response@example.com"}},
        "timeline": {"value": {"timeline": {"title": "Cache outage", "severity": "P2",
                                            "timeline": [{"time": "2025-09-02T16:40:00Z", "text": "Latency rising"}]}}}}},
    "text/plain": {"schema": {"type": "string"}, "example": "14:02 UTC payment-api 5xx spike, SEV2"},
    "text/markdown": {"schema": {"type": "string"}}}}}


async def _parse_create(request: Request) -> tuple[CreateReport, object]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw = await request.body()
    if ctype in ("text/plain", "text/markdown"):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("notes: the body is not valid UTF-8 text") from None
        return CreateReport(notes=text), from_text(text, "notes", as_json=False)
    if ctype != "application/json":
        raise UnsupportedInputError(f"unsupported content type {ctype or '(none)'!r}: "
                                    "send application/json, text/plain or text/markdown")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise InputError("body: malformed JSON") from None
    try:
        body = CreateReport.model_validate(data)
    except ValidationError as exc:
        raise InputError("; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())) from None
    if (body.notes is None) == (body.timeline is None):
        raise InputError("body: give exactly one of 'notes' or 'timeline'")
    if body.notes is not None:
        if not body.notes.strip():
            raise InputError("notes: the notes are empty")
        return body, from_text(body.notes, "notes", as_json=False)
    return body, from_timeline(body.timeline, "timeline")


@router.post("/reports", status_code=201, response_model=StoredReport, openapi_extra=_CREATE_DOC,
             summary="Create a draft report from pasted notes")
async def create_report(request: Request, who: Author) -> StoredReport:
    body, source = await _parse_create(request)
    settings = settings_of(request)
    report = summarize(source, settings=settings, incident_id=body.incident_id, contact=body.contact or settings.contact)
    return envelope(store_of(request).create(report, source.text, source.kind, who))


def _pick_format(request: Request, format: Format | None) -> Format:
    if format:
        return format
    accept = request.headers.get("accept", "")
    return "markdown" if "text/markdown" in accept else "html" if "text/html" in accept else "json"


def _rendered(stored: Stored, fmt: Format) -> Response:
    if fmt == "json":
        return Response(envelope(stored).model_dump_json(), media_type=_MEDIA["json"])
    return Response(render(stored.report, fmt), media_type=_MEDIA[fmt])


@router.get("/reports/{report_id}", response_model=StoredReport, summary="A report: JSON, Markdown or HTML",
            responses={200: {"content": {"text/markdown": {}, "text/html": {}}}})
def get_report(report_id: str, request: Request, format: Format | None = None) -> Response:
    return _rendered(store_of(request).get(report_id), _pick_format(request, format))


@router.get("/reports", response_model=ReportPage, summary="List reports, newest first")
def list_reports(request: Request, limit: Annotated[int, Query(ge=1, le=200)] = 20,
                 offset: Annotated[int, Query(ge=0, le=10**9)] = 0, status: Status | None = None,
                 severity: Severity | None = None,
                 review_state: Literal["draft", "approved"] | None = None) -> ReportPage:
    items, total = store_of(request).list(limit, offset, status.value if status else None,
                                          severity.value if severity else None, review_state)
    return ReportPage(items=[ReportSummary(**i) for i in items], total=total, limit=limit, offset=offset)


SectionName = Literal[tuple(reviews.SECTIONS)]  # type: ignore[valid-type]


@router.patch("/reports/{report_id}/sections/{section}", response_model=StoredReport,
              summary="A reviewer's edit; the section is then locked against regeneration")
def edit_section(report_id: str, section: SectionName, body: SectionEdit, request: Request, who: Author) -> StoredReport:
    _, kind = reviews.SECTIONS[section]
    value = body.text
    if kind is list:
        items = [value] if isinstance(value, str) else value
        value = [" ".join(i.split()) for i in items if i.strip()]
    elif isinstance(value, list):
        raise InputError(f"text: section {section!r} takes a string, not a list")
    else:
        value = " ".join(value.split()) or None
    store = store_of(request)
    return envelope(reviews.edit(store, store.get(report_id), section, value, who))


@router.post("/reports/{report_id}/sections/{section}/regenerate", response_model=StoredReport,
             summary="Redraft one section (model when configured, else offline); locked sections are refused")
def regenerate_section(report_id: str, section: SectionName, request: Request, who: Author) -> StoredReport:
    store = store_of(request)
    return envelope(reviews.regenerate(store, store.get(report_id), section, who, settings_of(request)))


@router.post("/reports/{report_id}/approve", response_model=StoredReport, summary="Approve and freeze the report")
def approve_report(report_id: str, request: Request, who: Author) -> StoredReport:
    store = store_of(request)
    return envelope(reviews.approve(store, store.get(report_id), who))


@router.get("/reports/{report_id}/revisions", response_model=list[Revision], summary="Every change, with who and when")
def list_revisions(report_id: str, request: Request) -> list[Revision]:
    return [Revision(**r) for r in store_of(request).revisions(report_id)]


@router.get("/reports/{report_id}/revisions/{number}", response_model=Report, summary="The report as it was")
def get_revision(report_id: str, number: Annotated[int, Path(ge=1, le=10**9)], request: Request) -> Report:
    return store_of(request).revision(report_id, number)


@router.get("/reports/{report_id}/diff", response_model=RevisionDiff, summary="What changed between two revisions")
def diff_revisions(report_id: str, request: Request, from_revision: Annotated[int, Query(alias="from", ge=1)],
                   to_revision: Annotated[int, Query(alias="to", ge=1)]) -> RevisionDiff:
    store = store_of(request)
    a, b = store.revision(report_id, from_revision), store.revision(report_id, to_revision)
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    changed = [k for k in da if da[k] != db[k]]
    lines = difflib.unified_diff(render(a).splitlines(), render(b).splitlines(), f"revision {from_revision}",
                                 f"revision {to_revision}", lineterm="")
    return RevisionDiff(report_id=report_id, from_revision=from_revision, to_revision=to_revision,
                        changed_fields=changed, diff="\n".join(lines))


@router.get("/reports/{report_id}/export", summary="Download the report as a file",
            responses={200: {"content": {"text/markdown": {}, "text/html": {}, "application/json": {}}}})
def export_report(report_id: str, request: Request, format: Format = "markdown") -> Response:
    stored = store_of(request).get(report_id)
    response = _rendered(stored, format)
    name = "".join(c if c.isalnum() or c in "-_." else "-" for c in (stored.report.incident_id or f"report-{stored.id}"))
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{_EXT[format]}"'
    return response


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="incident-brief", version=__version__,
                  description="Paste incident notes, get a faithful one-page executive report; review, edit, approve, export.")
    app.state.settings, app.state.store = settings, Store(settings.database_url)
    install(app)
    app.include_router(router)
    from incident_brief.server.batch_routes import router as batch_router

    app.include_router(batch_router)

    @app.get("/healthz", summary="Liveness and database check")
    def healthz() -> dict:
        app.state.store.list(1, 0)
        return {"status": "ok", "version": __version__}

    from incident_brief.server.web import router as web_router

    app.include_router(web_router)
    app.add_middleware(BodyLimit, limit=settings.max_input_bytes)
    app.add_middleware(RequestLog)
    return app
