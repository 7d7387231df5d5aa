"""Persistence: reports, their source notes and every revision, in SQLite (WAL) or any SQLAlchemy database URL.

Every change is a new revision with who and when; an approved report is frozen.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine

from incident_brief.errors import ConflictError, NotFoundError
from incident_brief.schema import Report
from incident_brief.server import migrate
from incident_brief.server.tables import batch_items, batches, report_jobs, reports, revisions


@dataclass
class Stored:
    id: str
    report: Report
    source_text: str
    source_kind: str
    review_state: str
    locked: list[str]
    revision: int
    created_at: datetime
    updated_at: datetime


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt  # SQLite drops the zone


class Store:
    def __init__(self, url: str):
        self.engine: Engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        migrate.upgrade(self.engine)

    def create(self, report: Report, source_text: str, source_kind: str, author: str, rid: str | None = None) -> Stored:
        """A new report (revision 1); with `rid`, the pending job of that id becomes the report in the same transaction."""
        rid, now = rid or new_id(), _now()
        data = report.model_dump_json()
        with self.engine.begin() as conn:
            conn.execute(report_jobs.delete().where(report_jobs.c.id == rid))
            conn.execute(reports.insert().values(
                id=rid, created_at=now, updated_at=now, title=report.title, status=report.status.value,
                severity=report.severity.value, review_state="draft", source_kind=source_kind, source_text=source_text,
                report_json=data, locked="[]", revision=1))
            conn.execute(revisions.insert().values(report_id=rid, number=1, created_at=now, author=author,
                                                   action="create", section=None, report_json=data))
        return self.get(rid)

    def get(self, rid: str) -> Stored:
        with self.engine.connect() as conn:
            row = conn.execute(select(reports).where(reports.c.id == rid)).mappings().first()
        if row is None:
            self._missing(rid)
        return Stored(row["id"], Report.model_validate_json(row["report_json"]), row["source_text"], row["source_kind"],
                      row["review_state"], json.loads(row["locked"]), row["revision"], _utc(row["created_at"]),
                      _utc(row["updated_at"]))

    def list(self, limit: int, offset: int, status: str | None = None, severity: str | None = None,
             review_state: str | None = None) -> tuple[list[dict], int]:
        q = select(reports.c.id, reports.c.title, reports.c.status, reports.c.severity, reports.c.review_state,
                   reports.c.created_at, reports.c.updated_at, reports.c.revision)
        count = select(func.count()).select_from(reports)
        for col, value in ((reports.c.status, status), (reports.c.severity, severity), (reports.c.review_state, review_state)):
            if value is not None:
                q, count = q.where(col == value), count.where(col == value)
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(reports.c.created_at.desc(), reports.c.id).limit(limit).offset(offset)).mappings()
            items = [{**r, "created_at": _utc(r["created_at"]), "updated_at": _utc(r["updated_at"])} for r in rows]
            total = conn.execute(count).scalar_one()
        return items, total

    def update(self, rid: str, report: Report, author: str, action: str, section: str | None,
               lock: bool = False, approve: bool = False) -> Stored:
        """A new revision; refused (409) once the report is approved."""
        with self.engine.begin() as conn:
            row = conn.execute(select(reports.c.review_state, reports.c.revision, reports.c.locked)
                               .where(reports.c.id == rid).with_for_update()).mappings().first()
            if row is None:
                raise NotFoundError(f"no report with id {rid!r}")
            if row["review_state"] == "approved":
                raise ConflictError("the report is approved and can no longer be changed")
            locked = json.loads(row["locked"])
            if lock and section and section not in locked:
                locked.append(section)
            number, now, data = row["revision"] + 1, _now(), report.model_dump_json()
            conn.execute(reports.update().where(reports.c.id == rid).values(
                updated_at=now, title=report.title, status=report.status.value, severity=report.severity.value,
                review_state="approved" if approve else "draft", report_json=data, locked=json.dumps(locked),
                revision=number))
            conn.execute(revisions.insert().values(report_id=rid, number=number, created_at=now, author=author,
                                                   action=action, section=section, report_json=data))
        return self.get(rid)

    def revisions(self, rid: str) -> list[dict]:
        self.get(rid)
        with self.engine.connect() as conn:
            rows = conn.execute(select(revisions.c.number, revisions.c.created_at, revisions.c.author,
                                       revisions.c.action, revisions.c.section)
                                .where(revisions.c.report_id == rid).order_by(revisions.c.number)).mappings()
            return [{**r, "created_at": _utc(r["created_at"])} for r in rows]

    def revision(self, rid: str, number: int) -> Report:
        with self.engine.connect() as conn:
            data = conn.execute(select(revisions.c.report_json).where(
                revisions.c.report_id == rid, revisions.c.number == number)).scalar_one_or_none()
        if data is None:
            raise NotFoundError(f"report {rid!r} has no revision {number}")
        return Report.model_validate_json(data)


    # --- reports drafted in the background ---
    def create_pending(self, author: str) -> dict:
        job = {"id": new_id(), "created_at": _now(), "author": author, "state": "pending"}
        with self.engine.begin() as conn:
            conn.execute(report_jobs.insert().values(**job))
        return job

    def fail_pending(self, rid: str, status: int, title: str, detail: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(report_jobs.update().where(report_jobs.c.id == rid, report_jobs.c.state == "pending").values(
                state="failed", error_status=status, error_title=title, error_detail=detail))

    def job(self, rid: str) -> dict | None:
        """A report still being drafted (state pending) or whose drafting failed; None once the report exists."""
        with self.engine.connect() as conn:
            row = conn.execute(select(report_jobs).where(report_jobs.c.id == rid)).mappings().first()
        return None if row is None else {**row, "created_at": _utc(row["created_at"])}

    def _missing(self, rid: str):
        job = self.job(rid)
        if job is None:
            raise NotFoundError(f"no report with id {rid!r}")
        if job["state"] == "pending":
            raise ConflictError(f"report {rid!r} is still being drafted; GET /v1/reports/{rid} says when it is ready")
        raise NotFoundError(f"report {rid!r} could not be drafted: {job['error_detail']}")

    # --- batches ---
    def create_batch(self, total: int, author: str) -> str:
        bid = new_id()
        with self.engine.begin() as conn:
            conn.execute(batches.insert().values(id=bid, created_at=_now(), author=author, total=total, status="running"))
            if total:
                conn.execute(batch_items.insert(), [{"batch_id": bid, "idx": i, "status": "pending"} for i in range(total)])
        return bid

    def finish_item(self, bid: str, idx: int, status: str, report_id: str | None, error: str | None, seconds: float) -> None:
        with self.engine.begin() as conn:
            conn.execute(batch_items.update().where(batch_items.c.batch_id == bid, batch_items.c.idx == idx)
                         .values(status=status, report_id=report_id, error=error, seconds=seconds))

    def finish_batch(self, bid: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(batches.update().where(batches.c.id == bid).values(status="done"))

    def batch(self, bid: str) -> dict:
        with self.engine.connect() as conn:
            row = conn.execute(select(batches).where(batches.c.id == bid)).mappings().first()
            if row is None:
                raise NotFoundError(f"no batch with id {bid!r}")
            items = [dict(r) for r in conn.execute(select(batch_items.c.idx, batch_items.c.status, batch_items.c.report_id,
                                                           batch_items.c.error, batch_items.c.seconds)
                                                    .where(batch_items.c.batch_id == bid).order_by(batch_items.c.idx)).mappings()]
        return {**row, "created_at": _utc(row["created_at"]), "items": items}


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()
