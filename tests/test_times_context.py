"""Times that follow their context: zones and dates stated once, exports' epochs, midnight, slashed dates,
and the customer-impact window (start, end, duration) chosen from what the notes say."""

from datetime import datetime, timezone

from incident_brief.offline.extract.timeline import incident_times
from incident_brief.offline.extract.times import find_stamps
from incident_brief.structure import parse

UTC = timezone.utc


def stamps(text):
    return [s.when for s in find_stamps(parse(text))]


def times(text):
    return incident_times(parse(text))


def test_a_zone_line_applies_to_the_times_below_it():
    text = "Uploads failing\nall times PT\nDate: Thursday, 4 December 2025\n7:48 AM uploads fail\n8:55 AM fine\n"
    assert stamps(text)[-2:] == [datetime(2025, 12, 4, 15, 48, tzinfo=UTC), datetime(2025, 12, 4, 16, 55, tzinfo=UTC)]


def test_a_heading_states_zone_and_date_and_a_later_statement_takes_over():
    text = ("## Timeline (all times IST), 2025-01-17\n11:05 requests time out\n"
            "## Later (Alle Zeiten UTC)\n12:20 decline rate normal\n")
    assert stamps(text) == [datetime(2025, 1, 17, 5, 35, tzinfo=UTC), datetime(2025, 1, 17, 12, 20, tzinfo=UTC)]


def test_a_table_header_zone_applies_to_iso_dates_with_a_space():
    text = "| Time (PT) | What happened |\n|---|---|\n| 2025-08-14 06:55 | lag climbs |\n"
    assert stamps(text) == [datetime(2025, 8, 14, 13, 55, tzinfo=UTC)]


def test_zone_names_of_other_languages_and_cities():
    assert stamps("Beginn: 9. Apr. 2025, 09:10 MESZ") == [datetime(2025, 4, 9, 7, 10, tzinfo=UTC)]
    assert stamps("## Chronologie (heure de Paris)\n- 18 mars 2025, 07h42 : erreurs") == [
        datetime(2025, 3, 18, 6, 42, tzinfo=UTC)]
    assert stamps("Time zone: Etc/UTC\n2025-03-18 13:58 started") == [datetime(2025, 3, 18, 13, 58, tzinfo=UTC)]


def test_no_zone_stated_leaves_a_time_naive():
    assert stamps("2025-03-18 13:58 started")[0].tzinfo is None


def test_epoch_seconds_of_an_export_are_utc():
    assert stamps("At: 1762336920\nMsg: rolled out\n") == [datetime(2025, 11, 5, 10, 2, tzinfo=UTC)]


def test_twelve_hour_clock_after_an_iso_date():
    assert stamps("mitigated as of 2022-09-07 4:32 PM UTC") == [datetime(2022, 9, 7, 16, 32, tzinfo=UTC)]


def test_a_timeline_crossing_midnight_moves_to_the_next_day():
    text = ("Timeline, 2025-09-28 \u2192 2025-09-29, times in UTC:\n- 23:52 job stalls\n"
            "- 00:35 found a query holding a lock since 23:50\n- 01:25 batch complete\n")
    assert stamps(text) == [datetime(2025, 9, 28, 23, 52, tzinfo=UTC), datetime(2025, 9, 29, 0, 35, tzinfo=UTC),
                                datetime(2025, 9, 28, 23, 50, tzinfo=UTC), datetime(2025, 9, 29, 1, 25, tzinfo=UTC)]
    t = times(text)
    assert t.started.value == datetime(2025, 9, 28, 23, 52, tzinfo=UTC)
    assert t.resolved.value == datetime(2025, 9, 29, 1, 25, tzinfo=UTC) and t.duration.value == 93


def test_a_day_range_puts_the_first_day_in_force():
    text = "Times are CET, night of Thu 30 to Fri 31 January 2025.\n[11:38 PM] export failed\n[12:09 AM] rolled back\n"
    assert stamps(text) == [datetime(2025, 1, 30, 22, 38, tzinfo=UTC), datetime(2025, 1, 30, 23, 9, tzinfo=UTC)]


