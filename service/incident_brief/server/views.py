"""A stored report as a response: JSON, Markdown or HTML, a download, or a diff between revisions."""

from __future__ import annotations

import difflib
import json
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response

from incident_brief.audiences.render import compose as compose_for, render as render_for
from incident_brief.render import render
from incident_brief.schema import MAX_INCIDENT_ID, Report
from incident_brief.server.models import Format, ReportState, RevisionDiff, envelope
from incident_brief.server.problems import problem
from incident_brief.server.store import Stored

MEDIA = {"json": "application/json", "markdown": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}
_EXT = {"json": "json", "markdown": "md", "html": "html"}
RETRY_AFTER = "2"  # seconds between polls of a pending report


def pending(job: dict, *, accepted: bool = False) -> Response:
    """202 for a report being drafted; on the POST that started it, with Location and Preference-Applied."""
    location = f"/v1/reports/{job['id']}"
    state = ReportState(id=job["id"], created_at=job["created_at"], location=location)
    headers = {"Location": location, "Retry-After": RETRY_AFTER}
    if accepted:
        headers["Preference-Applied"] = "respond-async"
    return Response(state.model_dump_json(), status_code=202, media_type=MEDIA["json"], headers=headers)


def job_response(job: dict) -> Response:
    if job["state"] == "pending":
        return pending(job)
    return problem(job["error_status"], job["error_title"], job["error_detail"], id=job["id"], state="failed")


def pick_format(request: Request, format: Format | None) -> Format:
    if format:
        return format
    accept = request.headers.get("accept", "")
    return "markdown" if "text/markdown" in accept else "html" if "text/html" in accept else "json"


def etag(stored: Stored) -> str:
    """The report's revision as an entity tag: send it back in If-Match to change exactly this revision."""
    return f'"r{stored.revision}"'


def rendered(stored: Stored, fmt: Format, audience: str = "executive") -> Response:
    if audience != "executive":
        return Response(for_audience(stored, fmt, audience), media_type=MEDIA[fmt], headers={"ETag": etag(stored)})
    body = envelope(stored).model_dump_json() if fmt == "json" else render(stored.report, fmt)
    return Response(body, media_type=MEDIA[fmt], headers={"ETag": etag(stored)})


def for_audience(stored: Stored, fmt: Format, audience: str) -> str:
    """The customer or engineering rendering; its JSON carries `audience` and the report's id and revision."""
    if fmt != "json":
        return render_for(stored.report, fmt, audience)
    content = compose_for(stored.report, audience).model_dump(mode="json")
    return json.dumps({"id": stored.id, "revision": stored.revision, **content}, ensure_ascii=False)


def download(stored: Stored, fmt: Format, audience: str = "executive") -> Response:
    response = rendered(stored, fmt, audience)
    name = stored.report.incident_id or f"report-{stored.id}"
    name = name if audience == "executive" else f"{name}-{audience}"
    response.headers["Content-Disposition"] = disposition(name, _EXT[fmt])
    return response


def disposition(name: str, ext: str) -> str:
    """An attachment header per RFC 6266: an ASCII `filename` for old clients, the UTF-8 name in `filename*`."""
    name = name[:MAX_INCIDENT_ID]
    wide = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)
    narrow = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name)
    return f"attachment; filename=\"{narrow}.{ext}\"; filename*=UTF-8''{quote(f'{wide}.{ext}', safe='')}"


def diff(report_id: str, a: Report, b: Report, from_revision: int, to_revision: int) -> RevisionDiff:
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    lines = difflib.unified_diff(render(a).splitlines(), render(b).splitlines(), f"revision {from_revision}",
                                 f"revision {to_revision}", lineterm="")
    return RevisionDiff(report_id=report_id, from_revision=from_revision, to_revision=to_revision,
                        changed_fields=[k for k in da if da[k] != db[k]], diff="\n".join(lines))
