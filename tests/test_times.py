from datetime import datetime, timedelta, timezone

import pytest

from incident_brief.offline.extract.timeline import incident_times
from incident_brief.offline.extract.times import find_stamps, tz_of
from incident_brief.structure import parse

UTC = timezone.utc


def times(text):
    return incident_times(parse(text))


def stamps(text):
    return [s.when for s in find_stamps(parse(text))]


def test_iso_8601_with_zone_is_converted_to_utc():
    assert stamps("Deploy at 2024-01-15T14:02:00+02:00.") == [datetime(2024, 1, 15, 12, 2, tzinfo=UTC)]
    assert stamps("At 2019-10-21 01:38 UTC it went down.") == [datetime(2019, 10, 21, 1, 38, tzinfo=UTC)]


def test_date_line_followed_by_bare_times():
    text = "2025-03-04\n09:05 UTC deploy\n09:12 alerts fire\n"
    assert stamps(text) == [datetime(2025, 3, 4, 9, 5, tzinfo=UTC), datetime(2025, 3, 4, 9, 12, tzinfo=UTC)]


def test_us_zones_follow_daylight_saving():
    # July: EDT (UTC-4); January: EST (UTC-5).
    assert stamps("07-29-2022 @ 12:07 PM ET: reported") == [datetime(2022, 7, 29, 16, 7, tzinfo=UTC)]
    assert stamps("January 9, 2018 at 5:09 PM ET") == [datetime(2018, 1, 9, 22, 9, tzinfo=UTC)]
    assert tz_of("PT").utcoffset(datetime(2025, 6, 12, 12)) == timedelta(hours=-7)
    assert stamps("June 12, 2025 8:02 AM PDT") == [datetime(2025, 6, 12, 15, 2, tzinfo=UTC)]


def test_us_daylight_saving_rules_of_the_year_itself():
    # Before 2007 US daylight time began on the first Sunday of April: 20 March 2005 is still EST.
    assert stamps("2005-03-20 10:00 ET") == [datetime(2005, 3, 20, 15, 0, tzinfo=UTC)]
    assert stamps("2005-04-03 10:00 ET") == [datetime(2005, 4, 3, 14, 0, tzinfo=UTC)]
    assert stamps("2005-10-29 10:00 PT") == [datetime(2005, 10, 29, 17, 0, tzinfo=UTC)]  # ended last Sunday of October
    assert stamps("2005-10-31 10:00 PT") == [datetime(2005, 10, 31, 18, 0, tzinfo=UTC)]
    # Since 2007: second Sunday of March at 2am to first Sunday of November.
    assert stamps("2024-03-09 10:00 ET") == [datetime(2024, 3, 9, 15, 0, tzinfo=UTC)]
    assert stamps("2024-03-10 01:00 ET") == [datetime(2024, 3, 10, 6, 0, tzinfo=UTC)]
    assert stamps("2024-03-10 03:00 ET") == [datetime(2024, 3, 10, 7, 0, tzinfo=UTC)]
    assert stamps("2024-11-03 10:00 CT") == [datetime(2024, 11, 3, 16, 0, tzinfo=UTC)]


def test_abbreviations_that_name_an_offset_stay_fixed():
    assert stamps("2024-07-01 10:00 EST") == [datetime(2024, 7, 1, 15, 0, tzinfo=UTC)]
    assert stamps("2024-01-15 10:00 PDT") == [datetime(2024, 1, 15, 17, 0, tzinfo=UTC)]


def test_european_zones():
    assert stamps("2024-01-15 10:00 CET") == [datetime(2024, 1, 15, 9, 0, tzinfo=UTC)]
    assert stamps("2024-07-15 10:00 CEST") == [datetime(2024, 7, 15, 8, 0, tzinfo=UTC)]
    assert stamps("2024-07-15 10:00 BST") == [datetime(2024, 7, 15, 9, 0, tzinfo=UTC)]
    assert stamps("2024-07-15 10:00 IST") == [datetime(2024, 7, 15, 4, 30, tzinfo=UTC)]


