"""The impact window on notes in the shapes people write: exports, European dates and cues, terse 12-hour notes,
chat logs. Each class has positives and near-misses (notes written for these tests, not taken from any corpus)."""

from datetime import datetime, timezone

from incident_brief.offline.extract.timeline import incident_times
from incident_brief.offline.extract.times import find_stamps
from incident_brief.structure import parse

UTC = timezone.utc


def window(text):
    t = incident_times(parse(text))
    return (t.started.value if t.started else None, t.resolved.value if t.resolved else None,
            t.duration.value if t.duration else None, t.flags)


def at(*parts, tz=UTC):
    return datetime(*parts, tzinfo=tz)


# 1. Exports: the notes' own statement of impact beats the ticket's administrative fields.

EXPORT = """Incident ID: INC-88
Title: Basket service errors
Created: 2025-06-03T16:40:12Z
Resolved: 2025-06-03T18:02:00Z

Timeline (UTC):
- 2025-06-03T16:40:12Z - Triggered: high 5xx on basket-api
- 2025-06-03T16:52:00Z - lena: impact began 16:31 per dashboards
- 2025-06-03T17:25:00Z - omar: error rate recovered 17:19 after rollback
- 2025-06-03T18:02:00Z - Resolved by omar
"""


def test_export_stated_impact_times_beat_created_and_resolved_fields():
    start, end, minutes, _ = window(EXPORT)
    assert (start, end, minutes) == (at(2025, 6, 3, 16, 31), at(2025, 6, 3, 17, 19), 48)


def test_export_stated_start_beats_a_started_field():
    text = ("Title: Degraded API\nStarted: 2025-02-11T09:30:00Z\nResolved: 2025-02-11T11:45:00Z\n\n"
            "Update:\nCustomers were first affected at 09:12 and the API recovered 10:41.\n")
    start, end, _, _ = window(text)
    assert (start.hour, start.minute) == (9, 12)
    assert (end.hour, end.minute) == (10, 41)


def test_impact_label_is_kept_when_the_text_states_a_later_time():
    # "Impact start:" is itself the notes' statement of impact: a later "first errors" does not move it.
    text = "Impact start: 2025-05-02 10:00 UTC\n10:20 UTC first errors in the logs\n11:05 UTC recovered\n"
    start, end, _, _ = window(text)
    assert start == at(2025, 5, 2, 10, 0)
    assert end == at(2025, 5, 2, 11, 5)


def test_started_field_stays_when_the_stated_impact_comes_later():
    text = ("Started: 2025-05-02T10:00:00Z\nResolved: 2025-05-02T12:00:00Z\n\n"
            "Notes:\ncustomers first affected at 10:30 UTC, recovered 11:40 UTC\n")
    start, end, _, _ = window(text)
    assert start == at(2025, 5, 2, 10, 0)
    assert end == at(2025, 5, 2, 11, 40)


def test_a_field_line_above_a_new_section_does_not_take_that_sections_words():
    # "Resolved: <time>" followed by a blank line and "Description:" is a field, not the description's time.
    text = ("Incident ID: OPS-9\nCreated: 2025-09-10T08:25:00.000+0000\nResolved: 2025-09-10T12:40:00.000+0000\n\n"
            "Description:\nSearch returned errors. Impact began 08:02. Back to normal at 09:47.\n")
    start, end, _, _ = window(text)
    assert (start.hour, start.minute) == (8, 2)
    assert (end.hour, end.minute) == (9, 47)


# 2. European dates, cues and zones.

def test_german_note_with_dotted_date_and_mez():
    text = ("Störung Zahlungsdienst, Fr, 28.11.2025 (alle Zeiten MEZ)\n\n"
            "Ab 20:10 Uhr schlugen Zahlungen fehl. Um 20:40 Rollback gestartet. Ab 21:35 Uhr lief der Dienst wieder normal.\n")
    start, end, minutes, _ = window(text)
    assert (start, end, minutes) == (at(2025, 11, 28, 19, 10), at(2025, 11, 28, 20, 35), 85)


