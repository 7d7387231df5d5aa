"""A report's life after review: reopen an approved report (a new draft revision) and delete one softly (the row and
every revision stay; the report leaves reads and lists). Each is a revision with who and when."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from incident_brief.errors import ConflictError, NotFoundError
from incident_brief.server.database import PreconditionFailedError, StaleWrite, now
from incident_brief.server.store import Store, Stored
from incident_brief.server.tables import reports, revisions


def reopen(store: Store, rid: str, author: str, expected: frozenset[int] | None = None) -> Stored:
    """An approved report back to draft, as a new revision (the approved one stays in the history)."""
    def work(conn: Connection) -> None:
        row = _current(conn, rid, expected)
        if row["review_state"] != "approved":
            raise ConflictError("the report is a draft already; only an approved report can be reopened")
        _next(conn, row, author, "reopen", review_state="draft")

    store.writer.run(work)
    return store.get(rid)


def delete(store: Store, rid: str, author: str, expected: frozenset[int] | None = None) -> int:
    """Soft delete, recorded as a revision; returns that revision's number."""
    def work(conn: Connection) -> int:
        row = _current(conn, rid, expected)
        return _next(conn, row, author, "delete", deleted_at=now())

    return store.writer.run(work)


def _current(conn: Connection, rid: str, expected: frozenset[int] | None):
    row = conn.execute(select(reports).where(reports.c.id == rid).with_for_update()).mappings().first()
    if row is None or row["deleted_at"] is not None:
        raise NotFoundError(f"no report with id {rid!r}")
    if expected is not None and row["revision"] not in expected:
        raise PreconditionFailedError(f'the report is at revision {row["revision"]} (ETag "r{row["revision"]}"), '
                                      "not the one If-Match names; fetch it again")
    return row


def _next(conn: Connection, row, author: str, action: str, **values) -> int:
    number, at = row["revision"] + 1, now()
    done = conn.execute(reports.update().where(reports.c.id == row["id"], reports.c.revision == row["revision"])
                        .values(updated_at=at, revision=number, **values))
    if done.rowcount != 1:
        raise StaleWrite()
    conn.execute(revisions.insert().values(report_id=row["id"], number=number, created_at=at, author=author,
                                           action=action, section=None, report_json=row["report_json"]))
    return number
