"""Run a batch: bounded concurrency, streamed inputs, atomic outputs, resumable from the manifest."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from incident_brief.engines import summarize
from incident_brief.errors import IncidentBriefError
from incident_brief.render import render
from incident_brief.settings import Settings
from incident_brief.batch import manifest, rollup
from incident_brief.batch.inputs import Item, items

EXT = {"markdown": "md", "html": "html", "json": "json"}


@dataclass
class Totals:
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


def write_atomic(path: Path, text: str) -> None:
    """Write beside the target, then rename: a kill leaves the old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def process(item: Item, sink, engine: str, settings: Settings) -> dict:
    """One input through the engine into `sink` (a file, or the service's store); never raises."""
    started = time.perf_counter()
    entry: dict = {"input": item.key}
    try:
        source = item.load()
        report = summarize(source, engine=engine, settings=settings)
        entry.update(sink(item, source, report))
        extra = report.engine.model_extra or {}
        entry.update(status="ok", flags=len(report.review_flags), summary=manifest.summary(report),
                     prompt_tokens=extra.get("prompt_tokens", 0), completion_tokens=extra.get("completion_tokens", 0))
    except IncidentBriefError as exc:
        entry.update(status="failed", error=str(exc))
    except Exception as exc:  # one bad input never stops the batch; the manifest says what happened
        entry.update(status="failed", error=f"internal error: {type(exc).__name__}: {exc}")
    entry["seconds"] = round(time.perf_counter() - started, 3)
    return entry


def file_sink(outdir: Path, fmt: str):
    def write(item: Item, source, report) -> dict:
        name = f"{item.stem}.{EXT[fmt]}"
        write_atomic(outdir / name, render(report, fmt))
        return {"output": name}
    return write


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


def _finished(outdir: Path) -> set[str]:
    return {k for k, e in manifest.read(outdir).items()
            if e.get("status") == "ok" and e.get("output") and (outdir / e["output"]).is_file()}


def _clean_temporaries(outdir: Path) -> None:
    for tmp in outdir.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


async def run(spec: str, outdir: Path, fmt: str, concurrency: int, engine: str, settings: Settings,
              progress=None) -> Totals:
    outdir.mkdir(parents=True, exist_ok=True)
    _clean_temporaries(outdir)
    done, totals = _finished(outdir), Totals()
    writer = manifest.Writer(outdir)
    sink = file_sink(outdir, fmt)

    def handle(item: Item):
        return None if item.key in done else process(item, sink, engine, settings)

    def on_done(item: Item, entry: dict | None) -> None:
        if entry is None:
            totals.skipped += 1
        else:
            writer.write(entry)
            _count(totals, entry)
        if progress:
            progress(item, totals)

    started = time.perf_counter()
    try:
        await drive(items(spec, settings.max_input_bytes), handle, concurrency, on_done)
    finally:
        writer.close()
    totals.seconds = time.perf_counter() - started
    rollup.write(outdir)
    return totals


def _count(totals: Totals, entry: dict) -> None:
    if entry["status"] == "ok":
        totals.ok += 1
        totals.prompt_tokens += entry.get("prompt_tokens", 0)
        totals.completion_tokens += entry.get("completion_tokens", 0)
    else:
        totals.failed += 1
        totals.failures.append(f"{entry['input']}: {entry['error']}")


def count_inputs(spec: str, settings: Settings) -> int:
    return sum(1 for _ in items(spec, settings.max_input_bytes))


def run_command(args) -> int:
    """`incident-brief batch`: progress on a terminal, quiet lines otherwise, a summary table at the end."""
    from incident_brief.settings import get_settings

    settings = get_settings()
    total = count_inputs(args.input, settings)
    if getattr(args, "via", "direct") == "batch-api":
        from incident_brief.engines import choose
        from incident_brief.batch import provider

        if choose("llm", settings) != "llm":  # raises the clear "needs an endpoint" error
            return 2
        say = (lambda m: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True))
        totals = provider.run(args.input, Path(args.output), args.format, settings, args.poll_seconds, say)
        _summary(totals, total, Path(args.output))
        return 0 if totals.failed == 0 else 3
    bar = None
    if sys.stderr.isatty() and not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="report", file=sys.stderr)

    def progress(item: Item, t: Totals) -> None:
        if bar is not None:
            bar.update(1)
            bar.set_postfix(ok=t.ok, failed=t.failed, skipped=t.skipped)
        elif not args.quiet:
            print(f"[{t.ok + t.failed + t.skipped}/{total}] {item.stem}", file=sys.stderr, flush=True)

    totals = asyncio.run(run(args.input, Path(args.output), args.format, args.concurrency, args.engine, settings, progress))
    if bar is not None:
        bar.close()
    _summary(totals, total, Path(args.output))
    return 0 if totals.failed == 0 else 3


def _summary(t: Totals, total: int, outdir: Path) -> None:
    rows = [("inputs", total), ("written", t.ok), ("already done (skipped)", t.skipped), ("failed", t.failed),
            ("prompt tokens", t.prompt_tokens), ("completion tokens", t.completion_tokens), ("seconds", f"{t.seconds:.1f}")]
    width = max(len(r[0]) for r in rows)
    print("\n".join(f"{name:<{width}}  {value}" for name, value in rows))
    for failure in t.failures[:20]:
        print(f"failed: {failure}")
    print(f"reports, manifest.jsonl and portfolio.md/.html/.json in {outdir}")