def test_french_note_with_paris_time():
    text = ("Incident du jeudi 22/01/2026, heure de Paris\n\n"
            "À partir de 7h02, les paiements échouaient. Le service a été rétabli à 8h41.\n")
    start, end, _, flags = window(text)
    assert (start, end) == (at(2026, 1, 22, 6, 2), at(2026, 1, 22, 7, 41))
    assert not [f for f in flags if f[0] == "started_at"]


def test_spanish_weekday_decides_a_slashed_date():
    # 12/01/2026 reads two ways; "lunes" (Monday) fits 12 January 2026 only.
    text = "Incidente lunes 12/01/2026 (hora de Madrid)\nDesde las 9:15 la API devolvía errores. Volvió a funcionar a las 10:05.\n"
    start, end, minutes, flags = window(text)
    assert (start, end, minutes) == (at(2026, 1, 12, 8, 15), at(2026, 1, 12, 9, 5), 50)
    assert not flags


def test_german_ab_before_a_recovery_is_not_a_start():
    text = "Mi, 03.12.2025, alle Zeiten MEZ\n09:40 Fehler im Checkout\nab 10:15 Uhr lief alles wieder normal\n"
    start, end, _, _ = window(text)
    assert start == at(2025, 12, 3, 8, 40)
    assert end == at(2025, 12, 3, 9, 15)


def test_dotted_version_numbers_are_not_dates():
    assert [s.when for s in find_stamps(parse("upgraded to 1.2.2025 build at 2025-03-04 10:00 UTC"))] == \
        [at(2025, 3, 4, 10, 0)]


# 3. Terse 12-hour shorthand, and dates without a year.

TERSE = """handoff {day}, all times PT
~6:40p checkout errors start
6:55 rolled back
7:20p errors gone, back to normal
"""


def test_twelve_hour_shorthand_and_a_bare_clock_after_it():
    stamps = [s.when for s in find_stamps(parse(TERSE.format(day="2025-11-14")))]
    assert stamps == [at(2025, 11, 15, 2, 40), at(2025, 11, 15, 2, 55), at(2025, 11, 15, 3, 20)]
    start, end, minutes, _ = window(TERSE.format(day="2025-11-14"))
    assert (start, end, minutes) == (at(2025, 11, 15, 2, 40), at(2025, 11, 15, 3, 20), 40)


def test_a_bare_clock_referring_back_keeps_its_half_of_the_day():
    # "8:03 AM ... after the 7:55 push": 7:55 is the morning, not the evening.
    text = "2025-06-12, times in PDT\n[8:03 AM] dev: started right after the 7:55 config push?\n"
    assert [s.when.hour for s in find_stamps(parse(text))] == [15, 14]


def test_a_bare_clock_after_late_evening_crosses_midnight():
    text = "2025-03-01, all times UTC\n11:50 PM alerts fire\n12:10 still failing\n"
    assert [s.when for s in find_stamps(parse(text))] == [at(2025, 3, 1, 23, 50), at(2025, 3, 2, 0, 10)]


def test_a_letter_after_a_space_is_not_a_marker():
    text = "2025-03-01, all times UTC\n6:40 a deploy went out\n"
    assert [s.when for s in find_stamps(parse(text))] == [at(2025, 3, 1, 6, 40)]


def test_date_without_a_year_is_not_completed_and_is_flagged():
    start, end, _, flags = window(TERSE.format(day="11/14"))
    assert (start, end) == (None, None)
    assert any("without a year" in text for _, text in flags)


def test_date_without_a_year_takes_the_year_of_an_email_header():
    text = "From: ops@example.com\nDate: Sat, 15 Nov 2025 09:10:00 -0800\nSubject: handoff\n\n" + TERSE.format(day="11/14")
    start, end, _, flags = window(text)
    assert (start, end) == (at(2025, 11, 15, 2, 40), at(2025, 11, 15, 3, 20))
    assert not any("without a year" in text for _, text in flags)


def test_fractions_are_not_dates():
    text = "2025-03-04 all times UTC\n10:00 1/2 of users saw errors\n10:30 24/7 support paged, recovered 10:41\n"
    start, end, _, _ = window(text)
    assert (start, end) == (at(2025, 3, 4, 10, 0), at(2025, 3, 4, 10, 41))


# 4. Chat logs that end with a plain statement.

