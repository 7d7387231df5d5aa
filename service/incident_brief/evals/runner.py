"""Run datasets through an engine, score every case, aggregate, compare with a baseline, write results."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

from incident_brief.engines import summarize
from incident_brief.render import render
from incident_brief.settings import Settings
from incident_brief.evals.datasets import DATASETS, Case, absent_reason, load
from incident_brief.evals.scorers import METRICS, score

FIXED_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)  # reports are generated "at" a fixed time: reproducible


def run_case(case: Case, engine: str, settings: Settings, cassettes: Path | None, record: bool) -> dict:
    ctx = nullcontext()
    if cassettes is not None:
        from incident_brief.evals.cassettes import cassette

        ctx = cassette(cassettes / f"{case.dataset}--{case.id}.yaml", record)
    with ctx:
        report = summarize(case.source, engine=engine, settings=settings, generated_at=FIXED_TIME)
    markdown = render(report, "markdown")
    scores = score(case, report, markdown)
    return {"id": case.id, "dataset": case.dataset,
            "scores": {k: s.value for k, s in scores.items()},
            "reasons": {k: s.reasons for k, s in scores.items() if s.reasons},
            "fallback_sections": report.engine.fallback_sections}


def aggregate(cases: list[dict]) -> dict:
    out = {}
    for name in METRICS:
        values = [c["scores"][name] for c in cases if c["scores"].get(name) is not None]
        if values:
            out[name] = {"mean": round(sum(values) / len(values), 4), "judged": len(values)}
    return out


def run(engine: str, datasets: list[str], root: Path, corpus: Path, settings: Settings,
        cassettes: Path | None = None, record: bool = False, only: set[str] | None = None) -> dict:
    """`skipped` names the datasets with no cases here; `skip_reasons` says why, one line each."""
    result = {"engine": engine, "datasets": {}, "skipped": [], "skip_reasons": {}}
    for name in datasets:
        cases = [c for c in load(name, root, corpus, settings.corpus_more_dir) if not only or c.id in only]
        if not cases:
            result["skipped"].append(name)
            result["skip_reasons"][name] = ("no case matches --case" if only and load(
                name, root, corpus, settings.corpus_more_dir) else absent_reason(name, root, corpus, settings.corpus_more_dir))
            continue
        scored = [run_case(c, engine, settings, cassettes, record) for c in cases]
        result["datasets"][name] = {"cases": scored, "aggregate": aggregate(scored)}
    return result


def run_own(case: Case, engine: str, settings: Settings) -> dict:
    """One user-supplied case (`eval --notes --expect`), as a result with a single dataset named after it."""
    scored = [run_case(case, engine, settings, None, False)]
    return {"engine": engine, "datasets": {case.dataset: {"cases": scored, "aggregate": aggregate(scored)}},
            "skipped": [], "skip_reasons": {}}


def compare(result: dict, baseline: dict) -> list[str]:
    """Regressions beyond each metric's tolerance, dataset by dataset (datasets absent here are not compared)."""
    problems = []
    for name, data in result["datasets"].items():
        base = baseline.get("datasets", {}).get(name, {}).get("aggregate")
        if base is None:
            continue
        for metric, b in base.items():
            m = METRICS.get(metric)
            cur = data["aggregate"].get(metric)
            if m is None:
                continue
            if cur is None:
                problems.append(f"{name}/{metric}: no longer measured (baseline {b['mean']})")
                continue
            worse = b["mean"] - cur["mean"] if m.higher_is_better else cur["mean"] - b["mean"]
            if worse > m.tolerance + 1e-9:
                problems.append(f"{name}/{metric}: {cur['mean']:.3f} vs baseline {b['mean']:.3f} "
                                f"(tolerance {m.tolerance}; {m.what})")
    return problems


def baseline_view(result: dict) -> dict:
    """What a committed baseline keeps: the aggregates (cases change too often to pin)."""
    return {"engine": result["engine"],
            "datasets": {n: {"aggregate": d["aggregate"], "cases": len(d["cases"])} for n, d in result["datasets"].items()}}


def all_datasets() -> list[str]:
    return list(DATASETS)
