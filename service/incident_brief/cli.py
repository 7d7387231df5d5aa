"""Command line: `incident-brief summarize NOTES`, `incident-brief schema`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from incident_brief import __version__
from incident_brief.engines import summarize
from incident_brief.errors import IncidentBriefError
from incident_brief.files import write_atomic
from incident_brief.ingest import read_path
from incident_brief.render import FORMATS, render
from incident_brief.schema import report_json_schema
from incident_brief.settings import get_settings

PROG = "incident-brief"


def _timestamp(value: str) -> datetime:
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {value!r}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Turn raw incident notes into a one-page executive report.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("summarize", help="write the executive report for one notes file (or - for stdin)")
    s.add_argument("path", metavar="PATH", help="notes file (.md, .txt, or a .json timeline), or - for stdin")
    s.add_argument("--format", "-f", choices=FORMATS, default="markdown", help="output format (default: markdown)")
    s.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    s.add_argument("--engine", choices=("auto", "offline", "llm"), default="auto",
                   help="auto: the model when an endpoint is configured, else offline (default)")
    s.add_argument("--incident-id", help="incident ID to show (overrides the notes)")
    s.add_argument("--contact", help="contact line for questions (overrides the notes)")
    s.add_argument("--generated-at", type=_timestamp, metavar="ISO8601",
                   help="fixed report time, for reproducible output")
    s.add_argument("-q", "--quiet", action="store_true", help="do not list review flags on stderr")
    s.set_defaults(run=_summarize)
    sv = sub.add_parser("serve", help="run the HTTP API and the web page (uvicorn)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--db", metavar="PATH", help="SQLite file for reports (default: INCIDENT_BRIEF_DATABASE_URL, "
                                                "else ./incident-brief.db)")
    sv.set_defaults(run=_serve)
    b = sub.add_parser("batch", help="summarize a folder, glob or .jsonl of notes; resumable")
    b.add_argument("input", metavar="INPUT", help="a folder, a glob (quote it), or a .jsonl with one notes document per line")
    b.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder for reports, manifest.jsonl and the rollup")
    b.add_argument("--format", "-f", choices=FORMATS, default="markdown", help="report format (default: markdown)")
    b.add_argument("--concurrency", "-c", type=int, default=4, choices=range(1, 65), metavar="N",
                   help="reports in flight at once (1-64, default 4)")
    b.add_argument("--engine", choices=("auto", "offline", "llm"), default="auto")
    b.add_argument("--via", choices=("direct", "batch-api"), default="direct",
                   help="batch-api: send the model calls through the provider's Batch API (half price, 24 h window)")
    b.add_argument("--poll-seconds", type=float, default=30.0, help="with --via batch-api: how often to check the batch")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    b.set_defaults(run=lambda args: __import__("incident_brief.batch.command", fromlist=["run_command"]).run_command(args))
    from incident_brief.evals.command import add_parser as add_eval

    add_eval(sub)
    sc = sub.add_parser("schema", help="print the report's JSON Schema")
    sc.set_defaults(run=lambda args: print(json.dumps(report_json_schema(), indent=2)) or 0)
    return parser


def _summarize(args: argparse.Namespace) -> None:
    settings = get_settings()
    source = read_path(args.path, settings.max_input_bytes)
    report = summarize(source, engine=args.engine, incident_id=args.incident_id,
                       contact=args.contact or None, generated_at=args.generated_at)
    output = render(report, args.format)
    if args.output:
        _write_atomic(Path(args.output), output)
    else:
        sys.stdout.write(output)
        sys.stdout.flush()
    if not args.quiet:
        for flag in report.review_flags:
            print(f"{PROG}: review {flag.label or flag.field}: {flag.reason}", file=sys.stderr)
        _engine_summary(report)
        _questions(report)


def _questions(report) -> None:
    """The gap questions, last: a block a reviewer can paste into a message to the incident lead."""
    open_ = [q for q in report.questions if not q.answer]
    if open_:
        print(f"{PROG}: questions for the incident lead:", file=sys.stderr)
        for q in open_:
            print(f"  - {q.question}", file=sys.stderr)


def _engine_summary(report) -> None:
    e = report.engine
    if e.name != "llm":
        return
    print(f"{PROG}: model {e.model}: {e.calls or 0} calls, {e.prompt_tokens or 0} prompt + "
          f"{e.completion_tokens or 0} completion tokens, {(e.latency_ms or 0) / 1000:.1f}s", file=sys.stderr)
    if e.fallback:
        print(f"{PROG}: the model failed; the whole report fell back to the offline engine", file=sys.stderr)
    elif e.fallback_sections:
        print(f"{PROG}: fell back to the offline engine's wording for: {', '.join(e.fallback_sections)}",
              file=sys.stderr)


def _serve(args: argparse.Namespace) -> int:
    """Run the service with its connection limits; a malformed key list stops here (exit 2), never opens."""
    import uvicorn

    from incident_brief.errors import ConfigurationError
    from incident_brief.server.app import create_app
    from incident_brief.server.limits import uvicorn_config
    from incident_brief.server.logs import configure

    settings = get_settings()
    if args.db:
        settings = settings.model_copy(update={"database_url": f"sqlite:///{Path(args.db).resolve()}"})
    try:
        app = create_app(settings, bind_host=args.host)
    except ConfigurationError as exc:
        print(f"{PROG}: serve: {exc}", file=sys.stderr)
        return 2
    configure(burst=settings.log_burst)
    # our request log is the access log (it has the request id); uvicorn's loggers go through our handler
    uvicorn.Server(uvicorn_config(app, settings, args.host, args.port)).run()
    return 0


def _write_atomic(path: Path, text: str) -> None:
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise IncidentBriefError(f"cannot write {path}: {exc.strerror or exc}") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = args.run(args)
    except IncidentBriefError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    return code or 0


if __name__ == "__main__":
    sys.exit(main())
