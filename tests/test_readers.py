"""Native exports and any other JSON are read, never refused; each shape is named by the reader that took it.

Every export here is invented by the team, in the documented public shape of its tool."""

import json
import re

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


# ---- text shapes: every sample below is invented by the team ----

from pathlib import Path  # noqa: E402

from incident_brief.engines import summarize as summarize_with_engine  # noqa: E402
from incident_brief.readers import text_reader_names  # noqa: E402
from incident_brief.settings import Settings  # noqa: E402

SLACK_PASTE = """#inc-4471-invoices
Tuesday, March 11th, 2025
Priya Natarajan  11:52 PM
:rotating_light: invoice-renderer is returning blank PDFs for every new invoice
declaring SEV2, all times PT
Tomás Ferreira  11:58 PM
:eyes: looking. last deploy of invoice-renderer was at 11:40 PM
:eyes: 2
Wednesday, March 12th, 2025
Tomás Ferreira  12:07 AM
rolled back invoice-renderer to v5.12, PDFs render again :white_check_mark:
12:09 AM
the new font bundle was missing from the image
Priya Natarajan  12:20 AM
resolved. roughly 640 invoices went out blank, support is resending them
"""
IRC_LOG = """[22:14] <mbeck> search-indexer on idx-3 is OOMing again, all times UTC, 2025-02-20
-!- rsato [~rs@host] has joined #ops
[22:16] <rsato> 4 of 12 shards down, about a third of search requests failing
[22:31] * rsato raised the heap on idx-3 and restarted search-indexer
[22:44] <mbeck> shards green, failure rate back to zero. resolved
"""
NEWEST_FIRST_CHAT = """[10:41 AM] kai: cache-proxy healthy again, resolved (times in ET, 3 Feb 2025)
[10:20 AM] kai: restarted the cache-proxy pool
[10:03 AM] ana: cache-proxy returning 503 on 30% of requests
"""
EMAIL_THREAD = """From: Rosa Imbert <rosa@example.org>
Sent: Thu, 5 Jun 2025 16:40:00 +0100
To: ops-leads@example.org
Subject: RE: Payroll export failed overnight

Export re-ran at 16:10 and finished. All 1,120 payslips are out. Closing the incident.

On Thu, 5 Jun 2025 at 11:02, Ben Ortiz <ben@example.org> wrote:
> Found it: the export job ran out of disk on batch-7 after the log volume filled up.

From: Ben Ortiz <ben@example.org>
Date: Thu, 5 Jun 2025 11:02:00 +0100
Subject: Re: Payroll export failed overnight

Found it: the export job ran out of disk on batch-7 after the log volume filled up.
> Payroll export failed at 02:15 and nobody got payslips :fire:
>> something only this quote says: the HR portal showed stale payslips

From: Rosa Imbert <rosa@example.org>
Date: Thu, 5 Jun 2025 08:30:00 +0100
Subject: Payroll export failed overnight

Payroll export failed at 02:15 and nobody got payslips :fire:
"""
LABEL_RUN = """prio: P2 | state: closed | owner: dana.k
svc: notification-service · started: 2025-08-19 13:05 UTC · resolved: 2025-08-19 13:50 UTC

Push notifications were delayed by up to 40 minutes because the APNs client kept an expired token.
"""
TERSE = """night handoff 14 May 2025
kafka broker 3 disk full from 01:40 IST
order emails delayed ~35 min
freed old segments, lag draining
resolved 02:55 IST :tada:
todo: disk alert at 80%
"""


def _read(text: str):
    return from_text(text, "notes")


def test_every_text_shape_has_a_reader_and_plain_text_is_last():
    assert text_reader_names() == ["transcript", "csv", "email", "chat", "labels", "terse", "text"]


FACTS = {  # what each sample states: every one must reach the document
    "slack": ["#inc-4471-invoices", "Tuesday, March 11th, 2025", "Priya Natarajan", "11:52 PM", "blank PDFs",
              "declaring SEV2", "all times PT", "11:40 PM", "v5.12", "font bundle", "roughly 640 invoices", "12:20 AM"],
    "irc": ["22:14", "mbeck", "idx-3 is OOMing", "2025-02-20", "4 of 12 shards", "a third of search requests",
            "raised the heap", "22:44", "resolved"],
    "newest": ["10:41 AM", "times in ET, 3 Feb 2025", "restarted the cache-proxy pool", "503 on 30% of requests"],
    "email": ["Rosa Imbert <rosa@example.org>", "Thu, 5 Jun 2025 16:40:00 +0100",
              "Payroll export failed overnight", "re-ran at 16:10", "1,120 payslips", "Ben Ortiz <ben@example.org>",
              "ran out of disk on batch-7", "failed at 02:15", "HR portal showed stale payslips"],
    "labels": ["prio: P2", "state: closed", "owner: dana.k", "svc: notification-service",
               "started: 2025-08-19 13:05 UTC", "resolved: 2025-08-19 13:50 UTC", "up to 40 minutes"],
    "terse": ["14 May 2025", "disk full from 01:40 IST", "delayed ~35 min", "freed old segments", "resolved 02:55 IST",
              "todo: disk alert at 80%"],
}


