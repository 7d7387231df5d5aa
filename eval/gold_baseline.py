"""Field-level results of the offline engine against the corpus gold annotations.

    python eval/gold_baseline.py [--corpus DIR] [--json OUT]

Reads ../shared/corpus (or INCIDENT_BRIEF_CORPUS_DIR / --corpus); prints one
row per annotated text and the aggregate. A first baseline, not yet a gate.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.extract.labels import _map as map_severity  # noqa: E402
from service.ingest import read_path  # noqa: E402
from service.offline import summarize  # noqa: E402
from service.schema import Severity  # noqa: E402
from service.settings import get_settings  # noqa: E402

_STOP = {"the", "a", "an", "of", "and", "for", "on", "at", "in", "to", "service", "services", "website", "api"}


def _tokens(name: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+(?:\.[a-z0-9]+)*", name.lower()) if t not in _STOP}


def service_match(pred: str, gold: str) -> bool:
    p, g = pred.lower(), gold.lower()
    if p in g or g in p:
        return True
    tp, tg = _tokens(pred), _tokens(gold)
    return bool(tp and tg) and len(tp & tg) / len(tp | tg) >= 0.5


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(second=0, microsecond=0) if value else None


def score(report, gold: dict) -> dict[str, float | None]:
    """Per field: 1.0 right, 0.0 wrong, None when neither side has the fact (nothing to judge)."""
    out: dict[str, float | None] = {}
    gd, pd = gold["duration_minutes"], report.duration_minutes
    out["duration"] = None if gd is None and pd is None else float(
        gd is not None and pd is not None and abs(gd - pd) <= max(5, 0.05 * gd))
    for field, key in (("start", "incident_start_utc"), ("end", "incident_end_utc")):
        g, p = _time(gold[key]), getattr(report, "started_at" if field == "start" else "resolved_at")
        p = p.replace(second=0, microsecond=0) if p else None
        if g is None and p is not None and p.tzinfo is None:
            out[field] = None  # gold holds UTC times only; a time the notes give without a zone is not judged
            continue
        out[field] = None if g is None and p is None else float(
            g is not None and p is not None and (g == p or (p.tzinfo is None and g.replace(tzinfo=None) == p)))
    gs = map_severity(gold["severity_stated"]) if gold["severity_stated"] else Severity.unknown
    out["severity"] = None if gs is Severity.unknown and report.severity is Severity.unknown else float(gs == report.severity)
    for field in ("users_affected", "customer_reports"):
        g, p = gold[field], getattr(report.impact, field)
        out[field] = None if g is None and p is None else float(g == p)
    g, p = gold["revenue_impact"], report.impact.revenue_impact
    out["revenue_impact"] = None if g is None and p is None else float(g is not None and p is not None and abs(g - p.amount) < 0.01)
    pred, want = report.affected_services, gold["affected_services"]
    out["services_recall"] = sum(any(service_match(p, g) for p in pred) for g in want) / len(want) if want else None
    out["services_precision"] = sum(any(service_match(p, g) for g in want) for p in pred) / len(pred) if pred else None
    return out


def run(corpus: Path) -> dict:
    gold = [json.loads(line) for line in (corpus / "gold.jsonl").read_text().splitlines() if line.strip()]
    cases = {}
    for g in gold:
        report = summarize(read_path(str(corpus / "texts" / f"{g['id']}.md"), 10 * 1024 * 1024))
        cases[g["id"]] = score(report, g)
    fields = list(next(iter(cases.values())))
    aggregate = {}
    for f in fields:
        vals = [c[f] for c in cases.values() if c[f] is not None]
        aggregate[f] = {"mean": round(sum(vals) / len(vals), 3) if vals else None, "judged": len(vals)}
    return {"engine": "offline", "cases": cases, "aggregate": aggregate}


def _fmt(v) -> str:
    return "   -" if v is None else f"{v:4.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=get_settings().corpus_dir)
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = ap.parse_args()
    if not (args.corpus / "gold.jsonl").is_file():
        print(f"corpus not found at {args.corpus} (set INCIDENT_BRIEF_CORPUS_DIR or --corpus); nothing to score")
        return 0
    result = run(args.corpus)
    fields = list(result["aggregate"])
    short = {"users_affected": "users", "customer_reports": "reports", "revenue_impact": "revenue",
             "services_recall": "svc_rec", "services_precision": "svc_prec"}
    print(f"{'case':44} " + " ".join(f"{short.get(f, f):>8}" for f in fields))
    for cid, c in result["cases"].items():
        print(f"{cid[:44]:44} " + " ".join(f"{_fmt(c[f]):>8}" for f in fields))
    print(f"{'MEAN (cases judged)':44} " + " ".join(
        f"{_fmt(a['mean']):>5}({a['judged']:>2})" for a in result["aggregate"].values()))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