def test_slashed_dates_read_as_the_notes_decide():
    assert stamps("13/04/2025 10:00 UTC x; 03/04/2025 11:00 UTC y")[1] == datetime(2025, 4, 3, 11, 0, tzinfo=UTC)
    assert stamps("Thu 03/04/2025 10:00 UTC deploy")[0] == datetime(2025, 4, 3, 10, 0, tzinfo=UTC)
    assert stamps("Tue 03/04/2025 10:00 UTC deploy")[0] == datetime(2025, 3, 4, 10, 0, tzinfo=UTC)


def test_a_slashed_date_nothing_decides_is_flagged_with_a_question():
    t = times("03/04/2025 10:00 UTC errors began\n03/04/2025 11:00 UTC resolved\n")
    assert t.started.value == datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
    assert any("03/04/2025" in reason and reason.startswith("Is ") for _, reason in t.flags)
    assert not times("13/04/2025 10:00 UTC errors began\n13/04/2025 11:00 UTC resolved\n").flags


def test_end_is_when_service_recovered_not_when_the_ticket_closed():
    text = ("Created: 2025-05-30T17:26:00Z\nResolved: 2025-05-30T22:05:00Z\nTimeline (UTC):\n"
            "- 2025-05-30T20:14:00Z - pin updated. Bookings succeeding again from 20:12 UTC.\n"
            "- 2025-05-30T22:05:00Z - Milestone: resolved\n")
    assert times(text).resolved.value == datetime(2025, 5, 30, 20, 12, tzinfo=UTC)


def test_start_since_a_failure_beats_the_tickets_opening_label():
    text = ("Started: 2025-03-18T13:58:40Z\n"
            "- 2025-03-18T13:58:40Z - Since 13:41 UTC outbound emails are not being delivered.\n"
            "- 2025-03-18T16:31:12Z - Emails are being delivered again as of 16:20 UTC.\n")
    t = times(text)
    assert (t.started.value, t.resolved.value) == (datetime(2025, 3, 18, 13, 41, tzinfo=UTC),
                                                   datetime(2025, 3, 18, 16, 20, tzinfo=UTC))
    assert t.duration.value == 159


def test_planned_work_that_starts_is_not_the_start_of_impact():
    text = ("## Timeline (UTC), 2025-02-20\n| 10:02 | Patroni starts failover |\n"
            "| 10:04 | order-service errors on every insert |\n| 11:08 | Orders succeeding again |\n")
    t = times(text)
    assert t.started.value == datetime(2025, 2, 20, 10, 4, tzinfo=UTC) and t.duration.value == 64


def test_a_start_written_as_minutes_ago_keeps_its_evidence():
    text = "- 2025-11-30T23:51:00Z - U1: orders-api cannot resolve hosts? started like 2 min ago\n"
    t = times(text)
    assert t.started.value == datetime(2025, 11, 30, 23, 49, tzinfo=UTC)
    s, e = t.started.spans[0]
    assert text[s:e].startswith("2025-11-30T23:51") and text[s:e].endswith("ago")


def test_a_background_duration_is_not_the_incidents():
    text = "2024-05-02 10:00 UTC the sync job had been broken for 9 days. The site was down for 47 minutes."
    assert times(text).duration.value == 47


def test_a_stated_window_with_dates_inside():
    text = ("geo-api was wrong from Sunday 6 April 2025 03:00 UTC until the hotfix at "
            "Monday 7 April 2025 15:20 UTC.")
    t = times(text)
    assert t.duration.value == 36 * 60 + 20
    text = "Search was down (18:20 UTC on 7 July 2025 to 09:30 UTC on 9 July)."
    assert times(text).resolved.value == datetime(2025, 7, 9, 9, 30, tzinfo=UTC)


def test_a_time_heading_owns_the_paragraph_below_it():
    text = ("# 2020-08-28 outage\n\nAll times in IST\n\n### 08:52 PM\n\nStudents can not access the hub\n\n"
            "### 09:46 PM\n\nThe issue is closed and everything seems fine\n")
    t = times(text)
    assert t.started.value == datetime(2020, 8, 28, 15, 22, tzinfo=UTC)
    assert t.resolved.value == datetime(2020, 8, 28, 16, 16, tzinfo=UTC)


def test_a_corrected_configuration_ends_the_exposure():
    text = "As of July 16, 2023 11:17 UTC, the team has corrected the configuration on our systems."
    assert times(text).resolved.value == datetime(2023, 7, 16, 11, 17, tzinfo=UTC)
