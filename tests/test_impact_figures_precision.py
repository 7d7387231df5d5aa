"""Precision of the other impact figures (impact.figures): a number is shown as an impact figure only when it
counts things that met an outcome, and a figure restated later is shown with its last value (the earlier one
named in a review flag)."""

import pytest

from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize
from incident_brief.offline.extract.figures import figure_story, other_figures, quantity
from incident_brief.schema import Figure
from incident_brief.structure import parse


def figures(text: str) -> list[tuple[str, float, str]]:
    found = other_figures(parse("# Incident\n\n" + text))
    return [(f.label, f.value, f.unit) for f in found.value] if found else []


def values(text: str) -> list[float]:
    return [v for _, v, _ in figures(text)]


@pytest.mark.parametrize("text", [
    # status and error codes, exit codes, ports
    "We saw 413 Request Entity Too Large coming back from the upload gateway and uploads failed.",
    "Seeing 413 coming back from the API, every upload failed.",
    "The edge kept returning 502 to checkout; requests failing for everyone.",
    "HTTP 503 responses for the search API, queries failed.",
    "503 errors on the ledger endpoint, postings failed.",
    "The job failed with exit code 137 and was restarted.",
    "Exit code 137 failed the job twice.",
    "Health checks on port 8080 failed after the deploy.",
    "Port 8080 failed health checks after the deploy.",
    # a number followed by a word that is no thing counted
    "Since release 16 the validator would reject the whole manifest instead.",
    "Segment 16 instead was dropped by the parser.",
    "The parser read 16 instead and dropped the rest.",
    "Step 3 failed, retried x2, both failed.",
    "3 pods crashed and 2 replicas lost quorum.",
    "After the upgrade to Postgres 16 writes failed.",
    "1. Orders failed to sync\n2. Payments delayed",
    # compensation and plans
    "We'll credit 200 gems to each player whose purchase failed.",
    "We will refund up to $50 for each failed order.",
    "Refunds of $50 were issued for failed orders.",
    "Going to re-send 400 delayed invoices tomorrow.",
    # thresholds, alerts, capacity, settings
    "The alert fires above 5% of requests failing.",
    "The dead-letter queue holds 10,000 messages delayed at most.",
    "Retry policy: 3 attempts then fail.",
    # totals of a base
    "Of our 40,000 drivers, most saw delayed payouts.",
    "Out of 9,000 stores, the outage blocked sales in a few.",
])
def test_numbers_that_are_no_impact_figure(text):
    assert figures(text) == []


@pytest.mark.parametrize("text, want", [
    ("Of our 40,000 drivers, 900 rides were lost.", [900]),
    ("1,200 of 40,000 payouts failed.", [1200]),
    ("About 350 out of 9,000 orders were lost.", [350]),
    ("The queue holds 10,000 messages; 2,000 messages were delayed.", [2000]),
    ("Exit code 1 on the batch; 137 jobs failed.", [137]),
    ("500 orders failed during the window.", [500]),
    ("404 listings were not searchable.", [404]),
    ("About 11m DAI was lost in the exploit.", [11_000_000]),
    ("Shipments delayed: 1830", [1830]),
    ("About 4% of download requests were failing.", [4]),
])
def test_counts_beside_those_numbers_are_kept(text, want):
    assert values(text) == want


def test_a_label_reads_as_a_noun_phrase_from_the_notes():
    got = figures("Roughly 2,700 bookings were lost and about 80% of logins failed.")
    assert [label for label, _, _ in got] == ["bookings lost", "logins failed"]


def test_a_later_count_of_the_same_things_wins_whatever_the_word_order():
    text = "Around 3,870 withdrawals were delayed.\n\n14:20 update: the final count is 6,420 delayed withdrawals."
    assert values(text) == [6420]


@pytest.mark.parametrize("update", [
    "[11:40] ben: update: now 6,420 withdrawals",
    "[11:40] ben: 6,420 delayed in total",
    "[11:40] ben: final tally 6,420 withdrawals delayed",
])
def test_a_short_update_of_a_stated_figure_replaces_it(update):
    text = f"[09:10] ana: about 3,870 withdrawals delayed so far\n{update}\n"
    assert figures(text) == [("withdrawals delayed", 6420, "withdrawals")]


@pytest.mark.parametrize("later", [
    "[10:00] ben: we process 50,000 withdrawals a day normally",
    "[10:00] ben: In total 50,000 withdrawals were processed.",
    "[10:00] ben: 6,420 delayed payouts at the other bank",
])
def test_other_numbers_of_the_same_things_replace_nothing(later):
    text = f"[09:10] ana: about 3,870 withdrawals delayed so far\n{later}\n"
    assert ("withdrawals delayed", 3870, "withdrawals") in figures(text)


def test_a_part_is_not_a_restatement_of_the_whole():
    got = figures("About 4% of image requests failed globally and 35% in APAC.")
    assert [v for _, v, _ in got] == [4, 35]


def test_the_quantity_ignores_word_order_and_tense():
    assert quantity(Figure(label="withdrawals delayed", value=1, unit="withdrawals")) == \
        quantity(Figure(label="delayed withdrawals", value=2, unit="withdrawals"))
    assert quantity(Figure(label="orders failed", value=1, unit="orders")) != \
        quantity(Figure(label="orders lost", value=1, unit="orders"))


def test_status_page_updates_newest_first_end_with_the_latest_value():
    text = ("# Payout delays\n\n**Update 2025-03-02 11:40 UTC** 6,420 withdrawals delayed in total.\n\n"
            "**Update 2025-03-02 09:10 UTC** About 3,870 withdrawals delayed so far.\n")
    story = figure_story(parse(text))
    assert [f.value for f in story.found.value] == [6420]
    assert story.earlier and "3,870" in story.earlier[0] and "6,420" in story.earlier[0]


def test_the_superseded_value_is_named_in_a_review_flag():
    notes = ("# Payout delay\n\n09:10 About 3,870 withdrawals delayed so far.\n\n"
             "11:40 Update: 6,420 withdrawals delayed in total.\n")
    report = summarize(from_text(notes, "n.md"))
    assert [(f.label, f.value) for f in report.impact.figures] == [("withdrawals delayed", 6420)]
    [flag] = [f.reason for f in report.review_flags if f.field == "impact.figures"]
    assert "3,870" in flag and "6,420" in flag and "later value is shown" in flag
    assert "6,420" in report.evidence["impact.figures"][0].quote


def test_a_figure_stated_once_raises_no_flag():
    report = summarize(from_text("# Outage\n\nAbout 2,700 bookings were lost.", "n.md"))
    assert not [f for f in report.review_flags if f.field == "impact.figures"]
