"""The incident declared resolved or closed, beside the end of customer impact.

Postmortems often end an incident where it was declared resolved (a status page marked resolved, "resolution
confirmed", a Resolved field), after service came back. The report keeps the window of impact (Start, End,
Duration) and shows the closing on its own line when it comes later. Every note here is invented by the team."""

from __future__ import annotations

import json

from incident_brief.audiences.render import compose
from incident_brief.engines import summarize
from incident_brief.evals.corpus import from_gold
from incident_brief.evals.cases import Case
from incident_brief.evals.scorers import fields
from incident_brief.ingest import from_text
from incident_brief.llm.ground import ground
from incident_brief.llm.schema import ExtractedFactsV5
from incident_brief.render import render
from incident_brief.settings import Settings

from .fakeserver import ScriptedServer, stage
from .security.test_grounding import extracted, q

STATUS_PAGE = ("Card payments failing at checkout\n"
               "2025-05-06 (all times UTC)\n\n"
               "14:02 Investigating: card payments are failing at checkout.\n"
               "14:40 Monitoring: payments are succeeding again after the gateway certificate was renewed.\n"
               "15:10 Resolved: this incident has been resolved.\n")

FRONT_MATTER = ("---\ntitle: Mail relay outage\ndate: 2025-02-11T08:05:00Z\nresolved_on: 2025-02-11T10:30:00Z\n---\n"
                "The mail relay stopped accepting messages. By 09:50 UTC mail was flowing again; the incident was "
                "closed after a quiet period.\n")

ONE_END = ("Search outage, 2025-07-01 (times UTC)\n"
           "09:00 search returns errors for every query\n"
           "09:25 search resolved after the index node was restarted\n")

DRAFT = {"what_happened": "Card payments failed at checkout for 38 minutes on 6 May 2025.", "impact_summary": "",
         "root_cause": "", "actions_taken": [], "next_steps_immediate": [], "next_steps_preventive": []}


def _offline(text: str):
    return summarize(from_text(text, "notes"), engine="offline", settings=Settings())


def test_a_declared_resolution_after_the_recovery_is_kept_beside_the_end_of_impact():
    report = _offline(STATUS_PAGE)
    assert report.resolved_at.strftime("%H:%M") == "14:40" and report.closed_at.strftime("%H:%M") == "15:10"
    assert report.duration_minutes == 38
    markdown = render(report)
    assert "**End:** 14:40 UTC  \n**Closed:** 15:10 UTC\n" in markdown
    assert report.evidence["closed_at"][0].quote.startswith("15:10")


def test_the_engineering_timeline_tells_the_recovery_and_the_closing_apart():
    brief = compose(_offline(STATUS_PAGE), "engineering")
    assert [(t.label, t.at[11:16]) for t in brief.timeline] == [
        ("Started", "14:02"), ("Recovered", "14:40"), ("Closed", "15:10")]
    assert [t.label for t in compose(_offline(ONE_END), "engineering").timeline][-1] == "Resolved"


def test_front_matter_that_closes_the_incident_is_the_closing_not_the_end_of_impact():
    report = _offline(FRONT_MATTER)
    assert report.resolved_at.strftime("%H:%M") == "09:50" and report.closed_at.strftime("%H:%M") == "10:30"


def test_a_closing_that_is_the_end_adds_no_line():
    report = _offline(ONE_END)
    assert report.resolved_at.strftime("%H:%M") == "09:25"
    assert report.closed_at in (None, report.resolved_at)
    assert "**Closed:**" not in render(report)


CLOSED = "15:10 Resolved: this incident has been resolved."


def _v5(closed_at: str, **over) -> dict:
    """A v5 answer: v1's fields (`over`), no id or other figures, and the closing with its quote."""
    return {**extracted(**over).model_dump(), "incident_id": q(None, None), "other_impact_figures": [],
            "closed_at": q(closed_at, CLOSED)}


def test_the_model_s_closing_is_grounded_like_any_time():
    answer = _v5("2025-05-06T15:10:00+00:00")
    g = ground(ExtractedFactsV5.model_validate(answer), STATUS_PAGE)
    assert g.values["closed_at"].strftime("%H:%M") == "15:10"
    g = ground(ExtractedFactsV5.model_validate(_v5("2025-05-06T15:45:00+00:00")), STATUS_PAGE)
    assert "closed_at" not in g.values and any(name == "closed_at" for name, _ in g.dropped)


def test_the_llm_report_shows_the_model_s_end_of_impact_and_closing():
    answer = _v5("2025-05-06T15:10:00+00:00", started_at=q("2025-05-06T14:02:00+00:00", "14:02 Investigating"),
                 resolved_at=q("2025-05-06T14:40:00+00:00", "14:40 Monitoring: payments are succeeding again"))
    script = [lambda body: {"content": json.dumps(answer) if stage(body) == "extract" else json.dumps(DRAFT)}] * 2
    with ScriptedServer(script) as srv:
        s = Settings(openai_base_url=srv.url, openai_api_key="k", model="m", llm_timeout=5, llm_max_retries=0)
        report = summarize(from_text(STATUS_PAGE, "notes"), engine="llm", settings=s)
    assert (report.resolved_at.strftime("%H:%M"), report.closed_at.strftime("%H:%M")) == ("14:40", "15:10")
    assert report.duration_minutes == 38
    assert not [f for f in report.review_flags if f.field in ("resolved_at", "closed_at")]


def _gold(**over) -> dict:
    base = {"incident_start_utc": "2025-05-06T14:02:00Z", "incident_end_utc": "2025-05-06T15:10:00Z",
            "duration_minutes": None, "severity_stated": None, "affected_services": [], "users_affected": None,
            "revenue_impact": None, "customer_reports": None, "root_cause": ""}
    return {**base, **over}


def test_a_corpus_gold_end_is_the_declared_resolution_where_the_report_has_one():
    report = _offline(STATUS_PAGE)
    scored = fields(Case("c", "corpus", STATUS_PAGE, from_gold(_gold())), report, "")
    assert scored["end"].value == 1.0
    recovery = fields(Case("c", "corpus", STATUS_PAGE, from_gold(_gold(incident_end_utc="2025-05-06T14:40:00Z"))),
                      report, "")
    assert recovery["end"].value == 0.0


def test_a_gold_that_states_the_end_of_impact_is_scored_against_the_end_of_impact():
    report = _offline(STATUS_PAGE)
    gold = _gold(resolved_at="2025-05-06T14:40:00Z", started_at="2025-05-06T14:02:00Z")
    assert fields(Case("c", "corpus-more", STATUS_PAGE, from_gold(gold)), report, "")["end"].value == 1.0
