"""Times that follow their context, on notes written for this test in several shapes and languages: a zone or a
date stated once (a header line, a title, a parenthesis, a table header) applies to the clocks below it; clocks
past midnight roll to the next day; plain-text tables; 24-hour clocks written with a dot or an "h"; incident ids
of other shapes."""

from datetime import datetime, timezone

import pytest

from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize
from incident_brief.offline.extract.timeline import incident_times
from incident_brief.offline.extract.times import find_stamps
from incident_brief.structure import parse

UTC = timezone.utc


def window(text):
    t = incident_times(parse(text))
    return (t.started.value if t.started else None, t.resolved.value if t.resolved else None)


def stamps(text):
    return [s.when for s in find_stamps(parse(text)) if s.dated]


def utc(*a):
    return datetime(*a, tzinfo=UTC)


# 1. A zone stated once in a header line, title or parenthesis.
ZONE_NOTES = [
    ("Checkout latency incident, Wed 12 Mar 2025 (times AEST, UTC+10)\n\n"
     "14:05 p99 latency on checkout-api climbs above 4 s\n14:20 rolled back the connection pool change\n"
     "14:32 latency back to normal\n", utc(2025, 3, 12, 4, 5), utc(2025, 3, 12, 4, 32)),
    ("Billing API errors - 2025-07-08 - all times ET\n\n- 07:05 errors begin on billing-api\n- 07:22 config reverted\n"
     "- 07:50 error rate back to baseline\n", utc(2025, 7, 8, 11, 5), utc(2025, 7, 8, 11, 50)),
    ("Billing API errors - 2025-01-14 - all times ET\n\n- 07:05 errors begin on billing-api\n"
     "- 07:50 error rate back to baseline\n", utc(2025, 1, 14, 12, 5), utc(2025, 1, 14, 12, 50)),
    ("Störung Zahlungsdienst am 14. Januar 2026 (Zeiten in MEZ)\n\n07:05 Fehler beim Bezahlen beginnen\n"
     "07:25 Rollback gestartet\n07:40 Zahlungen funktionieren wieder\n", utc(2026, 1, 14, 6, 5), utc(2026, 1, 14, 6, 40)),
    ("Panne de l'API de réservation, 12 mai 2024, heure de Paris\n\n7h05 : début des erreurs sur l'API\n"
     "7h30 : retour arrière\n7h48 : service rétabli\n", utc(2024, 5, 12, 5, 5), utc(2024, 5, 12, 5, 48)),
    ("Incidencia en pagos, 27/06/2025, hora peninsular (CEST)\n\n09:10 empiezan los errores en el TPV\n"
     "09:40 resuelto, los pagos vuelven a funcionar\n", utc(2025, 6, 27, 7, 10), utc(2025, 6, 27, 7, 40)),
    ("# Storing betaalpagina\n\nDatum: 2025-03-12, tijden in CET\n\n- 10:02 eerste fouten op de betaalpagina\n"
     "- 10:31 betalingen werken weer\n", utc(2025, 3, 12, 9, 2), utc(2025, 3, 12, 9, 31)),
    ("# Search outage\n\nDate: 2025-06-27\n\n## Timeline (UTC+1)\n\n- 09:10 search errors began\n"
     "- 09:55 search recovered\n", utc(2025, 6, 27, 8, 10), utc(2025, 6, 27, 8, 55)),
    ("Outage of the ledger, 2025-02-03 (Mumbai, IST / UTC+05:30)\n\n10:00 ledger writes failing\n"
     "10:45 writes succeeding again\n", utc(2025, 2, 3, 4, 30), utc(2025, 2, 3, 5, 15)),
    ("Inventory sync broke on 2025-10-02. All times GMT-4.\n\n* 06:15 inventory sync errors began\n"
     "* 06:40 sync resumed\n", utc(2025, 10, 2, 10, 15), utc(2025, 10, 2, 10, 40)),
]


@pytest.mark.parametrize("text,start,end", ZONE_NOTES, ids=[f"zone{i}" for i in range(len(ZONE_NOTES))])
def test_a_zone_stated_once_applies_to_the_times_below(text, start, end):
    assert window(text) == (start, end)


