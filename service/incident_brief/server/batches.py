"""Batches through the HTTP API: the same runner as the CLI, with the service's store as the sink."""

from __future__ import annotations

import asyncio
import threading

from incident_brief.ingest import from_text, from_timeline
from incident_brief.settings import Settings
from incident_brief.server.store import Store
from incident_brief.batch.inputs import Item
from incident_brief.batch.run import drive, process


def _load(entry: dict, key: str):
    if entry.get("timeline") is not None:
        return lambda: from_timeline(entry["timeline"], key)
    return lambda: from_text(entry.get("notes") or "", key, as_json=False)


def start(store: Store, entries: list[dict], author: str, settings: Settings, gateway=None, concurrency: int = 4) -> str:
    """Record the batch, then work through it in the background; GET /v1/batches/{id} follows it.

    Refused (TooManyBatchesError, 429) while `settings.max_batches` batches are running."""
    bid = store.create_batch(len(entries), author, limit=settings.max_batches)  # 429 beyond the cap
    work = [Item(f"{bid}#{i}", str(i), _load(e, f"item {i}")) for i, e in enumerate(entries)]
    meta = {w.key: e for w, e in zip(work, entries)}

    def sink(item: Item, source, report):
        e = meta[item.key]
        if e.get("incident_id"):
            report.incident_id = e["incident_id"]
        if e.get("contact"):  # the item's own contact wins over the notes' (the setting only fills a gap)
            report.contact = e["contact"]
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
