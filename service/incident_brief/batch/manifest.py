"""manifest.jsonl: one line per attempt, appended and flushed; the last line per input wins.

A line cut short by a kill is ignored on reading, so a re-run retries that input.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from incident_brief.schema import Report

NAME = "manifest.jsonl"


def _scan(outdir: Path) -> dict[str, tuple[int, str | None, str | None]]:
    """input -> (offset of its latest complete line, status, output). Small: no summaries are kept."""
    latest: dict[str, tuple[int, str | None, str | None]] = {}
    path = outdir / NAME
    if not path.is_file():
        return latest
    with path.open("rb") as fh:
        offset = 0
        for line in fh:
            try:
                entry = json.loads(line)
            except ValueError:
                entry = None  # torn by a kill mid-write
            if isinstance(entry, dict) and "input" in entry:
                latest[entry["input"]] = (offset, entry.get("status"), entry.get("output"))
            offset += len(line)
    return latest


def read(outdir: Path) -> dict[str, dict]:
    """The latest complete entry per input key, as {"status", "output"}: enough to resume."""
    return {k: {"status": st, "output": out} for k, (_, st, out) in _scan(outdir).items()}


def entries(outdir: Path) -> Iterator[dict]:
    """The latest complete entry per input, whole, one at a time (memory stays flat)."""
    offsets = sorted(off for off, _, _ in _scan(outdir).values())
    with (outdir / NAME).open("rb") as fh:
        for off in offsets:
            fh.seek(off)
            yield json.loads(fh.readline())


class Writer:
    def __init__(self, outdir: Path):
        path = outdir / NAME
        if path.is_file() and path.stat().st_size and not path.read_bytes().endswith(b"\n"):
            with path.open("ab") as fh:  # close a line torn by a kill, so the next entry starts clean
                fh.write(b"\n")
        self.fh = path.open("a", encoding="utf-8")

    def write(self, entry: dict) -> None:
        self.fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
        self.fh.flush()
        os.fsync(self.fh.fileno())

    def close(self) -> None:
        self.fh.close()


def summary(report: Report) -> dict:
    """What the rollup needs from a report, kept in the manifest so the rollup never re-reads the reports."""
    return {"incident_id": report.incident_id, "title": report.title, "severity": report.severity.value, "status": report.status.value,
            "duration_minutes": report.duration_minutes, "users_affected": report.impact.users_affected,
            "revenue": report.impact.revenue_impact.model_dump() if report.impact.revenue_impact else None,
            "services": report.affected_services, "root_cause": report.root_cause,
            "flags": sorted({f.field for f in report.review_flags}),
            "review": sorted({f.label or f.field for f in report.review_flags})}
