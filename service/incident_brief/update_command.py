"""`incident-brief summarize --update REPORT.json NEW_NOTES --notes OLD_NOTES`: a living update on the command line.

A report's JSON holds no notes (it is the shareable report: the notes can hold what the report withholds), so the
notes it was made from are given again with --notes: the first notes, then each earlier update, in order. They are
joined exactly as the service joins them (updates.combine), the report is redrawn by the engine it was made with,
and the sections named by --keep (and, for a report saved from the API, its `locked_sections`) keep their text."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from incident_brief import changes, updates
from incident_brief.errors import InputError
from incident_brief.ingest import read_path
from incident_brief.schema import SECTIONS, Report
from incident_brief.settings import Settings

# What the API adds around a report (GET /v1/reports/{id} as JSON): read past it, its locked sections kept.
ENVELOPE = ("id", "review_state", "locked_sections", "revision", "created_at", "updated_at", "changes", "notice")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--update", metavar="REPORT.json",
                        help="living update: redraw this report (its JSON, from summarize -f json or the API) from its "
                             "notes plus PATH; the change summary goes to stderr")
    parser.add_argument("--notes", metavar="OLD_NOTES", action="append",
                        help="with --update: the notes the report was made from; repeat for each earlier update, in order")
    parser.add_argument("--keep", metavar="SECTION", action="append", choices=tuple(SECTIONS),
                        help="with --update: a section a person wrote, kept as the report has it (repeatable)")


def updated(args: argparse.Namespace, settings: Settings) -> tuple[Report, changes.Changes]:
    """The report redrawn from its notes and the new ones, and what changed."""
    if not args.notes:
        raise InputError("--update needs the notes the report was made from: --notes OLD_NOTES (repeat it for each "
                         "earlier update, in order); a report's JSON does not hold its notes")
    old, locked = read_report(Path(args.update))
    docs = [read_path(p, settings.max_input_bytes) for p in [*args.notes, args.path]]
    source = docs[0]
    for doc in docs[1:]:
        source = updates.combine(source, doc, settings.max_input_bytes)
    fresh = updates.redraw(old, source, settings=settings, engine=args.engine, generated_at=args.generated_at,
                           incident_id=args.incident_id, contact=args.contact or None)
    report = updates.keep(old, fresh, {SECTIONS[name].path for name in {*(args.keep or []), *locked}})
    return report, changes.between(old, report)


def read_report(path: Path) -> tuple[Report, list[str]]:
    """A report's JSON (or the API's stored report) and the sections it lists as locked."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, RecursionError):
        raise InputError(f"{path}: not a report's JSON (summarize -f json writes one)") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a report's JSON (summarize -f json writes one)")
    locked = data.get("locked_sections") or []
    try:
        report = Report.model_validate({k: v for k, v in data.items() if k not in ENVELOPE})
    except ValueError as exc:
        raise InputError(f"{path}: not a report's JSON: {str(exc).splitlines()[0][:200]}") from None
    return report, [name for name in locked if name in SECTIONS]
