"""Run a batch: bounded concurrency, streamed inputs, atomic outputs, resumable from the manifest."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from incident_brief.batch import manifest, rollup
from incident_brief.batch.inputs import Item, items
from incident_brief.batch.outputs import Totals, clean_temporaries, file_sink, finished, ok_entry
from incident_brief.engines import gateway_for, summarize
from incident_brief.errors import IncidentBriefError
from incident_brief.settings import Settings


def process(item: Item, sink, engine: str, settings: Settings, gateway=None) -> dict:
    """One input through the engine into `sink` (a file, or the service's store); never raises."""
    started = time.perf_counter()
    entry: dict = {"input": item.key}
    try:
        source = item.load()
        report = summarize(source, engine=engine, settings=settings, gateway=gateway)
        entry.update(sink(item, source, report))
        entry.update(ok_entry(report))
    except IncidentBriefError as exc:
        entry.update(status="failed", error=str(exc))
    except Exception as exc:  # one bad input never stops the batch; the manifest says what happened
        entry.update(status="failed", error=f"internal error: {type(exc).__name__}: {exc}")
    entry["seconds"] = round(time.perf_counter() - started, 3)
    return entry


async def drive(inputs, handle, concurrency: int, on_done) -> None:
    """Run `handle(item)` in `concurrency` threads over a lazily read iterable; `on_done(item, entry)` in order of completion."""
    queue: asyncio.Queue = asyncio.Queue(maxsize=concurrency * 2)  # bounded: inputs are read as they are needed
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="batch")  # not the default pool's size

    async def produce():
        for item in inputs:
            await queue.put(item)
        for _ in range(concurrency):
            await queue.put(None)

    async def work():
        while (item := await queue.get()) is not None:
            entry = await loop.run_in_executor(pool, handle, item)
            on_done(item, entry)

    try:
        await asyncio.gather(produce(), *(work() for _ in range(concurrency)))
    finally:
        pool.shutdown(wait=False)


async def run(spec: str, outdir: Path, fmt: str, concurrency: int, engine: str, settings: Settings,
              progress=None) -> Totals:
    """`progress(item, totals, entry)` after each input; `entry` is None for one already done (skipped)."""
    outdir.mkdir(parents=True, exist_ok=True)
    clean_temporaries(outdir)
    done, totals = finished(outdir), Totals()
    writer = manifest.Writer(outdir)
    sink = file_sink(outdir, fmt)
    gateway = gateway_for(settings) if engine != "offline" else None  # one per batch: it learns what the endpoint takes

    def handle(item: Item):
        return None if item.key in done else process(item, sink, engine, settings, gateway)

    def on_done(item: Item, entry: dict | None) -> None:
        if entry is None:
            totals.skipped += 1
        else:
            writer.write(entry)
            totals.count(entry)
        if progress:
            progress(item, totals, entry)

    started = time.perf_counter()
    try:
        await drive(items(spec, settings.max_input_bytes), handle, concurrency, on_done)
    finally:
        writer.close()
    totals.seconds = time.perf_counter() - started
    rollup.write(outdir)
    return totals


def count_inputs(spec: str, settings: Settings) -> int:
    return sum(1 for _ in items(spec, settings.max_input_bytes))
