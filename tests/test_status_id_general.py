"""Status and incident id on notes in the shapes people write: chat, terse, tables, email, ad-hoc JSON.

Every note here is written for this test (no corpus text). Near-misses sit next to each rule: a status is
only read where the notes state one, an id only where the notes write the incident's own id.
"""

import json

import pytest

from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize
from incident_brief.schema import Status


def report(notes: str):
    return summarize(from_text(notes, "notes", as_json=False))


def json_report(data: dict):
    return summarize(from_text(json.dumps(data), "export.json"))


# --- status: the plain-language closings of chat logs and terse notes ---

@pytest.mark.parametrize("notes, want", [
    ("[9:14 AM] kim: checkout throwing 500s\n[9:20 AM] raj: rolled back the deploy\n[9:31 AM] kim: all good now\n",
     Status.resolved),
    ("[14:02] ana: login errors spiking\n[14:20] ben: reverted config\n[14:45] ana: looks healthy, closing this out\n",
     Status.resolved),
    ("[14:02] ana: login errors spiking\n[14:20] ben: reverted config\n[14:45] ana: ok we're done here\n",
     Status.resolved),
    ("09:00 queue backlog growing\n09:30 scaled consumers\n10:05 stable for 30 min, standing down\n", Status.resolved),
    ("[10:20] kim: rolled back\n[10:31] raj: error rate flat, we're good\n", Status.resolved),
    ("[11:02] kim: marking as resolved\n", Status.resolved),
    ("[10:31] raj: checkout working now\n", Status.resolved),
    ("db blip at 3am. fixed.\n", Status.resolved),
    ("cache node died, swapped it. sorted\n", Status.resolved),
    ("payments blip at 03:10, restarted the gateway, fixed\n", Status.resolved),
    ("fixed\n", Status.resolved),
])
def test_plain_language_closings_state_resolved(notes, want):
    assert report(notes).status is want


@pytest.mark.parametrize("notes", [
    "09:00 queue backlog growing\n09:30 scaled consumers\n10:05 mitigated for now, proper fix tomorrow\n",
    "10:05 kim: restarted the pods, fixed for now, proper fix tomorrow\n",
    "| Field | Value |\n|---|---|\n| Service | search |\n| Status | Mitigated |\n| Owner | kim |\n",
    "SERVICE   search\nSTATUS    Mitigated\nOWNER     kim\n",
])
def test_a_stopgap_or_a_mitigated_table_row_is_mitigated(notes):
    assert report(notes).status is Status.mitigated


@pytest.mark.parametrize("notes", [
    "[09:00] kim: api errors\n[09:40] raj: the incident is resolved\n[09:50] kim: in monitoring, to close in the morning\n",
    "09:40 fix deployed, errors gone, resolved\n09:50 leaving the incident open overnight\n",
])
def test_the_last_word_wins_an_incident_kept_open_is_monitoring(notes):
    assert report(notes).status is Status.monitoring


@pytest.mark.parametrize("notes, want", [
    ("failed over at 03:40, fixed 03:44. status resolved, just watching.", Status.resolved),
    ("The incident was resolved at 14:00. We continued to monitor for an hour.", Status.resolved),
    ("The incident was resolved at 14:00.\n\nWe will close the gap in alerting tomorrow.", Status.resolved),
])
def test_watching_after_a_resolution_does_not_walk_it_back(notes, want):
    assert report(notes).status is want


@pytest.mark.parametrize("notes", [
    "09:00 api errors\n09:40 deployed fix. resolved?\n",
    "09:00 api errors\n09:40 deployed fix, not resolved yet\n",
    "deployed the patch. fixed?\n",
    "09:40 we're done with the rollback, still seeing errors\n",
    "[10:20] kim: fix ready\n[10:31] raj: we're good to deploy\n",
    "[11:02] kim: we are closing this gap in alerting next week\n",
    "09:40 fix deployed\n09:50 should we close it tomorrow?\n",
    "09:00 api errors spiking\n09:10 paged on-call\n",
])
def test_questions_negations_and_other_uses_state_no_status(notes):
    assert report(notes).status is Status.unknown


# --- incident ids as written ---

