"""Offline engine speed: reports per second and per-report latency over the examples and corpus.

    python bench/offline_speed.py [--rounds N]

Prints figures; asserts nothing (speed is measured here, never in tests).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "service"))

from incident_brief.ingest import read_path  # noqa: E402
from incident_brief.offline.engine import summarize  # noqa: E402
from incident_brief.render import render  # noqa: E402
from incident_brief.settings import get_settings  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    paths = sorted((ROOT / "examples").iterdir()) + sorted((get_settings().corpus_dir / "texts").glob("*.md"))
    sources = [read_path(str(p), 10 << 20) for p in paths]
    chars = sum(len(s.text) for s in sources)
    summarize(sources[0])  # warm caches (glossary, templates)
    render(summarize(sources[0]))
    latencies = []
    start = time.perf_counter()
    for _ in range(args.rounds):
        for src in sources:
            t0 = time.perf_counter()
            render(summarize(src), "markdown")
            latencies.append((time.perf_counter() - t0) * 1000)
    wall = time.perf_counter() - start
    tracemalloc.start()
    for src in sources:
        render(summarize(src), "markdown")
    _, peak = tracemalloc.get_traced_memory()
    latencies.sort()
    print(f"documents: {len(sources)} ({chars:,} characters), rounds: {args.rounds}")
    print(f"throughput: {len(latencies) / wall:.1f} reports/s, {chars * args.rounds / wall / 1e6:.2f} M chars/s")
    print(f"latency ms: p50 {statistics.median(latencies):.1f}, p99 {latencies[int(len(latencies) * 0.99) - 1]:.1f}, "
          f"max {latencies[-1]:.1f}")
    print(f"peak traced memory for one pass: {peak / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
