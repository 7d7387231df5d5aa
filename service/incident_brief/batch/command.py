"""`incident-brief batch`: the command-line glue over the direct runner and the provider batch runner."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from incident_brief.batch.inputs import Item
from incident_brief.batch.outputs import Totals
from incident_brief.batch.run import count_inputs, run
from incident_brief.engines import choose
from incident_brief.settings import get_settings


def run_command(args) -> int:
    """Progress on a terminal, quiet lines otherwise, a summary table at the end."""
    settings = get_settings()
    total = count_inputs(args.input, settings)
    if getattr(args, "via", "direct") == "batch-api":
        if choose("llm", settings) != "llm":  # raises the clear "needs an endpoint" error
            return 2
        from incident_brief.batch import provider  # the openai SDK loads only when a model is used

        say = (lambda m: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True))
        totals = provider.run(args.input, Path(args.output), args.format, settings, args.poll_seconds, say)
        _summary(totals, total, Path(args.output))
        return 0 if totals.failed == 0 else 3
    bar = None
    if sys.stderr.isatty() and not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="report", file=sys.stderr)

    def progress(item: Item, t: Totals, entry: dict | None) -> None:
        if bar is not None:
            bar.update(1)
            bar.set_postfix(ok=t.ok, failed=t.failed, skipped=t.skipped)
        elif not args.quiet:
            print(f"[{t.ok + t.failed + t.skipped}/{total}] {item.stem}: {outcome(entry)}", file=sys.stderr, flush=True)

    totals = asyncio.run(run(args.input, Path(args.output), args.format, args.concurrency, args.engine, settings, progress))
    if bar is not None:
        bar.close()
    _summary(totals, total, Path(args.output))
    return 0 if totals.failed == 0 else 3


def outcome(entry: dict | None) -> str:
    """One progress line's verdict: ok (with its output file), failed (with the reason), or skipped."""
    if entry is None:
        return "skipped (already done)"
    if entry.get("status") == "ok":
        return f"ok -> {entry.get('output')}" + (f" ({entry['flags']} to review)" if entry.get("flags") else "")
    return f"failed: {entry.get('error', 'unknown error')}"


def summary_rows(t: Totals, total: int) -> list[tuple[str, object]]:
    """The end-of-run table; token counts only when a model was called (the offline engine uses none)."""
    rows: list[tuple[str, object]] = [("inputs", total), ("written", t.ok), ("already done (skipped)", t.skipped),
                                      ("failed", t.failed)]
    if t.prompt_tokens or t.completion_tokens:
        rows += [("prompt tokens", t.prompt_tokens), ("completion tokens", t.completion_tokens)]
    return rows + [("seconds", f"{t.seconds:.1f}")]


def _summary(t: Totals, total: int, outdir: Path) -> None:
    rows = summary_rows(t, total)
    width = max(len(r[0]) for r in rows)
    print("\n".join(f"{name:<{width}}  {value}" for name, value in rows))
    for failure in t.failures[:20]:
        print(f"failed: {failure}")
    print(f"reports, manifest.jsonl and portfolio.md/.html/.json in {outdir}")
