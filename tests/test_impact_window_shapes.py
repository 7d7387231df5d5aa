"""The customer-impact window and the final status in notes of every shape.

The alert, the ticket's creation or the first chat message often come after impact began, and a later line says
when it really began ("looking back at the graphs it started 11:42"); the ticket is often closed well after
customers were fine again ("error rate back to baseline 10:40" ... "Resolved."). The window is the customer
impact, not the administrative one. Every note here is invented by the team.
"""

import json
from datetime import datetime, timezone

import pytest

from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize
from incident_brief.schema import Status

UTC = timezone.utc


def report(notes: str):
    return summarize(from_text(notes, "notes", as_json=False))


def json_report(data) -> object:
    return summarize(from_text(json.dumps(data), "export.json"))


def at(y, mo, d, h, mi):
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def window(r):
    return r.started_at, r.resolved_at, r.duration_minutes


# --- 1. a retrospective impact start, stated after the alert ---

PAGERDUTY = {
    "incident": {"id": "PX81QZ", "incident_number": 9120, "title": "checkout-api error rate above 10%", "status": "resolved",
                 "urgency": "high", "created_at": "2025-03-04T11:58:00Z", "last_status_change_at": "2025-03-04T13:10:00Z",
                 "service": {"summary": "checkout-api"}},
    "log_entries": [
        {"type": "resolve_log_entry", "created_at": "2025-03-04T13:10:00Z", "summary": "Resolved by Noor Haddad"},
        {"type": "annotate_log_entry", "created_at": "2025-03-04T12:40:00Z",
         "summary": "checkout-api error rate back to baseline at 12:31 UTC after the rollback; keeping the incident open "
                    "for the payment provider's confirmation"},
        {"type": "annotate_log_entry", "created_at": "2025-03-04T12:15:00Z",
         "summary": "looking back at the graphs the errors started 11:42 UTC, 16 minutes before the alert"},
        {"type": "trigger_log_entry", "created_at": "2025-03-04T11:58:00Z",
         "summary": "Triggered through the API: checkout-api error rate above 10%"}]}


def test_pagerduty_a_later_note_states_the_impact_start_and_end():
    r = json_report(PAGERDUTY)
    assert window(r) == (at(2025, 3, 4, 11, 42), at(2025, 3, 4, 12, 31), 49)
    assert r.status is Status.resolved


CHAT_ROLLOUT = """#inc-search, times UTC, Wed 12 Feb 2025

[06:41] Ines: alert: search p99 above 4s, results timing out for some users
[06:44] Marek: ack, looking
[06:58] Marek: looks like it started with the 06:20 rollout of search-api 7.3, reverting
[07:09] Marek: revert done, search latency back to normal since 07:07
[07:30] Ines: resolved, handing over to the day shift for the write-up
"""


def test_chat_a_rollout_named_as_the_beginning_starts_the_window():
    assert window(report(CHAT_ROLLOUT)) == (at(2025, 2, 12, 6, 20), at(2025, 2, 12, 7, 7), 47)


EMAIL = """From: Lena Vogt <lena@example.com>
Sent: Thursday, 8 May 2025 18:05
Subject: RE: [INC] EU file uploads failing

Final summary for the status page: Between 15:12 and 16:30 UTC, uploads in the EU region failed for about
a third of customers. The storage gateway was restarted with the previous certificate bundle. This incident
is resolved.

Lena

From: Tom Reyes <tom@example.com>
Sent: Thursday, 8 May 2025 16:40
Subject: RE: [INC] EU file uploads failing

Gateway restarted at 16:25, uploads look healthy since 16:30. We keep the incident open until the evening.

From: Lena Vogt <lena@example.com>
Sent: Thursday, 8 May 2025 15:35
Subject: [INC] EU file uploads failing

Customers report failed uploads in the EU region since ~15:12 UTC. Opening an incident.
"""


def test_email_the_status_page_summary_states_the_window():
    r = report(EMAIL)
    assert window(r) == (at(2025, 5, 8, 15, 12), at(2025, 5, 8, 16, 30), 78)
    assert r.status is Status.resolved


POSTMORTEM = """# Login errors after the session store failover

Status: Resolved · Severity: SEV2 · All times UTC, 2 June 2025

## Timeline

- 08:20 Alert fired: login error rate above 5%
- 08:31 On-call finds errors began at 08:05 (from LB logs), right after the session store failover
- 08:52 Session store pinned back to the primary
- 09:01 Login error rate back to baseline; customer impact over
- 09:45 Incident closed after the review call

## Impact

About 12% of logins failed for 56 minutes. The replication queue had been growing for 3 hours before the failover.
"""


def test_markdown_errors_began_from_logs_and_impact_over_before_the_close():
    r = report(POSTMORTEM)
    assert window(r) == (at(2025, 6, 2, 8, 5), at(2025, 6, 2, 9, 1), 56)


TERSE = """19 Aug 2025, times UTC. search degraded from 15:12 (es-3 out of heap), restarted es-3 15:40, recovered at 15:41.
kept it open and watched until 16:30, then closed. sev3.
"""


def test_terse_degraded_from_and_recovered_at():
    assert window(report(TERSE)) == (at(2025, 8, 19, 15, 12), at(2025, 8, 19, 15, 41), 29)


