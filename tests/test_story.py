"""The final state of the story: status and severity as the notes end, corrections followed and named."""

import pytest

from incident_brief.ingest import from_text, read_path
from incident_brief.offline.engine import summarize
from incident_brief.offline.extract import labels
from incident_brief.schema import Severity, Status
from incident_brief.structure import parse


def status_of(text):
    found = labels.status(parse(text))
    return found.value if found else None


def severity_of(text):
    return labels.severity_story(parse(text)).found.value


def flags(text, field):
    return [f.reason for f in summarize(from_text(text, "notes", as_json=False)).review_flags if f.field == field]


@pytest.mark.parametrize("text", [
    "A faster failover could have mitigated the impact.",
    "We're looking into improving our alerting.",
    "The incident is not yet resolved.",
    "Keep the banner up until resolved.",
    "Once resolved, send the customer email.",
    "If the cache is restored we can reopen checkout.",
    "Has the incident been resolved?",
    "## Resolution status\n\nThe database ran out of disk.",
    "The fix is expected to be deployed and the service restored by Friday.",
    "## Follow-ups\n- Make sure the incident is closed in the tracker\n- Status: done",
    "- [ ] Sif relay service restored",
])
def test_hypothetical_modal_negated_future_and_todo_uses_state_no_status(text):
    assert status_of(text) is None


@pytest.mark.parametrize("text, want", [
    ("10:02 We are monitoring the error rate.\n14:38 The incident was resolved.", Status.resolved),
    ("Status: investigating\n\n- 14:02 alerts fire\n- 14:38 resolved", Status.resolved),
    ("Timeline:\n- 09:10 Acknowledged by alice\n- 09:40 Mitigated: traffic drained", Status.mitigated),
    ("Service was restored at 10:40. We're investigating the cause.", Status.resolved),
    ("Status: monitoring\n\n- 17:35 Latency back to normal; team monitoring for regressions", Status.monitoring),
    ("  - Resolved 2022-01-22 14:38\n\nThe records were deleted by a job.", Status.resolved),
    ("| **Resolved** | `2022-04-29 12:01` |", Status.resolved),
    ("prio: P2 | state: closed | owner: dana", Status.resolved),
    ("Status: Done", Status.resolved), ("Status: postmortem", Status.resolved),
    ("Status: acknowledged", Status.investigating), ("Status: postmortem_completed", Status.resolved),
    ("We are working with outside specialists, to investigate the issue.", Status.investigating),
    ("All clear at 11:05.", Status.resolved),
    ("The status page incident was marked as resolved.", Status.resolved),
])
def test_the_last_status_statement_wins(text, want):
    assert status_of(text) is want


def test_status_page_updates_newest_first_are_read_in_time_order():
    text = ("**Resolved**:\nAll systems operational.\n2024-03-02 10:40 UTC\n\n"
            "**Monitoring**:\nA fix is in place.\n2024-03-02 10:05 UTC\n\n"
            "**Investigating**:\nErrors on login.\n2024-03-02 09:12 UTC\n")
    assert status_of(text) is Status.resolved


def test_a_reopened_update_walks_status_back():
    text = ("*Resolved* - Errors stopped. 2024-03-02 10:40 UTC\n\n"
            "*Reopened* - Errors are back. 2024-03-02 11:10 UTC\n")
    assert status_of(text) is Status.investigating


def test_prose_does_not_overrule_a_status_field_with_a_weaker_hint():
    text = "---\nresolved: true\n---\nAll systems are stable. We are closely monitoring our systems."
    assert status_of(text) is Status.resolved


def test_a_changed_status_field_is_named_for_review():
    text = "Status: Investigating\n\nCheckout failed for card payments.\n\n14:38 UTC the incident was resolved."
    assert status_of(text) is Status.resolved
    assert any("first given as Investigating, later" in r and "the later value is shown" in r for r in flags(text, "status"))


def test_a_normal_progression_of_updates_is_not_flagged():
    text = ("- 09:12 UTC Investigating - errors on login\n- 10:05 UTC Monitoring - fix deployed\n"
            "- 10:40 UTC Resolved - all systems operational\n")
    assert status_of(text) is Status.resolved
    assert not any("first given" in r for r in flags(text, "status"))


