"""Other impact figures (impact.figures), numbers as people write them, and the start/end lines of the report."""

from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from incident_brief.figures import figure_text, number, numbers_in, unsupported_numbers
from incident_brief.ingest import from_text
from incident_brief.labels import markdown_labels
from incident_brief.offline.engine import summarize
from incident_brief.offline.extract.figures import other_figures
from incident_brief.render import render
from incident_brief.schema import Figure, Report
from incident_brief.structure import parse

WHEN = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)


def figures(text: str) -> list[tuple[str, float, str]]:
    found = other_figures(parse(text))
    return [(f.label, f.value, f.unit) for f in found.value] if found else []


@pytest.mark.parametrize("text, value, unit, word", [
    ("Between 10:02 and 10:40 about 80% of logins failed.", 80, "%", "logins"),
    ("We saw about 4% of download requests failing over the window.", 4, "%", "download"),
    ("An estimated 2,700 bookings were lost.", 2700, "bookings", "lost"),
    ("Roughly 12,000 messages were delayed by the backlog.", 12000, "messages", "delayed"),
    ("About 1.9 million notifications were never delivered.", 1_900_000, "notifications", "never"),
    ("- 8,912 duplicate journal entries", 8912, "entries", "duplicate"),
    ("Parcels delayed: 1830", 1830, "parcels", "delayed"),
    ("Sign-up conversion was down by about 18% that week.", 18, "%", "conversion"),
    ("rund 6.100 Rechnungen per E-Mail haben sich verzögert.", 6100, "rechnungen", "verzögert"),
    ("Environ 3 200 réservations n'ont pas pu être faites.", 3200, "réservations", "réservations"),
    ("about fifteen hundred parcels were held at the depot.", 1500, "parcels", "held"),
])
def test_stated_figures_are_read(text, value, unit, word):
    [(label, got, got_unit)] = figures(text)
    assert (got, got_unit) == (value, unit) and word in label.lower()


@pytest.mark.parametrize("text", [
    "Alert fires when more than 50,000 listings are stale.",  # a threshold
    "Add an alert if more than 10,000 images fail in an hour.",  # a plan with a threshold
    "The rebalance took 40 minutes and failed twice.",  # a duration
    "Node pool shows 0/16 nodes ready; the upgrade failed.",  # machines, not impact
    "About 6,800 creators saw failed uploads.",  # people: the users field's
    "Support got 58 tickets about failed uploads.",  # tickets: the reports field's
    "Version 2.400 of the client failed to start.",  # a version
    "Deploy v2.400 failed at 13:15.",  # a version and a time
    "The job had run 3 times before it failed.",
    "The 3 engineers on call restarted the failed pods.",
    "Three URLs were not the actual subdomains.",
    "About 150% of requests failed.",  # not a share
    "12 " + "x" * 150 + " failed.",  # no label fits
])
def test_near_misses_are_not_figures(text):
    assert figures(text) == []


def test_a_later_statement_replaces_an_early_estimate():
    text = "Roughly 150 shipments held so far.\n\nFinal tally: 214 shipments were held at the border."
    [(label, value, unit)] = figures(text)
    assert (value, unit) == (214, "shipments")


def test_one_figure_told_twice_is_shown_once():
    got = figures("78% of flag requests in the US failed.\n\nIn short, 78% of feature flag requests failed.")
    assert [(v, u) for _, v, u in got] == [(78, "%")]


def test_a_second_share_for_a_part_is_read():
    got = figures("About 4% of image requests failed globally and 35% in APAC.")
    assert [(v, u) for _, v, u in got] == [(4, "%"), (35, "%")] and got[1][0].endswith("in APAC")


@pytest.mark.parametrize("token, value", [
    ("15,420", 15420), ("2.400", 2400), ("51.000", 51000), ("1 200", 1200), ("1’200", 1200), ("1.250.000", 1250000),
    ("3.5", 3.5), ("0.400", 0.4), ("fifteen hundred", 1500), ("two hundred thousand", 200000), ("a dozen", 12),
    ("twenty-five", 25),
])
def test_numbers_as_people_write_them(token, value):
    assert number(token) == value


def test_versions_times_and_decimals_are_not_thousands():
    values = numbers_in("v2.400 at 13.15, about 3.5% of calls, release 2.4.0")
    assert 2400 not in values and 1315 not in values and 3.5 in values and 13.15 in values


