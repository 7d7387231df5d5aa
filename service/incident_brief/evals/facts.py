"""Scorers of the story's final facts: status, incident id, root-cause keywords, other impact figures, and no
superseded (or otherwise wrong) value shown as final."""

from __future__ import annotations

import re

from incident_brief.schema import Report
from incident_brief.evals.cases import Case
from incident_brief.evals.match import Score, is_percent, minute, ratio, report_figures, same_value, service_match


def _norm_id(value: str) -> str:
    return re.sub(r"[\s#]", "", value).lower()


def story(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    exp, out = case.expected, {}
    if "status" in exp:
        g, p = exp["status"] or "unknown", report.status.value
        out["status"] = Score(None if g == p == "unknown" else float(g == p), [] if g == p else [f"gold {g}, report {p}"])
    if "incident_id" in exp:
        g, p = exp["incident_id"], report.incident_id
        accepted = [g] if isinstance(g, str) else (g or [])  # a list: any of these ids (an export with two)
        ok = any(_norm_id(a) == _norm_id(p) for a in accepted) if p else not accepted
        if accepted or p:
            out["incident_id"] = Score(float(ok), [] if ok else [f"gold {g}, report {p}"])
    return out


def _keyword_found(keyword: str, text: str) -> bool:
    """A keyword, or any of its '|' alternatives, in the text as a word start ('certificate' finds 'certificates')."""
    return any(re.search(r"(?<![a-z0-9])" + re.escape(k.strip().lower()), text) for k in keyword.split("|"))


def root_cause(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    """Share of the gold keywords the root cause states ("all" mode); with "any" (the corpora's gold: a correct
    cause contains at least one), 1 when one is there. A report without a root cause is read as 'not stated'."""
    keywords = case.expected.get("root_cause_keywords")
    if not keywords:
        return {}
    text = (report.root_cause or "not stated").lower()
    found = [k for k in keywords if _keyword_found(k, text)]
    missed = [f"root cause lacks {k!r}" for k in keywords if k not in found]
    if case.expected.get("root_cause_match") == "any":
        return {"root_cause_keywords": Score(float(bool(found)), [] if found else
                                             [f"root cause has none of {keywords}: {report.root_cause!r}"])}
    return {"root_cause_keywords": ratio(len(found), len(keywords),
                                         missed + ([f"root cause: {report.root_cause!r}"] if missed else []))}


def _stem(word: str) -> str:
    word = word.lower().strip()
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _words(text: str | None) -> set[str]:
    return {_stem(w) for w in re.findall(r"[^\W\d_][\w'’-]*", text or "")}


def same_unit(gold: dict, label: str, unit: str | None) -> bool:
    """A share only as a share; a count of the same things: the units agree (singular or plural), or one side's
    unit is a word of the other side's label (the gold may name in English what the notes count in German)."""
    g_unit = gold.get("unit")
    if is_percent(g_unit) or is_percent(unit):
        return is_percent(g_unit) and is_percent(unit)
    if not g_unit or not unit:
        return True
    return _stem(g_unit) == _stem(unit) or _stem(unit) in _words(gold.get("label")) or \
        _stem(g_unit) in _words(label)


def _figure_found(gold: dict, figures: list[tuple[str, float, str | None]]) -> bool:
    """Same value and unit; the label may differ (a few words from the notes either way)."""
    return any(same_value(value, gold["value"]) and same_unit(gold, label, unit) for label, value, unit in figures)


def other_figures(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    """Each gold figure ({label, value, unit}) in the report's other impact figures: same value, and a share
    only as a share. Judged only where the gold lists figures."""
    gold = case.expected.get("figures")
    if not gold:
        return {}
    figures = report_figures(report)
    missed = [f"missed {g['label']}: {g['value']} {g.get('unit') or ''}".rstrip() for g in gold
              if not _figure_found(g, figures)]
    return {"other_figures": ratio(len(gold) - len(missed), len(gold), missed)}


def _impact_values(report: Report) -> dict[str, list[float]]:
    money = report.impact.revenue_impact
    return {"users_affected": [report.impact.users_affected] if report.impact.users_affected is not None else [],
            "customer_reports": [report.impact.customer_reports] if report.impact.customer_reports is not None else [],
            "revenue_impact": [money.amount] if money else [],
            "figures": [v for _, v, _ in report_figures(report)]}


def _shown(fact: dict, report: Report) -> bool:
    name, value = fact["field"], fact["value"]
    if name in ("status", "severity"):
        return getattr(report, name).value == value
    if name == "incident_id":
        return bool(report.incident_id) and _norm_id(report.incident_id) == _norm_id(str(value))
    if name == "services":
        return any(service_match(p, value) for p in report.affected_services)
    if name in ("start", "end"):
        got = report.started_at if name == "start" else report.resolved_at
        return got is not None and got.replace(second=0, microsecond=0) == minute(value)
    if name == "duration_minutes":
        return report.duration_minutes is not None and abs(report.duration_minutes - value) <= 1
    values = _impact_values(report)
    pool = [v for vs in values.values() for v in vs] if name == "impact" else values.get(name, [])
    return any(same_value(v, float(value)) for v in pool)


def superseded(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    """None of the case's not-facts shown as final: superseded values (an early estimate, a first severity, a
    first cause), services the notes call unaffected, numbers that are not impact figures."""
    if not case.not_facts:
        return {}
    shown = [f"{f['field']} shows {f.get('text', f['value'])!r}" + (f" ({f['why']})" if f.get("why") else "")
             for f in case.not_facts if _shown(f, report)]
    return {"no_superseded": Score(float(not shown), shown)}


SCORERS = (story, root_cause, other_figures, superseded)
