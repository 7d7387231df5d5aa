"""Exports and layouts the readers were not written from: each sample in tests/data/readers is invented by the
team in the public shape of its tool, with the fields those tools really emit (log entries, priority objects,
ADF, custom fields, threads, bot blocks, update lists newest first, milestones, JSON:API, event codes, epoch
seconds and milliseconds, other column names, email signatures). The report's facts are asserted, and the
source document is held to what a reader of it expects: words, labelled fields, times with their zone, no
copies, no ids or links."""

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from incident_brief.engines import summarize
from incident_brief.ingest import read_path
from incident_brief.schema import Status
from incident_brief.settings import Settings

DATA = Path(__file__).parent / "data" / "readers"


def _read(name: str):
    source = read_path(str(DATA / name), 10**7)
    return source, summarize(source, engine="offline", settings=Settings(_env_file=None))


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


CASES = {  # name: (reader, status, severity or None, start UTC, end UTC or None, services in, services out)
    "pagerduty-log.json": ("pagerduty", Status.resolved, "high", "2025-09-14T06:02", None, ["inventory-sync"], []),
    "opsgenie-notes.json": ("opsgenie", Status.resolved, "high", "2025-11-03T21:55", "2025-11-03T22:41", ["mqtt-broker"], []),
    "jira-adf-custom.json": ("jira", Status.resolved, "high", "2025-10-07T06:40", "2025-10-07T10:35",
                             ["invoice-renderer"], []),
    "slack-threads.json": ("slack", Status.resolved, None, "2025-05-16T06:30", "2025-05-16T06:45", ["search-api"], []),
    "slack-users.json": ("slack", Status.resolved, "high", None, "2025-06-11T10:05", ["auth-gateway", "mobile-bff"], []),
    "statuspage-components.json": ("statuspage", Status.resolved, None, "2025-08-19T17:52", None,
                                   ["Card Authorisations"], ["Payouts"]),
    "incidentio-v2.json": ("incident.io", Status.resolved, "high", "2025-12-02T17:58", "2025-12-02T19:04",
                           ["payment-router", "checkout-web"], []),
    "incidentio-v1.json": ("incident.io", Status.resolved, "low", "2025-05-20T07:12", "2025-05-20T08:31",
                           ["webhook-dispatcher"], []),
    "firehydrant-impacts.json": ("firehydrant", Status.resolved, "critical", "2025-07-22T14:55", "2025-07-22T16:10",
                                 ["media-relay", "Video calls"], []),
    "rootly-included.json": ("rootly", Status.resolved, "high", "2025-04-14T17:05", "2025-04-14T19:02",
                             ["listing-indexer", "marketplace-search"], []),
    "inhouse-codes.json": ("json", Status.resolved, "high", "2025-10-13T05:55", None, ["label-print-service"], []),
    "inhouse-ms-snake.json": ("json", Status.resolved, "medium", "2025-06-03T09:15", "2025-06-03T09:55", ["refund-api"], []),
    "export-ts-who.csv": ("csv", Status.resolved, None, None, None, [], []),
    "export-when-user.tsv": ("csv", Status.resolved, "medium", "2025-02-17T21:40", "2025-02-17T23:05", [], []),
    "email-newest-first.txt": ("email", Status.resolved, None, "2025-11-06T05:00", "2025-11-06T09:58",
                               ["SFTP partner feeds"], ["incident-review"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_sample_gives_the_facts_it_states(name):
    reader, status, severity, start, end, has, lacks = CASES[name]
    source, report = _read(name)
    assert source.kind == reader and report.engine.reader == reader
    assert report.status is status
    if severity:
        assert report.severity.value == severity
    if start:
        assert report.started_at and report.started_at.astimezone(timezone.utc).isoformat().startswith(start)
    if end:
        assert report.resolved_at and report.resolved_at.astimezone(timezone.utc).isoformat().startswith(end)
    assert not [s for s in has if s not in report.affected_services]
    assert not [s for s in lacks if s in report.affected_services]


@pytest.mark.parametrize("name", [n for n in CASES if n.endswith(".json")])
def test_no_link_id_soup_or_emoji_code_reaches_the_document(name):
    text = read_path(str(DATA / name), 10**7).text
    assert "http" not in text and "<@" not in text and "<!" not in text
    assert not re.search(r"(?<![\w:]):[a-z_+-]+:(?!\w)", text)
    assert not re.search(r"\b[UW][A-Z0-9]{7,}\b", text), "a user id says nothing to a reader"
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(lines) == len(set(lines)), "no entry is told twice"


def test_event_codes_become_words_and_bare_moments_labelled_times():
    text = read_path(str(DATA / "inhouse-codes.json"), 10**7).text
    assert "IMPACT_START" not in text and "ALERT_FIRED" not in text and "Kind:" not in text and "Ts:" not in text
    assert "Impact started: 2025-10-13T05:55:00Z" in text and "Impact ended: 2025-10-13T07:05:00Z" in text
    assert "- 2025-10-13T06:05:00Z - Alert fired: label-print-service health check failing" in text
    assert "Mitigated: renewed the spooler certificate" in text
    assert "Severity: SEV2\n" in text
    snake = read_path(str(DATA / "inhouse-ms-snake.json"), 10**7).text
    assert "- 2025-06-03T09:50:00Z - Mitigation applied: rolled back refund-api" in snake  # epoch ms, snake keys
    assert "Occurred ms" not in snake and "Event type" not in snake


def test_pagerduty_notes_are_told_in_their_own_words_and_notifications_skipped():
    source, report = _read("pagerduty-log.json")
    text = source.text
    assert "Note added" not in text and "Notified" not in text
    assert "Tom Okafor: Rolled back the consumer to v4.18" in text
    assert "Triggered: inventory-sync queue backlog above 50k" in text
    assert "Priya Nair: Acknowledged by Priya Nair" not in text and "Acknowledged by Priya Nair" in text
    assert "Acknowledged: 2025-09-14T06:06:45Z" in text and "Team: Retail Platform" in text
    assert "sku column" in (report.root_cause or "")


def test_opsgenie_details_are_labelled_as_people_label_them():
    text = read_path(str(DATA / "opsgenie-notes.json"), 10**7).text
    assert "Severity: SEV-2\n" in text and "Affected service: mqtt-broker\n" in text
    assert "affected_service" not in text and "runbook" not in text.lower()
    assert "- 2025-11-03T22:45:00Z - lena: Cause:" in text  # an owner's email as the name before it


def test_jira_custom_fields_by_their_names_and_adf_headings_as_labels():
    source, report = _read("jira-adf-custom.json")
    text = source.text
    assert "Severity: SEV-2\n" in text and "Impact start: 2025-10-07T08:40:00+02:00\n" in text
    assert "Status: Closed (Fixed)\n" in text and "customfield" not in text
    assert "\nRoot cause:\nThe upgraded font package" in text
    assert "font package" in (report.root_cause or "")
    assert any("Pin the font package" in s for s in report.next_steps.preventive + report.next_steps.immediate)
    assert not any(a.startswith((".", "+")) for a in report.actions_taken), "no stamp fragment leads an action"


def test_slack_names_threads_bots_and_copies():
    text = read_path(str(DATA / "slack-threads.json"), 10**7).text
    assert text.count("reverting the helm values now") == 1  # the reply and its channel copy
    assert "Alertmanager: [FIRING:1] HighErrorRate search-api: search-api 5xx ratio 38% over 5m" in text
    assert "Alertmanager: [RESOLVED] HighErrorRate search-api" in text  # from the bot's blocks
    named = read_path(str(DATA / "slack-users.json"), 10**7).text
    assert "Channel: #inc-2025-0611-mobile-login" in named
    assert "Omar Haddad: the auth-gateway deploy" in named and "Dana Wu: Declaring SEV1" in named
    assert "set the channel topic" not in named


def test_statuspage_lists_only_components_an_update_changed():
    source, report = _read("statuspage-components.json")
    assert "Payouts" not in source.text.split("Affected services:")[1]
    assert source.text.index("Z - Investigating:") < source.text.index("Z - Identified:") < source.text.index("Z - Resolved:")
    assert any(f.unit == "%" and f.value == 12 for f in report.impact.figures)


def test_incident_io_timestamps_read_in_both_api_versions():
    v2 = read_path(str(DATA / "incidentio-v2.json"), 10**7).text
    v1 = read_path(str(DATA / "incidentio-v1.json"), 10**7).text
    for text in (v2, v1):
        assert re.search(r"^Impact started: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", text, re.M)
        assert re.search(r"^Impact ended: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", text, re.M)
    assert "Status: resolved\n" in v1 and "Closed at" not in v2 and "PAY-552" not in v2


def test_firehydrant_milestones_are_labelled_times_told_once():
    source, report = _read("firehydrant-impacts.json")
    text = source.text
    assert "Status: resolved (postmortem completed)\n" in text
    assert "Mitigated: 2025-07-22T16:10:00Z\n" in text and "Resolved: 2025-07-22T16:45:00Z\n" in text
    assert "Milestone:" not in text and "postmortem_" not in text and "- 2025-07-22T16:10:00Z - Mitigated" not in text
    assert "Cause identified" in text
    assert report.duration_minutes == 75


def test_rootly_included_events_join_the_timeline():
    text = read_path(str(DATA / "rootly-included.json"), 10**7).text
    assert "- 2025-04-14T17:50:00Z - Consumer lag 2.1M messages on listing-indexer" in text
    assert "Started: 2025-04-14T10:05:00-07:00\n" in text  # the export's own offset kept on labelled times


def test_csv_columns_by_other_names_and_steady_values_once():
    source, report = _read("export-ts-who.csv")
    assert "- 2025-03-09 02:31 - Luis: cause: a long-running analytics query" in source.text
    assert "analytics query" in (report.root_cause or "")
    tsv = read_path(str(DATA / "export-when-user.tsv"), 10**7).text
    assert tsv.count("severity: SEV2") == 1 and "(severity: SEV3)" in tsv  # shown where it changes
    assert "- 2025-02-17T21:40:00Z - monitor: CDN 5xx rate" in tsv  # an offset written in UTC


def test_email_signatures_greetings_and_lists_are_left_out():
    source, report = _read("email-newest-first.txt")
    text = source.text
    for gone in ("Best regards", "Head of Integrations", "+33 1 23", "Sent from my iPhone", "All,", "To:"):
        assert gone not in text
    assert "\nClaire\n" not in text and "\nAhmed\n" not in text
    assert text.index("Since 06:00 CET") < text.index("Found it:") < text.index("Final update: resolved")
    assert text.count("none of the nightly partner feeds") == 1
    assert "firewall change" in (report.root_cause or "")


def test_an_export_that_names_no_one_keeps_its_messages():
    data = [{"type": "message", "user": "U0ABCDEF1", "ts": "1735723260.0001", "text": "<@U0ABCDEF2> db is down"},
            {"type": "message", "user": "U0ABCDEF2", "ts": "1735723320.0001", "text": "restarted db, resolved"}]
    from incident_brief.ingest import from_text

    text = from_text(json.dumps(data), "export").text
    assert "- 2025-01-01T09:21:00Z - db is down" in text and "- 2025-01-01T09:22:00Z - restarted db, resolved" in text


# ---- other layouts of the same tools, written inline ----

from incident_brief.ingest import from_text  # noqa: E402


def _doc(data) -> str:
    return from_text(json.dumps(data), "export").text


def test_a_pagerduty_list_or_log_export_is_read_as_its_incident():
    listed = {"incidents": [{"id": "P1", "type": "incident", "incident_number": 77, "title": "API 5xx", "status": "resolved",
                             "created_at": "2025-01-02T03:04:05Z", "service": {"summary": "edge-api"}}], "limit": 25}
    logs = {"log_entries": [
        {"type": "trigger_log_entry", "created_at": "2025-01-02T03:04:05Z", "summary": "Triggered through the API",
         "incident": {"id": "P1", "type": "incident_reference", "summary": "[#77] API 5xx"},
         "service": {"summary": "edge-api", "type": "service_reference"}},
        {"type": "resolve_log_entry", "created_at": "2025-01-02T03:40:00Z", "summary": "Resolved by Ana",
         "incident": {"id": "P1", "type": "incident_reference", "summary": "[#77] API 5xx"}}]}
    for data in (listed, logs):
        source = from_text(json.dumps(data), "export")
        assert source.kind == "pagerduty"
        assert "Incident ID: #77\nTitle: API 5xx\n" in source.text and "- edge-api" in source.text
    assert "Triggered: API 5xx" in _doc(logs) and "log entry" not in _doc(logs).lower()


def test_an_opsgenie_alert_list_is_read_as_its_first_alert():
    source = from_text(json.dumps({"data": [{"id": "a1", "tinyId": "9", "message": "Disk full db2", "status": "open",
                                             "createdAt": "2025-01-02T03:04:05Z"}], "took": 0.1}), "export")
    assert source.kind == "opsgenie" and "Title: Disk full db2" in source.text


def test_jira_wiki_markup_reads_as_labels_and_items():
    data = {"key": "OPS-9", "fields": {"summary": "Login slow", "status": {"name": "Resolved"},
                                       "description": "h2. Root cause\nThe *session store* ran out of connections.\n"
                                                      "h2. Follow-ups\n* raise pool size\n* add alert"}}
    text = _doc(data)
    assert "Root cause:\nThe session store ran out of connections." in text and "- raise pool size" in text
    assert "h2." not in text
    report = summarize(from_text(json.dumps(data), "export"), engine="offline", settings=Settings(_env_file=None))
    assert "session store" in (report.root_cause or "")


def test_a_short_offset_is_read_and_a_rich_record_is_never_swallowed_as_an_event():
    text = _doc([{"timestamp": "2025-03-13 23:42:00+00", "message": "checkout errors start"},
                 {"timestamp": "2025-03-14 00:20:00+00", "message": "checkout fixed, resolved"}])
    assert "- 2025-03-13T23:42:00Z - checkout errors start" in text
    record = _doc({"records": [{"id": "R1", "type": "incident", "title": "Cart down", "created_at": "2025-01-02T03:04:05Z",
                                "service": {"name": "cart"}, "priority": "P1", "owner_team": "shop"}]})
    assert "Cart down" in record and "P1" in record and "- 2025-01-02T03:04:05Z - Incident" not in record


# ---- chat layouts pasted from other apps ----

@pytest.mark.parametrize("name,first,zone", [
    ("chat-phone-export.txt", "[21:02] Marta: payments page throwing 500s", "CET"),
    ("chat-discord-paste.txt", "[9:14 AM] Kenji: queue-worker is stuck", "PT"),
    ("chat-teams-paste.txt", "[2:10 PM] Dana Lee: VPN gateway dropping connections", "CET"),
])
def test_chat_layouts_of_other_apps_become_one_line_per_message(name, first, zone):
    source, report = _read(name)
    assert source.kind == "chat" and report.engine.reader == "chat"
    assert any(line.startswith(first) for line in source.text.splitlines())
    assert f"Timeline (all times {zone}):" in source.text
    assert report.status is Status.resolved


def test_a_slash_date_is_written_once_and_only_as_the_log_decides():
    phone = read_path(str(DATA / "chat-phone-export.txt"), 10**7).text
    assert phone.count("2025-03-14") == 1 and "14/03/2025" not in phone  # 14 can only be the day
    _, report = _read("chat-phone-export.txt")
    assert report.started_at and report.started_at.date().isoformat() == "2025-03-14"
    teams = read_path(str(DATA / "chat-teams-paste.txt"), 10**7).text
    assert "3/4/2025" in teams and "2025-03-04" not in teams and "2025-04-03" not in teams  # nothing decides: as written
    assert teams.count("3/4/2025") == 1


def test_webhook_and_search_payloads_are_read_as_their_incident():
    pd = {"event": {"event_type": "incident.resolved", "occurred_at": "2025-02-01T10:40:00Z",
                    "data": {"id": "Q1", "type": "incident", "number": 512, "title": "Search down", "status": "resolved",
                             "created_at": "2025-02-01T10:00:00Z", "service": {"summary": "search-api"}}}}
    jira = {"total": 1, "names": {"customfield_1": "Severity"},
            "issues": [{"key": "INC-5", "fields": {"summary": "Exports failing", "customfield_1": {"value": "SEV-3"}}}]}
    iio = {"event_type": "public_incident.incident_created_v2",
           "public_incident.incident_created_v2": {"reference": "INC-9", "name": "Cart errors",
                                                   "incident_status": {"name": "Investigating"}}}
    for data, kind, facts in ((pd, "pagerduty", ["Incident ID: #512", "Resolved: 2025-02-01T10:40:00Z", "- search-api"]),
                              (jira, "jira", ["Incident ID: INC-5", "Severity: SEV-3"]),
                              (iio, "incident.io", ["Incident ID: INC-9", "Status: Investigating"])):
        source = from_text(json.dumps(data), "export")
        assert source.kind == kind
        assert not [f for f in facts if f not in source.text]


def test_thread_replies_embedded_whole_are_told_once_after_their_parent():
    data = {"messages": [
        {"type": "message", "user": "U1", "ts": "1735723260.0001", "text": "db primary is down", "user_profile": {"real_name": "Kim"},
         "replies": [{"user": "U2", "ts": "1735723320.0001", "text": "failing over to the replica"}]},
        {"type": "message", "user": "U2", "ts": "1735723320.0001", "text": "failing over to the replica",
         "thread_ts": "1735723260.0001"}]}
    text = _doc(data)
    assert text.count("failing over to the replica") == 1 and text.index("db primary") < text.index("failing over")
