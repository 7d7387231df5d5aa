"""Writing a report for the service: the engine, then the store. Synchronous: routes run it in the thread pool."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_brief.engines import draft_audience, summarize
from incident_brief.errors import InputError
from incident_brief.ingest import SourceDocument
from incident_brief.schema import MAX_INCIDENT_ID, Report
from incident_brief.settings import Settings
from incident_brief.server.store import Store, Stored

if TYPE_CHECKING:  # the openai SDK loads only when a model is used
    from incident_brief.llm.gateway import Gateway


def draft(source: SourceDocument, settings: Settings, incident_id: str | None, contact: str | None,
          gateway: Gateway | None = None) -> Report:
    """A report for these notes; `contact` (the request's) overrides the notes' contact, the setting fills a gap.

    The incident id is bounded here, so the API and the web form share one limit (it also names the download)."""
    if incident_id is not None and len(incident_id) > MAX_INCIDENT_ID:
        raise InputError(f"incident_id: at most {MAX_INCIDENT_ID} characters")
    return summarize(source, settings=settings, incident_id=incident_id, contact=contact or None, gateway=gateway)


def draft_and_store(store: Store, source: SourceDocument, settings: Settings, author: str,
                    incident_id: str | None = None, contact: str | None = None, gateway: Gateway | None = None,
                    audience: str = "executive") -> Stored:
    """`audience`: with a model, its customer or engineering prose is drafted too (engines.draft_audience)."""
    report = draft_audience(draft(source, settings, incident_id, contact, gateway), audience, settings, gateway)
    return store.create(report, source.text, source.kind, author)
