"""Living updates without the service: the change summary itself, the engine a redraw uses, and
`summarize --update REPORT.json NEW_NOTES --notes OLD_NOTES`."""

import json
from datetime import datetime, timezone

import pytest

from incident_brief import changes, updates
from incident_brief.errors import ConfigurationError, InputError
from incident_brief.schema import EngineInfo, Figure, Report, Severity, Status
from incident_brief.settings import Settings
from incident_brief.source import SourceDocument

from .conftest import run_cli
from .test_living_updates import DROPS, FIRST


def report(**fields) -> Report:
    base = {"generated_at": datetime(2025, 6, 3, 14, 20, tzinfo=timezone.utc), "engine": EngineInfo(name="offline")}
    return Report(**{**base, **fields})


def at(hour: int, minute: int) -> datetime:
    return datetime(2025, 6, 3, hour, minute, tzinfo=timezone.utc)


def test_the_change_summary_names_each_key_fact_that_moved():
    old = report(status=Status.investigating, started_at=at(14, 2), affected_services=["search-api", "cdn"],
                 impact={"users_affected": 3000, "figures": [Figure(label="searches failed", value=30, unit="%")]})
    new = report(generated_at=at(15, 10), status=Status.resolved, severity=Severity.high, started_at=at(14, 2),
                 resolved_at=at(15, 5), duration_minutes=63, affected_services=["search-api", "index-service"],
                 root_cause="A full disk.",
                 impact={"users_affected": 4600, "revenue_impact": {"amount": 1200, "currency": "EUR"},
                         "figures": [Figure(label="searches failed", value=45, unit="%")]})
    assert changes.between(old, new).text == (
        "since 14:20 UTC: status → resolved; severity → high; end 15:05 UTC (was not stated); "
        "duration 1 hour 3 minutes (was not stated); services added: index-service; services removed: cdn; "
        "users affected 4,600 (was 3,000); revenue impact €1,200.00 (was not stated); "
        "searches failed 45% (was 30%); root cause now stated")


def test_the_change_summary_says_when_nothing_moved_and_what_is_no_longer_stated():
    old = report(root_cause="A full disk.", resolved_at=at(15, 5))
    assert changes.between(old, old).text == "since 14:20 UTC: no change to the key facts"
    new = report(generated_at=datetime(2025, 6, 4, 9, 0, tzinfo=timezone.utc))
    assert changes.between(old, new).text == ("since 2025-06-03 14:20 UTC: end no longer stated (was 15:05 UTC); "
                                              "root cause no longer stated")


def test_a_report_is_redrawn_by_the_engine_it_was_made_with():
    made_by_model = report(engine=EngineInfo(name="llm", model="m"))
    source = SourceDocument(FIRST, "text")
    with pytest.raises(ConfigurationError):  # no model here: refused, never silently redrawn offline
        updates.redraw(made_by_model, source, settings=Settings())
    assert updates.redraw(report(), source, settings=Settings()).engine.name == "offline"


def test_combine_numbers_the_updates_and_refuses_notes_with_nothing_new():
    one = updates.combine(SourceDocument(FIRST, "text"), SourceDocument(DROPS[0], "text"), 10**6)
    two = updates.combine(one, SourceDocument(DROPS[1], "chat"), 10**6)
    assert two.kind == "text" and two.text.startswith(one.text)
    assert "## Update 1" in two.text and "## Update 2" in two.text
    with pytest.raises(InputError):
        updates.combine(two, SourceDocument(DROPS[1], "text"), 10**6)


def test_repeated_headings_are_kept_so_the_lines_after_them_keep_their_meaning():
    old = "Follow-ups:\n- add a canary step for index rollouts\n"
    assert updates.new_lines(old, "Follow-ups:\n- add a canary step for index rollouts\n- page on disk use\n") == \
        "Follow-ups:\n- page on disk use"


@pytest.fixture
def drops(tmp_path):
    paths = []
    for i, text in enumerate([FIRST, *DROPS]):
        path = tmp_path / f"drop{i}.md"
        path.write_text(text)
        paths.append(str(path))
    return paths


def test_summarize_update_writes_the_redrawn_report_and_says_what_changed(tmp_path, drops):
    r1, r2, r3 = (str(tmp_path / f"r{i}.json") for i in (1, 2, 3))
    done = run_cli("summarize", drops[0], "-f", "json", "-o", r1, "-q", "--generated-at", "2025-06-03T14:25:00Z")
    assert done.returncode == 0, done.stderr
    data = json.loads(open(r1).read())
    data["what_happened"] = "Searches failed."
    data["locked_sections"] = ["what_happened"]  # as the API returns a reviewed report
    open(r1, "w").write(json.dumps(data))
    done = run_cli("summarize", "--update", r1, drops[1], "--notes", drops[0], "-f", "json", "-o", r2, "-q",
                   "--generated-at", "2025-06-03T14:40:00Z")
    assert done.returncode == 0, done.stderr
    assert "update: since 14:25 UTC: " in done.stderr.decode() and "users affected 3,000 (was not stated)" in done.stderr.decode()
    second = json.loads(open(r2).read())
    assert second["what_happened"] == "Searches failed." and "id" not in second
    done = run_cli("summarize", "--update", r2, drops[2], "--notes", drops[0], "--notes", drops[1], "-o", r3,
                   "--keep", "what_happened", "--generated-at", "2025-06-03T14:55:00Z")
    assert done.returncode == 0, done.stderr
    assert "since 14:40 UTC: status → monitoring" in done.stderr.decode()
    assert "users affected 4,600 (was 3,000)" in done.stderr.decode()
    markdown = open(r3).read()
    assert markdown.startswith("# ") and "Searches failed." in markdown and "**Status:** Monitoring" in markdown


def test_summarize_update_needs_the_old_notes_and_a_report(tmp_path, drops):
    done = run_cli("summarize", "--update", drops[0], drops[1], "--notes", drops[0])
    assert done.returncode == 1 and "not a report's JSON" in done.stderr.decode()
    report_path = tmp_path / "r.json"
    report_path.write_text(run_cli("summarize", drops[0], "-f", "json", "-q").stdout.decode())
    done = run_cli("summarize", "--update", str(report_path), drops[1])
    assert done.returncode == 1 and "--notes OLD_NOTES" in done.stderr.decode()
