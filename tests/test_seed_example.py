"""The example carrying the seed report's facts yields those facts, without the seed's wording defects."""

from datetime import datetime, timezone

import pytest

from incident_brief.ingest import read_path
from incident_brief.offline.engine import summarize
from incident_brief.offline.plain import default_glossary, doubled_words
from incident_brief.render import render

from .conftest import EXAMPLES

SEED_DEFECTS = ("automatic automatic", "data storage system database access capacity",
                "processing processing", "overwhelming traffic attack", "None")


@pytest.fixture(scope="module")
def report():
    src = read_path(str(EXAMPLES / "payment-outage.md"), 1 << 20)
    return summarize(src, generated_at=datetime(2024, 1, 15, 14, 23, tzinfo=timezone.utc))


@pytest.fixture(scope="module")
def markdown(report):
    return render(report, "markdown")


def test_seed_facts(report, markdown):
    assert report.incident_id == "INC-2024-001234" and report.title == "Payment Processing Service Outage"
    assert report.status.value == "resolved" and report.severity.value == "critical"
    assert report.duration_minutes == 150
    assert report.affected_services == ["payment-api", "checkout-service", "transaction-processor"]
    assert report.impact.users_affected == 15420 and report.impact.customer_reports == 342
    assert report.impact.revenue_impact.amount == 287500 and report.impact.revenue_impact.currency == "USD"
    assert len(report.actions_taken) == 5
    assert len(report.next_steps.immediate) == 4 and len(report.next_steps.preventive) == 4
    assert report.contact == "incident-response@company.com"
    for line in ("**Status:** Resolved", "**Severity:** CRITICAL", "**Duration:** 2.5 hours",
                 "**Affected Services:** payment-api, checkout-service, transaction-processor",
                 "- **Users Affected:** 15,420", "- **Estimated Revenue Impact:** $287,500.00",
                 "- **Customer Reports:** 342", "**For Questions:** incident-response@company.com"):
        assert line in markdown


def test_seed_actions_and_steps_read_plainly(report):
    assert report.actions_taken[0] == "Increased the database connection capacity from 50 to 200 connections"
    assert "Scaled payment-api from 4 to 12 servers to spread the load" in report.actions_taken
    assert report.next_steps.immediate[1] == "Complete the post-incident review with the engineering team"


def test_none_of_the_seed_wording_defects(markdown):
    low = markdown.lower()
    for defect in SEED_DEFECTS:
        assert defect.lower() not in low
    assert doubled_words(markdown) == []


def test_executive_prose_has_no_glossary_jargon(report):
    g = default_glossary()
    prose = [report.what_happened, report.root_cause, report.impact.summary, *report.actions_taken,
             *report.next_steps.immediate, *report.next_steps.preventive]
    assert [t for t in prose if g.jargon_in(t, keep=report.affected_services)] == []
