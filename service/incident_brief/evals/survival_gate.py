"""The reference run's own lines (survival per dataset, facts and sections lost and why, answers pending) and its
gate: the baseline's aggregates (`runner.compare`), the floors the issue's acceptance sets, and no case fewer
measured than the baseline measured (answers gone pending are named as such, not as a failure of the engine)."""

from __future__ import annotations

from incident_brief.evals import runner

# The acceptance floors, per metric; a baseline's "floors" replace them ({"metric": floor} or per dataset).
FLOORS = {"facts_survival": 0.98, "drafts_as_written": 0.95, "field_accuracy": 0.95, "flags_consistent": 1.0}
_SHOWN_LOST = 12  # lost facts and sections listed per dataset (all of them are in the results files)
# The sets the acceptance is stated on, pooled: every fact, section and case of them counts once.
ACCEPTANCE = ("examples", "zoo", "corpus")


def _share(agg: dict, metric: str) -> str:
    a = agg.get(metric)
    return f"{a['mean']:.1%} of {a['judged']}" if a else "-"


def lines(result: dict) -> list[str]:
    out = []
    for name, d in result["datasets"].items():
        agg, cases = d["aggregate"], d["cases"]
        repaired = sum(c["scores"].get("sections_repaired") or 0 for c in cases)
        fallen = sum(c["scores"].get("sections_fallback") or 0 for c in cases)
        head = f"[{name}] measured {d['measured']} of {len(cases)} cases"
        if d["measured"]:
            accuracy = f"{agg['field_accuracy']['mean']:.1%}" if "field_accuracy" in agg else "-"
            head += (f"; facts survived {_share(agg, 'facts_survival')}; drafts as written "
                     f"{_share(agg, 'drafts_as_written')}; field accuracy {accuracy}; sections repaired {repaired:g}, "
                     f"fallen back {fallen:g}; reports with no contradicting flag {_share(agg, 'flags_consistent')}")
        out.append(head)
        lost = [f"  {c['id']}: {r}" for c in cases for m in ("facts_survival", "drafts_as_written", "flags_consistent")
                for r in c["reasons"].get(m, [])]
        out += lost[:_SHOWN_LOST] + ([f"  ... {len(lost) - _SHOWN_LOST} more in the results files"]
                                     if len(lost) > _SHOWN_LOST else [])
        if d["pending_cases"]:
            out.append(f"  not measured, answers pending: {', '.join(d['pending_cases'])}")
    if pool := pooled(result):
        out.append(f"[{'+'.join(pool['datasets'])} pooled] facts survived {_share(pool, 'facts_survival')}; drafts as "
                   f"written {_share(pool, 'drafts_as_written')}; field accuracy {_share(pool, 'field_accuracy')} "
                   f"cases; reports with no contradicting flag {_share(pool, 'flags_consistent')}")
    for name, folder in result.get("pending", {}).items():
        n = result["datasets"][name]["pending_requests"]
        out.append(f"{name}: {n} request{'s' if n != 1 else ''} without a reference answer, written to {folder} "
                   "(write the answers, then `python eval/replay.py accept --answers ...`; README, Reference answers)")
    return out


def pooled(result: dict) -> dict | None:
    """The acceptance metrics over the acceptance sets measured (two or more): each metric's mean weighted by what it
    judged (facts, sections, cases), so every fact, section and case counts once."""
    sets = [n for n in ACCEPTANCE if result["datasets"].get(n, {}).get("measured")]
    if len(sets) < 2:
        return None
    out: dict = {"datasets": sets}
    for metric in FLOORS:
        aggs = [a for n in sets if (a := result["datasets"][n]["aggregate"].get(metric)) and a["judged"]]
        judged = sum(a["judged"] for a in aggs)
        if judged:
            out[metric] = {"mean": round(sum(a["mean"] * a["judged"] for a in aggs) / judged, 4), "judged": judged}
    return out


def _floors(baseline: dict, dataset: str) -> dict:
    floors = baseline.get("floors", FLOORS)
    return floors.get(dataset, floors) if isinstance(floors.get(dataset), dict) else floors


def gate(result: dict, baseline: dict) -> list[str]:
    problems = runner.compare(result, baseline)
    for name, d in result["datasets"].items():
        base = baseline.get("datasets", {}).get(name, {})
        if d["measured"] < base.get("measured", 0):
            problems.append(f"{name}: {d['measured']} cases measured, baseline {base['measured']} "
                            f"(answers pending: {', '.join(d['pending_cases'])}; not a failure of the engine)")
        problems += _below(name, d["aggregate"], _floors(baseline, name))
    if pool := pooled(result):  # the acceptance: the top-level floors, on the acceptance sets pooled
        problems += _below(f"{'+'.join(pool['datasets'])} pooled", pool, baseline.get("floors", FLOORS))
    return problems


def _below(name: str, aggregate: dict, floors: dict) -> list[str]:
    """The metrics under their floor (a floor that is a number; per-dataset floors are dicts, skipped here)."""
    return [f"{name}/{metric}: {got['mean']:.3f} below the floor {floor}" for metric, floor in floors.items()
            if isinstance(floor, (int, float)) and (got := aggregate.get(metric)) is not None
            and got["mean"] < floor - 1e-9]


def baseline_view(result: dict, floors: dict | None = None) -> dict:
    view = runner.baseline_view(result)
    for name, d in result["datasets"].items():
        view["datasets"][name]["measured"] = d["measured"]
    return {"engine": view["engine"], "floors": floors or FLOORS, "datasets": view["datasets"]}
