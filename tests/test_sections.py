"""Sections chosen by meaning: root cause, actions taken, next steps, services, What Happened."""

from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize
from incident_brief.offline.extract import cause
from incident_brief.structure import parse


def _cause(text: str) -> str | None:
    found = cause.root_cause(parse(text))
    return found.found.value if found else None


def test_the_answer_after_a_question_heading_never_the_question():
    text = ("# Broken redirects\n\n## Why were the redirect URLs broken?\n\n"
            "The router config dropped the trailing slash rule during the migration.\n\n## Timeline\n\n- 10:00 deploy\n")
    got = _cause(text)
    assert got == "The router config dropped the trailing slash rule during the migration."


def test_a_preamble_is_skipped_for_the_last_why():
    text = ("## Root cause\n\nTo analyse the root cause of this outage we'll use the 5 Whys.\n\n"
            "1. Why did checkout fail? The payments API timed out.\n"
            "2. Why did it time out? Its database pool was exhausted.\n"
            "3. Why was the pool exhausted? A batch job held every connection open overnight.\n")
    assert _cause(text) == "A batch job held every connection open overnight."


def test_background_and_symptoms_lose_to_the_causal_sentence():
    text = ("We run the shop on three regions. Customers could not pay because the page hung.\n\n"
            "The outage was caused by an expired TLS certificate on the load balancer.\n")
    assert _cause(text) == "The outage was caused by an expired TLS certificate on the load balancer."


def test_a_later_correction_replaces_the_first_guess_and_is_flagged():
    text = ("# Search outage\n\nSeverity: SEV2\n\nAt first we thought the outage was caused by a bad index build.\n\n"
            "Update: it turned out that a firewall change blocked the search nodes from the cluster.\n")
    report = summarize(from_text(text))
    assert "firewall change" in report.root_cause and "index build" not in report.root_cause
    assert any(f.field == "root_cause" and "index build" in f.reason for f in report.review_flags)


def test_no_cause_stated_gives_none():
    assert _cause("# Outage\n\nThe site was down from 10:00 to 10:40 UTC. We restarted it.\n") is None


def _services(text: str) -> list[str]:
    from incident_brief.offline.extract import services

    found = services.services(parse(text))
    return found.value if found else []


def test_services_from_the_impact_line_not_functions_nor_unaffected_systems():
    text = ("# Checkout outage\n\n## Impact\n\nCheckout (web and app) unavailable for 40 minutes. "
            "The payments-api was not affected.\n\n## Actions\n\n- Ran `pg_cancel_backend(pid)` on the stuck queries\n"
            "- Restarted the orders-worker\n")
    got = _services(text)
    assert "Checkout (web and app)" in got
    assert not any("payments" in s for s in got)
    assert not any("pg_cancel" in s for s in got)


def test_next_steps_from_tables_bare_headings_and_follow_up_lines_not_actions():
    text = ("# Queue backlog\n\n## Timeline\n\n- 10:00 restarted the consumer\n- 10:05 Follow-up: add a runbook for replays\n\n"
            "| Action | Owner | Due | Status |\n|---|---|---|---|\n| Add an alert on queue depth | Priya | 2025-03-01 | open |\n"
            "| Rotate the key | Bo | 2025-02-01 | done |\n\nFollow-ups\n- Review consumer retries\n")
    report = summarize(from_text(text))
    steps = report.next_steps.immediate + report.next_steps.preventive
    assert "Add an alert on queue depth (owner: Priya, due: 2025-03-01)" in steps
    assert "Review consumer retries" in steps
    assert any("replays" in s for s in steps)
    assert not any("Rotate the key" in s for s in steps)
    assert not any("replays" in a for a in report.actions_taken)