@pytest.mark.parametrize("text,kind,facts", [(SLACK_PASTE, "chat", "slack"), (IRC_LOG, "chat", "irc"),
                                             (NEWEST_FIRST_CHAT, "chat", "newest"), (EMAIL_THREAD, "email", "email"),
                                             (LABEL_RUN, "labels", "labels"), (TERSE, "terse", "terse")])
def test_each_text_shape_is_recognised_and_no_fact_is_lost(text, kind, facts):
    source = _read(text)
    assert source.kind == kind
    assert not [f for f in FACTS[facts] if f not in source.text]
    assert not re.search(r"(?<![\w:]):[a-z_+-]+:(?!\w)", source.text), "emoji codes are removed"


def test_a_pasted_slack_log_becomes_one_line_per_message_oldest_first_with_its_zone_once():
    text = _read(SLACK_PASTE).text
    lines = text.splitlines()
    assert "Timeline (all times PT):" in lines and text.count("Timeline (") == 1
    assert "[11:52 PM] Priya Natarajan: invoice-renderer is returning blank PDFs for every new invoice; " \
           "declaring SEV2, all times PT" in lines
    assert "[12:09 AM] Tomás Ferreira: the new font bundle was missing from the image" in lines  # a bare time: same speaker
    assert "Wednesday, March 12th, 2025" in lines
    assert text.index("11:52 PM") < text.index("11:58 PM") < text.index("March 12th") < text.index("12:07 AM")
    assert not any(line.strip() in ("2", "") for line in lines[2:])  # a reaction count is not a message


def test_an_irc_log_drops_joins_and_keeps_actions():
    text = _read(IRC_LOG).text
    assert "has joined" not in text
    assert "[22:31] * rsato: raised the heap on idx-3 and restarted search-indexer" in text.splitlines()
    assert "Timeline (all times UTC):" in text


def test_a_chat_pasted_newest_first_is_told_oldest_first():
    text = _read(NEWEST_FIRST_CHAT).text
    assert text.index("[10:03 AM]") < text.index("[10:20 AM]") < text.index("[10:41 AM]")


def test_an_email_thread_is_told_oldest_first_without_repeated_quotes():
    text = _read(EMAIL_THREAD).text
    assert text.startswith("Subject: Payroll export failed overnight\n")
    assert text.index("Date: Thu, 5 Jun 2025 08:30") < text.index("Date: Thu, 5 Jun 2025 11:02") \
        < text.index("Date: Thu, 5 Jun 2025 16:40")
    assert "From: Rosa Imbert <rosa@example.org>" in text and "ops-leads@example.org" not in text  # a list, no fact
    assert text.count("ran out of disk on batch-7") == 1 and text.count("Payroll export failed at 02:15") == 1
    assert "wrote:" not in text and "\n> Found it" not in text
    assert ">> something only this quote says" in text  # a quote nothing else repeats is kept


def test_a_reply_quoting_the_whole_thread_becomes_its_messages():
    nested = ("From: Kim <kim@example.org>\nDate: Tue, 1 Jul 2025 10:00:00 +0000\nSubject: RE: VPN down\n\n"
              "Fixed: the gateway certificate was renewed.\n\n"
              "> From: Lee <lee@example.org>\n> Date: Tue, 1 Jul 2025 09:00:00 +0000\n> Subject: VPN down\n>\n"
              "> Nobody can connect to vpn-edge-2 since 08:50.\n")
    text = _read(nested).text
    assert text.index("Nobody can connect") < text.index("Fixed: the gateway")
    assert "From: Lee <lee@example.org>" in text.splitlines() and ">" not in text.replace("<", "").replace(
        "org>", "org")


def test_label_runs_become_one_label_a_line_and_are_read():
    source = _read(LABEL_RUN)
    lines = source.text.splitlines()
    assert lines[:6] == ["prio: P2", "state: closed", "owner: dana.k", "svc: notification-service",
                         "started: 2025-08-19 13:05 UTC", "resolved: 2025-08-19 13:50 UTC"]
    assert "prio: P2 |" not in (summarize(source).what_happened or "")


