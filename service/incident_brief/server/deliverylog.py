"""The delivery log: every attempt to send an approved report to a target, in the database (table `deliveries`),
and each target's state read from it (the last attempt of its last delivery)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select

from incident_brief.delivery.retry import Attempt
from incident_brief.server.database import now, utc
from incident_brief.server.store import Store
from incident_brief.server.tables import deliveries

PENDING = "pending"  # a configured target with no attempt yet (queued, or the report is not approved)


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


class DeliveryLog:
    def __init__(self, store: Store):
        self.store = store

    def record(self, report_id: str, delivery_id: str, revision: int, target: str, attempt: Attempt) -> None:
        values = dict(report_id=report_id, delivery_id=delivery_id, revision=revision, target=target,
                      attempt=attempt.number, status=attempt.status, code=attempt.code, error=attempt.error,
                      created_at=now())
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