# 2. A date stated once in a header, in many formats; clocks below take it and roll past midnight.
DATE_NOTES = [
    ("Handoff Tue 08-Jul-2025 (UTC)\n\n07:05 orders-api 5xx began\n07:40 orders-api recovered\n",
     utc(2025, 7, 8, 7, 5), utc(2025, 7, 8, 7, 40)),
    ("Night shift, Sun 18 May 2025 into Mon 19 May (all times PT)\n\n[11:47 PM] ana: queue-worker down, jobs piling up\n"
     "[11:58 PM] ben: restarting the workers\n[12:06 AM] ben: workers restarted\n[12:15 AM] ana: queue drained, jobs processed again\n",
     utc(2025, 5, 19, 6, 47), utc(2025, 5, 19, 7, 15)),
    ("New year freeze, 31 dec 2025 / 1 jan 2026, times UTC\n\n23:50 login errors began\n00:10 session store restarted\n"
     "00:20 logins working again\n", utc(2025, 12, 31, 23, 50), utc(2026, 1, 1, 0, 20)),
    ("Incident du jeudi 12 septembre 2024 (heure de Paris)\n\n22h50 : début des erreurs de paiement\n"
     "23h40 : correctif déployé\n00h15 : paiements rétablis\n", utc(2024, 9, 12, 20, 50), utc(2024, 9, 12, 22, 15)),
    ("Handover 27/06/2025 (UTC)\n\n21:30 replication lag began rising on db-main\n01:05 replication lag back to zero\n",
     utc(2025, 6, 27, 21, 30), utc(2025, 6, 28, 1, 5)),
    ("Störung vom 14. Januar 2026, alle Zeiten UTC\n\n23:10 Fehler beim Login beginnen\n00:05 Login wieder möglich\n",
     utc(2026, 1, 14, 23, 10), utc(2026, 1, 15, 0, 5)),
]


@pytest.mark.parametrize("text,start,end", DATE_NOTES, ids=[f"date{i}" for i in range(len(DATE_NOTES))])
def test_a_date_stated_once_applies_and_midnight_rolls_over(text, start, end):
    assert window(text) == (start, end)


def test_a_multi_day_timeline_with_its_zone_in_the_heading_and_a_date_per_day():
    text = ("# Postmortem: storage cluster degraded\n\n## Timeline (all times CET)\n\n### Mon 3 Feb 2025\n\n"
            "- 22:40 write latency on storage-cluster began climbing\n- 23:30 first node evicted\n\n### Tue 4 Feb 2025\n\n"
            "- 02:10 rebalance started\n- 09:15 write latency back to normal\n")
    assert window(text) == (utc(2025, 2, 3, 21, 40), utc(2025, 2, 4, 8, 15))


# 3. Plain-text and Markdown tables with a time column.
def test_a_plain_table_with_a_dash_plus_separator():
    text = ("Incident handoff - Tue 08-Jul-2025\n\nTIME (CEST) | WHO | EVENT\n------------+-----+-------------------\n"
            "07:05       | -   | first 5xx on orders-api\n07:31       | dk  | rollback started\n"
            "07:44       | dk  | orders-api errors back to baseline\n")
    assert window(text) == (utc(2025, 7, 8, 5, 5), utc(2025, 7, 8, 5, 44))


def test_a_markdown_table_whose_time_header_states_the_zone():
    text = ("# Kafka consumer lag\n\nDate: 2025-11-20\n\n| Time (CET) | Event |\n|---|---|\n"
            "| 08:12 | consumer lag on orders topic began rising |\n| 08:40 | consumers restarted |\n"
            "| 08:58 | lag back to zero |\n")
    assert window(text) == (utc(2025, 11, 20, 7, 12), utc(2025, 11, 20, 7, 58))


def test_aligned_columns_without_pipes():
    text = ("Shift log 2025-09-09, all times UTC\n\nTIME    WHO    EVENT\n07:05   -      image-resizer errors began\n"
            "07:20   mk     resizer pods restarted\n07:26   mk     image-resizer recovered\n")
    assert window(text) == (utc(2025, 9, 9, 7, 5), utc(2025, 9, 9, 7, 26))


