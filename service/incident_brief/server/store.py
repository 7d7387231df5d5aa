"""Persistence: reports, their source notes and every revision, in SQLite (WAL) or any SQLAlchemy database URL.

Every change is a new revision with who and when; an approved report is frozen.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from incident_brief import changes
from incident_brief.errors import ConflictError, InputError, NotFoundError
from incident_brief.schema import Report
from incident_brief.server import migrate
from incident_brief.server.batchstore import BatchRecords
from incident_brief.server.database import PreconditionFailedError, StaleWrite, Writer, connect, new_id, now, utc
from incident_brief.server.tables import report_jobs, reports, revisions


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


# A change to a stored report: the current one in, the next report out (None: nothing to change); or the next report
# and the source text with a passage added (an answer to a gap question is grounded there).
Change = Callable[[Stored], "Report | tuple[Report, str] | None"]


def dump(report: Report) -> str:
    """The report as stored: refused (422) unless it reads back, so a stored report always renders."""
    try:
        data = report.model_dump_json()
        Report.model_validate_json(data)
    except ValueError as exc:  # pydantic's ValidationError and serialisation errors (a lone surrogate) are both
        raise InputError(f"the report cannot be stored: {str(exc).splitlines()[0][:200]}") from None
    return data


def _stored(row) -> Stored:
    return Stored(row["id"], Report.model_validate_json(row["report_json"]), row["source_text"], row["source_kind"],
                  row["review_state"], json.loads(row["locked"]), row["revision"], utc(row["created_at"]),
                  utc(row["updated_at"]))


def insert_report(conn: Connection, rid: str, report: Report, source_text: str, source_kind: str, author: str) -> None:
    """Write a new report (revision 1) in the caller's transaction; a pending job of that id becomes the report."""
    at, data = now(), dump(report)
    conn.execute(report_jobs.delete().where(report_jobs.c.id == rid))
    conn.execute(reports.insert().values(
        id=rid, created_at=at, updated_at=at, title=report.title, status=report.status.value,
        severity=report.severity.value, review_state="draft", source_kind=source_kind, source_text=source_text,
        report_json=data, locked="[]", revision=1))
    conn.execute(revisions.insert().values(report_id=rid, number=1, created_at=at, author=author,
                                           action="create", section=None, report_json=data))


