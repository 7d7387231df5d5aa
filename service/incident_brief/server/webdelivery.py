"""The report page's Delivery panel action: send the approved report again to the targets that failed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from incident_brief.errors import IncidentBriefError
from incident_brief.server.pages import form_refused, sign_in_first
from incident_brief.server.web import Csrf, failed

router = APIRouter(include_in_schema=False)


@router.post("/ui/reports/{report_id}/deliveries/retry")
def retry(report_id: str, request: Request, csrf: Csrf = "") -> Response:
    if (blocked := form_refused(request, csrf) or sign_in_first(request)) is not None:
        return blocked
    try:
        request.app.state.dispatcher.retry(report_id, str(request.base_url))
    except IncidentBriefError as exc:
        return failed(request, exc)
    return RedirectResponse(f"/ui/reports/{report_id}#delivery", status_code=303)