MIDNIGHT = """Chat export #ops-billing (UTC), night of Fri 14 to Sat 15 March 2025

[23:58] Ana: invoices page returns 500 for everyone
[00:06] Raj: first failed request 23:41 according to the access log, right when the nightly job took the lock
[00:19] Raj: killed the job, invoices page recovered at 00:17
[00:40] Ana: all good, closing
"""


def test_chat_across_midnight_first_failed_request_and_recovered_at():
    assert window(report(MIDNIGHT)) == (at(2025, 3, 14, 23, 41), at(2025, 3, 15, 0, 17), 36)


# --- 3. export fields: impact fields against administrative ones, events out of order, epoch seconds ---

GENERIC_EVENTS = {
    "ticket": "OPS-5521", "title": "Order confirmation emails delayed", "severity": "SEV3",
    "events": [
        {"type": "RESOLVED", "at": 1745503200, "note": "ticket resolved"},
        {"type": "IMPACT_END", "at": 1745499600, "note": "queue drained"},
        {"type": "ALERT", "at": 1745494200, "note": "email queue depth alert"},
        {"type": "IMPACT_START", "at": 1745492400, "note": "mail relay started rejecting connections"}]}


def test_generic_json_impact_events_out_of_order_in_epoch_seconds():
    r = json_report(GENERIC_EVENTS)
    assert window(r) == (at(2025, 4, 24, 11, 0), at(2025, 4, 24, 13, 0), 120)


FIELDS = {
    "id": "INC-3307", "summary": "Mobile push notifications not delivered", "status": "closed",
    "reported_at": "2025-07-01T09:40:00Z", "created_at": "2025-07-01T09:44:00Z",
    "customer_impact_started_at": "2025-07-01T09:05:00Z", "customer_impact_ended_at": "2025-07-01T10:20:00Z",
    "closed_at": "2025-07-02T08:00:00Z"}


def test_generic_json_customer_impact_fields_beat_reported_and_closed():
    assert window(json_report(FIELDS)) == (at(2025, 7, 1, 9, 5), at(2025, 7, 1, 10, 20), 75)


ROOTLY = {"data": {"id": "b1f", "type": "incidents", "attributes": {
    "sequential_id": 88, "title": "Card payments declined", "status": "resolved", "severity": "sev1",
    "started_at": "2025-09-09T14:02:00Z", "detected_at": "2025-09-09T14:09:00Z",
    "acknowledged_at": "2025-09-09T14:11:00Z", "mitigated_at": "2025-09-09T14:38:00Z",
    "resolved_at": "2025-09-09T16:00:00Z", "summary": "Card payments were declined after a fraud rule change."}}}


def test_rootly_mitigated_ends_customer_impact():
    assert window(json_report(ROOTLY)) == (at(2025, 9, 9, 14, 2), at(2025, 9, 9, 14, 38), 36)


STATUSPAGE = {"id": "k2v", "name": "Dashboard unavailable", "status": "resolved", "impact": "major",
              "created_at": "2025-10-03T07:20:00Z", "resolved_at": "2025-10-03T10:05:00Z",
              "incident_updates": [
                  {"status": "resolved", "created_at": "2025-10-03T10:05:00Z",
                   "body": "From 07:05 to 09:20 UTC the dashboard was unavailable for all customers. The fault in the "
                           "load balancer configuration has been corrected and the incident is resolved."},
                  {"status": "monitoring", "created_at": "2025-10-03T09:25:00Z",
                   "body": "A fix has been applied and the dashboard is loading again. We are monitoring."},
                  {"status": "investigating", "created_at": "2025-10-03T07:20:00Z",
                   "body": "We are investigating reports that the dashboard does not load."}]}


def test_statuspage_final_summary_window_beats_created_and_resolved():
    r = json_report(STATUSPAGE)
    assert window(r) == (at(2025, 10, 3, 7, 5), at(2025, 10, 3, 9, 20), 135)
    assert r.status is Status.resolved


# --- 5. durations ---

@pytest.mark.parametrize("notes, minutes", [
    ("Checkout was down for about 75 minutes last night after the certificate expired. Renewed it. Resolved.", 75),
    ("db blip, writes failing ~20 min, failover fixed it. closed.", 20),
    ("Recap: the image CDN served stale thumbnails for roughly 2 hours. Purged the cache. Done.", 120),
])
def test_a_stated_duration_without_a_window(notes, minutes):
    r = report(notes)
    assert r.duration_minutes == minutes and r.started_at is None


def test_the_window_beats_a_far_away_duration_of_something_else():
    r = report(POSTMORTEM.replace("for 56 minutes", "during the incident"))
    assert r.duration_minutes == 56


# --- 6. the final status ---

@pytest.mark.parametrize("notes, status", [
    ("10:02 sync jobs failing\n10:40 fixed the credentials, jobs are running again\n11:00 resolved, but we keep "
     "monitoring the sync jobs overnight\n", Status.monitoring),
    ("# Vendor DNS outage\n\nStatus: MITIGATED (open pending vendor RCA)\n\nWe switched resolvers at 10:20 and lookups "
     "are working again.\n", Status.mitigated),
    ("14:05 uploads failing\n14:30 resolved\n14:50 errors are back, reopened\n15:20 failover done, we are monitoring\n",
     Status.monitoring),
])
def test_the_last_status_stated_wins(notes, status):
    assert report(notes).status is status
