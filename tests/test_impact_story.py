"""Impact figures (users, revenue, customer reports): the cue families, the near-misses, and the final value when
the notes correct an early figure."""

from __future__ import annotations

import pytest

from incident_brief.figures import number, numbers_in, scaled
from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize
from incident_brief.offline.extract.impact import impact_story
from incident_brief.structure import parse


def told(text):
    return impact_story(parse(text))


def values(text):
    story = told(text)
    money = story.revenue.found.value if story.revenue.found else None
    return (story.users.found.value if story.users.found else None,
            (money.amount, money.currency) if money else None,
            story.reports.found.value if story.reports.found else None)


@pytest.mark.parametrize("text, users", [
    ("During the window about 6,200 users could not finish a 2FA login.", 6200),
    ("About 240 staff in the Lisbon office could not reach internal tools.", 240),
    ("roughly 140 partners were throttled.", 140),
    ("~3.5k users kicked out, 17 tickets.", 3500),
    ("Betroffen: ca. 2.400 Nutzer im Kundenportal konnten ihre Rechnungen nicht herunterladen.", 2400),
    ("Impact: payouts for about fifteen hundred sellers left 90 minutes later than promised.", 1500),
    ("Severity P2. About 6,800 creators saw failed uploads, 58 support tickets.", 6800),
    ("| Metric | Value |\n|---|---|\n| Customers double-charged | 3,870 |", 3870),
    ("Users affected: 2300", 2300),
    ("3,870 customers were charged twice for their monthly plan.", 3870),
])
def test_users_affected_cue_families(text, users):
    assert values(text)[0] == users


@pytest.mark.parametrize("text, money", [
    ("An estimated 2,700 bookings were lost, roughly €96,000 in gross booking value.", (96000, "EUR")),
    ("- Geschätzter Umsatzeffekt durch verspätete Zahlungen: 51.000 €", (51000, "EUR")),
    ("- Pérdida estimada: 38.500 € en ventas canceladas.", (38500, "EUR")),
    ("Environ 3 200 réservations n'ont pas pu être faites, soit une perte estimée à 142 000 €.", (142000, "EUR")),
    ("The duplicate charges totalled $118,400 and were all refunded by 27 August.", (118400, "USD")),
    ("approx ₹18,40,000 GMV lost (finance estimate).", (1840000, "INR")),
    ("Finance puts the lost revenue at ₹18.4 lakh.", (1840000, "INR")),
    ("We issued refunds of $2,300 to the affected shops.", (2300, "USD")),
])
def test_revenue_cue_families(text, money):
    assert values(text)[1] == money


@pytest.mark.parametrize("text, reports", [
    ("Final tally: 214 shipments were held, and 11 customers wrote in.", 11),
    ("42 sellers contacted support. The seller dashboard was fine.", 42),
    ("- 97 reclamaciones de clientes.", 97),
    ("A dozen readers complained by email.", 12),
    ("9 customers opened tickets asking about delayed webhooks.", 9),
    ("about 1,900 deliveries were scheduled in the wrong slot and 140 customers complained.", 140),
    ("final count 26 partner tickets.", 26),
])
def test_customer_reports_cue_families(text, reports):
    assert values(text)[2] == reports


def test_people_who_wrote_in_are_reports_not_users():
    assert values("9 customers opened tickets asking about delayed webhooks.")[0] is None


@pytest.mark.parametrize("text", [
    "12% of our 40,000 customers could not log in.",                    # the customer base, not the affected
    "Out of 40,000 users, some saw errors.",
    "At 10 AM customers could not log in.",                              # a time, not a count
    "## Action items\n\n- Alert when more than 100 users are affected.",  # a plan and a threshold
    "The alert fires when 500 users are affected within 5 minutes.",
    "This could affect up to 10,000 users if it happens again.",
    "See ticket WEB-5512 and 2 Jira tickets for the follow-up.",
    "Revenue was not affected; we spent $40 on extra servers.",
    "Revenue per user: $5.",
    "Checkout was blocked for 40 minutes; 3 follow-up tickets were filed.",
])
def test_near_misses_are_no_impact(text):
    assert values(text) == (None, None, None)


