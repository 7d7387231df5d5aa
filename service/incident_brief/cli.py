"""Command line: `incident-brief summarize NOTES`, `incident-brief schema`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from incident_brief import __version__, translations, update_command
from incident_brief.audiences.model import AUDIENCES, DEFAULT as DEFAULT_AUDIENCE
from incident_brief.audiences.render import render as render_for
from incident_brief.engines import ENGINES, describe_auto, draft_audience, summarize
from incident_brief.errors import IncidentBriefError, InputError
from incident_brief.files import write_atomic
from incident_brief.ingest import read_path
from incident_brief.render import FORMATS
from incident_brief.render_pdf import PAPERS, pdf
from incident_brief.schema import report_json_schema
from incident_brief.settings import DEFAULT_ENDPOINT, get_settings

PROG = "incident-brief"


def _timestamp(value: str) -> datetime:
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {value!r}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def engine_help() -> str:
    """The --engine help: what each choice does, and what auto does with this environment right now."""
    try:
        now = describe_auto(get_settings())
    except Exception as exc:  # noqa: BLE001 - help must print even when the environment is malformed
        now = f"unknown: the settings cannot be read ({type(exc).__name__})"
    return ("auto (default): the model when one is configured (OPENAI_BASE_URL or OPENAI_API_KEY, or "
            "INCIDENT_BRIEF_PROVIDER=azure|ollama|vllm|llamacpp with its settings), and then the notes are sent "
            f"to that endpoint ({DEFAULT_ENDPOINT} when only OPENAI_API_KEY is set); else offline. "
            "offline: rules on this machine, nothing is sent. llm: the model, an error if none is configured. "
            f"Here and now auto means {now}.").replace("%", "%%")


def _command(sub, name: str, summary: str, description: str) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=summary, description=description)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Turn raw incident notes into a one-page executive report.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = _command(sub, "summarize", "write the executive report for one notes file (or - for stdin)",
                 "Write the executive report for one notes file: Markdown, HTML, JSON or a one-page PDF. Review "
                 "flags and questions for the incident lead go to stderr.")
    s.add_argument("path", metavar="PATH", help="notes file (.md, .txt, or a .json timeline), or - for stdin")
    s.add_argument("--format", "-f", choices=(*FORMATS, "pdf"), default="markdown",
                   help="output format (default: markdown); pdf: one page, to -o FILE or a redirected stdout "
                        "(needs the pdf extra: WeasyPrint)")
    s.add_argument("--paper", choices=PAPERS, default="a4", help="paper size of a PDF (default: a4)")
    s.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    s.add_argument("--engine", choices=ENGINES, default="auto", help=engine_help())
    s.add_argument("--incident-id", help="incident ID to show (overrides the notes)")
    s.add_argument("--contact", help="contact line for questions (overrides the notes)")
    s.add_argument("--generated-at", type=_timestamp, metavar="ISO8601",
                   help="fixed report time, for reproducible output")
    s.add_argument("--language", metavar="TAG", help="output language, BCP 47 (en, de, es, fr, ...): the labels and the "
                   "LLM engine's prose; the offline engine writes English and flags it (default: INCIDENT_BRIEF_LANGUAGE, en)")
    s.add_argument("-q", "--quiet", action="store_true", help="do not list review flags on stderr")
    update_command.add_arguments(s)
    s.add_argument("--audience", choices=AUDIENCES, default=DEFAULT_AUDIENCE,
                   help="executive (default): the fixed one-page report; customer: a status-page update with no "
                        "internal names, hosts, people or figures; engineering: technical terms, timeline, root "
                        "cause with contributing factors, action items with owners and due dates")
    s.set_defaults(run=_summarize)
    sv = _command(sub, "serve", "run the HTTP API and the web review page (uvicorn)",
                  "Run the HTTP API (/v1, documented at /docs) and the web review page. Prints the URL, the "
                  "database and the engine at start. With INCIDENT_BRIEF_API_KEYS set, every request needs a key.")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--db", metavar="PATH", help="SQLite file for reports (default: INCIDENT_BRIEF_DATABASE_URL, "
                                                "else ./incident-brief.db)")
    sv.add_argument("--workers", type=int, default=1, choices=range(1, 65), metavar="N",
                    help="worker processes (1-64, default 1); more than one needs PostgreSQL")
    sv.set_defaults(run=_serve)
    b = _command(sub, "batch", "summarize a folder, glob or .jsonl of notes; resumable",
                 "Summarize many notes documents: one report each, manifest.jsonl, and a portfolio "
                 "(portfolio.md/.html/.json). A re-run skips the inputs already written.")
    b.add_argument("input", metavar="INPUT", help="a folder, a glob (quote it), or a .jsonl with one notes document per line")
    b.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder for reports, manifest.jsonl and the rollup")
    b.add_argument("--format", "-f", choices=FORMATS, default="markdown", help="report format (default: markdown)")
    b.add_argument("--concurrency", "-c", type=int, default=4, choices=range(1, 65), metavar="N",
                   help="reports in flight at once (1-64, default 4)")
    b.add_argument("--engine", choices=ENGINES, default="auto", help=engine_help())
    b.add_argument("--via", choices=("direct", "batch-api"), default="direct",
                   help="batch-api: send the model calls through the provider's Batch API (half price, 24 h window)")
    b.add_argument("--poll-seconds", type=float, default=30.0, help="with --via batch-api: how often to check the batch")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    b.set_defaults(run=lambda args: __import__("incident_brief.batch.command", fromlist=["run_command"]).run_command(args))
    from incident_brief.evals.command import add_parser as add_eval

    add_eval(sub)
    sc = _command(sub, "schema", "print the report's JSON Schema",
                  "Print the JSON Schema of the report (the JSON format of summarize, batch and the API).")
    sc.set_defaults(run=lambda args: print(json.dumps(report_json_schema(), indent=2)) or 0)
    return parser


def _summarize(args: argparse.Namespace) -> None:
    settings = get_settings()
    if args.language:
        settings = settings.model_copy(update={"language": translations.checked(args.language)})
    change = None
    if args.update:
        report, change = update_command.updated(args, settings)
    else:
        source = read_path(args.path, settings.max_input_bytes)
        report = summarize(source, engine=args.engine, incident_id=args.incident_id,
                           contact=args.contact or None, generated_at=args.generated_at, settings=settings)
    report = draft_audience(report, args.audience, settings)
    if args.format == "pdf":
        _write_pdf(report, args)
    elif args.output:
        _write_atomic(Path(args.output), render_for(report, args.format, args.audience))
    else:
        sys.stdout.write(render_for(report, args.format, args.audience))
        sys.stdout.flush()
    if not args.quiet:
        for flag in report.review_flags:
            print(f"{PROG}: review {flag.label or flag.field}: {flag.reason}", file=sys.stderr)
        _engine_summary(report)
        _questions(report)
    if change is not None:  # the point of an update: said even with --quiet
        print(f"{PROG}: update: {change.text}", file=sys.stderr)


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
    from incident_brief.server.workers import check_workers, serve_workers

    settings = get_settings()
    if args.db:
        settings = settings.model_copy(update={"database_url": f"sqlite:///{Path(args.db).resolve()}"})
    try:
        check_workers(settings, args.workers)
        app = create_app(settings, bind_host=args.host)  # with workers: checks the settings, migrates once
    except ConfigurationError as exc:
        print(f"{PROG}: serve: {exc}", file=sys.stderr)
        return 2
    print("\n".join(startup_lines(settings, args.host, args.port)), flush=True)
    configure(burst=settings.log_burst)
    if args.workers > 1:
        app.state.store.engine.dispose()
        print(f"  workers: {args.workers} processes", flush=True)
        serve_workers(settings, args.host, args.port, args.workers)
        return 0
    # our request log is the access log (it has the request id); uvicorn's loggers go through our handler
    uvicorn.Server(uvicorn_config(app, settings, args.host, args.port)).run()
    return 0


def startup_lines(settings, host: str, port: int) -> list[str]:
    """What `serve` says before it listens: where, which database, which engine, who may call it."""
    from sqlalchemy.engine import make_url

    shown = f"[{host}]" if ":" in host else host
    keys = settings.key_names()
    return [f"{PROG} {__version__}: serving on http://{shown}:{port}/ (API docs at /docs)",
            f"  database: {make_url(settings.database_url).render_as_string(hide_password=True)}",
            f"  engine: {describe_auto(settings)}",
            f"  API keys: {len(keys)}, every request needs one" if keys
            else "  API keys: none, anyone who can reach this address can use it"]


def _write_pdf(report, args: argparse.Namespace) -> None:
    """A PDF goes to -o FILE, or to stdout when that is a pipe or a file (never raw bytes onto a terminal)."""
    if not args.output and sys.stdout.isatty():
        raise InputError("a PDF is not for a terminal: pass -o FILE (or redirect stdout)")
    audience = getattr(args, "audience", DEFAULT_AUDIENCE)
    data = pdf(report, args.paper, None if audience == DEFAULT_AUDIENCE else render_for(report, "html", audience))
    if args.output:
        _write_atomic(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _write_atomic(path: Path, text: str | bytes) -> None:
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
