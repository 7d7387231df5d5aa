"""Persistence: reports, their source notes and every revision, in SQLite (WAL) or any SQLAlchemy database URL.

Every change is a new revision with who and when; an approved report is frozen.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import (Column, DateTime, Float, ForeignKey, Integer, MetaData, String, Table, Text, create_engine, event,
                        func, select)
from sqlalchemy.engine import Engine

from incident_brief.errors import ConflictError, NotFoundError
from incident_brief.schema import Report

metadata = MetaData()
reports = Table(
    "reports", metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("title", Text),
    Column("status", String(16), nullable=False, index=True),
    Column("severity", String(16), nullable=False, index=True),
    Column("review_state", String(16), nullable=False, index=True),  # draft | approved
    Column("source_kind", String(16), nullable=False),
    Column("source_text", Text, nullable=False),
    Column("report_json", Text, nullable=False),
    Column("locked", Text, nullable=False, default="[]"),
    Column("revision", Integer, nullable=False),
)
revisions = Table(
    "revisions", metadata,
    Column("report_id", String(32), ForeignKey("reports.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("action", String(16), nullable=False),  # create | edit | regenerate | approve
    Column("section", String(64)),
    Column("report_json", Text, nullable=False),
)


batches = Table(
    "batches", metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("total", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # running | done
)
batch_items = Table(
    "batch_items", metadata,
    Column("batch_id", String(32), ForeignKey("batches.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("status", String(16), nullable=False),  # pending | ok | failed
    Column("report_id", String(32)),
    Column("error", Text),
    Column("seconds", Float),
)


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


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt  # SQLite drops the zone


class Store:
    def __init__(self, url: str):
        self.engine: Engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    def create(self, report: Report, source_text: str, source_kind: str, author: str) -> Stored:
        rid, now = uuid.uuid4().hex[:16], _now()
        data = report.model_dump_json()
        with self.engine.begin() as conn:
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
            raise NotFoundError(f"no report with id {rid!r}")
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


    # --- batches ---
    def create_batch(self, total: int, author: str) -> str:
        bid = uuid.uuid4().hex[:16]
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