def test_terse_lines_each_read_as_one_fact():
    lines = _read(TERSE).text.splitlines()
    assert lines[0] == "night handoff 14 May 2025"
    assert lines[1:5] == ["- kafka broker 3 disk full from 01:40 IST", "- order emails delayed ~35 min",
                          "- freed old segments, lag draining", "- resolved 02:55 IST"]
    assert lines[5] == "todo: disk alert at 80%"  # a label line stays as it is


def test_wrapped_and_indented_lines_and_rules_are_not_made_list_items():
    text = ("DB HANDOFF\n==========\nState  : resolved\nCAUSE  : the nightly image pulled a driver that does not\n"
            "         match the runtime\nnext: pin it\n")
    assert _read(text).text == text


MARKDOWN_POSTMORTEM = """# Checkout outage

## Timeline (UTC)
[09:14] ana: checkout-api down, :fire:
[09:20] kai: rolled back
[09:31] ana: resolved

prio: P2 | state: closed

From: ana
Date: today
"""


@pytest.mark.parametrize("text", [MARKDOWN_POSTMORTEM, "---\ntitle: x\n---\n[9:14 AM] a: b\n[9:15 AM] a: c\n[9:16 AM] a: d\n"])
def test_a_markdown_postmortem_is_kept_byte_for_byte(text):
    source = _read(text)
    assert (source.kind, source.text) == ("text", text)


@pytest.mark.parametrize("path", sorted(p for p in (Path(__file__).parent.parent / "examples").iterdir()
                                        if p.suffix in (".md", ".txt")), ids=lambda p: p.name)
def test_the_example_notes_are_kept_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    assert _read(text).text == text


def test_a_chat_already_in_shape_is_kept_as_written_and_named():
    text = "Date: 2 May 2025 (times in PDT)\n\n[8:02 AM] ana: api down\n[8:10 AM] kai: rolled back\n[8:20 AM] ana: resolved\n"
    source = _read(text)
    assert (source.kind, source.text) == ("chat", text)


def test_a_line_that_opens_with_a_bracket_is_text_not_broken_json():
    assert _read("[9:14 AM] ana: api down\n[9:20 AM] kai: fixed\n[9:30 AM] ana: resolved\n").kind == "chat"
    from incident_brief.errors import InputError

    with pytest.raises(InputError, match="malformed JSON"):
        from_text('[{"a": 1}', "notes")


@pytest.mark.parametrize("text,reader", [(EMAIL_THREAD, "email"), (SLACK_PASTE, "chat"), ("Checkout was down.\n", "text")])
def test_the_report_names_its_reader_in_the_engine_info(text, reader):
    report = summarize_with_engine(_read(text), engine="offline", settings=Settings(_env_file=None))
    assert report.engine.reader == reader
    assert report.model_dump(mode="json")["engine"]["reader"] == reader


def test_a_json_export_names_its_reader_in_the_engine_info_too():
    report = summarize_with_engine(from_text(json.dumps(PAGERDUTY), "export"), engine="offline",
                                   settings=Settings(_env_file=None))
    assert report.model_dump(mode="json")["engine"]["reader"] == "pagerduty"


def test_evidence_points_into_the_rewritten_document():
    source = _read(EMAIL_THREAD)
    report = summarize(source)
    assert all(source.text[s.start:s.end] == s.quote for spans in report.evidence.values() for s in spans)


def test_an_itsm_ticket_with_journal_records_is_read_by_the_servicenow_reader():
    """A ServiceNow ticket (invented) with prefixed keys, {display_value} objects and its journal as records; the
    generic reader read it before a ServiceNow reader existed, with the same facts."""
    ticket = {"result": {"number": "INC0048213", "short_description": "Invoice PDFs failing for EU tenants",
                         "state": "Resolved", "opened_at": "2025-10-14 07:12:00", "resolved_at": "2025-10-14 08:05:00",
                         "assignment_group": {"display_value": "Billing Platform"}, "u_customers_affected": 640,
                         "work_notes": [{"sys_created_on": "2025-10-14 07:40:00", "value": "Rolled back invoice-renderer"}]}}
    source = from_text(json.dumps(ticket), "export")
    assert source.kind == "servicenow"
    assert "Title: Invoice PDFs failing for EU tenants\n" in source.text
    assert "Assignment group: Billing Platform\n" in source.text
    assert "- 2025-10-14 07:40:00 - Rolled back invoice-renderer" in source.text
    report = summarize(source)
    assert report.title == "Invoice PDFs failing for EU tenants" and report.impact.users_affected == 640
    assert report.status is Status.resolved and report.duration_minutes == 53