def test_chat_ends_with_all_good_now():
    text = ("2025-04-02, all times ET\n[9:14 AM] ana: payments failing for everyone\n[9:30 AM] raj: reverted\n"
            "[9:52 AM] raj: all good now\n")
    start, end, minutes, flags = window(text)
    assert (start, end, minutes) == (at(2025, 4, 2, 13, 14), at(2025, 4, 2, 13, 52), 38)
    assert not [f for f in flags if f[0] == "resolved_at"]


def test_chat_all_good_question_is_no_end():
    text = ("2025-04-02, all times ET\n[9:14 AM] ana: payments failing for everyone\n[9:30 AM] raj: reverted\n"
            "[9:52 AM] raj: all good?\n")
    _, end, _, flags = window(text)
    assert end == at(2025, 4, 2, 13, 30)  # the revert, flagged as the last fix
    assert any(f[0] == "resolved_at" for f in flags)


def test_chat_recovery_before_a_closing_all_good_is_the_end():
    text = ("2025-04-02, all times ET\n[9:14 AM] ana: payments api throwing 500s\n"
            "[9:41 AM] raj: error rate back to baseline\n[10:05 AM] ana: all good now, closing\n")
    _, end, _, _ = window(text)
    assert end == at(2025, 4, 2, 13, 41)


def test_an_earlier_start_cue_in_the_text_beats_a_started_field():
    text = ("Title: API errors\nStarted: 2025-02-11T09:30:00Z\nResolved: 2025-02-11T11:45:00Z\n\n"
            "Update:\nThe API went down at 09:05 UTC and recovered 10:41 UTC.\n")
    start, end, minutes, _ = window(text)
    assert (start, end, minutes) == (at(2025, 2, 11, 9, 5), at(2025, 2, 11, 10, 41), 96)


def test_european_ranges():
    de = "Störung am 28.11.2025, alle Zeiten MEZ: von 20:10 bis 21:35 Uhr war der Checkout nicht erreichbar.\n"
    fr = "Le 22/01/2026 (heure de Paris), les paiements étaient indisponibles de 7h02 à 8h41.\n"
    assert window(de)[:2] == (at(2025, 11, 28, 19, 10), at(2025, 11, 28, 20, 35))
    assert window(fr)[:2] == (at(2026, 1, 22, 6, 2), at(2026, 1, 22, 7, 41))


def test_zone_after_uhr_and_recovery_words():
    de = "Freitag, 28.11.2025\nSeit 20:10 Uhr MEZ Fehler beim Bezahlen.\n21:35 Uhr MEZ: funktioniert wieder.\n"
    fr = "jeudi 22/01/2026, heure de Paris\n07:02 erreurs sur le paiement\n08:41 retour à la normale\n"
    es = "lunes 12/01/2026, hora de Madrid\n9:15 errores en reservas\n10:05 el servicio volvió a la normalidad\n"
    assert window(de)[:2] == (at(2025, 11, 28, 19, 10), at(2025, 11, 28, 20, 35))
    assert window(fr)[:2] == (at(2026, 1, 22, 6, 2), at(2026, 1, 22, 7, 41))
    assert window(es)[:2] == (at(2026, 1, 12, 8, 15), at(2026, 1, 12, 9, 5))


def test_a_european_zone_decides_a_slashed_date_and_a_us_zone_the_other_way():
    es = "Incidente del 12/01/2026 (hora de Madrid): la API falló desde las 9:15 hasta las 10:05.\n"
    start, end, _, flags = window(es)
    assert (start, end) == (at(2026, 1, 12, 8, 15), at(2026, 1, 12, 9, 5))
    assert not flags
    us = "12/01/2026, all times PT\n9:15 API errors\n10:05 recovered\n"
    assert window(us)[0].date().isoformat() == "2026-12-01"
    both = "12/01/2026 9:15 CET errors; 10:05 PT recovered\n"
    assert any("month first or day first" in text for _, text in window(both)[3])


def test_chat_errors_are_gone():
    text = ("2025-04-02, all times ET\n[9:14 AM] ana: logins failing\n[9:30 AM] raj: reverted\n"
            "[9:44 AM] raj: errors are gone, everything is working\n")
    assert window(text)[1] == at(2025, 4, 2, 13, 44)


def _export_window(data):
    import json

    from incident_brief.ingest import from_text

    return window(from_text(json.dumps(data), "export").text)


