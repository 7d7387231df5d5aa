"""A stored report as a downloaded file: the text formats through views.download, the PDF through render_pdf."""

from __future__ import annotations

from typing import Literal

from fastapi.responses import Response

from incident_brief.audiences.render import render as render_for
from incident_brief.render_pdf import MEDIA_TYPE, Paper, pdf
from incident_brief.server import views
from incident_brief.server.store import Stored

ExportFormat = Literal["json", "markdown", "html", "pdf"]
EXPORT_MEDIA = {"text/markdown": {}, "text/html": {}, "application/json": {}, MEDIA_TYPE: {}}


def download(stored: Stored, fmt: ExportFormat, paper: Paper = "a4", audience: str = "executive") -> Response:
    """The report as an attachment; a PDF is laid out on `paper` (one page for a typical report)."""
    if fmt != "pdf":
        return views.download(stored, fmt, audience)
    name = stored.report.incident_id or f"report-{stored.id}"
    html = None if audience == "executive" else render_for(stored.report, "html", audience)
    name = name if audience == "executive" else f"{name}-{audience}"
    return Response(pdf(stored.report, paper, html), media_type=MEDIA_TYPE,
                    headers={"ETag": views.etag(stored), "Content-Disposition": views.disposition(name, "pdf")})
