"""The customer-impact window when the notes are not a tidy timeline: a start the notes call unknown, a first
entry that is only a report, a rollback as the last word, an incident reopened after "resolved", two windows of
impact, a window stated in days, days named relative to the day the notes were written, and soft-wrapped prose."""

from datetime import date, datetime, timezone

from incident_brief.offline.extract.timeline import incident_times
from incident_brief.offline.extract.times import find_stamps
from incident_brief.offline.extract.windows import first_stated_day
from incident_brief.structure import parse

UTC = timezone.utc


def times(text):
    return incident_times(parse(text))


def reasons(t, field):
    return [r for f, r in t.flags if f == field]


def test_a_start_the_notes_call_unknown_is_not_read_from_the_first_failure():
    text = ("The queue consumer stopped acking messages, an outage of unknown length.\n\n## Timeline (UTC)\n\n"
            "2024-05-02\n\n- 06:10: first customer ticket about missing invoices\n- 07:02: consumer is crash looping\n"
            "- 07:40: consumer redeployed, invoices are flowing again\n")
    t = times(text)
    assert t.started is None and t.duration is None
    assert t.resolved.value == datetime(2024, 5, 2, 7, 40, tzinfo=UTC)
    assert any("unknown length" in r for r in reasons(t, "started_at"))


def test_without_that_statement_the_first_failure_starts_the_window():
    text = ("## Timeline (UTC)\n\n2024-05-02\n\n- 07:02: consumer is crash looping\n"
            "- 07:40: consumer redeployed, invoices are flowing again\n")
    assert times(text).started.value == datetime(2024, 5, 2, 7, 2, tzinfo=UTC)


def test_a_first_entry_that_only_reports_the_failure_is_no_start():
    text = ("## Timeline (all times UTC)\n\n2025-02-11\n\n- 09:20: a partner notified us of the exposed bucket\n"
            "- 10:05: bucket made private\n- 10:30: incident closed\n")
    t = times(text)
    assert t.started is None and t.duration is None
    assert any("09:20" in r and "When did impact begin?" in r for r in reasons(t, "started_at"))


def test_a_rollback_ends_the_window_when_no_recovery_is_stated():
    text = ("- 03-14-2025 @ 9:00 AM ET: deployed the new signup form\n"
            "- 03-14-2025 @ 11:30 AM ET: signups failing for accounts with two emails\n"
            "- 03-14-2025 @ 12:10 PM ET: rolled back the signup form release\n")
    t = times(text)
    assert t.resolved.value == datetime(2025, 3, 14, 16, 10, tzinfo=UTC)
    assert reasons(t, "resolved_at")


def test_a_planned_fix_is_no_end():
    text = ("- 03-14-2025 @ 11:30 AM ET: signups failing for accounts with two emails\n"
            "- 03-14-2025 @ 12:10 PM ET: we should roll back the signup form release\n")
    assert times(text).resolved is None


def test_a_status_page_reopened_after_resolved_ends_at_the_last_recovery():
    text = ("---\ntitle: Mail delivery delayed\ndate: 2024-09-03 08:00:00\nresolvedWhen: 2024-09-03 08:40:00\n---\n\n"
            "**Resolved**:\nAll mail queues are empty; full service has been restored.\n{{< note \"2024-09-04 02:15:00\" >}}\n\n"
            "**Reopened**:\nDelays are back. Investigating.\n{{< note \"2024-09-03 09:30:00\" >}}\n\n"
            "**Resolved**:\nThe issue has been resolved.\n{{< note \"2024-09-03 08:40:00\" >}}\n\n"
            "**Investigating**:\nOutbound mail is delayed.\n{{< note \"2024-09-03 08:00:00\" >}}\n")
    t = times(text)
    assert t.resolved.value == datetime(2024, 9, 4, 2, 15)
    assert t.duration.value == 40 + (16 * 60 + 45)  # 08:00-08:40 and 09:30-02:15 the next day
    assert reasons(t, "resolved_at") and reasons(t, "duration_minutes")


def test_a_second_onset_after_a_recovery_makes_two_windows():
    text = ("## Timeline (UTC) - 2023-11-20\n\n10:05 AM - first indication of failure from the synthetic checks\n"
            "10:50 AM - traffic moved to the standby region, checks back to normal\n\n## Timeline (UTC) - 2023-11-21\n\n"
            "3:00 PM - first indication of failure from the synthetic checks\n3:25 PM - last indication of failure\n")
    t = times(text)
    assert t.started.value == datetime(2023, 11, 20, 10, 5, tzinfo=UTC)
    assert t.resolved.value == datetime(2023, 11, 21, 15, 25, tzinfo=UTC)
    assert t.duration.value == 45 + 25
    assert any("2 windows" in r for r in reasons(t, "duration_minutes"))


def test_one_window_is_the_time_from_start_to_end():
    text = ("## Timeline (UTC) - 2023-11-20\n\n10:05 AM - first indication of failure\n"
            "10:50 AM - checks back to normal\n")
    t = times(text)
    assert t.duration.value == 45 and not reasons(t, "duration_minutes")


