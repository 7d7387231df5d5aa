"""Eval results as a terminal table, JSON, Markdown and HTML."""

from __future__ import annotations

import json
from pathlib import Path

from incident_brief.evals.scorers import METRICS
from incident_brief.render import html_page

SHORT = {"duration": "dur", "start": "start", "end": "end", "severity": "sev", "impact_figures": "figs",
         "services_recall": "svc_r", "services_precision": "svc_p", "faithful_numbers": "faith",
         "no_invented_figures": "no_inv", "no_forbidden_text": "no_forb", "jargon_free": "plain",
         "no_doubled_words": "no_dbl", "fk_grade": "fk", "sentence_words": "words", "sections_present": "sect",
         "not_stated_correct": "n_s", "within_budget": "budget", "flags_raised": "flags", "status": "status",
         "incident_id": "id", "root_cause_keywords": "rc_kw", "other_figures": "o_figs", "no_superseded": "no_sup"}


def _cell(v) -> str:
    return "-" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))


def table(result: dict) -> str:
    lines = []
    cols = list(METRICS)
    head = f"{'case':34} " + " ".join(f"{SHORT[c]:>6}" for c in cols)
    for name, data in result["datasets"].items():
        lines += [f"\n[{name}] {len(data['cases'])} cases, engine {result['engine']}", head]
        for case in data["cases"]:
            lines.append(f"{case['id'][:34]:34} " + " ".join(f"{_cell(case['scores'].get(c)):>6}" for c in cols))
        agg = data["aggregate"]
        lines.append(f"{'MEAN':34} " + " ".join(f"{_cell(agg.get(c, {}).get('mean')):>6}" for c in cols))
    reasons = result.get("skip_reasons", {})
    for name in result["skipped"]:
        lines.append(f"\nskipped {reasons.get(name, name + ': no data here')}")
    lines.append("\ncolumns: " + "; ".join(f"{SHORT[c]} = {METRICS[c].what}" for c in cols))
    return "\n".join(lines)


def markdown(result: dict, regressions: list[str] | None) -> str:
    out = [f"# Eval results: {result['engine']} engine", ""]
    for name, data in result["datasets"].items():
        out += [f"## {name} ({len(data['cases'])} cases)", "", "| metric | mean | judged | meaning |", "|---|---|---|---|"]
        out += [f"| {m} | {a['mean']:.3f} | {a['judged']} | {METRICS[m].what} |" for m, a in data["aggregate"].items()]
        out += ["", "| case | " + " | ".join(SHORT[m] for m in METRICS) + " |", "|---" * (len(METRICS) + 1) + "|"]
        out += ["| " + c["id"] + " | " + " | ".join(_cell(c["scores"].get(m)) for m in METRICS) + " |" for c in data["cases"]]
        reasons = [f"- {c['id']} / {m}: {'; '.join(r)}" for c in data["cases"] for m, r in c["reasons"].items()]
        out += ["", "Reasons:", *reasons, ""] if reasons else [""]
    if regressions is not None:
        out += ["## Gate", "", *(f"- REGRESSION {r}" for r in regressions)] if regressions else ["## Gate", "", "No regression."]
    return "\n".join(out) + "\n"


_STYLE = "body{font:14px system-ui,sans-serif;margin:2rem}td,th{border:1px solid #ccc;padding:2px 6px}table{border-collapse:collapse}"


def write(result: dict, regressions: list[str] | None, outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    md = markdown(result, regressions)
    paths = [outdir / f"{result['engine']}.json", outdir / f"{result['engine']}.md", outdir / f"{result['engine']}.html"]
    paths[0].write_text(json.dumps({**result, "regressions": regressions}, indent=2) + "\n")
    paths[1].write_text(md)
    paths[2].write_text(html_page(md, "Eval results", _STYLE))
    return paths
