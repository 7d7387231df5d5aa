"""Delivery after approval, off the request path: the app owns one small thread pool; each target of an approved
report is one task (attempts, backoff, each attempt in the delivery log). A failing target never touches the approval,
which is committed before anything is sent."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

from fastapi import Request

from incident_brief.delivery import retry
from incident_brief.delivery.message import Approved
from incident_brief.delivery.targets import Target, configured
from incident_brief.errors import ConflictError
from incident_brief.settings import Settings
from incident_brief.server.database import new_id
from incident_brief.server.deliverylog import DeliveryLog, TargetState
from incident_brief.server.store import Store, Stored

log = logging.getLogger("incident_brief.delivery")
RETRIED = frozenset({retry.FAILED, "pending"})  # what a retry sends again: failed targets and ones never tried


class Dispatcher:
    def __init__(self, store: Store, settings: Settings, workers: int = 4):
        self.store, self.log = store, DeliveryLog(store)
        self.targets: list[Target] = configured(settings)
        self.policy = retry.Policy(settings.deliver_attempts, settings.deliver_backoff)
        self.public_url = settings.public_url
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="delivery")
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._open: dict[tuple[str, str], Future] = {}  # (report id, target) -> its delivery in flight

    def link(self, report_id: str, base_url: str) -> str:
        return (self.public_url or base_url).rstrip("/") + f"/ui/reports/{report_id}"

    def approved(self, stored: Stored, who: str, base_url: str) -> None:
        """Queue the just-approved report for every target; never raises (the approval stands whatever happens)."""
        if not self.targets:
            return
        try:
            approved = Approved(stored.id, stored.revision, who, stored.updated_at, stored.report,
                                self.link(stored.id, base_url))
            for target in self.targets:
                self._submit(approved, target)
        except Exception as exc:  # noqa: BLE001  (the pool stopped, the log is unwritable: logged, never raised)
            log.error("delivery not queued", extra={"report_id": stored.id, "error_kind": type(exc).__name__})

    def retry(self, report_id: str, base_url: str) -> list[str]:
        """Send the approved report again to each target whose last delivery failed (or never ran); returns them."""
        approved = self.approval(report_id, base_url)
        states = {s.target: s.status for s in self.states(report_id)}
        return [t.name for t in self.targets if states.get(t.name) in RETRIED and self._submit(approved, t)]

    def approval(self, report_id: str, base_url: str) -> Approved:
        """The report as approved (its approver and time from the revision log); ConflictError for a draft."""
        stored = self.store.get(report_id)
        if stored.review_state != "approved":
            raise ConflictError("only an approved report is delivered; approve it first")
        approval = [r for r in self.store.revisions(report_id) if r["action"] == "approve"][-1]
        return Approved(stored.id, stored.revision, approval["author"], approval["created_at"], stored.report,
                        self.link(stored.id, base_url))

    def resume(self, base_url: str) -> list[tuple[str, str]]:
        """At start-up: deliveries of approved reports left pending/retrying by a process that is gone are sent
        again to their configured target (same delivery id, attempt numbers continue); a delivered one never is.
        Returns the (report id, target) pairs resumed; never raises (start-up goes on whatever happens)."""
        targets = {t.name: t for t in self.targets}
        resumed = []
        try:
            for orphan in self.log.orphans():
                target = targets.get(orphan.target)
                if target is None or not self.log.claim(orphan):
                    continue  # no longer configured (left as it is), or another process took it first
                if self._submit(self.approval(orphan.report_id, base_url), target, orphan.delivery_id):
                    resumed.append((orphan.report_id, orphan.target))
        except Exception as exc:  # noqa: BLE001  (the log is unreadable: logged; retry stays on the page and API)
            log.error("deliveries not resumed", extra={"error_kind": type(exc).__name__})
        if resumed:
            log.warning("deliveries left unfinished by a stopped process were resumed", extra={"deliveries": len(resumed)})
        return resumed

    def states(self, report_id: str) -> list[TargetState]:
        return self.log.states(report_id, [t.name for t in self.targets])

    def _submit(self, approved: Approved, target: Target, delivery_id: str | None = None) -> bool:
        key = (approved.report_id, target.name)
        with self._lock:
            if key in self._open:
                return False  # already being delivered
            self._open[key] = self.pool.submit(self._deliver, approved, target, delivery_id or new_id())
        return True

    def _deliver(self, approved: Approved, target: Target, delivery_id: str) -> None:
        record = lambda attempt: self.log.record(approved.report_id, delivery_id, approved.revision,  # noqa: E731
                                                 target.name, attempt)
        try:
            first = self.log.next_attempt(approved.report_id, target.name)
            last = retry.run(lambda: target.send(approved, delivery_id), self.policy, record, self.stop, first)
            if last.status != retry.DELIVERED:
                log.warning("delivery to %s failed", target.name, extra={"report_id": approved.report_id, "target": target.name,
                                                      "attempts": last.number - first + 1})
        except Exception as exc:  # noqa: BLE001  (the log itself failed: nothing else to record it in)
            log.error("delivery not recorded", extra={"report_id": approved.report_id, "error_kind": type(exc).__name__})
        finally:
            with self._lock:
                self._open.pop((approved.report_id, target.name), None)

    def idle(self, timeout: float | None = None) -> bool:
        """Wait until no delivery is in flight (tests, shutdown); False if `timeout` passed first."""
        while True:
            with self._lock:
                futures = list(self._open.values())
            if not futures:
                return True
            if wait(futures, timeout).not_done:
                return False

    def shutdown(self) -> None:
        """Stop waiting between attempts (recorded as failed: retry from the page or API), then finish."""
        self.stop.set()
        self.pool.shutdown(wait=True, cancel_futures=True)


def after_approval(request: Request, stored: Stored, who: str) -> Stored:
    """The approval is committed: queue its delivery (returns at once) and hand the approved report back."""
    request.app.state.dispatcher.approved(stored, who, str(request.base_url))
    return stored