def test_a_window_stated_in_days_starts_at_the_first_entry_of_its_first_day():
    text = ("Between March 2 and March 5, 2024, the staging database was reachable from the internet.\n\n"
            "| Time (UTC) | Event |\n|---|---|\n| 2024-03-02 14:40 | firewall rules reset by a host upgrade |\n"
            "| 2024-03-05 09:10 | scanner reports the open port |\n| 2024-03-05 09:45 | firewall corrected |\n")
    t = times(text)
    assert t.started.value == datetime(2024, 3, 2, 14, 40, tzinfo=UTC)
    assert t.resolved.value == datetime(2024, 3, 5, 9, 45, tzinfo=UTC)


def test_a_window_stated_in_days_with_no_entry_that_day_leaves_the_start_for_review():
    text = ("The key was readable from on or about 2024-01-08 through 2024-02-01.\n\n- 2024-02-01 10:00 UTC: key leak "
            "found, errors in the audit\n- 2024-02-01 11:00 UTC: key rotated, access restored\n")
    t = times(text)
    assert t.started is None
    assert any("08 January 2024" in r for r in reasons(t, "started_at"))


def test_first_stated_day_reads_both_orders_and_ignores_other_from():
    assert first_stated_day("Between July 9 and July 16, 2023, the cache") == date(2023, 7, 9)
    assert first_stated_day("from 2 March to 4 March 2024") == date(2024, 3, 2)
    assert first_stated_day("moved from May 2 and then") is None
    assert first_stated_day("from 2024-03-05 to 2024-03-01") is None


def test_days_named_relative_to_a_front_matter_date():
    text = ("---\ntitle: Build outage\ncreated_at: Fri Mar 7 2025 10:00:00 UTC\n---\n"
            "Yesterday we paused all builds at 18:00 UTC.\nThey were turned up again this morning at 07:30 UTC.\n")
    assert [s.when for s in find_stamps(parse(text))][1:] == [datetime(2025, 3, 6, 18, 0, tzinfo=UTC),
                                                              datetime(2025, 3, 7, 7, 30, tzinfo=UTC)]


def test_relative_days_need_a_written_date():
    text = "Note\n2025-03-07\nYesterday we paused all builds at 18:00 UTC.\n"
    assert [s.when for s in find_stamps(parse(text))] == [datetime(2025, 3, 7, 18, 0, tzinfo=UTC)]


def test_a_time_in_soft_wrapped_prose_reads_its_sentence():
    text = ("On 2025-06-02 the queue filled up and we stopped accepting new uploads on both\n"
            "the web and the mobile apps while we drained the queue and looked into it, this\n"
            "happened around 13:05 UTC.\n\n"
            "We turned uploads back on for everyone once the queue was empty, which was at\n"
            "around 14:20 UTC.\n")
    t = times(text)
    assert t.started.value == datetime(2025, 6, 2, 13, 5, tzinfo=UTC)
    assert t.resolved.value == datetime(2025, 6, 2, 14, 20, tzinfo=UTC)


def test_label_lines_keep_their_own_line():
    text = "Started: 2025-06-02 13:05 UTC\nResolved: 2025-06-02 14:20 UTC\nSummary: uploads were failing for everyone\n"
    t = times(text)
    assert t.started.value == datetime(2025, 6, 2, 13, 5, tzinfo=UTC)
    assert t.resolved.value == datetime(2025, 6, 2, 14, 20, tzinfo=UTC)


def test_return_to_normal_ends_impact_before_the_issue_is_closed():
    text = ("All times in UTC\n\n### 2025-04-03 20:10\n\nLogins failing for most users\n\n### 2025-04-03 20:40\n\n"
            "Pods restarted with more memory. Things seem to return to normal.\n\n### 2025-04-03 21:15\n\nIssue closed.\n")
    assert times(text).resolved.value == datetime(2025, 4, 3, 20, 40, tzinfo=UTC)


def test_a_fix_that_begins_or_a_person_who_begins_looking_starts_nothing():
    text = ("Timeline (UTC), 2025-05-06\n- 09:00: payments failing for card users\n- 09:20: Sam begins looking\n"
            "- 09:30: config fix begins\n- 09:50: payments working again\n")
    assert times(text).started.value == datetime(2025, 5, 6, 9, 0, tzinfo=UTC)


def test_a_recovery_worded_as_reopening_or_a_hypothetical_fix_makes_no_second_window():
    text = ("## Timeline (UTC), 2025-07-01\n- 18:00: first errors, live scores frozen\n"
            "- 18:10: scores will update once the feed is fixed\n- 18:30: queued updates began sending\n"
            "- 18:40: all suspended markets re-opened\n- 19:30: incident closed\n")
    t = times(text)
    assert not reasons(t, "duration_minutes")
    assert t.started.value == datetime(2025, 7, 1, 18, 0, tzinfo=UTC)
