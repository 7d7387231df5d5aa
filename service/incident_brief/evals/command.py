"""`incident-brief eval`: run the datasets, print the table, write results, gate on a baseline."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from incident_brief.errors import InputError
from incident_brief.settings import Settings, get_settings
from incident_brief.evals import output, runner
from incident_brief.evals.cases import Case
from incident_brief.evals.datasets import DATASETS

# The gold facts a case may state (eval/datasets/zoo.jsonl's "expected"); a key given as null: the notes do not say.
EXPECTED_KEYS = {"incident_id", "status", "severity", "severity_stated", "start", "end", "duration_minutes", "services",
                 "users_affected", "revenue_impact", "revenue_currency", "customer_reports", "figures", "root_cause",
                 "root_cause_keywords"}

_CHECKOUT = Path(__file__).resolve().parents[2]
_EXTRA = {"textstat": "textstat", "vcr": "vcrpy", "yaml": "pyyaml"}  # module -> distribution of the eval extra
_REPLAY_KEYS = ("openai_base_url", "model", "max_output_tokens", "repair_rounds", "context_tokens", "llm_timeout")


def add_parser(sub) -> None:
    e = sub.add_parser("eval", help="score the engine's reports on the eval datasets; gate on a baseline",
                       description="Score the engine's reports against known facts: the project's eval datasets "
                                   "(--dataset), or your own notes (--notes with --expect). Prints a table of metric "
                                   "means, a legend and a one-line verdict; writes JSON, Markdown and HTML results.")
    e.add_argument("--engine", choices=("offline", "llm"), default="offline",
                   help="offline (default): the rules on this machine; llm: the model at OPENAI_BASE_URL (or the "
                        "OpenAI API when only OPENAI_API_KEY is set), so the eval notes are sent there; "
                        "with --cassettes its recorded answers are replayed instead")
    e.add_argument("--notes", type=Path, metavar="FILE", help="score your own notes file instead of the datasets "
                   "(with --expect)")
    e.add_argument("--expect", type=Path, metavar="FILE.json",
                   help='the facts a faithful report of --notes shows: {"expected": {...}} with the keys of '
                        'eval/datasets/zoo.jsonl ("severity", "start", "services", ...; null: the notes do not say), '
                        'optionally "must_not_contain" and "expected_flags"; or the "expected" object alone')
    e.add_argument("--dataset", action="append", choices=DATASETS, metavar="NAME",
                   help=f"one of {', '.join(DATASETS)} (repeatable; default: all that are present)")
    e.add_argument("--case", action="append", metavar="ID", help="only these case ids (repeatable)")
    e.add_argument("--baseline", type=Path, metavar="FILE", help="compare with this baseline; exit 1 on a regression")
    e.add_argument("--write-baseline", type=Path, metavar="FILE", help="save these aggregates as a new baseline")
    e.add_argument("--out", type=Path, default=Path("eval/results"), help="where JSON, Markdown and HTML go")
    e.add_argument("--cassettes", type=Path, metavar="DIR", help="replay the model calls recorded here (LLM engine)")
    e.add_argument("--record", action="store_true", help="with --cassettes: call the live endpoint and record")
    e.add_argument("--reference", type=Path, metavar="DIR",
                   help="LLM engine on reference answers (DIR/<dataset>/, served by eval/replay.py in-process): "
                        "reports facts survival, drafts used as written, field accuracy, repaired and fallen-back "
                        "sections, flags that contradict the report; requests with no answer go to DIR/<dataset>/pending/")
    e.add_argument("--root", type=Path, default=None, help="project folder holding eval/datasets and examples")
    e.set_defaults(run=run)


def _root(arg: Path | None) -> Path:
    for candidate in ([arg] if arg else [Path.cwd(), _CHECKOUT]):
        if (candidate / "eval" / "datasets").is_dir():
            return candidate
    raise InputError("eval datasets not found: run from the project folder or pass --root")


def _settings(args) -> Settings:
    settings = get_settings()
    if args.engine != "llm" or not args.cassettes:
        return settings
    saved = args.cassettes / "settings.json"
    if args.record:
        args.cassettes.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps({k: getattr(settings, k) for k in _REPLAY_KEYS}, indent=2) + "\n")
        return settings
    if not saved.is_file():
        raise InputError(f"{saved} is missing: record the cassettes first (--record)")
    return Settings(openai_api_key="replay", llm_max_retries=0, **json.loads(saved.read_text()))


def _perturbations(datasets: list[str], root: Path, settings: Settings) -> dict:
    """Break the offline engine's correct drafts on purpose; the content rules must catch every break."""
    from incident_brief.offline.engine import summarize
    from incident_brief.evals.datasets import load
    from incident_brief.evals.perturb import catch_rate
    from incident_brief.evals.perturb import run as perturb

    cases = [c for name in datasets for c in load(name, root, settings.corpus_dir, settings.corpus_more_dir)]
    outcomes, skipped = perturb([summarize(c.source) for c in cases])
    return {"caught": sum(o.caught for o in outcomes), "total": len(outcomes), "skipped_reports": skipped,
            "by_kind": catch_rate(outcomes)}