def test_an_end_time_without_a_status_line_gives_resolved_with_a_flag():
    text = "Between 2025-07-30 21:27 UTC and 2025-07-31 07:27 UTC the website was down because a certificate expired."
    report = summarize(from_text(text, "notes", as_json=False))
    assert report.status is Status.resolved
    assert any("shown as resolved because they give an end time" in f.reason for f in report.review_flags)


def test_a_past_tense_postmortem_without_a_status_line_gives_resolved_with_a_flag():
    text = ("# Post-mortem: search outage\n\nThe index was corrupted after a deploy. Search was slow and results "
            "were missing. The team had a rollback ready.")
    assert labels.status_story(parse(text)).found.value is Status.resolved
    assert labels.status_story(parse(text)).inferred
    assert labels.status_story(parse("# Search notes\n\nThe index was corrupted. It was slow. We had no alert.")).found is None


@pytest.mark.parametrize("text, want", [
    ("We opened this as SEV-2 at 10:02. At 10:20 bumping to SEV-1 as payments fail.", Severity.critical),
    ("Severity: P1\n\nLater the impact was smaller than feared; downgraded to P3.", Severity.medium),
    ("Priority: P2\n\n- 10:00 UTC SEV-1 declared by the incident commander", Severity.critical),
    ("Impact: major", Severity.high), ("urgency: high", Severity.high), ("prio: P2 | state: closed", Severity.high),
    ("Severity 2 incident raised, on-call engineering called", Severity.high),
])
def test_the_final_stated_severity_wins(text, want):
    assert severity_of(text) is want


def test_a_mention_of_another_severity_is_not_a_correction():
    assert severity_of("Severity: SEV-2\n\nUnlike the SEV-1 last month, card payments kept working.") is Severity.high


def test_a_superseded_severity_is_named_for_review():
    text = "Declared SEV-2 at 10:02 UTC.\n\nAt 10:20 UTC bumping to SEV-1: all payments fail."
    reasons = flags(text, "severity")
    assert "severity was first given as SEV-2, later SEV-1; the later value is shown" in reasons
    assert not any("first given" in r for r in flags("Severity: SEV-2\n\nThe cache failed.", "severity"))


def test_title_and_incident_id_fields_are_read_before_headings():
    text = "Incident ID: PD-48213\nTitle: Card payments failing in EU\n\n# Notes\n\nThe gateway timed out."
    report = summarize(from_text(text, "notes", as_json=False))
    assert (report.title, report.incident_id) == ("Card payments failing in EU", "PD-48213")
    assert report.evidence["title"][0].quote == "Card payments failing in EU"


def test_the_documented_json_timeline_title_is_read():
    report = summarize(read_path("examples/checkout-timeline.json", 10**6))
    assert report.title == "Checkout latency after cache cluster failover"
    assert report.incident_id == "INC-2025-0042"


@pytest.mark.parametrize("text, want", [
    ("Reported by: Evan · Severity: Sev 3 · State: closed", Status.resolved),
    ("Severidad: SEV2 — Estado: resuelto", Status.resolved),
    ("**Statut :** résolu", Status.resolved),
    ("Status: behoben. Nächste Schritte: Zertifikate erneuern.", Status.resolved),
    ("Declaring SEV2. Status: investigating. Early estimate: 300 tickets.", Status.investigating),
    ("failed over at 03:40, fixed 03:44. status resolved, just watching.", Status.resolved),
    ("Sev: SEV4 (low). Closed.", Status.resolved),
    ("**Update 4 (11:32 UTC)** — Status: monitoring.\n\n**Update 5 (13:00 UTC)** — Resolved. Final figures below.",
     Status.resolved),
    ("db blip last night, failed over by itself, everything fine now.", Status.resolved),
    ("backups failed again last night. looking into it tomorrow.", Status.investigating),
])
def test_status_in_label_runs_other_languages_and_terse_notes(text, want):
    assert status_of(text) is want


def test_a_priority_field_outranks_an_urgency_field():
    assert severity_of("Priority: P1\nUrgency: high") is Severity.critical
    assert severity_of("Urgency: low\nThe queue was slow.") is Severity.low
