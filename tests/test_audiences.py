"""Audiences from one fact base: executive unchanged (golden files), a customer update that leaks no internal
service, host, person or figure, an engineering write-up with its timeline; over the examples, the zoo and the
corpus texts."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from incident_brief.audiences.leaks import leaks
from incident_brief.audiences.owners import owned
from incident_brief.audiences.render import compose, render
from incident_brief.compose import closed_later
from incident_brief.engines import summarize
from incident_brief.ingest import from_text, read_path
from incident_brief.render import render as render_executive

from .conftest import EXAMPLES, ROOT, corpus_dir, run_cli

ZOO = ROOT / "eval" / "datasets" / "zoo"
AT = datetime(2025, 1, 1, tzinfo=timezone.utc)
NOTES = sorted(EXAMPLES.iterdir()) + sorted(p for p in ZOO.iterdir() if p.name != "README.md")
CORPORA = [Path("/work/shared/corpus/texts"), Path("/work/shared/corpus-more/texts"), corpus_dir() / "texts"]


def _report(path: Path):
    return summarize(read_path(str(path), 1 << 22), engine="offline", generated_at=AT)


def _fields(update) -> list[str]:
    return [update.headline, update.status, update.experienced, update.when, update.current_status, update.doing,
            update.apology]


def _hosts(report) -> list[str]:
    """Host-like names the report holds anywhere in its text (dotted names with a letter, e.g. db1.prod.internal)."""
    text = " ".join(str(v) for v in (report.what_happened, report.root_cause, report.impact.summary, report.contact,
                                     *report.actions_taken, *report.next_steps.immediate, *report.next_steps.preventive))
    return [h for h in re.findall(r"\b[\w-]+(?:\.[\w-]+)+\b", text) if re.search(r"[A-Za-z]", h)]


def _assert_customer_clean(report, where: str) -> None:
    update = compose(report, "customer")
    text = "\n".join(_fields(update))
    for field in _fields(update):
        assert not leaks(field, report, update.when), (where, field, leaks(field, report, update.when))
    low = text.lower()
    for service in report.affected_services:
        if not re.fullmatch(r"[a-z -]+", service.lower()) or "-" in service or "_" in service or "." in service:
            assert service.lower() not in low, (where, service)
    for host in _hosts(report):
        assert host.lower() not in low, (where, host)
    people = [owned(i).owner for i in report.next_steps.immediate + report.next_steps.preventive]
    for person in filter(None, people):
        assert person.lower() not in low, (where, person)
    if report.impact.revenue_impact is not None:
        assert not re.search(r"[$€£]|\b(?:USD|EUR|GBP)\b", text), where
    for figure in (report.impact.users_affected, report.impact.customer_reports):
        if figure is not None and figure >= 100:
            assert f"{figure:,}" not in text and str(figure) not in text, (where, figure)
    assert update.apology and update.current_status and update.experienced


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.name)
def test_customer_update_leaks_nothing_internal(path):
    _assert_customer_clean(_report(path), path.name)


def test_customer_update_over_the_corpus_texts():
    texts = sorted({p.resolve() for folder in CORPORA if folder.is_dir() for p in folder.glob("*.md")})
    if not texts:
        pytest.skip("no corpus texts found (/work/shared/corpus*/texts or INCIDENT_BRIEF_CORPUS_DIR)")
    for path in texts:
        _assert_customer_clean(_report(path), path.name)


def test_a_leak_is_caught_by_the_check():
    report = _report(EXAMPLES / "payment-outage.md")
    allowed = compose(report, "customer").when
    assert leaks("Checkout failed because payment-api on db1.prod.internal was down.", report, allowed)
    assert leaks("Our vendor Stripecloud was at fault.", report, allowed)
    assert leaks("We lost $287,500 in sales.", report, allowed)
    assert leaks("Priya rolled back the change.", report, allowed)
    assert not leaks("Some customers could not pay at checkout.", report, allowed)


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.name)
def test_engineering_has_a_timeline_when_the_notes_have_times(path):
    report = _report(path)
    brief = compose(report, "engineering")
    closed = report.closed_at if closed_later(report) else None  # the closing, when later than the recovery
    times = [t for t in (report.started_at, report.detected_at, report.resolved_at, closed) if t is not None]
    assert len(brief.timeline) == len(times)
    markdown = render(report, "markdown", "engineering")
    if times:
        assert "## Timeline" in markdown and brief.timeline[0].at in markdown
        assert all(re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} ", t.at) for t in brief.timeline)
    if report.started_at and report.resolved_at and report.resolved_at >= report.started_at \
            and (report.started_at.tzinfo is None) == (report.resolved_at.tzinfo is None):
        assert brief.time_to_resolve != "Not stated in the source notes"


def test_engineering_keeps_the_technical_terms_and_times():
    report = _report(EXAMPLES / "payment-outage.md")
    brief = compose(report, "engineering")
    assert "connection pool" in brief.contributing_factors[0] and "deadlocks" in brief.root_cause
    assert "connection capacity" in (report.root_cause or ""), "the executive text is in plain language"
    assert [t.label for t in brief.timeline] == ["Started", "Detected", "Resolved"]
    assert brief.timeline[1].at == "2024-01-15 11:56 UTC"
    assert brief.time_to_detect == "6 minutes" and brief.time_to_resolve == "2.5 hours"
    assert "PostgreSQL" in brief.summary and "payment-api" in brief.services


def test_engineering_action_items_keep_owners_and_due_dates_as_stated():
    notes = ("# Queue backlog on ingest-worker\n\nSeverity: SEV2\nStatus: resolved\n\n## Timeline\n"
             "- 2025-03-04 09:00 UTC backlog on ingest-worker starts\n- 2025-03-04 09:20 UTC alert fired\n"
             "- 2025-03-04 10:05 UTC resolved after restarting consumers\n\n## Root cause\n"
             "A consumer deadlock in ingest-worker stopped the queue from draining.\n\n## Next steps\n\n"
             "- Add a watchdog to ingest-worker consumers (owner: Farah Okafor, due 2025-03-20)\n"
             "- Alert on queue age over five minutes — owner @devops-oncall\n"
             "- Write a runbook for consumer restarts\n")
    report = summarize(from_text(notes), engine="offline", generated_at=AT)
    items = {i.action: i for i in compose(report, "engineering").action_items}
    watchdog = next(i for a, i in items.items() if a.startswith("Add a watchdog"))
    assert watchdog.owner == "Farah Okafor" and watchdog.due == "2025-03-20"
    assert "owner" not in watchdog.action
    alert = next(i for a, i in items.items() if a.startswith("Alert on queue age"))
    assert alert.owner == "@devops-oncall" and alert.due == "not stated"
    runbook = next(i for a, i in items.items() if a.startswith("Write a runbook"))
    assert runbook.owner == "not stated" and runbook.due == "not stated"
    customer = "\n".join(_fields(compose(report, "customer")))
    assert "Farah" not in customer and "ingest-worker" not in customer and "devops" not in customer


def test_customer_times_carry_their_zone_or_say_it_is_missing():
    zoned = compose(_report(EXAMPLES / "payment-outage.md"), "customer")
    assert zoned.when == "From 11:50 UTC to 14:20 UTC on 15 January 2024."
    bare = summarize(from_text("Checkout down\n\n2025-05-02 10:00 checkout errors begin\n"
                               "2025-05-02 10:40 fixed, resolved\n"), engine="offline", generated_at=AT)
    assert "time zone not stated" in compose(bare, "customer").when


@pytest.mark.parametrize("audience", ["customer", "engineering"])
def test_every_format_of_every_audience(audience):
    report = _report(EXAMPLES / "payment-outage.md")
    data = json.loads(render(report, "json", audience))
    assert data["audience"] == audience
    html = render(report, "html", audience)
    assert html.startswith("<!DOCTYPE html>") and f"audience-{audience}" in html
    assert render(report, "markdown", audience).startswith("# ")


def test_executive_is_the_fixed_template_unchanged():
    for path in NOTES[:5]:
        report = _report(path)
        for fmt in ("markdown", "html", "json"):
            assert render(report, fmt, "executive") == render(report, fmt) == render_executive(report, fmt)


def test_golden_files_unchanged_through_the_audience_path():
    golden = ROOT / "tests" / "golden"
    for expected in sorted(golden.glob("*.md")):
        source = EXAMPLES / expected.name[:-3]
        if not source.exists():
            continue
        out = run_cli("summarize", str(source), "--engine", "offline", "--audience", "executive", "-q",
                      "--generated-at", "2024-01-15T14:23:00Z")
        assert out.stdout.decode() == expected.read_text(encoding="utf-8")


def test_cli_audience_flag():
    out = run_cli("summarize", str(EXAMPLES / "payment-outage.md"), "--engine", "offline", "--audience", "customer",
                  "-q", "-f", "json")
    data = json.loads(out.stdout)
    assert data["audience"] == "customer" and b"payment-api" not in out.stdout
    eng = run_cli("summarize", str(EXAMPLES / "payment-outage.md"), "--engine", "offline", "--audience",
                  "engineering", "-q")
    assert b"## Timeline" in eng.stdout and b"payment-api" in eng.stdout
    bad = run_cli("summarize", str(EXAMPLES / "payment-outage.md"), "--audience", "board")
    assert bad.returncode != 0


def test_an_untitled_incident_is_headed_by_its_services_not_by_not_stated():
    from incident_brief.audiences.render import render as render_for
    from incident_brief.engines import draft_audience, summarize
    from incident_brief.ingest import from_text

    report = summarize(from_text("09:05 UTC search-api p99 above 4s\n10:20 UTC rolled back, resolved\n"), engine="offline")
    assert report.title is None
    heading = render_for(draft_audience(report, "engineering", None), "markdown", "engineering").splitlines()[0]
    assert heading == "# Engineering Incident Review: search-api incident"
