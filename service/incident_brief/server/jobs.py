"""Reports drafted in the background (POST /v1/reports with `Prefer: respond-async`).

The app owns one thread pool for them, shut down with the app. The pending state lives in the store, so every
process and every request sees the same thing: pending, then the report (or failed, with a problem-details error).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from incident_brief.errors import IncidentBriefError
from incident_brief.ingest import SourceDocument
from incident_brief.settings import Settings
from incident_brief.server.drafting import draft
from incident_brief.server.store import Store

log = logging.getLogger("incident_brief.jobs")
UNEXPECTED = (500, "Internal error", "the report could not be drafted; the error has been logged")
STOPPED = (503, "Service stopped", "the service stopped before the report was drafted; send the notes again")


class Jobs:
    def __init__(self, store: Store, gateway=None, workers: int = 8):
        self.store, self.gateway = store, gateway  # the app's one gateway (None: offline)
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="report-job")
        self._lock = threading.Lock()
        self._open: dict[str, Future] = {}  # drafts submitted here and not finished

    def submit(self, source: SourceDocument, settings: Settings, author: str,
               incident_id: str | None, contact: str | None) -> dict:
        """Record the report as pending and draft it in the background; returns the pending job. Blocking (a store write)."""
        job = self.store.create_pending(author)
        rid = job["id"]
        with self._lock:
            self._open[rid] = self.pool.submit(self._run, rid, source, settings, author, incident_id, contact)
        return job

    def _run(self, rid: str, source: SourceDocument, settings: Settings, author: str,
             incident_id: str | None, contact: str | None) -> None:
        try:
            self.store.create(draft(source, settings, incident_id, contact, self.gateway), source.text, source.kind, author, rid=rid)
        except IncidentBriefError as exc:
            self.store.fail_pending(rid, exc.http_status, exc.title, str(exc))
        except Exception as exc:  # noqa: BLE001  (recorded as failed; the type is logged, never the message: it can quote notes)
            log.error("background draft failed", extra={"report_id": rid, "error_kind": type(exc).__name__})
            self.store.fail_pending(rid, *UNEXPECTED)
        finally:
            with self._lock:
                self._open.pop(rid, None)

    def shutdown(self) -> None:
        """Drop the queued drafts (marked failed at once), then wait for the running ones to finish."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            dropped = [rid for rid, future in self._open.items() if future.cancelled()]
        for rid in dropped:
            self.store.fail_pending(rid, *STOPPED)
        self.pool.shutdown(wait=True)