def missing_extras(cassettes: bool) -> list[str]:
    """The eval extra's distributions this run needs and cannot import (vcrpy and pyyaml only for cassettes)."""
    missing = []
    for module in ("textstat", "vcr", "yaml") if cassettes else ("textstat",):
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(_EXTRA[module])
    return missing


def run(args: argparse.Namespace) -> int:
    missing = missing_extras(bool(args.cassettes))
    if missing:
        print(f"incident-brief eval needs {', '.join(missing)}, which is not installed: "
              "pip install 'incident-brief[eval]'", file=sys.stderr)
        return 2
    root = _root(args.root)
    settings = _settings(args)
    if (args.notes is None) != (args.expect is None):
        raise InputError("--notes and --expect go together: your notes and the facts their report should show")
    if args.reference is not None:
        return run_reference(args, root, settings)
    if args.notes is not None:
        datasets: list[str] = []
        result = runner.run_own(own_case(args.notes, args.expect, settings), args.engine, settings)
    else:
        datasets = args.dataset or list(DATASETS)
        result = runner.run(args.engine, datasets, root, settings.corpus_dir, settings, args.cassettes, args.record,
                            only=set(args.case or []))
    baseline = _baseline(args)
    regressions = None if baseline is None else runner.compare(result, baseline)
    print(output.table(result))
    if datasets:
        result["guard_perturbations"] = _perturbations(datasets, root, settings)
        caught, total = result["guard_perturbations"]["caught"], result["guard_perturbations"]["total"]
        print("\n" + output.fill(f"guard perturbations: {caught}/{total} caught ({caught / max(total, 1):.0%}); by kind: "
              + ", ".join(f"{k} {c}/{t}" for k, (c, t) in result["guard_perturbations"]["by_kind"].items())))
    return _finish(args, result, regressions, runner.baseline_view)


def own_case(notes: Path, expect: Path, settings: Settings) -> Case:
    """A user's notes and the facts their report should show, as one eval case (the zoo's "expected" keys)."""
    from incident_brief.ingest import read_path

    try:
        row = json.loads(expect.read_text())
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {expect}: {exc}") from None
    if not isinstance(row, dict):
        raise InputError(f"{expect}: expected a JSON object")
    expected = row.get("expected", row) if "expected" in row else row
    unknown = sorted(set(expected) - EXPECTED_KEYS)
    if unknown or not isinstance(expected, dict):
        raise InputError(f"{expect}: unknown expected keys {', '.join(unknown)}; known: {', '.join(sorted(EXPECTED_KEYS))}")
    return Case(notes.stem, "notes", read_path(str(notes), settings.max_input_bytes), expected,
                row.get("must_not_contain", []), row.get("expected_flags", []), row.get("not_facts", []))


def run_reference(args: argparse.Namespace, root: Path, settings: Settings) -> int:
    """`eval --reference DIR`: survival of reference answers through the LLM engine, gated on a baseline's floors."""
    from incident_brief.evals import reference, survival_gate

    if args.notes is not None or args.cassettes is not None:
        raise InputError("--reference runs the datasets on reference answers: not with --notes or --cassettes")
    result = reference.run(args.dataset or list(DATASETS), root, args.reference, settings, only=set(args.case or []))
    baseline = _baseline(args)
    regressions = None if baseline is None else survival_gate.gate(result, baseline)
    print(output.table(result))
    print("\n" + "\n".join(output.fill(line) for line in survival_gate.lines(result)))
    kept = _kept_floors(args)
    return _finish(args, result, regressions, lambda r: survival_gate.baseline_view(r, floors=kept))


def _kept_floors(args: argparse.Namespace) -> dict | None:
    """The floors of the baseline a --write-baseline replaces (per dataset too), else of --baseline, else none."""
    for path in (args.write_baseline, args.baseline):
        if path and path.is_file():
            floors = json.loads(path.read_text()).get("floors")
            if floors:
                return floors
    return None


def _baseline(args: argparse.Namespace) -> dict | None:
    """The baseline to gate on (None without --baseline); a missing file is a clear error."""
    if not args.baseline:
        return None
    if not args.baseline.is_file():
        raise InputError(f"baseline {args.baseline} not found")
    return json.loads(args.baseline.read_text())


def _finish(args: argparse.Namespace, result: dict, regressions: list[str] | None, view) -> int:
    """Results written, the baseline written when asked (`view` shapes it), the gate and the verdict printed."""
    paths = output.write(result, regressions, args.out)
    print("\n" + output.fill(f"results: {', '.join(str(p) for p in paths)}"))
    if args.write_baseline:
        args.write_baseline.parent.mkdir(parents=True, exist_ok=True)
        args.write_baseline.write_text(json.dumps(view(result), indent=2) + "\n")
        print(f"baseline written: {args.write_baseline}")
    if regressions:
        print("\nGATE FAILED:\n" + "\n".join(f"  {r}" for r in regressions), file=sys.stderr)
    elif regressions is not None:
        print("gate: no regression against", args.baseline)
    print(output.fill(output.verdict(result, regressions)))
    return 1 if regressions else 0