def test_month_name_date_takes_the_year_written_elsewhere():
    text = "On January 31st 2017 we had an outage.\n\nJanuary 31 at 17:20 UTC: backup taken."
    assert stamps(text) == [datetime(2017, 1, 31, 17, 20, tzinfo=UTC)]


def test_time_followed_by_its_date():
    assert stamps("At 17:41 UTC on 2023-07-19 a change was merged.") == [datetime(2023, 7, 19, 17, 41, tzinfo=UTC)]


def test_time_without_a_day_is_not_given_a_date():
    t = times("The site went down at 14:02 UTC and was restored at 15:00 UTC.")
    assert t.started is None and t.resolved is None


def test_no_zone_stays_naive():
    assert stamps("2024-02-13 13:00 job stopped") == [datetime(2024, 2, 13, 13, 0)]


def test_range_gives_start_end_and_zone_for_both():
    t = times("On September 29, 2025 the service was down from 16:58 to 18:46 UTC.")
    assert t.started.value == datetime(2025, 9, 29, 16, 58, tzinfo=UTC)
    assert t.resolved.value == datetime(2025, 9, 29, 18, 46, tzinfo=UTC)
    assert t.duration.value == 108 and not t.duration_stated


@pytest.mark.parametrize("phrase, minutes", [
    ("The outage lasted 2h 41m in total.", 161),
    ("an outage lasting 1 hour and 48 minutes, from 16:58", 108),
    ("Checkout was down for 84 minutes.", 84),
    ("Duration: 2.5 hours", 150),
    ("Time to resolve: 2h 41m", 161),
])
def test_stated_durations(phrase, minutes):
    t = times(phrase)
    assert t.duration is not None and t.duration.value == minutes and t.duration_stated


def test_durations_that_are_not_the_incident_are_ignored():
    assert times("Issuing the certificate took around 10 minutes.").duration is None
    assert times("It failed to resolve for an estimated time of 10-15 minutes.").duration is None


def test_computed_duration_from_timeline():
    text = ("2024-01-15\n- 11:50 UTC - Error rate starts climbing\n- 11:56 UTC - Alert fires\n"
            "- 14:20 UTC - Incident resolved\n")
    t = times(text)
    assert t.started.value.hour == 11 and t.detected.value.minute == 56
    assert t.duration.value == 150


def test_stated_and_computed_disagreement_is_flagged():
    text = "On 2024-01-15 the outage began at 10:00 UTC and was resolved at 12:00 UTC. The outage lasted 30 minutes."
    t = times(text)
    assert t.duration.value == 30
    assert [f for f, _ in t.flags] == ["duration_minutes"]


def test_end_before_start_is_dropped_and_flagged():
    text = "2024-01-15\n- 12:00 UTC - service restored\n- 13:00 UTC - errors started\n"
    t = times(text)
    assert t.resolved is None and ("resolved_at" in [f for f, _ in t.flags])


def test_two_ranges_in_one_sentence_are_summed():
    t = times("Problems on August 10th from about 7:08 UTC until 10:40 UTC, and again from 19:03 UTC until 19:19 UTC.")
    assert t.duration.value == 212 + 16


def test_front_matter_times():
    text = "---\ntitle: x\ndate: 2022-05-27T16:50:00-00:00\nresolvedWhen: 2022-05-27T21:18:00-00:00\n---\nCert expired.\n"
    t = times(text)
    assert t.started.value == datetime(2022, 5, 27, 16, 50, tzinfo=UTC)
    assert t.duration.value == 268


def test_every_time_carries_its_span():
    text = "On 2024-01-15 at 09:15 UTC the deploy began; by 09:40 UTC traffic was back to normal."
    t = times(text)
    for found in (t.started, t.resolved):
        s, e = found.spans[0]
        assert text[s:e].startswith(("2024-01-15", "09:40"))


def test_front_matter_end_key():
    text = "---\ntitle: x\nstart: 2022-05-27T16:50:00Z\nend: 2022-05-27T17:20:00Z\n---\nCert expired.\n"
    t = times(text)
    assert t.resolved.value == datetime(2022, 5, 27, 17, 20, tzinfo=UTC) and t.duration.value == 30
