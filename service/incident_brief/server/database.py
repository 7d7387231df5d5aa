"""The store's engine and its one write path: serialised, retried, never a raw "database is locked".

SQLite: WAL, a busy timeout, and every write transaction opened with BEGIN IMMEDIATE (it takes the write lock
first, so two writers never both read and then fail to upgrade). Within one process writes also queue on a
lock, so threads never spin on SQLite's busy handler. Other databases: the caller's conditional UPDATE
(`WHERE revision = :expected`) and SELECT ... FOR UPDATE keep writers apart.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime, timezone
from typing import TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError

from incident_brief.errors import IncidentBriefError

T = TypeVar("T")
ATTEMPTS = 5  # write attempts before the caller is told to come back
PROCESS = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"  # this process, as an owner of work in flight


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def now() -> datetime:
    return datetime.now(timezone.utc)


def utc(dt: datetime) -> datetime:
    """In UTC: SQLite drops the zone (stored as UTC); PostgreSQL answers in the session's zone."""
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def owner_gone(owner: str | None) -> bool:
    """Is the process that recorded `owner` (a PROCESS value) certainly dead? Unknown hosts count as alive."""
    if not owner:
        return True  # recorded before owners were: by a process that is gone by now
    host, _, rest = owner.partition(":")
    pid_text, _, token = rest.partition(":")
    me_host, me_pid, me_token = PROCESS.split(":")
    if host != me_host or not pid_text.isdigit():
        return False
    if pid_text == me_pid:
        return token != me_token  # our pid, another token: an earlier process that had our pid (a restarted container)
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, owned by someone else
    return False


class PreconditionFailedError(IncidentBriefError, status=412, title="Precondition failed"):
    """If-Match names a revision that is no longer the report's current one."""


class BusyError(IncidentBriefError, status=503, title="Busy"):
    """The database stayed locked by another process through every retry."""


class StaleWrite(Exception):
    """A conditional UPDATE matched no row: another writer got there first; the transaction is retried."""


def connect(url: str) -> Engine:
    """The store's engine. `postgresql://` URLs use psycopg 3 (SQLAlchemy's default would be psycopg2); each
    PostgreSQL session is named after this process (pg_stat_activity's application_name: pid first) and runs in UTC."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True, connect_args={
            "application_name": f"incident-brief {os.getpid()} {PROCESS}"[:63], "options": "-c timezone=UTC"})
    engine = create_engine(parsed)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


class Writer:
    """Runs `work(conn)` in one write transaction, retried when another one wins; on SQLite also serialised in this
    process (on PostgreSQL row locks and conditional UPDATEs keep writers apart, in this process and across them)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._lock = threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()

    def run(self, work: Callable[[Connection], T]) -> T:
        for attempt in range(ATTEMPTS):
            try:
                with self._lock, self._transaction() as conn:
                    return work(conn)
            except StaleWrite:
                continue
            except OperationalError as exc:
                if not _locked(exc) or attempt == ATTEMPTS - 1:
                    raise BusyError("the database is busy; try again in a moment") from None
                time.sleep(0.05 * (attempt + 1))
        raise BusyError("the report kept changing while this change was written; try again")

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(immediate=True)
            with conn.begin():
                yield conn


RETRYABLE_STATES = {"40001", "40P01"}  # PostgreSQL: serialization failure, deadlock detected


def _locked(exc: OperationalError) -> bool:
    if getattr(exc.orig, "sqlstate", None) in RETRYABLE_STATES:
        return True
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text


def _sqlite_connect(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # the driver never opens transactions itself: _sqlite_begin does
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("immediate") else "BEGIN")
