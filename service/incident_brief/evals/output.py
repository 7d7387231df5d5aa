"""Eval results as a terminal table, JSON, Markdown and HTML."""

from __future__ import annotations

import html
import json
from pathlib import Path

from incident_brief.evals.scorers import METRICS

SHORT = {"duration": "dur", "start": "start", "end": "end", "severity": "sev", "impact_figures": "figs",
         "services_recall": "svc_r", "services_precision": "svc_p", "faithful_numbers": "faith",
         "no_invented_figures": "no_inv", "no_forbidden_text": "no_forb", "jargon_free": "plain",
         "no_doubled_words": "no_dbl", "fk_grade": "fk", "sentence_words": "words", "sections_present": "sect",
         "not_stated_correct": "n_s", "within_budget": "budget", "flags_raised": "flags"}


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
    if result["skipped"]:
        lines.append(f"\nskipped (no data here): {', '.join(result['skipped'])}")
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


def html_page(md: str) -> str:
    body = []
    for line in md.splitlines():
        if line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("|") and not line.startswith("|---"):
            cells = [html.escape(c.strip()) for c in line.strip("|").split("|")]
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        elif line.startswith("- "):
            body.append(f"<li>{html.escape(line[2:])}</li>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    rows, out = [], []
    for item in body:  # group consecutive rows into tables
        if item.startswith("<tr>"):
            rows.append(item)
            continue
        if rows:
            out.append("<table>" + "".join(rows) + "</table>")
            rows = []
        out.append(item)
    if rows:
        out.append("<table>" + "".join(rows) + "</table>")
    style = "body{font:14px system-ui,sans-serif;margin:2rem}td{border:1px solid #ccc;padding:2px 6px}table{border-collapse:collapse}"
    return f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Eval results</title><style>{style}</style></head><body>{''.join(out)}</body></html>\n"


def write(result: dict, regressions: list[str] | None, outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    md = markdown(result, regressions)
    paths = [outdir / f"{result['engine']}.json", outdir / f"{result['engine']}.md", outdir / f"{result['engine']}.html"]
    paths[0].write_text(json.dumps({**result, "regressions": regressions}, indent=2) + "\n")
    paths[1].write_text(md)
    paths[2].write_text(html_page(md))
    return paths
