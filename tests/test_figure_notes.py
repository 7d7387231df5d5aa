"""Impact figures in notes written the way people write them: shares, counts with locale separators, people in
several languages, calls to support, money in other currencies and words, non-impact numbers and corrections.
The notes are in tests/data/figure-notes/ (invented incidents, several shapes and languages)."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from incident_brief.ingest import read_path
from incident_brief.offline.engine import summarize

NOTES = Path(__file__).parent / "data" / "figure-notes"
WHEN = datetime(2025, 1, 1, tzinfo=timezone.utc)


def report(name: str):
    return summarize(read_path(str(NOTES / name), 10**6), generated_at=WHEN)


def figures(r) -> set[tuple[float, str]]:
    return {(f.value, f.unit) for f in r.impact.figures}


def money(r):
    m = r.impact.revenue_impact
    return (m.amount, m.currency) if m else None


@pytest.mark.parametrize("name, users, reports, revenue, expected", [
    ("stream-buffering.md", None, 140, None, {(27, "%")}),
    ("card-declines.txt", None, None, (84000, "USD"), {(12, "%")}),
    ("transferencias.md", 1250, 85, (2310.75, "EUR"), {(38, "%")}),
    ("checkin.md", None, 34, (18500, "EUR"), {(4.7, "%"), (12400, "sendungen")}),
    ("colis.md", 2300, 120, None, {(2300, "parcels")}),
    ("reizigers.txt", 18200, 210, None, set()),
    ("ledger-balance.md", 3100, 57, None, {(12000, "messages")}),
    ("chat-estimates.txt", 3112, None, (84000, "USD"), {(6, "%"), (1140, "visits")}),
    ("swiss-shop.md", 900, None, (12400, "CHF"), set()),
    ("uk-words.md", 1500, None, (42000, "USD"), set()),
])
def test_each_note_gives_its_stated_figures_and_no_other(name, users, reports, revenue, expected):
    r = report(name)
    assert r.impact.users_affected == users
    assert r.impact.customer_reports == reports
    assert money(r) == revenue
    assert figures(r) == expected  # nothing else: thresholds, capacities, pods, versions are no figures


@pytest.mark.parametrize("name, field, earlier", [
    ("chat-estimates.txt", "impact.users_affected", "5,000"),
    ("chat-estimates.txt", "impact.revenue_impact", "$200k"),
    ("card-declines.txt", "impact.revenue_impact", "$200k"),
])
def test_an_early_estimate_is_named_and_the_later_one_shown(name, field, earlier):
    flags = [f.reason for f in report(name).review_flags if f.field == field]
    assert any(earlier in reason and "later" in reason for reason in flags)


def test_labels_say_what_failed():
    labels = {f.label for f in report("stream-buffering.md").impact.figures}
    assert labels == {"live viewers saw buffering"}
    labels = {f.label.lower() for f in report("checkin.md").impact.figures}
    assert "check-ins schlugen fehl" in labels


@pytest.mark.parametrize("token, value", [
    ("4,7", 4.7), ("18.500,00", 18500.0), ("2.310,75", 2310.75), ("18 500,00", 18500.0), ("1,250", 1250.0),
    ("12'400", 12400.0), ("2.400", 2400.0),
])
def test_locale_numbers(token, value):
    from incident_brief.figures import number
    assert number(token) == value


def test_currency_words_and_codes():
    from incident_brief.figures import currency_of
    assert [currency_of(m) for m in ("CHF", "dollars", "US dollars", "pounds sterling", "Euro")] == \
        ["CHF", "USD", "USD", "GBP", "EUR"]


def impact_of(sentence: str):
    r = summarize(read_path_text("# Notes\n\n" + sentence + "\n"), generated_at=WHEN)
    return r.impact


def read_path_text(text: str):
    from incident_brief.ingest import from_text
    return from_text(text)


@pytest.mark.parametrize("sentence", [
    "The payments API received 5,000 calls before the timeout.",
    "The gateway received 12,000 calls from users per minute.",
    "3 services affected; the alert threshold is 2% of requests.",
    "Peak concurrents 1.2M; 14 pods restarted on version 4.2.1.",
])
def test_traffic_thresholds_and_parts_are_no_impact(sentence):
    impact = impact_of(sentence)
    assert (impact.users_affected, impact.customer_reports, impact.revenue_impact, impact.figures) == \
        (None, None, None, [])


@pytest.mark.parametrize("sentence, field, value", [
    ("The support team fielded 230 calls during the outage.", "customer_reports", 230),
    ("We received 48 emails from customers asking about refunds.", "customer_reports", 48),
    ("41 client companies affected.", "users_affected", 41),
    ("2 300 abonnés privés de service.", "users_affected", 2300),
])
def test_people_and_reports_in_other_words(sentence, field, value):
    assert getattr(impact_of(sentence), field) == value