def test_a_figure_in_words_or_with_a_locale_separator_is_supported_in_the_report():
    assert unsupported_numbers("2,400 users and 1,500 sellers", "ca. 2.400 Nutzer, about fifteen hundred sellers") == []
    assert unsupported_numbers("2,401 users", "ca. 2.400 Nutzer") == ["2,401"]


def test_users_revenue_and_reports_read_locale_separators_and_words():
    notes = "# Portal\n\nca. 2.400 users affected. Revenue impact: €51.000.\nA dozen customers contacted support."
    report = summarize(from_text(notes, "n.md"), generated_at=WHEN)
    assert report.impact.users_affected == 2400 and report.impact.revenue_impact.amount == 51000
    assert report.impact.customer_reports == 12
    notes = "# Newsletter\n\nRoughly two hundred thousand subscribers received both copies."
    assert summarize(from_text(notes, "n.md"), generated_at=WHEN).impact.users_affected == 200_000


def test_figures_in_the_report_with_evidence_and_in_both_templates():
    notes = ("# Booking outage\n\nStatus: resolved. Started 2025-04-08 13:15 UTC, resolved 2025-04-08 14:05 UTC.\n\n"
             "## Impact\n\nAn estimated 2,700 bookings were lost and about 80% of logins failed.\n")
    report = summarize(from_text(notes, "n.md"), generated_at=WHEN)
    assert [(f.value, f.unit) for f in report.impact.figures] == [(2700, "bookings"), (80, "%")]
    quotes = [e.quote for e in report.evidence["impact.figures"]]
    assert len(quotes) == 2 and "2,700 bookings" in quotes[0] and "80%" in quotes[1]
    md, html = render(report, "markdown"), render(report, "html")
    assert "- **Bookings lost:** 2,700" in md and "- **Logins failed:** 80%" in md
    assert "<strong>Bookings lost:</strong> 2,700" in html
    assert "**Start:** 2025-04-08 13:15 UTC" in md and "**End:** 14:05 UTC" in md
    assert "2025-04-08 13:15 UTC" in html and "14:05 UTC" in html
    assert report.model_dump(mode="json")["impact"]["figures"][0] == {"label": "bookings lost", "value": 2700.0,
                                                                      "unit": "bookings"}


def test_start_and_end_not_stated_and_labels_in_order():
    report = summarize(from_text("# Blip\n\nSomething broke briefly.", "n.md"), generated_at=WHEN)
    md = render(report, "markdown")
    assert "**Start:** Not stated in the source notes" in md and "**End:** Not stated in the source notes" in md
    labels = markdown_labels()
    assert labels.index("**Duration:**") < labels.index("**Start:**") < labels.index("**End:**")
    positions = [md.index(label) for label in labels]
    assert positions == sorted(positions)


def test_an_end_on_another_day_or_zone_is_written_in_full():
    report = Report(generated_at=WHEN, started_at=datetime(2025, 4, 8, 23, 40, tzinfo=timezone.utc),
                    resolved_at=datetime(2025, 4, 9, 0, 20, tzinfo=timezone.utc), engine={"name": "offline"})
    assert "**End:** 2025-04-09 00:20 UTC" in render(report, "markdown")


def test_figure_bounds():
    Figure(label="logins failed", value=100, unit="%")
    for bad in ({"value": 101, "unit": "%"}, {"value": -1, "unit": "orders"}, {"value": 1e16, "unit": "orders"}):
        with pytest.raises(ValidationError):
            Figure(label="x", **bad)
    with pytest.raises(ValidationError):
        Figure(label="", value=1, unit="orders")


def test_a_stored_report_with_a_figure_out_of_range_keeps_rendering_with_a_flag():
    data = {"generated_at": "2025-05-01T12:00:00Z", "engine": {"name": "offline"},
            "impact": {"figures": [{"label": "logins failed", "value": 180, "unit": "%"},
                                   {"label": "orders lost", "value": 12, "unit": "orders"}]}}
    report = Report.model_validate(data)
    assert [f.label for f in report.impact.figures] == ["orders lost"]
    assert any(f.field == "impact.figures" for f in report.review_flags)


def test_figure_text():
    assert figure_text(80, "%", "logins failed") == "80%"
    assert figure_text(2700, "bookings", "bookings lost") == "2,700"
    assert figure_text(12000, "messages", "delayed") == "12,000 messages"
    assert figure_text(1250, "EUR", "refunds") == "€1,250.00"
