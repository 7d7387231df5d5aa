"""The store's batch records: a batch and its items, the cap on batches in flight, and recovery after a restart."""

from __future__ import annotations

import logging

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, Engine

from incident_brief.errors import IncidentBriefError, NotFoundError
from incident_brief.server.database import PROCESS, Writer, new_id, now, owner_gone, utc
from incident_brief.server.tables import batch_items, batches

log = logging.getLogger("incident_brief.store")
INTERRUPTED = "interrupted: the service stopped before this item was done; submit it again"


class TooManyBatchesError(IncidentBriefError, status=429, title="Too many requests"):
    """As many batches as the service allows are already running."""


class BatchRecords:
    """Mixed into Store: needs `engine` and `writer`."""

    engine: Engine
    writer: Writer

    def create_batch(self, total: int, author: str, limit: int | None = None, inputs: list[str] | None = None) -> str:
        """Record a running batch owned by this process; refused (429) when `limit` batches already run.
        `inputs` (one JSON text per item) are kept with the items, for any worker to claim (server/claims.py)."""
        bid = new_id()
        inputs = inputs or [None] * total

        def work(conn: Connection) -> None:
            if conn.dialect.name == "postgresql":  # one count-then-insert at a time across every worker process
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('incident_brief.create_batch'))"))
            running = conn.execute(select(func.count()).select_from(batches)
                                   .where(batches.c.status == "running")).scalar_one()
            if limit is not None and running >= limit:
                raise TooManyBatchesError(f"{running} batches are already running (the limit is {limit}); "
                                          "try again when one has finished")
            conn.execute(batches.insert().values(id=bid, created_at=now(), author=author, total=total,
                                                 status="running", owner=PROCESS))
            if total:
                conn.execute(batch_items.insert(), [{"batch_id": bid, "idx": i, "status": "pending", "input": inputs[i]}
                                                   for i in range(total)])

        self.writer.run(work)
        return bid

    def finish_item(self, bid: str, idx: int, status: str, report_id: str | None, error: str | None, seconds: float) -> None:
        item = (batch_items.c.batch_id == bid) & (batch_items.c.idx == idx)
        self.writer.run(lambda conn: conn.execute(batch_items.update().where(item).values(
            status=status, report_id=report_id, error=error, seconds=seconds)))

    def finish_batch(self, bid: str) -> None:
        self.writer.run(lambda conn: conn.execute(batches.update().where(batches.c.id == bid).values(status="done")))

    def batch(self, bid: str) -> dict:
        with self.engine.connect() as conn:
            row = conn.execute(select(batches).where(batches.c.id == bid)).mappings().first()
            if row is None:
                raise NotFoundError(f"no batch with id {bid!r}")
            items = [dict(r) for r in conn.execute(select(batch_items.c.idx, batch_items.c.status, batch_items.c.report_id,
                                                           batch_items.c.error, batch_items.c.seconds)
                                                    .where(batch_items.c.batch_id == bid).order_by(batch_items.c.idx)).mappings()]
        return {**row, "created_at": utc(row["created_at"]), "items": items}

    def recover_batches(self) -> list[str]:
        """At start-up: batches left running by a process that is gone become `interrupted`, their unfinished
        items `failed` (with a message saying so). Batches of live processes, or of other hosts, are left alone."""
        claimable = select(batch_items.c.idx).where(batch_items.c.batch_id == batches.c.id, batch_items.c.input.is_not(None))
        with self.engine.connect() as conn:  # batches whose items any worker can claim are never interrupted
            rows = conn.execute(select(batches.c.id, batches.c.owner).where(
                batches.c.status == "running", ~claimable.exists())).all()
        dead = [bid for bid, owner in rows if owner_gone(owner)]
        if dead:
            self.writer.run(lambda conn: _interrupt(conn, dead))
            log.warning("batches left running by a stopped process were marked interrupted",
                        extra={"batches": len(dead)})
        return dead


def _interrupt(conn: Connection, ids: list[str]) -> None:
    conn.execute(batch_items.update().where(batch_items.c.batch_id.in_(ids), batch_items.c.status == "pending")
                 .values(status="failed", error=INTERRUPTED))
    conn.execute(batches.update().where(batches.c.id.in_(ids), batches.c.status == "running")
                 .values(status="interrupted"))