# 4. 24-hour clocks written with a dot or an "h".
def test_dotted_and_h_clocks_of_european_notes():
    text = ("Störung am 14. Januar 2026 (MEZ)\n\n07.05 Fehler beim Bezahlen beginnen\n07.30 Rollback\n"
            "11.20 Uhr Zahlungen funktionieren wieder\n")
    assert window(text) == (utc(2026, 1, 14, 6, 5), utc(2026, 1, 14, 10, 20))
    text = "Incident 2024-05-12 (heure de Paris)\n\n7h05 : début des erreurs\n07h48 : service rétabli\n"
    assert window(text) == (utc(2024, 5, 12, 5, 5), utc(2024, 5, 12, 5, 48))


def test_a_dotted_number_that_is_no_clock_stays_unread():
    assert stamps("Upgraded to 3.12 and back to 2.40 on 2025-01-02.\nSize grew 12.75 GB.\n") == []


# 5. Incident ids of other shapes.
@pytest.mark.parametrize("text,want", [
    ("NOC-24-1193: VPN concentrator down\n\nUsers could not connect from 09:10 to 09:40 UTC on 2025-02-02.\n", "NOC-24-1193"),
    ("Incident: TOLL-INC-5530\nToll gantries stopped reading tags at 06:10 UTC on 2025-03-03.\n", "TOLL-INC-5530"),
    ("Ticket #4412 - printers offline on floor 3\nFixed 2025-03-03 11:00 UTC.\n", "4412"),
    ("Payments API degraded for card payments, bridge notes in INC0012345.\nResolved 2025-03-03 11:00 UTC.\n", "INC0012345"),
])
def test_incident_ids_of_other_shapes(text, want):
    report = summarize(from_text(text), generated_at=utc(2025, 12, 1))
    assert report.incident_id == want


def test_a_bare_export_key_is_no_incident_id():
    text = "export 7f3a9c2e41b8d6f0\nSearch was down from 09:10 to 09:40 UTC on 2025-02-02.\n"
    assert summarize(from_text(text), generated_at=utc(2025, 12, 1)).incident_id is None
    labelled = "Incident ID: 7f3a9c2e41b8d6f0\nSearch was down from 09:10 to 09:40 UTC on 2025-02-02.\n"
    assert summarize(from_text(labelled), generated_at=utc(2025, 12, 1)).incident_id == "7f3a9c2e41b8d6f0"


def test_plain_text_tables_with_a_dash_plus_rule_are_tables():
    from incident_brief.offline.extract.tables import tables
    text = ("TIME | WHO | EVENT\n------+-----+------\n07:05 | -  | errors\n07:40 | dk | fixed\n\n"
            "| Action | Owner |\n|---|---|\n| add alert | ana |\n")
    found = tables(text)
    assert [t.header for t in found] == [["time", "who", "event"], ["action", "owner"]]
    assert [[c[0] for c in r] for r in found[0].rows] == [["07:05", "-", "errors"], ["07:40", "dk", "fixed"]]
    assert [[c[0] for c in r] for r in found[1].rows] == [["add alert", "ana"]]


def test_the_one_zone_written_after_a_time_applies_to_the_bare_times_and_a_stop_on_its_own_ends_impact():
    text = ("# Report export sent twice\n\nOn Tuesday 15 April 2025 the export job ran at 09:00 and again at 09:20 CEST. "
            "The duplicate stopped on its own at 09:35 CEST when the second run finished.\n")
    assert stamps(text) == [utc(2025, 4, 15, 7, 0), utc(2025, 4, 15, 7, 20), utc(2025, 4, 15, 7, 35)]
    assert window(text)[1] == utc(2025, 4, 15, 7, 35)


def test_a_lowercase_word_that_spells_a_zone_is_no_zone():
    text = "Störung am 2025-01-14. Die Zeit ist knapp, um 09:10 ist der Dienst weg.\n"
    assert all(s.tzinfo is None for s in stamps(text))
    text = "Incident du 2025-01-14 (heure de Paris)\n\nErreurs entre 9:10 et 9:40, puis à 10:00 est revenu.\n"
    assert stamps(text) == [utc(2025, 1, 14, 8, 10), utc(2025, 1, 14, 8, 40), utc(2025, 1, 14, 9, 0)]
