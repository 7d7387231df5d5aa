"""Native exports and any other JSON are read, never refused; each shape is named by the reader that took it.

Every export here is invented by the team, in the documented public shape of its tool."""

import json

import pytest

from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize
from incident_brief.readers import reader_names
from incident_brief.schema import Severity, Status

PAGERDUTY = {"incident": {"id": "Q2K9XW1", "type": "incident", "incident_number": 4821, "title": "ledger-api 5xx above 20%",
                          "status": "resolved", "urgency": "high", "priority": {"summary": "P1"},
                          "created_at": "2025-04-02T09:12:00Z", "last_status_change_at": "2025-04-02T09:58:00Z",
                          "service": {"summary": "ledger-api"}},
             "log_entries": [
                 {"type": "resolve_log_entry", "created_at": "2025-04-02T09:58:00Z", "summary": "Resolved by Ana Ruiz"},
                 {"type": "trigger_log_entry", "created_at": "2025-04-02T09:12:00Z",
                  "summary": "Triggered through the API: ledger-api 5xx above 20%"},
                 {"type": "annotate_log_entry", "created_at": "2025-04-02T09:40:00Z",
                  "summary": "Rolled back ledger-api to build 311; error rate falling", "agent": {"summary": "Ana Ruiz"}}]}
SLACK = [{"type": "message", "user": "U01", "text": "payments-gateway is timing out for card payments, declaring SEV2",
          "ts": "1735723260.000100", "user_profile": {"real_name": "Kim"}},
         {"type": "message", "subtype": "channel_join", "user": "U02", "text": "<@U02> has joined the channel",
          "ts": "1735723300.000200"},
         {"type": "message", "user": "U02", "text": "failing over payments-gateway to the secondary region",
          "ts": "1735724100.000300"},
         {"type": "message", "user": "U01", "text": "all clear, payments are flowing again. resolved",
          "ts": "1735725600.000400"}]
STATUSPAGE = {"id": "p31zjtct2jer", "name": "Delayed webhook deliveries", "status": "resolved", "impact": "minor",
              "created_at": "2025-06-10T13:05:00.000Z", "resolved_at": "2025-06-10T14:20:00.000Z",
              "components": [{"name": "Webhooks"}],
              "incident_updates": [
                  {"status": "resolved", "body": "Deliveries are back to normal.", "created_at": "2025-06-10T14:20:00.000Z"},
                  {"status": "identified", "body": "A queue worker pool was undersized after a deploy.",
                   "created_at": "2025-06-10T13:40:00.000Z"},
                  {"status": "investigating", "body": "Webhook deliveries are delayed by up to 30 minutes.",
                   "created_at": "2025-06-10T13:05:00.000Z"}]}
JIRA = {"key": "OPS-771", "fields": {"summary": "Search results empty for 40 minutes", "priority": {"name": "High"},
                                     "status": {"name": "Done"}, "created": "2025-02-11T08:00:00.000+0000",
                                     "resolutiondate": "2025-02-11T08:40:00.000+0000",
                                     "components": [{"name": "search-indexer"}],
                                     "description": {"type": "doc", "content": [{"type": "paragraph", "content": [
                                         {"type": "text", "text": "A mapping change emptied the product index."}]}]},
                                     "comment": {"comments": [{"author": {"displayName": "Lee"}, "created":
                                                               "2025-02-11T08:35:00.000+0000", "body": "Reindex finished."}]}}}
OPSGENIE = {"data": {"id": "8418d193", "tinyId": "1791", "alias": "disk-full-db7", "message": "Disk full on db7",
                     "status": "closed", "priority": "P2", "createdAt": "2025-05-05T02:10:00Z",
                     "updatedAt": "2025-05-05T02:55:00Z", "tags": ["postgres"]},
            "notes": {"data": [{"note": "Cleared old WAL files on db7", "owner": "sam@example.com",
                                "createdAt": "2025-05-05T02:40:00Z"}]}}
