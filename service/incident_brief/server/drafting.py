"""Writing a report for the service: the engine, then the store. Synchronous: routes run it in the thread pool."""

from __future__ import annotations

from incident_brief.engines import summarize
from incident_brief.ingest import SourceDocument
from incident_brief.schema import Report
from incident_brief.settings import Settings
from incident_brief.server.store import Store, Stored


def draft(source: SourceDocument, settings: Settings, incident_id: str | None, contact: str | None) -> Report:
    return summarize(source, settings=settings, incident_id=incident_id, contact=contact or settings.contact)


def draft_and_store(store: Store, source: SourceDocument, settings: Settings, author: str,
                    incident_id: str | None = None, contact: str | None = None) -> Stored:
    return store.create(draft(source, settings, incident_id, contact), source.text, source.kind, author)