class Store(BatchRecords):
    def __init__(self, url: str):
        self.engine: Engine = connect(url)
        self.writer = Writer(self.engine)
        migrate.upgrade(self.engine)
        self.recover_batches()

    def create(self, report: Report, source_text: str, source_kind: str, author: str, rid: str | None = None) -> Stored:
        """A new report (revision 1); with `rid`, the pending job of that id becomes the report in the same transaction."""
        rid = rid or new_id()
        self.writer.run(lambda conn: insert_report(conn, rid, report, source_text, source_kind, author))
        return self.get(rid)

    def get(self, rid: str) -> Stored:
        with self.engine.connect() as conn:
            row = conn.execute(select(reports).where(reports.c.id == rid)).mappings().first()
        if row is None:
            self._missing(rid)
        if row["deleted_at"] is not None:
            raise NotFoundError(f"report {rid!r} was deleted")
        return _stored(row)

    def list(self, limit: int, offset: int, status: str | None = None, severity: str | None = None,
             review_state: str | None = None, search: str | None = None,
             drafts_first: bool = False) -> tuple[list[dict], int]:
        """Reports not deleted, newest first (drafts before approved ones with `drafts_first`); `search` matches
        the title or the incident id anywhere, ignoring case."""
        q = select(reports.c.id, reports.c.title, reports.c.status, reports.c.severity, reports.c.review_state,
                   reports.c.created_at, reports.c.updated_at, reports.c.revision)
        count = select(func.count()).select_from(reports)
        where = [reports.c.deleted_at.is_(None)]
        for col, value in ((reports.c.status, status), (reports.c.severity, severity), (reports.c.review_state, review_state)):
            if value is not None:
                where.append(col == value)
        if search:
            like = "%" + search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append(func.lower(reports.c.title).like(like, escape="\\")
                         | func.lower(reports.c.report_json).like(f'%"incident_id":"{like[1:]}', escape="\\"))
        q, count = q.where(*where), count.where(*where)
        order = [reports.c.created_at.desc(), reports.c.id]
        if drafts_first:
            order.insert(0, (reports.c.review_state == "approved").asc())
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(*order).limit(limit).offset(offset)).mappings()
            items = [{**r, "created_at": utc(r["created_at"]), "updated_at": utc(r["updated_at"])} for r in rows]
            total = conn.execute(count).scalar_one()
        return items, total

    def change(self, rid: str, change: Change, author: str, action: str, section: str | None, *,
               expected: frozenset[int] | None = None, lock: bool = False, approve: bool = False) -> Stored:
        """Apply `change` to the current report and store the result as the next revision, in one transaction.

        `expected` (from If-Match): the revisions the caller saw; any other current revision is refused (412).
        Refused (409) once the report is approved. Concurrent changes queue: none is lost, each is its own revision."""
        return self.writer.run(lambda conn: self._change(conn, rid, change, author, action, section,
                                                         expected, lock, approve))

    def _change(self, conn: Connection, rid: str, change: Change, author: str, action: str, section: str | None,
                expected: frozenset[int] | None, lock: bool, approve: bool) -> Stored:
        row = conn.execute(select(reports).where(reports.c.id == rid).with_for_update()).mappings().first()
        if row is None or row["deleted_at"] is not None:
            raise NotFoundError(f"no report with id {rid!r}")
        current = _stored(row)
        if expected is not None and current.revision not in expected:
            raise PreconditionFailedError(f'the report is at revision {current.revision} (ETag "r{current.revision}"), '
                                          "not the one If-Match names; fetch it again and reapply the change")
        if current.review_state == "approved":
            raise ConflictError("the report is approved and can no longer be changed")
        report = change(current)
        if report is None:
            return current
        report, source_text = report if isinstance(report, tuple) else (report, current.source_text)
        locked = current.locked + ([section] if lock and section and section not in current.locked else [])
        number, at, data = current.revision + 1, now(), dump(report)
        review_state = "approved" if approve else "draft"
        done = conn.execute(reports.update().where(reports.c.id == rid, reports.c.revision == current.revision).values(
            updated_at=at, title=report.title, status=report.status.value, severity=report.severity.value,
            review_state=review_state, report_json=data, locked=json.dumps(locked), revision=number,
            source_text=source_text))
        if done.rowcount != 1:
            raise StaleWrite()
        conn.execute(revisions.insert().values(report_id=rid, number=number, created_at=at, author=author,
                                               action=action, section=section, report_json=data))
        return replace(current, report=Report.model_validate_json(data), review_state=review_state, locked=locked,
                       revision=number, updated_at=at, source_text=source_text)

    def revisions(self, rid: str) -> list[dict]:
        """Every revision, oldest first; a living update's (action `update`) with `changes`: what it changed."""
        self.get(rid)
        with self.engine.connect() as conn:
            rows = conn.execute(select(revisions.c.number, revisions.c.created_at, revisions.c.author,
                                       revisions.c.action, revisions.c.section)
                                .where(revisions.c.report_id == rid).order_by(revisions.c.number)).mappings()
            listed = [{**r, "created_at": utc(r["created_at"]), "changes": None} for r in rows]
        updated = [r for r in listed if r["action"] == "update"]
        if updated:
            summaries = self._update_changes(rid, [r["number"] for r in updated])
            for r in updated:
                r["changes"] = summaries.get(r["number"])
        return listed

    def _update_changes(self, rid: str, numbers: list[int]) -> dict[int, str]:
        """What each update changed: its report against the revision before it (both are stored)."""
        wanted = sorted(set(numbers) | {n - 1 for n in numbers})
        with self.engine.connect() as conn:
            rows = conn.execute(select(revisions.c.number, revisions.c.report_json).where(
                revisions.c.report_id == rid, revisions.c.number.in_(wanted)))
            reports_by = {n: Report.model_validate_json(data) for n, data in rows}
        return {n: changes.between(reports_by[n - 1], reports_by[n]).text for n in numbers
                if n in reports_by and n - 1 in reports_by}

    def revision(self, rid: str, number: int) -> Report:
        with self.engine.connect() as conn:
            data = conn.execute(select(revisions.c.report_json).where(
                revisions.c.report_id == rid, revisions.c.number == number)).scalar_one_or_none()
        if data is None:
            raise NotFoundError(f"report {rid!r} has no revision {number}")
        return Report.model_validate_json(data)

    # --- reports drafted in the background ---
    def create_pending(self, author: str) -> dict:
        job = {"id": new_id(), "created_at": now(), "author": author, "state": "pending"}
        self.writer.run(lambda conn: conn.execute(report_jobs.insert().values(**job)))
        return job

    def fail_pending(self, rid: str, status: int, title: str, detail: str) -> None:
        pending = (report_jobs.c.id == rid) & (report_jobs.c.state == "pending")
        self.writer.run(lambda conn: conn.execute(report_jobs.update().where(pending).values(
            state="failed", error_status=status, error_title=title, error_detail=detail)))

    def job(self, rid: str) -> dict | None:
        """A report still being drafted (state pending) or whose drafting failed; None once the report exists."""
        with self.engine.connect() as conn:
            row = conn.execute(select(report_jobs).where(report_jobs.c.id == rid)).mappings().first()
        return None if row is None else {**row, "created_at": utc(row["created_at"])}

    def _missing(self, rid: str):
        job = self.job(rid)
        if job is None:
            raise NotFoundError(f"no report with id {rid!r}")
        if job["state"] == "pending":
            raise ConflictError(f"report {rid!r} is still being drafted; GET /v1/reports/{rid} says when it is ready")
        raise NotFoundError(f"report {rid!r} could not be drafted: {job['error_detail']}")