@pytest.mark.parametrize("notes, want", [
    ("INC0048812\nPayments API errors for 20 min.\n", "INC0048812"),
    ("From: ops@example.com\nSubject: [INC0048812] Payments API degraded\n\nHi all, payments were down 20 min.\n",
     "INC0048812"),
    ("Subject: Re: [INC0048812] Payments API degraded\n\nStill down.\n", "INC0048812"),
    ("NOC-INC-5530 checkout outage\n\nCheckout down 10:00-10:20.\n", "NOC-INC-5530"),
    ("# Checkout outage\n\nOpened as NOC-INC-5530 by the night shift.\n", "NOC-INC-5530"),
    ("Incident: NOC-INC-5530\nCheckout down 10:00-10:20.\n", "NOC-INC-5530"),
    ("Ticket: HD-20417\nPrinters down.\n", "HD-20417"),
    ("Ref HD-20417 - printers down at HQ\n", "HD-20417"),
    ("Incident #0524 - matchmaking down\n", "0524"),
    ("Players could not join.\nThis is incident #MM-0524.\n", "MM-0524"),
    ("#inc-0524 matchmaking down since 20:00\n", "inc-0524"),
    ("MM-0524: matchmaking down\n\nPlayers could not join games 20:00-20:40.\n", "MM-0524"),
    ("# MM-0524 — matchmaking down\n\nPlayers could not join games 20:00-20:40.\n", "MM-0524"),
    ("| Field | Value |\n|---|---|\n| Incident ID | MM-0524 |\n| Status | Resolved |\n", "MM-0524"),
])
def test_incident_ids_are_read_as_written_and_whole(notes, want):
    assert report(notes).incident_id == want


@pytest.mark.parametrize("notes", [
    "# Matchmaking down\n\nDeployed v2.3.1 at 20:00, rolled back at 20:40.\n",
    "# Matchmaking down\n\nCaused by change CHG0031337. Rolled back.\n",
    "Ticket: CHG0031337\nMatchmaking down after the change.\n",
    "# Matchmaking down\n\nRolled back.\n\nFollow-up: OPS-1234 add canary\n",
    "# Matchmaking down\n\nRelated ticket: FEED-512\n",
    "# Matchmaking down\n\nSimilar to INC0041000 last month; rolled back.\n",
    "SEV-1: matchmaking down\n\nPlayers could not join.\n",
    "CVE-2024-3094: patched the build hosts\n\nNo customer impact.\n",
    "Ref: v2.3.1\nMatchmaking down.\n",
    "Incident 2024-05-24: matchmaking down\n",
])
def test_near_misses_are_no_incident_id(notes):
    assert report(notes).incident_id is None


@pytest.mark.parametrize("data, want", [
    ({"incident": {"id": "HD-20417", "title": "Printers down"}, "links": [{"key": "FEED-512"}], "status": "resolved"},
     "HD-20417"),
    ({"linked_ticket": "FEED-512", "incident": {"ref": "NOC-INC-5530", "title": "Checkout down"}}, "NOC-INC-5530"),
    ({"jira": {"key": "FEED-512"}, "incident": {"number": "INC0048812", "title": "VPN down"}}, "INC0048812"),
    ({"sys_id": "9d385017c611228701d22104cc95c371", "number": "INC0048812", "short_description": "VPN down"},
     "INC0048812"),
    ({"title": "MM-0524: matchmaking down", "status": "resolved"}, "MM-0524"),
])
def test_json_export_prefers_the_key_that_names_the_incident(data, want):
    assert json_report(data).incident_id == want


@pytest.mark.parametrize("data", [
    {"title": "VPN down", "links": [{"key": "FEED-512"}]},
    {"incident": {"title": "VPN down"}, "follow_up": {"key": "OPS-1234"}, "summary": "VPN down for 20 minutes"},
])
def test_json_export_never_takes_a_linked_record_for_the_incident(data):
    assert json_report(data).incident_id is None


# --- a one-row summary table, not an action-item or timeline table ---

def test_a_one_row_summary_table_gives_status_and_id():
    notes = "| Incident | Service | Status |\n|---|---|---|\n| MM-0524 | matchmaking | **Mitigated** |\n\nPlayers could not join.\n"
    r = report(notes)
    assert (r.status, r.incident_id) == (Status.mitigated, "MM-0524")


@pytest.mark.parametrize("notes", [
    "# Outage\n\n| Action | Owner | Status |\n|---|---|---|\n| add alert | kim | Done |\n| add canary | raj | Open |\n",
    "# Outage\n\n| Action | Owner | Status |\n|---|---|---|\n| add alert | kim | Done |\n",
    "# Outage\n\n## Follow-ups\n\n| Ticket | Owner | Status |\n|---|---|---|\n| OPS-1234 | kim | Done |\n",
])
def test_an_action_item_table_states_no_status_and_no_id(notes):
    r = report(notes)
    assert (r.status, r.incident_id) == (Status.unknown, None)


@pytest.mark.parametrize("notes", [
    "# Outage\n\nCheckout failed.\n\n## Follow-ups\n\n- Ticket: OPS-1234\n",
    "# Outage\n\nCheckout failed.\n\n## Next steps\n\nRef OPS-1234 - add a canary\n",
])
def test_a_ticket_under_follow_ups_is_a_task_not_the_incident(notes):
    assert report(notes).incident_id is None
