"""Flags where a careful editor would stop: empty sections, draft markers, superseded values, a changed severity or
status, an unconfirmed root cause, names of people. None fires on a clean note; a blog marker is no instruction."""

import pytest

from incident_brief.engines import summarize
from incident_brief.flags.people import person_names
from incident_brief.ingest import from_text


def flags(text: str) -> list[tuple[str, str]]:
    report = summarize(from_text(text, "notes", as_json=False), engine="offline")
    return [(f.field, f.reason) for f in report.review_flags]


def on(text: str, field: str) -> list[str]:
    return [r for f, r in flags(text) if f == field]


CLEAN = """# Search results empty for EU shoppers

Incident ID: INC-7731
Severity: SEV2
Status: Resolved

## Summary
Between 09:12 and 10:05 UTC on 2025-06-03 the product search API returned empty results for 3,100 users in the EU
region after an index alias pointed at an empty index.

## Impact
3,100 users saw no search results; 85 support tickets were filed.

## Root cause
A cleanup job deleted the live index alias because its age filter used the wrong field.

## Actions taken
- Pointed the alias back at the live index at 10:01 UTC
- Paused the cleanup job

## Next steps
- Add a check that refuses to delete an alias in use
- Alert when search returns no results for more than 5 minutes

Contact: search-oncall@example.com
"""


def test_a_clean_note_raises_no_editor_flag():
    raised = flags(CLEAN)
    assert not [r for _, r in raised if "draft" in r.lower() or "empty" in r or "names people" in r
                or "unconfirmed" in r or "instruction" in r]


@pytest.mark.parametrize("title", [
    "Postmortem (DRAFT v0.3, do not circulate)", "WIP: queue backlog on payments", "[Draft] Login failures",
    "Checkout outage - TBD", "Brouillon : panne du paiement",
])
def test_draft_markers_in_the_title_are_flagged(title):
    text = CLEAN.replace("# Search results empty for EU shoppers", f"# {title}")
    assert any("draft" in r.lower() for r in on(text, "title"))


@pytest.mark.parametrize("marker", [
    "DRAFT - not for distribution", "Please do not circulate outside the team.", "---\ndraft: true\n---",
    "> **Draft** - comments welcome", "Owner: TBD", "Entwurf, bitte nicht weitergeben",
])
def test_draft_markers_in_the_notes_are_flagged(marker):
    assert any("draft" in r.lower() for r in on(marker + "\n\n" + CLEAN, "notes"))


def test_draft_as_a_word_in_prose_is_no_marker():
    text = CLEAN.replace("- Paused the cleanup job", "- Paused the cleanup job and drafted a safer filter (v2.1 of the job)")
    assert not on(text, "notes") and not any("draft" in r.lower() for _, r in flags(text))


def test_empty_sections_are_flagged_each():
    text = "# Login errors\n\nSeverity: SEV3\nStatus: resolved\n\n14:00 UTC login errors began\n14:20 UTC errors stopped\n"
    raised = dict(flags(text))
    for field in ("root_cause", "actions_taken", "next_steps.immediate", "next_steps.preventive"):
        assert "empty" in raised.get(field, ""), field
    assert not any("not found in the notes" in r for _, r in flags(text))  # one flag per empty section


def test_superseded_figure_and_changed_severity_and_status_are_flagged():
    text = CLEAN.replace("Severity: SEV2\nStatus: Resolved", "Severity: SEV3\nStatus: Investigating").replace(
        "85 support tickets were filed", "support had 9 tickets at 09:30") + (
        "\n## Update 11:00 UTC\nSeverity: SEV2\nStatus: Resolved\n10:30 final count 31 customer tickets.\n")
    assert any("SEV3" in r and "SEV2" in r for r in on(text, "severity"))
    assert any("nvestigating" in r for r in on(text, "status"))
    assert any("9" in r and "31" in r for r in on(text, "impact.customer_reports"))


@pytest.mark.parametrize("cause", [
    "We suspect a cleanup job deleted the live index alias.",
    "A cleanup job probably deleted the live index alias (not yet confirmed).",
    "We think a cleanup job deleted the live index alias.",
    "La cause est probablement un job de nettoyage qui a supprimé l'alias.",
])
def test_a_root_cause_the_notes_hedge_is_flagged(cause):
    text = CLEAN.replace("A cleanup job deleted the live index alias because its age filter used the wrong field.", cause)
    assert any("unconfirmed" in r for r in on(text, "root_cause"))


@pytest.mark.parametrize("action, name", [
    ("- Priya pointed the alias back at the live index", "Priya"),
    ("- @jmorris pointed the alias back at the live index", "@jmorris"),
    ("- Okonkwo (IC) pointed the alias back at the live index", "Okonkwo"),
    ("- Tanaka from the search team pointed the alias back", "Tanaka"),
])
def test_names_of_people_in_the_report_are_flagged(action, name):
    text = CLEAN.replace("- Pointed the alias back at the live index at 10:01 UTC", action)
    assert any(name in r for r in on(text, "actions_taken"))


def test_teams_products_and_emails_are_not_people():
    assert person_names("Paged the SRE team; Postmark and PagerDuty alerts fired; mail ops@example.com") == []


@pytest.mark.parametrize("marker", ["<!-- more -->", "<!-- truncate -->", "<!--more-->"])
def test_blog_markers_are_not_instructions(marker):
    assert not any("instruction" in r or "hidden" in r for _, r in flags(CLEAN.replace("## Summary", f"{marker}\n## Summary")))
