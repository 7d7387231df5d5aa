"""The delivery log: every attempt to send an approved report to a target, in the database (table `deliveries`),
and each target's state read from it (the last attempt of its last delivery)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from incident_brief.delivery.retry import Attempt
from incident_brief.server.database import PROCESS, now, owner_gone, utc
from incident_brief.server.store import Store
from incident_brief.server.tables import deliveries, reports

PENDING = "pending"  # a configured target with no attempt yet (queued, or the report is not approved)
UNFINISHED = (PENDING, "retrying")  # a delivery whose last attempt says more are to come


class DeliveryAttempt(BaseModel):
    target: str
    delivery_id: str
    revision: int
    attempt: int
    status: str  # delivered | retrying | failed
    code: int | None = None
    error: str | None = None
    at: datetime


class TargetState(BaseModel):
    target: str
    status: str  # pending | delivered | retrying | failed
    attempts: int = 0  # attempts of the last delivery
    error: str | None = None  # the last attempt's error
    at: datetime | None = None


class Orphan(BaseModel):
    """A delivery left unfinished by a process that is gone: its last attempt (row `row_id`) says more are to come."""
    row_id: int
    report_id: str
    target: str
    delivery_id: str
    owner: str | None = None


class DeliveryLog:
    def __init__(self, store: Store):
        self.store = store

    def record(self, report_id: str, delivery_id: str, revision: int, target: str, attempt: Attempt) -> None:
        values = dict(report_id=report_id, delivery_id=delivery_id, revision=revision, target=target,
                      attempt=attempt.number, status=attempt.status, code=attempt.code, error=attempt.error,
                      created_at=now(), owner=PROCESS)
        self.store.writer.run(lambda conn: conn.execute(deliveries.insert().values(**values)))

    def attempts(self, report_id: str) -> list[DeliveryAttempt]:
        """Every attempt for the report, oldest first."""
        q = select(deliveries).where(deliveries.c.report_id == report_id).order_by(deliveries.c.id)
        with self.store.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        return [DeliveryAttempt(**{**r, "at": utc(r["created_at"])}) for r in rows]

    def next_attempt(self, report_id: str, target: str) -> int:
        q = select(func.max(deliveries.c.attempt)).where(deliveries.c.report_id == report_id,
                                                         deliveries.c.target == target)
        with self.store.engine.connect() as conn:
            return (conn.execute(q).scalar_one_or_none() or 0) + 1

    def states(self, report_id: str, targets: list[str]) -> list[TargetState]:
        """Each configured target's state, then any other target the log names (one configured earlier)."""
        last: dict[str, list[DeliveryAttempt]] = {}
        for a in self.attempts(report_id):
            run = last.setdefault(a.target, [])
            if run and run[-1].delivery_id != a.delivery_id:
                run.clear()
            run.append(a)
        out = []
        for name in dict.fromkeys([*targets, *last]):
            run = last.get(name)
            if not run:
                out.append(TargetState(target=name, status=PENDING))
            else:
                out.append(TargetState(target=name, status=run[-1].status, attempts=len(run), error=run[-1].error,
                                       at=run[-1].at))
        return out

    def orphans(self) -> list[Orphan]:
        """Approved reports' deliveries whose last attempt is pending/retrying and whose process is certainly gone."""
        last = (select(func.max(deliveries.c.id)).group_by(deliveries.c.report_id, deliveries.c.target)).scalar_subquery()
        q = (select(deliveries.c.id.label("row_id"), deliveries.c.report_id, deliveries.c.target,
                    deliveries.c.delivery_id, deliveries.c.owner)
             .join(reports, reports.c.id == deliveries.c.report_id)
             .where(deliveries.c.id.in_(last), deliveries.c.status.in_(UNFINISHED),
                    reports.c.review_state == "approved", reports.c.deleted_at.is_(None))
             .order_by(deliveries.c.id))
        with self.store.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        return [Orphan(**r) for r in rows if owner_gone(r["owner"])]

    def claim(self, orphan: Orphan) -> bool:
        """Take the orphan for this process (a conditional UPDATE of its last attempt's owner): when several
        processes start at once, exactly one resumes it; False if another one did first."""
        def work(conn: Connection) -> bool:
            owned = (deliveries.c.owner.is_(None) if orphan.owner is None else deliveries.c.owner == orphan.owner)
            done = conn.execute(deliveries.update().where(deliveries.c.id == orphan.row_id, owned)
                                .values(owner=PROCESS)).rowcount
            return done == 1
        return self.store.writer.run(work)
