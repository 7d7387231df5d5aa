"""Affected services, precision: what a failure cue names that is not a system. A symptom or protocol step ("flaky
TLS", "SSL handshake", "token check"), an activity counted in plain words ("logins", "writes", "job starts"), an
alert rule's name ("PodRestartsHigh namespace=..."), a fragment of a channel ("in-app", "from the edge"), a data
object the system holds ("the refunds table", "the retention rule"), items counted ("12,000 CI jobs failed"); and the
flow a step belongs to ("our confirmation step" -> "confirmation"). The systems the notes name stay listed.
Every note here is invented."""

import pytest

from incident_brief.evals.match import service_match
from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize
from incident_brief.offline.extract import service_kinds

# id: (notes, names that must be listed, names that must not be)
NOTES = {
    'manner-and-protocol': (
        '# Sporadic TLS errors on files.quarrybank.example\n\n09:12 some browsers report "TLS handshake failed" on '
        'downloads\n09:40 cause: one load balancer still served the expired certificate\n10:05 certificate replaced, '
        'resolved\n',
        ['files.quarrybank.example'], ['Sporadic TLS', 'TLS handshake', 'TLS']),
    'check-step': (
        '[08:02] Ines: ledger-export failed again, the bank rejected the file\n[08:20] Ines: the new zip library '
        'writes a different header so the signature check fails on upload\n[08:45] Ines: pinned the old version, '
        'ledger-export ran clean. closing\n',
        ['ledger-export'], ['signature check']),
    'activity-plural': (
        'Between 14:10 and 14:52 UTC roughly 60% of logins failed. The sso-bridge lost its connection pool after a '
        'config push and kept refusing new sessions. Rolled back sso-bridge at 14:50.\n',
        ['sso-bridge'], ['logins']),
    'writes-in-title': (
        '# Primary failover left writes failing\n\n| Field | Value |\n|---|---|\n| Services | ledger-db, '
        'ledger-service |\n\nThe ledger-db primary failed over at 02:14; the ledger-service kept its old connection '
        'string until 02:51.\n',
        ['ledger-db', 'ledger-service'], ['writes']),
    'job-starts': (
        '# Nightly invoices batch stuck\n\n- 01:00 invoice-batch job starts as scheduled\n- 01:35 job stalls with lock '
        'waits on the invoices table\n- 02:20 killed the blocking report query, batch finished 03:05\n',
        ['invoices batch'], ['invoices table', 'job starts']),
    'alert-rule': (
        '- 2025-03-02T01:10:00Z - alertmanager: [FIRING:1] PodRestartsHigh namespace=billing severity=page\n'
        '- 2025-03-02T01:14:00Z - billing-worker pods are in CrashLoopBackOff after the 01:00 deploy\n'
        '- 2025-03-02T01:40:00Z - rolled back, billing-worker healthy, resolved\n',
        ['billing-worker'], ['PodRestartsHigh', 'PodRestartsHigh namespace']),
    'fragments': (
        'Update 1 (11:05 UTC): the in-app feedback form fails to load for web users since 10:48. Roughly 8% of page '
        'views hit 503s from the edge. Update 2: the forms-api deploy was rolled back at 11:30; resolved.\n',
        ['forms-api'], ['in-app', 'edge']),
    'counted-items': (
        'The artifact mirror served corrupt tarballs for two hours. An estimated 12,000 CI jobs failed at the '
        'install step and 3,400 nightly exports were delayed. The mirror was resynced at 16:40.\n',
        ['artifact mirror'], ['CI jobs', 'nightly exports']),
    'deliveries-beside-component': (
        'Components:\n- Webhooks\n- Public API\n\n16:02 Identified: a slow query on the events table. Webhook '
        'deliveries are also delayed. 16:40 Resolved.\n',
        ['Webhooks', 'Public API'], ['Webhook deliveries', 'events table']),
    'step-names-flow': (
        'Note: callback-gateway v4.2 reads the token from a renamed header and answers 401 to every callback. Card '
        'authorisation itself works; only our receipt step fails. Reverted at 19:12.\n',
        ['callback-gateway', 'receipt'], ['receipt step']),
    'data-object-beside-system': (
        '# Rules engine dropped discounts\n\n10:05 discounts-api returns full prices\n10:30 turns out the promo '
        'retention rule deleted the active promos table rows overnight\n11:10 promos restored, discounts-api back '
        'to normal\n',
        ['discounts-api'], ['retention rule', 'promos table']),
    'vendor-itself-works': (
        '# Payout sync failing\n\n09:10 payout-sync jobs fail with 401\n09:30 the Paystream API itself works; our '
        'rotated key was never deployed\n10:02 key deployed, payout-sync healthy, resolved\n',
        ['payout-sync'], ['Paystream API']),
    'vendor-worked-as-expected': (
        'Outbound mail queued from 14:00 UTC. The Maildrop API worked as expected; the mailer-worker had crashed after '
        'the config push. Restarted mailer-worker at 14:40, resolved.\n',
        ['mailer-worker'], ['Maildrop API']),
    'db-and-database-one-name': (
        '# Incident: payments database failover\n\n| Services | payments-db, payments-api |\n\npayments-db failed '
        'over at 04:10 and payments-api kept writing to the old primary until 04:32.\n',
        ['payments-db', 'payments-api'], ['payments database']),
}


def _services(notes: str) -> list[str]:
    return summarize(from_text(notes, "n.md", as_json=False)).affected_services


@pytest.mark.parametrize("key", sorted(NOTES))
def test_only_systems_are_listed(key):
    notes, want, never = NOTES[key]
    got = _services(notes)
    assert all(any(service_match(g, w) for g in got) for w in want), got
    assert not any(g.lower() == n.lower() for g in got for n in never), got


@pytest.mark.parametrize("name", ["Intermittent TLS", "brief DNS", "SSL", "checksum check", "SSL handshake",
                                  "logins", "writes", "job starts", "KubeDNSErrorsHigh cluster", "HighErrorRate",
                                  "in-app", "edge", "payouts table", "lifecycle rule", "nightly image",
                                  "connection retry logic", "failover procedure", "endpoint URL", "2024-11-02 Ledger",
                                  "peer-to-peer", "Ledger API itself"])
def test_not_a_system(name):
    assert service_kinds.not_a_system(name)


@pytest.mark.parametrize("name", ["2FA logins", "DNS", "checkout", "login", "RateLimiter", "image CDN",
                                  "orders-db", "web", "app", "Upload service", "CI runners", "session-store"])
def test_a_system_stays(name):
    assert not service_kinds.not_a_system(name)


def test_a_step_names_its_flow():
    assert service_kinds.flow_of("confirmation step") == "confirmation"
    assert service_kinds.flow_of("step") == "step"


def test_a_count_before_a_name_is_items_but_a_clock_is_not():
    text = "an estimated 27,000 CI builds failed; 02:10  training-scheduler stops"
    assert service_kinds.counted(text, text.index("CI builds"))
    assert not service_kinds.counted(text, text.index("training-scheduler"))


@pytest.mark.parametrize("before", ["#5520 ", "January 23rd, 2019 ", "v2 ", "02:10 "])
def test_an_id_a_year_or_a_clock_is_no_count(before):
    text = before + "checkout-web"
    assert not service_kinds.counted(text, len(before))


@pytest.mark.parametrize("before", ["27,000 ", "about 400 ", "an estimated 90 ", "12k ", "~300 ", "thousands of "])
def test_a_count_is_one(before):
    assert service_kinds.counted(before + "CI jobs", len(before))
