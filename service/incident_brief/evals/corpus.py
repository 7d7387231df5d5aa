"""The real-postmortem corpora, read where they live (never copied into the project): `corpus` (01-24) and
`corpus-more` (25-44). Texts with a gold annotation are the labelled dataset; the rest are scored for
faithfulness, plain language, completeness and length only."""

from __future__ import annotations

import json
import re
from pathlib import Path

from incident_brief.ingest import read_path
from incident_brief.evals.cases import Case

BIG = 10 << 20
TEXT_SUFFIXES = (".md", ".mdx", ".txt")
_NUMBER = re.compile(r"[~<>≈]?\s*(\d[\d,]*(?:\.\d+)?)\s*(%|[A-Za-z/]+)?")


def texts(folder: Path) -> list[Path]:
    """The corpus's texts, sorted; empty when the folder is absent (a fresh clone)."""
    where = folder / "texts"
    return sorted(p for p in where.iterdir() if p.suffix in TEXT_SUFFIXES) if where.is_dir() else []


def absent_reason(name: str, folder: Path, env: str) -> str:
    return f"{name}: no texts at {folder / 'texts'} (set {env} to the folder holding texts/ and gold.jsonl)"


def load(folder: Path, dataset: str, labelled: bool) -> list[Case]:
    gold_path = folder / "gold.jsonl"
    gold = {}
    if gold_path.is_file():
        gold = {g["id"]: g for g in map(json.loads, filter(str.strip, gold_path.read_text().splitlines()))}
    cases = []
    for path in texts(folder):
        g = gold.get(path.stem)
        if (g is not None) != labelled:
            continue
        expected = from_gold(g) if g else {}
        cases.append(Case(path.stem, dataset, read_path(str(path), BIG), expected,
                          not_facts=not_impact(g.get("not_facts") or []) if g else []))
    return cases


def from_gold(g: dict) -> dict:
    """Gold annotation -> expected facts. The second set states severity (mapped), status, the customer-impact
    window and root-cause keywords (a correct root cause contains at least one); the first set a stated label and
    the incident's end (its declared resolution where the text states one, else the recovery)."""
    out = {"start": g.get("started_at", g["incident_start_utc"]), "end": g.get("resolved_at", g["incident_end_utc"]),
           "duration_minutes": g["duration_minutes"], "severity": _severity(g),
           "services": g.get("services") or g["affected_services"], "users_affected": g["users_affected"],
           "revenue_impact": g["revenue_impact"], "customer_reports": g["customer_reports"],
           "root_cause": bool(g.get("root_cause"))}
    if "resolved_at" not in g:  # the first set ends an incident where the text declares it resolved (else recovery)
        out["end_means"] = "closed"
    if "status" in g:
        out["status"] = g["status"]
    if g.get("root_cause_keywords"):
        out["root_cause_keywords"] = g["root_cause_keywords"]
        out["root_cause_match"] = "any"
    return out


def _severity(g: dict) -> str | None:
    if "severity" in g:
        return g["severity"]
    from incident_brief.offline.extract.labels import map_severity

    severity = map_severity(g["severity_stated"]) if g["severity_stated"] else None
    return severity.value if severity else None


def not_impact(values: list[str]) -> list[dict]:
    """The gold's "numbers in the text that are not impact figures", as checks on the report's impact figures
    (dates, clock times, ids and words without a number first are not figures and are left out)."""
    out = []
    for text in values:
        if re.search(r"\d[-:/]\d|\d{4}-|^\D", text.strip().lstrip("~<>≈")):
            continue
        m = _NUMBER.fullmatch(text.strip())
        if m:
            out.append({"field": "impact", "value": float(m.group(1).replace(",", "")), "unit": m.group(2) or None,
                        "text": text})
    return out
