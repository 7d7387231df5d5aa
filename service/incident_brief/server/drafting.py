"""Writing a report for the service: the engine, then the store. Synchronous: routes run it in the thread pool."""

from __future__ import annotations

from incident_brief.engines import summarize
from incident_brief.ingest import SourceDocument
from incident_brief.schema import Report
from incident_brief.settings import Settings
from incident_brief.server.store import Store, Stored


def fill_contact(report: Report, fallback: str | None) -> Report:
    """INCIDENT_BRIEF_CONTACT is a fallback: the request's contact wins, then the notes' own, then the setting."""
    if report.contact is None and fallback:
        report.contact = fallback
    return report


def draft(source: SourceDocument, settings: Settings, incident_id: str | None, contact: str | None) -> Report:
    """A report for these notes; `contact` (the request's) overrides the notes' contact, the setting fills a gap."""
    report = summarize(source, settings=settings, incident_id=incident_id, contact=contact or None)
    return fill_contact(report, settings.contact)


def draft_and_store(store: Store, source: SourceDocument, settings: Settings, author: str,
                    incident_id: str | None = None, contact: str | None = None) -> Stored:
    return store.create(draft(source, settings, incident_id, contact), source.text, source.kind, author)