INCIDENT_IO = {"incident": {"id": "01H", "reference": "INC-212", "name": "Login failures for SSO users",
                            "severity": {"name": "Major"}, "incident_status": {"name": "Closed", "category": "closed"},
                            "created_at": "2025-07-01T10:00:00Z", "summary": "SSO logins failed after a certificate expired.",
                            "incident_timestamp_values": [{"incident_timestamp": {"name": "Resolved at"},
                                                           "value": {"value": "2025-07-01T11:15:00Z"}}]}}
ROOTLY = {"data": {"id": "abc", "type": "incidents", "attributes": {
    "title": "Image uploads failing", "status": "resolved", "started_at": "2025-08-01T12:00:00Z",
    "resolved_at": "2025-08-01T12:45:00Z", "summary": "Uploads failed because a storage bucket policy was replaced.",
    "severity": {"data": {"attributes": {"name": "SEV2"}}}}}}
FIREHYDRANT = {"id": "fh1", "number": 88, "name": "Report exports stuck", "current_milestone": "resolved",
               "severity": "SEV3", "started_at": "2025-03-03T16:00:00Z", "description": "Exports queued but never ran.",
               "milestones": [{"type": "started", "occurred_at": "2025-03-03T16:00:00Z"},
                              {"type": "resolved", "occurred_at": "2025-03-03T17:30:00Z"}]}
NESTED = {"incident": {"id": "IR-5", "title": "Cart service errors", "priority": "P2", "state": "resolved"},
          "impact": {"affected_customers": 1200, "tickets": 31},
          "updates": [{"at": "2025-01-09T10:00:00Z", "text": "cart-service errors start"},
                      {"at": "2025-01-09T10:50:00Z", "text": "cart-service fixed, errors stopped"}]}
CASES = {"pagerduty": PAGERDUTY, "slack": SLACK, "statuspage": STATUSPAGE, "jira": JIRA, "opsgenie": OPSGENIE,
         "incident.io": INCIDENT_IO, "rootly": ROOTLY, "firehydrant": FIREHYDRANT, "json": NESTED}


@pytest.mark.parametrize("kind", list(CASES))
def test_each_export_is_read_by_its_reader_and_gives_a_report(kind):
    source = from_text(json.dumps(CASES[kind]), "export")
    assert source.kind == kind
    report = summarize(source)
    quotes = [s.quote for spans in report.evidence.values() for s in spans]
    assert all(q in source.text for q in quotes), "evidence quotes point into the document"


def test_every_reader_is_tried_and_the_generic_one_is_last():
    names = reader_names()
    assert names[-1] == "json" and set(CASES) <= set(names)


@pytest.mark.parametrize("kind,title,status,start", [
    ("pagerduty", "ledger-api 5xx above 20%", Status.resolved, "2025-04-02T09:12"),
    ("statuspage", "Delayed webhook deliveries", Status.resolved, "2025-06-10T13:05"),
    ("jira", "Search results empty for 40 minutes", None, None),
    ("json", "Cart service errors", Status.resolved, "2025-01-09T10:00"),
])
def test_key_facts_reach_the_document_and_the_report(kind, title, status, start):
    source = from_text(json.dumps(CASES[kind]), "export")
    assert f"Title: {title}\n" in source.text
    report = summarize(source)
    if status:
        assert report.status is status
    if start:
        assert report.started_at and report.started_at.isoformat().startswith(start)


def test_slack_epoch_stamps_become_utc_times_in_order():
    source = from_text(json.dumps(SLACK), "export")
    assert "- 2025-01-01T09:21:00Z - Kim: payments-gateway is timing out" in source.text
    assert "has joined the channel" not in source.text
    assert source.text.index("timing out") < source.text.index("failing over") < source.text.index("all clear")


def test_statuspage_updates_are_told_oldest_first():
    text = from_text(json.dumps(STATUSPAGE), "export").text
    assert text.index("Z - Investigating:") < text.index("Z - Identified:") < text.index("Z - Resolved:")


def test_nested_impact_objects_are_kept_not_refused():
    report = summarize(from_text(json.dumps(NESTED), "export"))
    assert report.impact.users_affected == 1200 and report.impact.customer_reports == 31
    assert report.severity is Severity.high


def test_json_that_says_nothing_is_a_clear_error():
    from incident_brief.errors import InputError

    with pytest.raises(InputError, match="holds no text"):
        from_text("{}", "export")
