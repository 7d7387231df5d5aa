"""A batch's output directory: report files, what is already done there, and the running totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from incident_brief.batch import manifest
from incident_brief.batch.inputs import Item
from incident_brief.files import write_atomic
from incident_brief.render import render
from incident_brief.schema import Report

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

    def count(self, entry: dict) -> None:
        """Add one manifest entry."""
        if entry["status"] == "ok":
            self.ok += 1
            self.prompt_tokens += entry.get("prompt_tokens", 0)
            self.completion_tokens += entry.get("completion_tokens", 0)
        else:
            self.failed += 1
            self.failures.append(f"{entry['input']}: {entry['error']}")


def file_sink(outdir: Path, fmt: str):
    """`sink(item, source, report)`: the report written atomically as OUTDIR/<stem>.<ext>."""
    def write(item: Item, source, report: Report) -> dict:
        name = f"{item.stem}.{EXT[fmt]}"
        write_atomic(outdir / name, render(report, fmt))
        return {"output": name}
    return write


def ok_entry(report: Report) -> dict:
    """The manifest fields of a written report."""
    return {"status": "ok", "flags": len(report.review_flags), "summary": manifest.summary(report),
            "prompt_tokens": report.engine.prompt_tokens or 0, "completion_tokens": report.engine.completion_tokens or 0}


def finished(outdir: Path) -> set[str]:
    """Inputs whose report is written (a re-run skips them)."""
    return {k for k, e in manifest.read(outdir).items()
            if e.get("status") == "ok" and e.get("output") and (outdir / e["output"]).is_file()}


def clean_temporaries(outdir: Path) -> None:
    """Remove the temporaries of writes a kill interrupted."""
    for tmp in outdir.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
