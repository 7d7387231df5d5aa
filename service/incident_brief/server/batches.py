"""Batches through the HTTP API: the same runner as the CLI, with the service's store as the sink.

SQLite: this process drafts the batch in a background thread. PostgreSQL: the items are queued in the database and
the claim threads of every worker process draft them (claims.py), so a batch survives the death of a worker."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable

from incident_brief.settings import Settings
from incident_brief.server.batchitems import apply_entry, loader
from incident_brief.server.database import is_postgres
from incident_brief.server.store import Store
from incident_brief.batch.inputs import Item
from incident_brief.batch.run import drive, process


def start(store: Store, entries: list[dict], author: str, settings: Settings, gateway=None, concurrency: int = 4,
          wake: Callable[[], None] | None = None) -> str:
    """Record the batch, then work through it in the background; GET /v1/batches/{id} follows it.

    Refused (TooManyBatchesError, 429) while `settings.max_batches` batches are running. On PostgreSQL `wake`
    tells this process's claim threads that items are queued."""
    if is_postgres(store.engine):
        bid = store.create_batch(len(entries), author, limit=settings.max_batches,
                                 inputs=[json.dumps(e) for e in entries])
        if wake is not None:
            wake()
        return bid
    bid = store.create_batch(len(entries), author, limit=settings.max_batches)  # 429 beyond the cap
    work = [Item(f"{bid}#{i}", str(i), loader(e, f"item {i}")) for i, e in enumerate(entries)]
    meta = {w.key: e for w, e in zip(work, entries)}

    def sink(item: Item, source, report):
        apply_entry(report, meta[item.key])
        stored = store.create(report, source.text, source.kind, author)
        return {"report_id": stored.id}

    def on_done(item: Item, entry: dict) -> None:
        store.finish_item(bid, int(item.stem), entry["status"], entry.get("report_id"), entry.get("error"), entry["seconds"])

    def main() -> None:
        try:
            asyncio.run(drive(work, lambda item: process(item, sink, "auto", settings, gateway), concurrency, on_done))
        finally:
            store.finish_batch(bid)

    threading.Thread(target=main, name=f"batch-{bid}", daemon=True).start()
    return bid