def test_an_early_estimate_gives_way_to_the_final_count():
    story = told("16:10 Support has ~300 tickets so far.\n19:02 Resolved. Final count from the helpdesk: 418 tickets.")
    assert story.reports.found.value == 418 and story.reports.earlier == "300" and story.reports.raw == "418"


def test_an_update_replaces_an_early_estimate_written_anywhere_before():
    story = told("Update 1: Early estimate: ~300 tickets came in by email.\n\n"
                 "Update 5: Updated figures: 1,046 support tickets arrived by email (not ~300 as first estimated).")
    assert story.reports.found.value == 1046 and story.reports.earlier == "300"


def test_updates_written_newest_first_are_read_in_time_order():
    story = told("2025-06-19 12:00 UTC - Final count: 418 tickets.\n\n"
                 "2025-06-19 10:00 UTC - Support has 300 tickets so far.\n")
    assert story.reports.found.value == 418 and story.reports.earlier == "300"


def test_a_later_part_does_not_replace_the_whole():
    story = told("About 6,800 creators saw failed uploads. In the EU, 200 creators saw failed uploads twice.")
    assert story.users.found.value == 6800 and story.users.earlier is None


def test_the_same_figure_twice_is_no_correction():
    story = told("Users affected: 2,300\n\nAbout 2,300 users could not pay.")
    assert story.users.found.value == 2300 and story.users.earlier is None


def test_the_report_flags_the_superseded_figure():
    report = summarize(from_text("Checkout incident, SEV2.\n09:15 support has 9 tickets already\n"
                                 "09:40 final count 26 partner tickets. Resolved at 09:41.\n"))
    assert report.impact.customer_reports == 26
    flags = [f.reason for f in report.review_flags if f.field == "impact.customer_reports"]
    assert flags and "9" in flags[0] and "26" in flags[0]


def test_indian_digit_grouping_and_lakh_crore():
    assert number("18,40,000") == 1840000 and number("1,23,45,678") == 12345678
    assert scaled("18.4", "lakh") == 1840000 and scaled("2", "crore") == 20000000
    assert {1840000.0, 18.0, 40000.0} <= numbers_in("₹18,40,000")  # both readings stay known
    assert 1840000.0 in numbers_in("18.4 lakh")


def test_a_threshold_word_counts_only_in_the_numbers_own_clause():
    text = "final: 2,100 parcels late, max delay 3h, no data lost. support tickets: 74. closing."
    assert values(text)[2] == 74
    assert values("Paging starts above 200 support tickets an hour.")[2] is None


@pytest.mark.parametrize("text, expected", [
    ("Users impacted (est.): 3,900", (3900, None, None)),
    ("3,900 of our users saw card declines.", (3900, None, None)),
    ("The bug hit checkout, affecting about 3,900 users.", (3900, None, None)),
    ("We count 3,900 affected users.", (3900, None, None)),
    ("Environ 3 200 usagers n'ont pas pu valider leur titre.", (3200, None, None)),
    ("We paid EUR 18,500 in refunds.", (None, (18500, "EUR"), None)),
    ("Refunds totalling €18,500 went out on Friday.", (None, (18500, "EUR"), None)),
    ("Estimated loss: $23,500 in missed renewals.", (None, (23500, "USD"), None)),
    ("Complaints: 96", (None, None, 96)),
    ("We received 47 support emails about it.", (None, None, 47)),
    ("340 Support-Anfragen gingen ein.", (None, None, 340)),
])
def test_more_cue_families(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "We lost 3 servers and spent $40 on replacements.",
    "We lost connectivity; the $40 instance kept running.",
    "47 emails were delayed by the queue.",
    "Complaints: none so far.",
    "Our 40,000 customers were not affected.",
])
def test_more_near_misses(text):
    assert values(text) == (None, None, None)


def test_a_scale_letter_in_any_case_is_a_known_number():
    assert 11_000_000.0 in numbers_in("11m DAI were lost")  # the figure readers read "11m" as 11 million