def test_generic_json_creation_time_is_administrative():
    data = {"ref": "X-1", "createdAt": "2025-07-01T10:40:00Z", "closedAt": "2025-07-01T12:00:00Z",
            "notes": "Impact began 10:12 UTC when card payments started failing; recovered at 11:20 UTC."}
    start, end, _, _ = _export_window(data)
    assert (start, end) == (at(2025, 7, 1, 10, 12), at(2025, 7, 1, 11, 20))


def test_generic_json_creation_time_is_the_fallback_start_and_is_flagged():
    start, _, _, flags = _export_window({"ref": "X-2", "createdAt": "2025-07-01T10:40:00Z", "title": "Slow search"})
    assert start == at(2025, 7, 1, 10, 40)
    assert any(f[0] == "started_at" for f in flags)


def test_german_dotted_clocks_and_spanish_long_dates():
    de = ("Störung vom 28. November 2025 (MEZ)\n"
          "Ab 20.10 Uhr war der Shop nicht erreichbar. Um 21.35 Uhr lief alles wieder normal.\n")
    es = "Incidente del 12 de enero de 2026, hora de Madrid. Desde las 9:15 la web no respondía. Volvió a funcionar a las 10:05.\n"
    assert window(de)[:2] == (at(2025, 11, 28, 19, 10), at(2025, 11, 28, 20, 35))
    assert window(es)[:2] == (at(2026, 1, 12, 8, 15), at(2026, 1, 12, 9, 5))
    assert find_stamps(parse("Version 2.10 released on 2025-01-02; 1.20 Uhrwerk")) == []


def test_clock_ranges_with_a_hyphen_are_two_times_not_an_offset():
    text = "2025-11-11 UTC: down from 10:00-11:00, fixed\n"
    assert [s.when for s in find_stamps(parse(text))] == [at(2025, 11, 11, 10, 0), at(2025, 11, 11, 11, 0)]
    assert window("2025-11-11 (PT): checkout down ~6:40p-7:20p, rollback fixed it\n")[:2] == \
        (at(2025, 11, 12, 2, 40), at(2025, 11, 12, 3, 20))
    # an offset after seconds is an offset; a hyphen inside a date starts no time
    assert [s.when for s in find_stamps(parse("2025-11-12 deploy 10:00:00-05:00 ok"))] == [at(2025, 11, 12, 15, 0)]
    assert find_stamps(parse("on 2025-11-12 5-10 users")) == []


def test_a_zone_written_on_the_first_shorthand_time_applies_to_the_others():
    text = "tue 2025-11-11\n~6:40p PT checkout 500s\n6:55 rollback\n7:20p recovered\n"
    start, end, _, flags = window(text)
    assert (start, end) == (at(2025, 11, 12, 2, 40), at(2025, 11, 12, 3, 20))
    assert not flags


def test_european_start_and_end_labels():
    de = "Störung am 28.11.2025 (MEZ)\nBeginn: 20:10 Uhr\nEnde: 21:35 Uhr\n"
    fr = "Incident du 22 janvier 2026 (heure de Paris)\nDébut de l'incident : 7h02\nFin de l'incident : 8h41\n"
    assert window(de)[:2] == (at(2025, 11, 28, 19, 10), at(2025, 11, 28, 20, 35))
    start, end, _, flags = window(fr)
    assert (start, end) == (at(2026, 1, 22, 6, 2), at(2026, 1, 22, 7, 41))
    assert not flags


def test_a_stated_impact_window_beats_the_resolved_field_but_another_range_does_not():
    head = "Incident ID: INC-1\nCreated: 2025-06-03T16:40:12Z\nResolved: 2025-06-03T18:02:00Z\n\nSummary:\n"
    start, end, minutes, _ = window(head + "Impact window: 16:31–17:19 UTC. Checkout failed for most users.\n")
    assert (start, end, minutes) == (at(2025, 6, 3, 16, 31), at(2025, 6, 3, 17, 19), 48)
    # a range that tells when something ran is not the impact window: the closing stands
    _, end, _, _ = window(head + "Exports generated between 16:31 and 17:19 UTC were incomplete.\n")
    assert end == at(2025, 6, 3, 18, 2)
