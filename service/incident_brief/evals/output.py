"""Eval results as a terminal table (rich, at most 120 columns), a one-line verdict, JSON, Markdown and HTML."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

from incident_brief.evals.scorers import METRICS
from incident_brief.render import counted, html_page, md_text

WIDTH = 120
SHORT = {"duration": "dur", "start": "start", "end": "end", "severity": "sev", "impact_figures": "figs",
         "services_recall": "svc_r", "services_precision": "svc_p", "faithful_numbers": "faith",
         "no_invented_figures": "no_inv", "no_forbidden_text": "no_forb", "jargon_free": "plain",
         "no_doubled_words": "no_dbl", "fk_grade": "fk", "sentence_words": "words", "sections_present": "sect",
         "not_stated_correct": "n_s", "within_budget": "budget", "flags_raised": "flags", "status": "status",
         "incident_id": "id", "root_cause_keywords": "rc_kw", "other_figures": "o_figs", "no_superseded": "no_sup",
         "facts_survival": "facts", "drafts_as_written": "drafts", "field_accuracy": "f_acc", "sections_repaired": "repd",
         "sections_fallback": "fellb", "flags_consistent": "flg_ok"}
_SHARE = [m for m, x in METRICS.items() if x.higher_is_better]  # the metrics scored 0..1 (1 is right)


def _cell(v) -> str:
    return "-" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))


def table(result: dict, width: int = WIDTH) -> str:
    """Metrics down, datasets across (means), the weakest cases per dataset, and a legend of full metric names."""
    from rich.console import Console
    from rich.table import Table

    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False, emoji=False, soft_wrap=False)
    names = list(result["datasets"])
    console.print(f"Eval means, {result['engine']} engine", markup=False)
    grid = Table(expand=False)
    grid.add_column("metric", no_wrap=True)
    for name in names:
        grid.add_column(f"{name}\n{counted(len(result['datasets'][name]['cases']), 'case')}", justify="right")
    for metric in METRICS:
        means = [result["datasets"][n]["aggregate"].get(metric, {}).get("mean") for n in names]
        if any(v is not None for v in means):
            grid.add_row(SHORT[metric], *(_cell(v) for v in means))
    if names:
        console.print(grid)
    for name in names:
        cases = result["datasets"][name]["cases"]
        weak = weakest(cases)
        console.print(f"[{name}] {counted(len(cases), 'case')}; " + (
            "lowest: " + "; ".join(f"{cid} ({', '.join(ms)})" for cid, ms in weak) if weak
            else "every case scores 1.00 on every 0..1 metric"), markup=False)
    reasons = result.get("skip_reasons", {})
    for name in result["skipped"]:
        console.print(f"skipped {reasons.get(name, name + ': no data here')}", markup=False)
    console.print("legend:", markup=False)
    for m in METRICS:
        console.print(f"  {SHORT[m]:<7} {m}: {METRICS[m].what}", markup=False)
    return out.getvalue().rstrip("\n")


def fill(text: str) -> str:
    """A long line of the eval's output wrapped to the table's width."""
    return textwrap.fill(text, WIDTH, subsequent_indent="  ", break_on_hyphens=False)


def weakest(cases: list[dict], limit: int = 5) -> list[tuple[str, list[str]]]:
    """The cases with the most 0..1 metrics below 1, with those metrics' short names."""
    misses = [(c["id"], [SHORT[m] for m in _SHARE if (c["scores"].get(m) is not None and c["scores"][m] < 1)])
              for c in cases]
    return sorted([x for x in misses if x[1]], key=lambda x: (-len(x[1]), x[0]))[:limit]


def verdict(result: dict, regressions: list[str] | None) -> str:
    """One line: the gate's outcome with a baseline; without one, how many metric means are perfect and the weakest."""
    if regressions:
        return f"verdict: FAIL, {counted(len(regressions), 'regression')} against the baseline (listed above)"
    means = [(d["aggregate"][m]["mean"], m, n) for n, d in result["datasets"].items() for m in _SHARE
             if m in d["aggregate"]]
    if not means:
        return "verdict: nothing was scored"
    cases = sum(len(d["cases"]) for d in result["datasets"].values())
    low, metric, name = min(means)
    head = "PASS, no regression against the baseline; " if regressions is not None else ""
    perfect = sum(1 for v, _, _ in means if v >= 1)
    return (f"verdict: {head}{counted(cases, 'case')} in {counted(len(result['datasets']), 'dataset')}; "
            f"{perfect} of {len(means)} metric means are 1.00; weakest {metric} {low:.2f} ({name})")


def markdown(result: dict, regressions: list[str] | None) -> str:
    out = [f"# Eval results: {md_text(result['engine'])} engine", "", f"**{md_text(verdict(result, regressions))}**", ""]
    for name, data in result["datasets"].items():
        out += [f"## {md_text(name)} ({counted(len(data['cases']), 'case')})", "",
                "| metric | mean | judged | meaning |", "|---|---|---|---|"]
        out += [f"| {m} | {a['mean']:.3f} | {a['judged']} | {md_text(METRICS[m].what)} |"
                for m, a in data["aggregate"].items()]
        out += ["", "| case | " + " | ".join(SHORT[m] for m in METRICS) + " |", "|---" * (len(METRICS) + 1) + "|"]
        out += ["| " + md_text(c["id"]) + " | " + " | ".join(_cell(c["scores"].get(m)) for m in METRICS) + " |"
                for c in data["cases"]]
        reasons = [f"- {md_text(c['id'])} / {m}: {md_text('; '.join(r))}" for c in data["cases"]
                   for m, r in c["reasons"].items()]
        out += ["", "Reasons:", "", *reasons, ""] if reasons else [""]
    out += ["## Legend", "", *(f"- {SHORT[m]}: {m}, {md_text(METRICS[m].what)}" for m in METRICS), ""]
    if regressions is not None:
        out += ["## Gate", "", *(f"- REGRESSION {md_text(r)}" for r in regressions)] if regressions else [
            "## Gate", "", "No regression."]
    return "\n".join(out) + "\n"


_STYLE = "body{font-size:14px;max-width:none}td,th{white-space:nowrap}"


def write(result: dict, regressions: list[str] | None, outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    md = markdown(result, regressions)
    paths = [outdir / f"{result['engine']}.json", outdir / f"{result['engine']}.md", outdir / f"{result['engine']}.html"]
    paths[0].write_text(json.dumps({**result, "regressions": regressions}, indent=2) + "\n")
    paths[1].write_text(md)
    paths[2].write_text(html_page(md, "Eval results", _STYLE))
    return paths
