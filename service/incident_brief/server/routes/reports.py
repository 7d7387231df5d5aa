"""Report routes: create, read, list, review (edit, facts, regenerate, approve, reopen, delete), revisions, diff,
export."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from incident_brief.audiences.model import Audience
from incident_brief.schema import MAX_REVISION, Report, Severity, Status
from incident_brief.server import drafting, export, facts, intake, lifecycle, reviews, updating, views
from incident_brief.server.deps import Author, GatewayDep, JobsDep, SettingsDep, StoreDep, author
from incident_brief.server.dispatcher import after_approval
from incident_brief.server.models import (Format, RegeneratedReport, ReportPage, ReportState, ReportSummary, Revision,
                                          QuestionAnswer, RevisionDiff, SectionEdit, StoredReport, UpdatedReport,
                                          envelope)

router = APIRouter(prefix="/v1", dependencies=[Depends(author)])
SectionName = Literal[tuple(reviews.SECTIONS)]  # type: ignore[valid-type]
QuestionName = Literal[tuple(reviews.QUESTIONS)]  # type: ignore[valid-type]
ReportId = Annotated[str, Path(max_length=64)]
RevisionNumber = Annotated[int, Path(ge=1, le=MAX_REVISION)]
AudienceQuery = Annotated[Audience, Query(description=(
    "executive (default): the fixed report; customer: a status-page update (no internal names, hosts, people or "
    "figures); engineering: technical terms, timeline, root cause, owned action items. See README, Audiences."))]
IfMatch = Annotated[str | None, Header(
    description='The ETag of the revision this change was made against (e.g. `"r7"`); '
                "if the report has moved on, the change is refused with 412 Precondition Failed.")]
_ETAG = {"ETag": {"description": 'The revision, e.g. `"r7"`: send it as If-Match to change exactly this revision.',
                  "schema": {"type": "string"}}}
_CHANGED = {200: {"headers": _ETAG}, 412: {"content": {"application/problem+json": {}},
                                          "description": "If-Match names a revision that is no longer current."}}


_PENDING = {"model": ReportState, "description": "Being drafted in the background: poll Location after Retry-After seconds.",
            "headers": {"Location": {"schema": {"type": "string"}}, "Retry-After": {"schema": {"type": "integer"}}}}
_FAILED = {"content": {"application/problem+json": {}},
           "description": "Background drafting failed: the problem details, with `state: failed` (status of the error)."}
_PREFER = ("`respond-async`: answer 202 at once with a Location to poll, and draft in the background. "
           "Without it the request waits for the report (201).")


@router.post("/reports", status_code=201, response_model=StoredReport, openapi_extra=intake.CREATE_DOC,
             responses={202: _PENDING}, summary="Create a draft report from pasted notes")
async def create_report(request: Request, response: Response, who: Author, store: StoreDep, settings: SettingsDep, jobs: JobsDep,
                        gateway: GatewayDep,
                        prefer: Annotated[str | None, Header(description=_PREFER)] = None,
                        audience: AudienceQuery = "executive") -> Response | StoredReport:
    body, source = await intake.create_body(request)
    if body.language:
        settings = settings.model_copy(update={"language": body.language})
    if intake.wants_async(prefer):
        job = await run_in_threadpool(jobs.submit, source, settings, who, body.incident_id, body.contact)
        return views.pending(job, accepted=True)
    stored = await run_in_threadpool(drafting.draft_and_store, store, source, settings, who, body.incident_id,
                                    body.contact, gateway, audience)
    response.headers["ETag"] = views.etag(stored)
    if audience != "executive":  # where the audience's rendering is read
        response.headers["Content-Location"] = f"/v1/reports/{stored.id}?audience={audience}"
    return envelope(stored)


@router.get("/reports/{report_id}", response_model=StoredReport, summary="A report: JSON, Markdown or HTML",
            responses={200: {"content": {"text/markdown": {}, "text/html": {}}}, 202: _PENDING, "4XX": _FAILED,
                       "5XX": _FAILED})
def get_report(report_id: ReportId, request: Request, store: StoreDep, format: Format | None = None,
               audience: AudienceQuery = "executive") -> Response:
    if (job := store.job(report_id)) is not None:
        return views.job_response(job)
    return views.rendered(store.get(report_id), views.pick_format(request, format), audience)


@router.get("/reports", response_model=ReportPage, summary="List reports, newest first")
def list_reports(store: StoreDep, limit: Annotated[int, Query(ge=1, le=200)] = 20,
                 offset: Annotated[int, Query(ge=0, le=10**9)] = 0, status: Status | None = None,
                 severity: Severity | None = None,
                 review_state: Literal["draft", "approved"] | None = None,
                 q: Annotated[str | None, Query(max_length=200, description="Words of the title, or the start of "
                                                "the incident id")] = None) -> ReportPage:
    items, total = store.list(limit, offset, status.value if status else None,
                              severity.value if severity else None, review_state, search=(q or "").strip() or None)
    return ReportPage(items=[ReportSummary(**i) for i in items], total=total, limit=limit, offset=offset)


@router.patch("/reports/{report_id}/sections/{section}", response_model=StoredReport, responses=_CHANGED,
              summary="A reviewer's edit; the section is then locked against regeneration")
def edit_section(report_id: ReportId, section: SectionName, body: SectionEdit, who: Author, store: StoreDep,
                 response: Response, if_match: IfMatch = None) -> StoredReport:
    value = intake.section_value(section, body.text)
    stored = reviews.edit(store, store.get(report_id), section, value, who, intake.if_match(if_match))
    return tagged(response, stored)


@router.patch("/reports/{report_id}/facts", response_model=StoredReport, responses=_CHANGED,
              summary="Correct key facts (severity, status, times, duration, figures, services); null clears one")
def correct_facts(report_id: ReportId, body: facts.FactsEdit, who: Author, store: StoreDep, response: Response,
                  if_match: IfMatch = None) -> StoredReport:
    return tagged(response, facts.correct(store, store.get(report_id), body, who, intake.if_match(if_match)))


@router.post("/reports/{report_id}/reopen", response_model=StoredReport, responses=_CHANGED,
             summary="Reopen an approved report: a new draft revision")
def reopen_report(report_id: ReportId, who: Author, store: StoreDep, response: Response,
                  if_match: IfMatch = None) -> StoredReport:
    return tagged(response, lifecycle.reopen(store, report_id, who, intake.if_match(if_match)))


@router.delete("/reports/{report_id}", status_code=204, summary="Delete a report (softly: its revisions are kept)")
def delete_report(report_id: ReportId, who: Author, store: StoreDep, if_match: IfMatch = None) -> Response:
    lifecycle.delete(store, report_id, who, intake.if_match(if_match))
    return Response(status_code=204)


@router.patch("/reports/{report_id}/questions/{name}", response_model=StoredReport, responses=_CHANGED,
              summary="Answer a gap question: the field it is about is filled, grounded in the answer")
def answer_question(report_id: ReportId, name: QuestionName, body: QuestionAnswer, who: Author, store: StoreDep,
                    response: Response, if_match: IfMatch = None) -> StoredReport:
    stored = reviews.answer(store, store.get(report_id), name, body.answer, who, intake.if_match(if_match))
    return tagged(response, stored)


@router.post("/reports/{report_id}/sections/{section}/regenerate", response_model=RegeneratedReport,
             summary="Redraft one section: with a model, one drafting call from the report's grounded facts; "
                     "locked sections are refused; `notice` says when nothing changed")
def regenerate_section(report_id: ReportId, section: SectionName, who: Author, store: StoreDep,
                       settings: SettingsDep, gateway: GatewayDep, response: Response,
                       if_match: IfMatch = None) -> RegeneratedReport:
    result = reviews.regenerate(store, store.get(report_id), section, who, settings, gateway, intake.if_match(if_match))
    return RegeneratedReport(**tagged(response, result.stored).model_dump(), notice=result.message)


@router.post("/reports/{report_id}/approve", response_model=StoredReport, responses=_CHANGED,
             summary="Approve and freeze the report")
def approve_report(report_id: ReportId, who: Author, store: StoreDep, response: Response, request: Request,
                   if_match: IfMatch = None) -> StoredReport:
    stored = reviews.approve(store, store.get(report_id), who, intake.if_match(if_match))
    return tagged(response, after_approval(request, stored, who))  # delivered in the background


@router.post("/reports/{report_id}/notes", response_model=UpdatedReport, openapi_extra=intake.NOTES_DOC,
             responses=_CHANGED, summary="Add new notes to a draft: facts and unlocked sections are redrawn from all "
                                         "the notes, edited sections and corrected facts stay; `changes` says what changed")
async def add_notes(report_id: ReportId, request: Request, who: Author, store: StoreDep, settings: SettingsDep,
                    gateway: GatewayDep, response: Response, if_match: IfMatch = None) -> UpdatedReport:
    notes = await intake.notes_body(request)
    stored = await run_in_threadpool(store.get, report_id)
    result = await run_in_threadpool(updating.add_notes, store, stored, notes, who, settings, gateway,
                                     intake.if_match(if_match))
    return UpdatedReport(**tagged(response, result.stored).model_dump(), changes=result.changes.text)


@router.get("/reports/{report_id}/revisions", response_model=list[Revision], summary="Every change, with who and when")
def list_revisions(report_id: ReportId, store: StoreDep) -> list[Revision]:
    return [Revision(**r) for r in store.revisions(report_id)]


@router.get("/reports/{report_id}/revisions/{number}", response_model=Report, summary="The report as it was")
def get_revision(report_id: ReportId, number: RevisionNumber, store: StoreDep) -> Report:
    return store.revision(report_id, number)


@router.get("/reports/{report_id}/diff", response_model=RevisionDiff, summary="What changed between two revisions")
def diff_revisions(report_id: ReportId, store: StoreDep,
                   from_revision: Annotated[int, Query(alias="from", ge=1, le=MAX_REVISION)],
                   to_revision: Annotated[int, Query(alias="to", ge=1, le=MAX_REVISION)]) -> RevisionDiff:
    a, b = store.revision(report_id, from_revision), store.revision(report_id, to_revision)
    return views.diff(report_id, a, b, from_revision, to_revision)


@router.get("/reports/{report_id}/export", summary="Download the report as a file (pdf: one A4 or Letter page)",
            responses={200: {"content": export.EXPORT_MEDIA}})
def export_report(report_id: ReportId, store: StoreDep, format: export.ExportFormat = "markdown",
                  paper: export.Paper = "a4", audience: AudienceQuery = "executive") -> Response:
    return export.download(store.get(report_id), format, paper, audience)


def tagged(response: Response, stored) -> StoredReport:
    """The stored report as the response body, its revision as the ETag header."""
    response.headers["ETag"] = views.etag(stored)
    return envelope(stored)
