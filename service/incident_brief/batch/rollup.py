"""The portfolio rollup across a batch: portfolio.md, .html and .json in the output folder."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from incident_brief.compose import duration_text
from incident_brief.render import counted, html_page, md_text
from incident_brief.batch import manifest

# Recurring root-cause themes: a theme counts once per incident whose root cause mentions it.
THEMES = {
    "certificates and TLS": r"certificat|\btls\b|\bssl\b",
    "DNS": r"\bdns\b|name server|nameserver|resolv",
    "configuration change": r"config|setting|misconfigur",
    "deployment or release": r"deploy|release|rollout|migration|merge",
    "capacity and load": r"capacity|load|traffic|exhaust|saturat|limit|quota|disk space|memory",
    "database": r"database|\bdb\b|postgres|mysql|replica|query|deadlock",
    "credentials and secrets": r"token|credential|secret|password|key\b|leak",
    "third-party provider": r"\baws\b|provider|vendor|upstream|third[- ]party|cloud",
    "network": r"network|connectivity|partition|latency",
}


_REVIEW_LISTED = 500  # rows listed (needs review, per incident); the rest are counted, so memory stays flat
_SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
NOT_STATED = "Not stated"


def _row(e: dict) -> dict:
    """One incident's line of the portfolio table (from its manifest entry: the reports are never re-read)."""
    x = e["summary"]
    return {"report": e["output"], "incident_id": x.get("incident_id"), "title": x["title"],
            "severity": x["severity"], "status": x["status"], "duration_minutes": x["duration_minutes"],
            "services": x["services"], "flags": x.get("review") or x["flags"]}


def build(outdir: Path) -> dict:
    """One streaming pass over the manifest: counters, not a list of every report."""
    sev, status, services, themes, revenue = Counter(), Counter(), Counter(), Counter(), Counter()
    durations, review, rows, incidents, failed, users, users_n, revenue_n, review_n = [], [], [], 0, 0, 0, 0, 0, 0
    for e in manifest.entries(outdir):
        if e.get("status") != "ok" or not e.get("summary"):
            failed += 1
            continue
        x = e["summary"]
        incidents += 1
        sev[x["severity"]] += 1
        status[x["status"]] += 1
        if x["duration_minutes"] is not None:
            durations.append(x["duration_minutes"])
        if x["users_affected"] is not None:
            users, users_n = users + x["users_affected"], users_n + 1
        if x["revenue"]:
            revenue[x["revenue"]["currency"]] += x["revenue"]["amount"]
            revenue_n += 1
        services.update({n.lower() for n in x["services"]})
        themes.update(t for t, rx in THEMES.items() if x["root_cause"] and re.search(rx, x["root_cause"], re.I))
        if len(rows) < _REVIEW_LISTED:
            rows.append(_row(e))
        if x["flags"]:
            review_n += 1
            if len(review) < _REVIEW_LISTED:
                review.append({"report": e["output"], "title": x["title"], "flags": x.get("review") or x["flags"]})
    return {
        "incidents": incidents, "failed_inputs": failed,
        "by_severity": dict(sev.most_common()), "by_status": dict(status.most_common()),
        "duration": {"stated_for": len(durations), "total_minutes": sum(durations),
                     "median_minutes": statistics.median(durations) if durations else None},
        "users_affected": {"stated_for": users_n, "total": users},
        "revenue_impact": {"stated_for": revenue_n, "total_by_currency": dict(revenue)},
        "most_affected_services": services.most_common(10),
        "root_cause_themes": themes.most_common(),
        "needs_review": sorted(review, key=lambda r: r["report"] or ""),
        "needs_review_total": review_n,
        "incident_list": sorted(rows, key=lambda r: (_SEVERITY_ORDER.get(r["severity"], 9), r["report"] or "")),
    }


def _severity(value: str) -> str:
    return value.upper() if value != "unknown" else NOT_STATED


def _status(value: str) -> str:
    return value.capitalize() if value != "unknown" else NOT_STATED


def _link(name: str | None) -> str:
    return f"[{md_text(name)}]({quote(name)})" if name else NOT_STATED


def table(rows: list[dict]) -> list[str]:
    """The per-incident table: every cell escaped, the report's file name a relative link."""
    lines = ["| Report | Incident | Severity | Status | Duration | Services | Review |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        incident = " – ".join(md_text(v) for v in (r.get("incident_id"), r["title"]) if v) or NOT_STATED
        review = ("Needs review: " + md_text(", ".join(r["flags"]))) if r["flags"] else "No flags"
        lines.append(f"| {_link(r['report'])} | {incident} | {_severity(r['severity'])} | {_status(r['status'])} | "
                     f"{duration_text(r['duration_minutes'])} | {md_text(', '.join(r['services'])) or NOT_STATED} | "
                     f"{review} |")
    return lines


def markdown(p: dict) -> str:
    d, u, r, n = p["duration"], p["users_affected"], p["revenue_impact"], p["incidents"]
    failed = p["failed_inputs"]
    lines = ["# Incident portfolio", "", f"**{counted(n, 'incident')}**" + (
        f", and {counted(failed, 'input')} that could not be read" if failed else "") + ".", ""]
    lines += ["## Incidents", ""] + (table(p.get("incident_list", [])) or ["None"])
    if n > len(p.get("incident_list", [])):
        lines += ["", f"… and {counted(n - len(p['incident_list']), 'more incident')} (see manifest.jsonl)"]
    lines += ["", "## By severity", ""] + [f"- {_severity(k)}: {v}" for k, v in p["by_severity"].items()]
    lines += ["", "## By status", ""] + [f"- {_status(k)}: {v}" for k, v in p["by_status"].items()]
    lines += ["", "## Duration", "",
              f"- Stated or derived for {d['stated_for']} of {counted(n, 'incident')}",
              f"- Total: {duration_text(d['total_minutes']) if d['stated_for'] else 'Not stated in the source notes'}",
              f"- Median: {duration_text(d['median_minutes'])}", "", "## Business impact", "",
              f"- Users affected: {u['total']:,} across the {counted(u['stated_for'], 'incident')} that state it"
              if u["stated_for"] else "- Users affected: stated by no incident"]
    lines += [f"- Revenue impact: {amount:,.2f} {md_text(cur)} across {counted(r['stated_for'], 'incident')}"
              for cur, amount in r["total_by_currency"].items()] or ["- Revenue impact: stated by no incident"]
    lines += ["", "## Most affected services", ""] + (
        [f"- {md_text(name)}: {c}" for name, c in p["most_affected_services"]] or ["- None stated"])
    lines += ["", "## Recurring root-cause themes", ""] + ([f"- {t}: {c}" for t, c in p["root_cause_themes"]] or ["- None found"])
    lines += ["", f"## Reports that need review ({p['needs_review_total']})", ""] + (
        [f"- {_link(x['report'])} ({md_text(x['title'] or 'untitled')}): {md_text(', '.join(x['flags']))}"
         for x in p["needs_review"]] or ["- None"])
    if p["needs_review_total"] > len(p["needs_review"]):
        lines.append(f"- … and {p['needs_review_total'] - len(p['needs_review'])} more (see manifest.jsonl)")
    return "\n".join(lines) + "\n"


def write(outdir: Path) -> dict:
    p = build(outdir)
    md = markdown(p)
    (outdir / "portfolio.json").write_text(json.dumps(p, indent=2) + "\n")
    (outdir / "portfolio.md").write_text(md)
    (outdir / "portfolio.html").write_text(html_page(md, "Incident portfolio", links=True))
    return p
