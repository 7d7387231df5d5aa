"""ServiceNow incidents (Table API) and records inside a list: read field by field, never as one timeline entry.

Every sample is invented by the team in the public shape of the Table API ({"result": {...}} or a list, references
as {"display_value", "link"}, journal fields as one string, newest entry first)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from incident_brief.budgets import BUDGETS, fit
from incident_brief.engines import summarize
from incident_brief.ingest import from_text
from incident_brief.readers import generic, servicenow
from incident_brief.settings import Settings

RECORD = {
    "number": "INC0052210", "sys_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    "short_description": "Timesheet submissions rejected",
    "description": "Staff cannot submit timesheets; the form returns 'validation failed'. All times UTC.",
    "state": {"display_value": "Resolved", "value": "6"}, "priority": {"display_value": "3 - Moderate", "value": "3"},
    "cmdb_ci": {"display_value": "timesheet-service", "link": "https://example.service-now.com/api/now/table/cmdb_ci/1"},
    "opened_at": "2025-04-02 07:15:00", "resolved_at": "2025-04-02 09:02:10", "closed_at": "",
    "sys_mod_count": "14", "u_vendor_case": "V-88213",
    "work_notes": ("Triage started by the service desk.\n"
                   "2025-04-02 08:55:31 - Lena Vogt (Werknotities)\n"
                   "Restarted timesheet-service with the previous rules file. Submissions succeed again from 08:50.\n"
                   "\n"
                   "2025-04-02 07:40:02 - Ravi Shah (Work notes)\n"
                   "Root cause identified: the 07:00 rules update requires a cost centre that half the staff lack.\n"),
}


def _report(data) -> tuple[str, object]:
    source = from_text(json.dumps(data), "incident.json")
    return source, summarize(source, engine="offline", settings=Settings(_env_file=None))


def test_a_servicenow_incident_is_read_field_by_field_and_its_journal_in_time_order():
    source, report = _report({"result": RECORD})
    assert source.kind == "servicenow"
    text = source.text
    assert "Incident ID: INC0052210" in text and "Status: Resolved" in text and "Priority: 3 - Moderate" in text
    assert "U vendor case: V-88213" in text and "sys_mod_count" not in text.lower() and "0a1b2c3d" not in text
    assert "Work notes:\nTriage started by the service desk." in text  # text above the first entry is kept
    assert text.index("Ravi Shah: Root cause identified") < text.index("Lena Vogt: Restarted")  # oldest first
    assert report.incident_id == "INC0052210" and report.affected_services[0] == "timesheet-service"
    assert report.status.value == "resolved" and report.root_cause.startswith("The 07:00 rules update")


def test_a_journal_in_another_locale_s_date_format_is_still_read_as_entries():
    _, entries = servicenow.journal("16-09-2025 10:27:40 - Ana (Werknotities)\nopgelost\n\n"
                                    "09/16/2025 9:05:00 AM - Bo (Work notes)\nkijken\n")
    assert [(at, who) for at, who, _ in entries] == [("09/16/2025 9:05:00 AM", "Bo"), ("16-09-2025 10:27:40", "Ana")]


def test_a_journal_with_no_entry_header_is_kept_whole():
    before, entries = servicenow.journal("Called the vendor.\nWaiting for their reply.")
    assert entries == [] and before == "Called the vendor.\nWaiting for their reply."
    _, entries = servicenow.journal("2025-04-02 09:01:00 - Ana (Comments)\nfixed\n\n2025-04-02 08:01:00 - Bo\nlooking\n")
    assert [(at, who, t) for at, who, t in entries] == [("2025-04-02 08:01:00", "Bo", "looking"),
                                                         ("2025-04-02 09:01:00", "Ana", "fixed")]


def test_the_ticket_s_automatic_closing_is_no_date_for_times_the_description_gives():
    record = {**RECORD, "closed_at": "2025-04-05 10:00:00", "description": "Rejections began at 07:02 UTC."}
    _, report = _report({"result": [record]})
    assert report.started_at == datetime(2025, 4, 2, 7, 2, tzinfo=timezone.utc)


def test_a_record_inside_a_list_is_not_taken_for_one_timeline_entry():
    data = {"tickets": [{"id": 4411, "subject": "Checkout errors", "status": "solved", "priority": "high",
                         "created_at": "2025-06-01T10:00:00Z", "resolved_at": "2025-06-01T11:30:00Z",
                         "root_cause": "An expired certificate on the payment proxy."}]}
    assert generic._entry_of(data["tickets"][0]) is None
    source, report = _report(data)
    assert "Priority: high" in source.text and "Root cause: An expired certificate" in source.text
    events = {"events": [{"at": "2025-06-01T10:00:00Z", "status": "investigating", "message": "errors at checkout"}]}
    assert generic._entry_of(events["events"][0]) is not None  # an event with a status is still an event


def test_timeline_entries_lose_their_author_and_a_stated_cause_is_no_action():
    notes = ("Timeline (UTC):\n"
             "- 2025-06-01T10:05:00Z - Ana Lopes: Cause found: release 2.3 (deployed 09:58) dropped the retry header.\n"
             "- 2025-06-01T10:20:00Z - henrik.aalto: Rolled back release 2.3; orders succeed again.\n"
             "- 2025-06-01T10:40:00Z - Mitigated: traffic moved back to the main region.\n")
    report = summarize(from_text(notes, "notes"), engine="offline", settings=Settings(_env_file=None))
    assert len(report.actions_taken) == 2 and "release 2.3; orders succeed again" in report.actions_taken[0]
    assert not any("Ana Lopes" in a or "henrik" in a or "Cause found" in a for a in report.actions_taken)
    assert report.root_cause.startswith("Release 2.3 (deployed 09:58) dropped the retry header")


def test_an_item_made_longer_by_plain_words_still_fits_its_budget():
    long = "word " * 80
    assert len(fit(long, BUDGETS["item"])) <= BUDGETS["item"] and fit("short", 10) == "short"


def test_an_itsm_priority_written_as_number_and_word_is_a_severity_the_model_may_give():
    from incident_brief.llm.ground import ground
    from incident_brief.offline.extract.labels import map_severity
    from incident_brief.schema import Severity

    from .security.test_grounding import extracted, q

    assert map_severity("2 - High") is Severity.high and map_severity("1 - Critical") is Severity.critical
    assert map_severity("3 - Moderate") is Severity.medium and map_severity("2 - 3") is None
    notes = "Title: Timesheets rejected\nPriority: 2 - High\nStatus: Resolved\n"
    g = ground(extracted(severity=q("2 - High", "Priority: 2 - High")), notes)
    assert g.values["severity"] is Severity.high and not g.dropped
