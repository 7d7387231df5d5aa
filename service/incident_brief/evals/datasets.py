"""Eval cases from data: the team's examples and adversarial notes (eval/datasets/*.jsonl) and the
real-postmortem corpus, read where it lives (never copied into the project)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from incident_brief.ingest import SourceDocument, from_text, read_path

DATASETS = ("corpus", "corpus-unlabelled", "examples", "adversarial")
_BIG = 10 << 20


@dataclass
class Case:
    id: str
    dataset: str
    source: SourceDocument
    expected: dict = field(default_factory=dict)  # gold facts; a key present with None means "the notes do not say"
    must_not_contain: list[str] = field(default_factory=list)
    expected_flags: list[str] = field(default_factory=list)


def load(name: str, root: Path, corpus: Path) -> list[Case]:
    """Cases of one dataset; an empty list when its files are absent (the corpus on a fresh clone)."""
    if name == "corpus":
        return _corpus(corpus, labelled=True)
    if name == "corpus-unlabelled":
        return _corpus(corpus, labelled=False)
    path = root / "eval" / "datasets" / f"{name}.jsonl"
    if not path.is_file():
        return []
    cases = []
    for line in path.read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            source = _generate(row["generate"]) if "generate" in row else read_path(str(root / row["path"]), _BIG)
            cases.append(Case(row["id"], name, source, row.get("expected", {}), row.get("must_not_contain", []),
                              row.get("expected_flags", [])))
    return cases


def _corpus(corpus: Path, labelled: bool) -> list[Case]:
    gold_path, texts = corpus / "gold.jsonl", corpus / "texts"
    if not texts.is_dir():
        return []
    gold = {}
    if gold_path.is_file():
        gold = {g["id"]: g for g in map(json.loads, filter(str.strip, gold_path.read_text().splitlines()))}
    cases = []
    for path in sorted(texts.glob("*.md")):
        g = gold.get(path.stem)
        if (g is not None) != labelled:
            continue
        cases.append(Case(path.stem, "corpus" if labelled else "corpus-unlabelled", read_path(str(path), _BIG),
                          _from_gold(g) if g else {}))
    return cases


def _from_gold(g: dict) -> dict:
    from incident_brief.offline.extract.labels import map_severity

    severity = map_severity(g["severity_stated"]) if g["severity_stated"] else None
    return {"start": g["incident_start_utc"], "end": g["incident_end_utc"], "duration_minutes": g["duration_minutes"],
            "severity": severity.value if severity else None, "services": g["affected_services"],
            "users_affected": g["users_affected"], "revenue_impact": g["revenue_impact"],
            "customer_reports": g["customer_reports"], "root_cause": bool(g.get("root_cause"))}


def _generate(spec: dict) -> SourceDocument:
    """Very long notes, built rather than stored: a timeline of `entries` lines, one a minute."""
    if spec["kind"] != "long_timeline":
        raise ValueError(f"unknown generated dataset kind {spec['kind']!r}")
    start = datetime(2025, 1, 10, tzinfo=timezone.utc)
    lines = ["# ledger-sync backlog", "", "Severity: SEV3", "", "## Timeline", ""]
    for i in range(spec["entries"]):
        when = (start + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%MZ")
        text = ("ledger-sync began falling behind" if i == 0 else "backlog drained, incident resolved"
                if i == spec["entries"] - 1 else f"ledger-sync batch {i} retried, backlog still growing")
        lines.append(f"- {when} - {text}")
    return from_text("\n".join(lines) + "\n", "very-long-notes")
