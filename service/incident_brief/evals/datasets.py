"""Eval cases from data: the team's examples, adversarial notes, notes zoo and blind holdout (eval/datasets/*.jsonl) and the
real-postmortem corpora, read where they live (never copied into the project)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from incident_brief.ingest import SourceDocument, from_text, read_path
from incident_brief.evals import corpus as corpora
from incident_brief.evals.cases import Case

__all__ = ["DATASETS", "Case", "load", "absent_reason"]

DATASETS = ("corpus", "corpus-unlabelled", "corpus-more", "corpus-more-unlabelled", "examples", "adversarial", "zoo",
            "holdout", "holdout2", "holdout3", "holdout4")
_CORPORA = {"corpus": ("corpus", True), "corpus-unlabelled": ("corpus", False),
            "corpus-more": ("corpus-more", True), "corpus-more-unlabelled": ("corpus-more", False)}
_ENV = {"corpus": "INCIDENT_BRIEF_CORPUS_DIR", "corpus-more": "INCIDENT_BRIEF_CORPUS_MORE_DIR"}


def _folder(name: str, corpus: Path, corpus_more: Path | None) -> Path:
    if _CORPORA[name][0] == "corpus":
        return corpus
    return corpus_more if corpus_more is not None else corpus.parent / "corpus-more"


def load(name: str, root: Path, corpus: Path, corpus_more: Path | None = None) -> list[Case]:
    """Cases of one dataset; an empty list when its files are absent (a corpus on a fresh clone).
    `corpus_more` defaults to the folder beside `corpus`."""
    if name in _CORPORA:
        return corpora.load(_folder(name, corpus, corpus_more), name, labelled=_CORPORA[name][1])
    path = root / "eval" / "datasets" / f"{name}.jsonl"
    if not path.is_file():
        return []
    cases = []
    for line in path.read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            source = _generate(row["generate"]) if "generate" in row else read_path(str(root / row["path"]), corpora.BIG)
            cases.append(Case(row["id"], name, source, row.get("expected", {}), row.get("must_not_contain", []),
                              row.get("expected_flags", []), row.get("not_facts", [])))
    return cases


def absent_reason(name: str, root: Path, corpus: Path, corpus_more: Path | None = None) -> str:
    """Why a dataset has no cases here, in one line."""
    if name in _CORPORA:
        base = _CORPORA[name][0]
        return corpora.absent_reason(name, _folder(name, corpus, corpus_more), _ENV[base])
    return f"{name}: {root / 'eval' / 'datasets' / f'{name}.jsonl'} not found"


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
