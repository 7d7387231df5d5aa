"""Batches on PostgreSQL: any worker process drafts any batch's items, and a killed worker's items go to another.

Each worker runs a few claim threads. A thread claims one pending item with SELECT ... FOR UPDATE SKIP LOCKED and
holds that row lock, in one transaction, while the item is drafted; the report, the item's result and (after the
last item) the batch's `done` are written in the same transaction. A worker that dies mid-item drops its connection:
PostgreSQL rolls the transaction back, the row is unlocked and still pending, and the next claim of any worker takes
it. So no item is lost and none gives two reports. SQLite keeps the in-process path (server/batches.py)."""

from __future__ import annotations

import json
import logging
import threading

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from incident_brief.batch.inputs import Item
from incident_brief.batch.run import process
from incident_brief.settings import Settings
from incident_brief.server.batchitems import apply_entry, loader
from incident_brief.server.database import new_id
from incident_brief.server.store import Store, insert_report
from incident_brief.server.tables import batch_items, batches

log = logging.getLogger("incident_brief.claims")
POLL_SECONDS = 1.0  # how often an idle claim thread looks for items queued by another worker
THREADS = 4  # items drafted at once per worker process


def claim_one(store: Store, settings: Settings, gateway=None) -> bool:
    """Draft one pending item of any batch, if one is free; False when there was none to claim."""
    with store.engine.connect() as conn, conn.begin():
        row = conn.execute(
            select(batch_items.c.batch_id, batch_items.c.idx, batch_items.c.input, batches.c.author)
            .join(batches, batches.c.id == batch_items.c.batch_id)
            .where(batch_items.c.status == "pending", batch_items.c.input.is_not(None))
            .order_by(batches.c.created_at, batch_items.c.idx).limit(1)
            .with_for_update(of=batch_items, skip_locked=True)).first()
        if row is None:
            return False
        entry = json.loads(row.input)

        def sink(_item: Item, source, report) -> dict:
            apply_entry(report, entry)
            rid = new_id()
            with conn.begin_nested():  # a refused report fails this item only, never the claim's transaction
                insert_report(conn, rid, report, source.text, source.kind, row.author)
            return {"report_id": rid}

        item = Item(f"{row.batch_id}#{row.idx}", str(row.idx), loader(entry, f"item {row.idx}"))
        complete(conn, row.batch_id, row.idx, process(item, sink, "auto", settings, gateway))
    return True


def complete(conn: Connection, bid: str, idx: int, entry: dict) -> None:
    """The item's result; the batch is done once no item is pending (counted under the batch's row lock, so of two
    workers finishing the last two items, the second sees the first's)."""
    conn.execute(batch_items.update().where(batch_items.c.batch_id == bid, batch_items.c.idx == idx).values(
        status=entry["status"], report_id=entry.get("report_id"), error=entry.get("error"),
        seconds=entry["seconds"], input=None))
    conn.execute(select(batches.c.id).where(batches.c.id == bid).with_for_update())
    pending = conn.execute(select(func.count()).select_from(batch_items).where(
        batch_items.c.batch_id == bid, batch_items.c.status == "pending")).scalar_one()
    if pending == 0:
        conn.execute(batches.update().where(batches.c.id == bid).values(status="done"))


class Claimer:
    """The claim threads of one worker process: started and stopped with the app."""

    def __init__(self, store: Store, settings: Settings, gateway=None, threads: int = THREADS):
        self.store, self.settings, self.gateway = store, settings, gateway
        self._wake, self._stop = threading.Event(), threading.Event()
        self._threads = [threading.Thread(target=self._loop, name=f"batch-claim-{i}", daemon=True) for i in range(threads)]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def wake(self) -> None:
        """New items were queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 60.0) -> None:
        """No new claims; the items being drafted finish (or roll back for another worker when the wait runs out)."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                busy = claim_one(self.store, self.settings, self.gateway)
            except Exception as exc:  # noqa: BLE001  (the database went away for a moment: log, wait, try again)
                log.error("claiming a batch item failed", extra={"error_kind": type(exc).__name__})
                busy = False
            if not busy and not self._stop.is_set():
                self._wake.wait(POLL_SECONDS)
                self._wake.clear()
