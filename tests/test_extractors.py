"""Unit tests for the severity, status, services, impact and narrative extractors."""

import pytest

from incident_brief.offline.extract import cause, impact, labels, narrative, services
from incident_brief.schema import Severity, Status
from incident_brief.structure import parse


def sev(text):
    found, raw = labels.severity(parse(text))
    return found.value if found else None


@pytest.mark.parametrize("text, want", [
    ("Severity: SEV1", Severity.critical), ("sev-2 declared", Severity.high), ("This was a SEV3.", Severity.medium),
    ("Declared a P1 incident at 10:00", Severity.critical), ("Priority: P4", Severity.low),
    ("Severity: minor", Severity.low), ("Severity: critical", Severity.critical),
    ("It was a major incident for the team.", Severity.high),
    ("#### Impact\nHigh - Impact was high for staff.", Severity.high),
    ("---\nseverity: disrupted\n---\nbody", Severity.medium),
])
def test_severity_labels(text, want):
    assert sev(text) is want


@pytest.mark.parametrize("text", [
    "The critical path was slow.", "We ran P1 and P2 of the migration.", "Nothing about importance here.",
    "A high volume of traffic arrived.",
])
def test_no_severity_is_guessed(text):
    assert sev(text) is None


def test_non_standard_label_is_reported_for_review():
    assert labels.is_standard_label("SEV1") and labels.is_standard_label("critical")
    assert not labels.is_standard_label("disrupted")


@pytest.mark.parametrize("text, want", [
    ("Status: Resolved", Status.resolved), ("Current status: monitoring", Status.monitoring),
    ("The incident has been resolved.", Status.resolved), ("Service fully restored at 18:46.", Status.resolved),
    ("The impact was mitigated by a config change.", Status.mitigated),
    ("We are investigating elevated errors.", Status.investigating),
    ("---\nresolved: true\n---\nSomething broke.", Status.resolved),
])
def test_status(text, want):
    assert labels.status(parse(text)).value is want


def test_status_not_stated():
    assert labels.status(parse("The database ran out of disk.")) is None


def names(text):
    found = services.services(parse(text))
    return found.value if found else []


def test_services_identifiers_hostnames_and_phrases():
    text = ("payment-api began failing; checkout-service timed out. "
            "Users saw errors on shop.example.com while the Billing Ledger service stalled.")
    assert names(text) == ["payment-api", "checkout-service", "shop.example.com", "Billing Ledger service"]


def test_services_skip_urls_emails_and_files():
    text = ("See https://status.example.com/incidents/1 and write to ops@example.com. "
            "The panic was in feature-flags/src/main.rs. The read-only mode and post-incident review.")
    assert names(text) == []


def test_services_stated_section_wins():
    text = "Affected services: payment-api, checkout-service and transaction-processor\n\nthe auth-api was fine"
    assert names(text) == ["payment-api", "checkout-service", "transaction-processor"]


def test_services_from_front_matter_and_list_section():
    assert names("---\naffected:\n  - Batch System\n  - DNS\n---\ntext") == ["Batch System", "DNS"]
    assert names("## Affected services\n\n- search-api\n- Autocomplete\n") == ["search-api", "Autocomplete"]


def test_sentence_initial_words_are_not_services():
    found = names("A database went down. Full service returned later.")
    assert not [n for n in found if n.split()[0] in ("A", "Full")], found  # "database" alone is a system word


def figures(text):
    doc = parse(text)
    found = [impact.users_affected(doc), impact.revenue(doc), impact.customer_reports(doc)]
    return [f.value if f else None for f in found]


def test_impact_figures_tied_to_their_meaning():
    users, revenue, reports = figures(
        "About 15,420 users were unable to pay. We estimate $287.5k in lost revenue. Support received 342 tickets.")
    assert users == 15420 and revenue.amount == 287500 and revenue.currency == "USD" and reports == 342


def test_impact_labels_and_currencies():
    users, revenue, reports = figures("Users affected: 2300\nRevenue impact: 18400 EUR\nCustomer reports: 19")
    assert (users, revenue.amount, revenue.currency, reports) == (2300, 18400, "EUR", 19)
    assert figures("The outage cost us £12,000 in lost sales.")[1].currency == "GBP"
    assert figures("36 customers contacted support.")[2] == 36


@pytest.mark.parametrize("text", [
    "We scaled from 4 to 12 instances with 200 connections.",
    "78% of requests failed in the US region.",
    "The 2 users who reported it were staff.",
    "We spent $40 on extra servers.",
])
def test_numbers_without_that_meaning_are_not_impact(text):
    assert figures(text) == [None, None, None]


def test_root_cause_from_section_and_from_sentence():
    doc = parse("## Root cause\n\nA config typo disabled eviction. It went unnoticed.\n\n## Next")
    assert cause.root_cause(doc).found.value == "A config typo disabled eviction. It went unnoticed."
    doc = parse("The site was down. The outage was caused by an expired TLS certificate on the load balancer.")
    assert cause.root_cause(doc).found.value.startswith("The outage was caused by an expired")


def test_root_cause_lists_compounding_factors():
    doc = parse("## Root Cause Analysis\n\nThree factors:\n\n1. **Timing**: A change shipped under load.\n"
                "2. **Retries**: Retries multiplied the load.\n")
    assert cause.root_cause(doc).found.value == "Timing: A change shipped under load. Retries: Retries multiplied the load."


def test_actions_from_section_and_from_timeline():
    doc = parse("## Resolution\n\n- Restarted the web server\n- Cleared the temp directory\n")
    assert narrative.actions_taken(doc).value == ["Restarted the web server", "Cleared the temp directory"]
    doc = parse("## Timeline\n\n- 10:00 UTC - Alert fired\n- 10:05 UTC - Rolled back release 42\n")
    assert narrative.actions_taken(doc).value == ["Rolled back release 42"]


def test_next_steps_split_immediate_and_preventive():
    doc = parse("## Action items\n\n- Monitor error rates for the next 24 hours\n- Add alerting on disk usage\n")
    immediate, preventive = narrative.next_steps(doc)
    assert immediate.value == ["Monitor error rates for the next 24 hours"]
    assert preventive.value == ["Add alerting on disk usage"]
    doc = parse("### Immediate actions\n\n- Rotate the token\n\n### Preventive measures\n\n- Scan logs for secrets\n")
    immediate, preventive = narrative.next_steps(doc)
    assert (immediate.value, preventive.value) == (["Rotate the token"], ["Scan logs for secrets"])


def test_inline_next_steps_split_on_semicolons():
    doc = parse("What we will do next: add a contract test; drop stale columns; and alert finance.\n")
    _, preventive = narrative.next_steps(doc)
    assert preventive.value == ["Add a contract test", "Drop stale columns", "Alert finance"]


def test_title_and_incident_id():
    doc = parse("# Payment outage\n\nIncident ID: INC-2024-001234\n")
    assert narrative.title(doc).value == "Payment outage"
    assert narrative.incident_id(doc).value == "INC-2024-001234"
    assert narrative.incident_id(parse("No identifier in here.")) is None
