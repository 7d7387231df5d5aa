"""The report as a PDF: the HTML report's print styles laid out by WeasyPrint (see the README for why WeasyPrint).

One A4 or Letter page for a typical report; a longer one continues on a second page with the title and page numbers
in the margins. WeasyPrint is an optional dependency (`pip install 'incident-brief[pdf]'`, with the system's Pango):
without it a PDF request is refused with a clear error, every other format works as before.
"""

from __future__ import annotations

import logging
from typing import Literal

from incident_brief.errors import ConfigurationError
from incident_brief.render import render
from incident_brief.schema import Report

PAPERS = ("a4", "letter")
Paper = Literal["a4", "letter"]
MEDIA_TYPE = "application/pdf"
_INSTALL = "PDF export needs WeasyPrint and the system's Pango: pip install 'incident-brief[pdf]'"


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the package is there but Pango (a system library) is not
        raise ConfigurationError(f"{_INSTALL} ({type(exc).__name__}: {exc})") from None
    for name in ("weasyprint", "fontTools"):  # font subsetting chatter is not the reader's business
        logging.getLogger(name).setLevel(logging.ERROR)
    return weasyprint


def pdf(report: Report, paper: Paper = "a4", html: str | None = None) -> bytes:
    """The report as PDF bytes. The HTML holds no external reference (no URL is fetched while laying it out).
    `html`: another rendering of the report to lay out (an audience's, see audiences/render.py)."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; choose one of {', '.join(PAPERS)}")
    weasyprint = _weasyprint()
    page = weasyprint.CSS(string=f"@page {{ size: {paper.upper() if paper == 'a4' else 'letter'}; }}")
    document = weasyprint.HTML(string=html or render(report, "html"), url_fetcher=_no_fetch)
    return document.write_pdf(stylesheets=[page])


def _no_fetch(url: str, *args, **kwargs):
    """Report text is escaped, so no URL should reach here; if one ever does, nothing is fetched."""
    raise ValueError(f"the PDF renderer fetches nothing ({url[:40]!r})")
