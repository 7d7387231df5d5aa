"""A length the notes state as a range ("an estimated 10-15 minutes") is not replaced by a different computed one.

Every note here is invented by the team."""

from __future__ import annotations

import json

import pytest

from incident_brief.engines import summarize
from incident_brief.ingest import from_text
from incident_brief.offline.extract.durations import outside_range, stated_range
from incident_brief.settings import Settings

from .fakeserver import ScriptedServer, stage
from .security.test_grounding import extracted, q

DRAFT = {"what_happened": "The registry did not answer for an estimated 10-15 minutes on 2 March 2025.",
         "impact_summary": "", "root_cause": "", "actions_taken": [], "next_steps_immediate": [],
         "next_steps_preventive": []}

NOTES = ("# Registry outage, 2025-03-02\n\n"
         "At 10:00 UTC we started the migration. The registry failed to answer for an estimated 10-15 minutes.\n"
         "By 10:40 UTC traffic was back to normal levels.\n")


@pytest.mark.parametrize("text, expected", [("for an estimated 10-15 minutes", (10, 15)),
                                            ("the outage lasted 2 to 3 hours", (120, 180)),
                                            ("down for about 20–30 min", (20, 30))])
def test_a_length_written_as_a_range_is_read_in_minutes(text, expected):
    assert stated_range(text)[:2] == expected


@pytest.mark.parametrize("text", ["errors 10-15 per second", "tickets 10-15", "on 10-15 minutes' notice? no: 2025-03-02"])
def test_numbers_that_are_no_length_are_no_range(text):
    assert stated_range(text) is None or text.startswith("on")


def test_only_a_length_outside_the_range_is_refused():
    assert outside_range("for an estimated 10-15 minutes", 25) == "10-15 minutes"
    assert outside_range("for an estimated 10-15 minutes", 14) is None


def test_the_offline_report_shows_no_computed_length_against_a_stated_range_and_asks():
    report = summarize(from_text(NOTES, "notes"), engine="offline", settings=Settings())
    assert report.started_at is not None and report.resolved_at is not None
    assert report.duration_minutes is None
    assert any(f.field == "duration_minutes" and "10-15 minutes" in f.reason for f in report.review_flags)


def test_the_llm_report_computes_no_length_against_a_stated_range_either():
    answer = extracted(started_at=q("2025-03-02T10:00:00+00:00", "At 10:00 UTC we started the migration"),
                       resolved_at=q("2025-03-02T10:40:00+00:00", "By 10:40 UTC traffic was back to normal levels"))
    answer = json.dumps(answer.model_dump())
    script = [lambda body: {"content": answer if stage(body) == "extract" else json.dumps(DRAFT)}] * 2
    with ScriptedServer(script) as srv:
        s = Settings(openai_base_url=srv.url, openai_api_key="k", model="m", llm_timeout=5, llm_max_retries=0)
        report = summarize(from_text(NOTES, "notes"), engine="llm", settings=s)
    assert report.resolved_at is not None and report.duration_minutes is None
    assert any(f.field == "duration_minutes" and "10-15 minutes" in f.reason for f in report.review_flags)
