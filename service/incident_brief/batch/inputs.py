"""Batch inputs, streamed: a folder, a glob, or a .jsonl with one notes document per line."""

from __future__ import annotations

import glob
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from incident_brief.errors import InputError
from incident_brief.ingest import TEXT_SUFFIXES, SourceDocument, from_text, from_timeline, read_path

SUFFIXES = (TEXT_SUFFIXES - {""}) | {".json"}
# Names the batch writes itself (portfolio.md/.html/.json, manifest.jsonl, the batch-api state): a report never takes one.
RESERVED = ("portfolio", "manifest", "batch-api-answers", "batch-api-state")


@dataclass(frozen=True)
class Item:
    key: str  # what the manifest calls it: the file path, or "file.jsonl#line"
    stem: str  # the report's file name, without extension
    load: Callable[[], SourceDocument]  # reading is deferred: only one document in memory per worker


def items(spec: str, max_bytes: int) -> Iterator[Item]:
    path = Path(spec)
    if path.suffix == ".jsonl" and path.is_file():
        yield from _jsonl(path, max_bytes)
    elif path.is_dir():
        yield from _files(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES), max_bytes)
    elif any(ch in spec for ch in "*?["):
        yield from _files(sorted(Path(p) for p in glob.iglob(spec, recursive=True) if Path(p).is_file()), max_bytes)
    elif path.is_file():
        yield from _files([path], max_bytes)
    else:
        raise InputError(f"{spec}: no such folder, file or glob")


def _files(paths, max_bytes: int) -> Iterator[Item]:
    seen = _reserved()
    for p in paths:
        stem = _unique(_safe(p.stem), seen)
        yield Item(str(p), stem, lambda p=p: read_path(str(p), max_bytes))


def _jsonl(path: Path, max_bytes: int) -> Iterator[Item]:
    seen = _reserved()
    with path.open("rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            key = f"{path}#{number}"
            stem = _unique(_safe(_line_id(line) or f"{path.stem}-{number:05d}"), seen)
            yield Item(key, stem, lambda line=line, key=key: _parse_line(line, key, max_bytes))


def _line_id(line: bytes) -> str | None:
    m = re.match(rb'\s*\{.*?"(?:id|incident_id)"\s*:\s*"([^"]{1,80})"', line)
    return m.group(1).decode("utf-8", "replace") if m else None


def _parse_line(line: bytes, key: str, max_bytes: int) -> SourceDocument:
    if len(line) > max_bytes:
        raise InputError(f"{key}: larger than the {max_bytes:,}-byte limit")
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        raise InputError(f"{key}: not a JSON line") from None
    if isinstance(data, str):
        return from_text(data, key, as_json=False)
    if isinstance(data, dict) and isinstance(data.get("notes"), str):
        return from_text(data["notes"], key, as_json=False)
    if isinstance(data, dict) and isinstance(data.get("timeline"), dict):
        return from_timeline(data["timeline"], key)
    raise InputError(f"{key}: expected a string, {{\"notes\": ...}} or {{\"timeline\": {{...}}}}")


def _safe(stem: str) -> str:
    return re.sub(r"[^\w.-]+", "-", stem).strip(".-") or "report"


def _reserved() -> dict[str, int]:
    """The names already taken before any input: the rollup's and the manifest's (a `portfolio` input becomes `portfolio-2`)."""
    return {name: 1 for name in RESERVED}


def _unique(stem: str, seen: dict[str, int]) -> str:
    if stem.lower() in RESERVED and stem not in seen:  # "Portfolio" on a case-insensitive file system
        seen[stem] = 1
    n = seen.get(stem, 0)
    seen[stem] = n + 1
    return stem if n == 0 else f"{stem}-{n + 1}"
