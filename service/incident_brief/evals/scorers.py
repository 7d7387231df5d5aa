"""Small scorers: each returns, per metric, a number (None when there is nothing to judge) and its reasons."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_brief.offline.plain import default_glossary, doubled_words
from incident_brief.labels import derived_lines, markdown_labels
from incident_brief.render import NOT_STATED
from incident_brief.schema import Report
from incident_brief.budgets import BUDGETS
from incident_brief.figures import unsupported_numbers
from incident_brief.evals.cases import Case
from incident_brief.evals import facts
from incident_brief.evals.match import Score, minute, ratio, report_figures, same_value, service_match

__all__ = ["METRICS", "Metric", "Score", "score", "service_match"]


@dataclass(frozen=True)
class Metric:
    name: str
    higher_is_better: bool
    tolerance: float  # how far the aggregate may move the wrong way before the gate fails
    what: str


METRICS = {m.name: m for m in (
    Metric("duration", True, 0.0, "duration within 5% or 5 minutes of the gold"),
    Metric("start", True, 0.0, "start time equals the gold, to the minute"),
    Metric("end", True, 0.0, "end time equals the gold, to the minute"),
    Metric("severity", True, 0.0, "severity equals the gold's stated label, mapped"),
    Metric("impact_figures", True, 0.0, "users, revenue and report figures exactly as the gold states them"),
    Metric("services_recall", True, 0.02, "gold services found (fuzzy)"),
    Metric("services_precision", True, 0.02, "reported services that the gold lists (fuzzy)"),
    Metric("faithful_numbers", True, 0.0, "no number in the report that its source lacks"),
    Metric("no_invented_figures", True, 0.0, "no impact figure where the gold says none"),
    Metric("no_forbidden_text", True, 0.0, "none of the case's forbidden strings (secrets, injected claims)"),
    Metric("jargon_free", True, 0.0, "no glossary jargon in executive prose"),
    Metric("no_doubled_words", True, 0.0, "no word repeated back to back"),
    Metric("fk_grade", False, 0.5, "Flesch-Kincaid grade of What Happened (lower reads easier)"),
    Metric("sentence_words", False, 1.0, "mean words per sentence in executive prose"),
    Metric("sections_present", True, 0.0, "every section and label of the fixed report"),
    Metric("not_stated_correct", True, 0.0, "'not stated' where, and only where, the gold is silent"),
    Metric("within_budget", True, 0.0, "sections within their length budget"),
    Metric("flags_raised", True, 0.0, "the review flags the case expects"),
    Metric("status", True, 0.0, "status as the notes end equals the gold"),
    Metric("incident_id", True, 0.0, "incident id equals the gold (any of its accepted ids)"),
    Metric("root_cause_keywords", True, 0.0, "share of the gold root-cause keywords the root cause states "
                                             "(corpora: at least one)"),
    Metric("other_figures", True, 0.0, "other impact figures (impact.figures) with the gold's values"),
    Metric("no_superseded", True, 0.0, "no superseded value, unaffected service or non-impact number shown as final"),
    # measured on reference answers (eval --reference): how much of a capable model's work reaches the report
    Metric("facts_survival", True, 0.0, "share of the reference answers' stated values the report shows unchanged"),
    Metric("drafts_as_written", True, 0.0, "share of reference draft sections shown as written (no repair, no fallback)"),
    Metric("field_accuracy", True, 0.0, "mean of the field metrics against gold (times, severity, status, figures, ...)"),
    Metric("sections_repaired", False, 0.0, "drafted sections accepted only after a repair round, per report"),
    Metric("sections_fallback", False, 0.0, "drafted sections in the offline wording, per report"),
    Metric("flags_consistent", True, 0.0, "no review flag contradicts the final report"),
)}

LABELS = tuple(markdown_labels())

def _duration_ok(gold: float | list | None, got: float | None) -> bool:
    """Within 5% or 5 minutes of the gold, or of an accepted [lo, hi] range."""
    if gold is None or got is None:
        return False
    lo, hi = (gold, gold) if isinstance(gold, (int, float)) else gold
    return lo - max(5, 0.05 * lo) <= got <= hi + max(5, 0.05 * hi)


def _figure_ok(gold, got) -> bool:
    """A gold figure given only in words ('>100 users each') is met by any stated figure."""
    if gold is None or got is None:
        return False
    return True if isinstance(gold, str) else abs(gold - got) <= 0.01


def fields(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    exp, out = case.expected, {}
    if "duration_minutes" in exp:
        g, p = exp["duration_minutes"], report.duration_minutes
        ok = _duration_ok(g, p)
        out["duration"] = Score(None if g is None and p is None else float(ok), [] if ok else [f"gold {g}, report {p}"])
    for name, attr in (("start", "started_at"), ("end", "resolved_at")):
        if name not in exp:
            continue
        g, p = minute(exp[name]), getattr(report, attr)
        if name == "end" and exp.get("end_means") == "closed":  # the gold's end is the declared resolution
            p = report.closed_at or p
        p = p.replace(second=0, microsecond=0) if p else None
        if g is None and (p is None or p.tzinfo is None):
            continue  # gold holds UTC times only; a time the notes give without a zone is not judged against a null
        ok = p is not None and (g == p or (p.tzinfo is None and g.replace(tzinfo=None) == p))
        out[name] = Score(float(ok), [] if ok else [f"gold {exp[name]}, report {p.isoformat() if p else None}"])
    if "severity" in exp:
        g, p = exp["severity"] or "unknown", report.severity.value
        out["severity"] = Score(None if g == p == "unknown" else float(g == p), [] if g == p else [f"gold {g}, report {p}"])
    got = {"users_affected": report.impact.users_affected, "customer_reports": report.impact.customer_reports,
           "revenue_impact": report.impact.revenue_impact.amount if report.impact.revenue_impact else None}
    judged = [k for k in got if k in exp and not (exp[k] is None and got[k] is None)]
    wrong = [f"{k}: gold {exp[k]}, report {got[k]}" for k in judged if not _figure_ok(exp[k], got[k])]
    out["impact_figures"] = ratio(len(judged) - len(wrong), len(judged), wrong)
    if "services" in exp:
        gold, pred = exp["services"], report.affected_services
        missed = [g for g in gold if not any(service_match(p, g) for p in pred)]
        extra = [p for p in pred if not any(service_match(p, g) for g in gold)]
        out["services_recall"] = ratio(len(gold) - len(missed), len(gold), [f"missed {m!r}" for m in missed])
        out["services_precision"] = ratio(len(pred) - len(extra), len(pred), [f"not in gold {e!r}" for e in extra])
    return out


def faithfulness(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    prose = "\n".join(l for l in markdown.splitlines() if not l.startswith(derived_lines()))
    bad = unsupported_numbers(prose, case.source.text)
    out = {"faithful_numbers": Score(float(not bad), [f"number {b} not in the source" for b in bad])}
    exp = case.expected
    figures = {"users_affected": report.impact.users_affected, "customer_reports": report.impact.customer_reports,
               "revenue_impact": report.impact.revenue_impact}
    silent = [k for k in figures if k in exp and exp[k] is None]
    invented = [f"{k} stated as {figures[k]} where the gold says none" for k in silent if figures[k] is not None]
    if "figures" in exp:  # the gold lists every other figure: one it lacks is invented
        known = [g["value"] for g in exp["figures"] or []] + [v for v in (
            exp.get("users_affected"), exp.get("customer_reports"), exp.get("revenue_impact")) if isinstance(v, (int, float))]
        invented += [f"figure {label!r} {value:g} {unit or ''} is not in the gold".rstrip()
                     for label, value, unit in report_figures(report) if not any(same_value(value, k) for k in known)]
    if silent or "figures" in exp:
        out["no_invented_figures"] = Score(float(not invented), invented)
    if case.must_not_contain:
        hits = [s for s in case.must_not_contain if s.lower() in markdown.lower()]
        out["no_forbidden_text"] = Score(float(not hits), [f"contains {h!r}" for h in hits])
    return out


def _prose(report: Report) -> list[str]:
    return [t for t in (report.what_happened, report.root_cause, report.impact.summary, *report.actions_taken,
                        *report.next_steps.immediate, *report.next_steps.preventive) if t]


def plain_language(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    import textstat  # the eval extra; pinned below 0.7.9, which downloads a dictionary at first use

    glossary = default_glossary()
    jargon = [j for t in _prose(report) for j in glossary.jargon_in(t, keep=report.affected_services)]
    doubles = [d for t in _prose(report) for d in doubled_words(t)]
    out = {"jargon_free": Score(float(not jargon), [f"jargon {j!r}" for j in jargon]),
           "no_doubled_words": Score(float(not doubles), [f"doubled {d!r}" for d in doubles])}
    if report.what_happened:
        out["fk_grade"] = Score(round(textstat.flesch_kincaid_grade(report.what_happened), 2))
    sentences = [s for t in _prose(report) for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]
    if sentences:
        out["sentence_words"] = Score(round(sum(len(s.split()) for s in sentences) / len(sentences), 2))
    return out


def completeness(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    missing = [label for label in LABELS if label not in markdown]
    out = {"sections_present": Score(float(not missing), [f"missing {m!r}" for m in missing])}
    exp = case.expected
    checks = {"users_affected": "**Users Affected:**", "revenue_impact": "**Estimated Revenue Impact:**",
              "customer_reports": "**Customer Reports:**"}
    judged = [k for k in checks if k in exp]
    wrong = []
    for k in judged:
        line = next((l for l in markdown.splitlines() if checks[k] in l), "")
        if (NOT_STATED in line) != (exp[k] is None):
            wrong.append(f"{k}: gold {exp[k]}, report line {line.strip()!r}")
    if "root_cause" in exp:
        judged.append("root_cause")
        if bool(report.root_cause) != bool(exp["root_cause"]):
            wrong.append(f"root cause: gold {'has' if exp['root_cause'] else 'has none'}, report {report.root_cause!r}")
    out["not_stated_correct"] = ratio(len(judged) - len(wrong), len(judged), wrong)
    return out


def length_budget(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    sections = {"what_happened": report.what_happened, "impact_summary": report.impact.summary, "root_cause": report.root_cause}
    checks = [(k, v, BUDGETS[k]) for k, v in sections.items() if v]
    checks += [(f"item {i}", t, BUDGETS["item"]) for i, t in enumerate(
        report.actions_taken + report.next_steps.immediate + report.next_steps.preventive)]
    over = [f"{k}: {len(v)} > {limit} characters" for k, v, limit in checks if len(v) > limit]
    return {"within_budget": ratio(len(checks) - len(over), len(checks), over)}


def flags(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    if not case.expected_flags:
        return {}
    raised = {f.field for f in report.review_flags}
    missing = [f for f in case.expected_flags if f not in raised]
    return {"flags_raised": ratio(len(case.expected_flags) - len(missing), len(case.expected_flags),
                                   [f"no flag on {m}" for m in missing])}


SCORERS = (fields, faithfulness, plain_language, completeness, length_budget, flags, *facts.SCORERS)


def score(case: Case, report: Report, markdown: str) -> dict[str, Score]:
    out: dict[str, Score] = {}
    for scorer in SCORERS:
        out.update(scorer(case, report, markdown))
    return out
