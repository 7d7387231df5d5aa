"""Services: a measure after "outage of", a chat channel's name and a verb after a name are never services."""

from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize


def _services(notes: str) -> list[str]:
    return summarize(from_text(notes, "n.md", as_json=False)).affected_services


def test_a_measure_after_outage_of_is_not_a_service():
    assert "unknown length" not in _services("# Builds stuck\n\nThe build-router had an outage of unknown length overnight.\n")


def test_a_channel_name_is_not_a_service():
    got = _services("Incident channel export: #inc-payments-errors\n\n[9:02 AM] ana: payments-api is returning 500s\n"
                    "[9:05 AM] raj: confirmed, payments-api down\n[9:40 AM] ana: payments-api back up, resolved\n")
    assert "payments-api" in got and not any(s.startswith("inc-") for s in got)


def test_a_verb_after_the_name_is_not_part_of_it():
    got = _services("# Storefront down\n\nAt 10:02 the storefront-web pods started becoming unavailable.\n")
    assert not any("becoming" in s for s in got)
