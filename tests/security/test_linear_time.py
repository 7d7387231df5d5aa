"""Finding 1: reading notes is linear in their size (no regex or loop rescans the text from every position).

Each check runs adversarial input (long runs of one short unit) and asserts a CPU-time bound (time.process_time,
not wall time) that the old quadratic code missed by far and the linear code meets with a wide margin:
64 KiB of "\\n" took minutes before (29 s at 16 KiB) and takes well under a second now. bench/regex_cpu.py
prints the figures.
"""

from __future__ import annotations

import importlib
import re
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incident_brief.errors import ReadBudgetError
from incident_brief.ingest import from_text
from incident_brief.llm.validate import identifiers
from incident_brief.offline.engine import summarize
from tests.conftest import run_cli

READERS = ["incident_brief.structure", "incident_brief.figures", "incident_brief.ingest", "incident_brief.compose",
           "incident_brief.mdlinks", "incident_brief.llm.validate", "incident_brief.llm.extract",
           "incident_brief.offline.plain", "incident_brief.headings"] + [f"incident_brief.offline.extract.{m}" for m in
                                               ("timeline", "time_context", "labels", "status", "story", "times", "narrative", "impact", "impact_cues", "services",
                                                "cause", "cause_cues", "cause_leads", "cause_text", "zones", "days", "durations", "windows", "ids", "summary_row", "eu_clocks", "tables",
                                                "severity_words", "status_words", "figures", "figure_context", "figure_phrases",
                                                "figure_updates", "impact_restated", "steps", "window_cues")]
# Patterns that are only ever applied to short, bounded runs; their reader function is checked instead.
APPLIED_TO_BOUNDED_RUNS = {"incident_brief.llm.validate._IDENT"}
FAMILIES = ["\n", "12:00 ", "12 pm ", "["]  # the reported ones
PATTERN_BOUND = 1.0  # CPU seconds for 16 KiB through one pattern; old offenders took 5-90 s
ENGINE_BOUND = 10.0  # CPU seconds for 64 KiB through the whole engine; old code took minutes


def _patterns(obj, name):
    if isinstance(obj, re.Pattern):
        yield name, obj
    elif isinstance(getattr(obj, "pattern", None), re.Pattern):  # a Gated pattern: its own pattern is checked raw
        yield name, obj.pattern
    elif isinstance(obj, (tuple, list)):
        for i, v in enumerate(obj):
            yield from _patterns(v, f"{name}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _patterns(v, f"{name}[{k!r}]")


def reader_patterns() -> dict[str, re.Pattern[str]]:
    out = {}
    for module in READERS:
        for attr, value in vars(importlib.import_module(module)).items():
            for name, rx in _patterns(value, f"{module}.{attr}"):
                if name not in APPLIED_TO_BOUNDED_RUNS:
                    out[name] = rx
    from incident_brief.offline.plain import default_glossary

    out["incident_brief.offline.plain.Glossary"] = default_glossary()._rx
    return out


PATTERNS = reader_patterns()
SEPARATORS = " \t\n-.:,_[]()*#`|/@"


def _alphabet(rx: re.Pattern[str]) -> str:
    """The pattern's own literal characters (escapes removed) plus separators, a letter and a digit."""
    literal = re.sub(r"\\[A-Za-z]", "", rx.pattern)
    return "".join(sorted(set(literal) | set(SEPARATORS) | {"a", "1"}))


def _cpu(fn, *args) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def _run(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def _read(rx: re.Pattern[str], text: str) -> None:
    rx.search(text)
    for _ in rx.finditer(text):
        pass


def test_every_reader_pattern_is_collected():
    assert len(PATTERNS) > 80
    assert "incident_brief.offline.extract.timeline._LINE_START" in PATTERNS
    assert "incident_brief.offline.extract.status._STATUS_LABEL" in PATTERNS


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_reads_the_families_that_broke_the_old_patterns(name):
    for unit in ("\n", " ", "\t", "a-", "[", "1"):
        assert _cpu(_read, PATTERNS[name], _run(unit, 16 * 1024)) < PATTERN_BOUND, (name, unit)


@pytest.mark.parametrize("name", sorted(PATTERNS))
@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_pattern_reads_runs_of_its_own_characters_in_linear_time(name, data):
    rx = PATTERNS[name]
    unit = data.draw(st.text(alphabet=_alphabet(rx), min_size=1, max_size=3), label="unit")
    assert _cpu(_read, rx, _run(unit, 16 * 1024)) < PATTERN_BOUND, (name, unit)


@settings(max_examples=20, deadline=None, derandomize=True, database=None)
@given(unit=st.text(alphabet="a1-_. \n:/é", min_size=1, max_size=3))
@example(unit="a-")
@example(unit="a.")
def test_identifiers_in_prose_are_read_in_linear_time(unit):
    assert _cpu(identifiers, _run(unit, 64 * 1024)) < PATTERN_BOUND, unit


def _summarize(text: str) -> None:
    summarize(from_text("start " + text + " end", "notes", as_json=False), budget=1000)


@settings(max_examples=5, deadline=None, derandomize=True, database=None)
@given(unit=st.text(alphabet="\n 12:0apm[]()*-#$5,.Status:UTC", min_size=1, max_size=6))
@example(unit="for 5 min ")
@example(unit="$5 ")
def test_the_offline_engine_reads_adversarial_runs_in_linear_time(unit):
    assert _cpu(_summarize, _run(unit, 16 * 1024)) < ENGINE_BOUND / 2, unit


@pytest.mark.parametrize("unit", FAMILIES, ids=repr)
def test_reported_family_at_64_kib_through_the_offline_engine(unit):
    assert _cpu(_summarize, _run(unit, 64 * 1024)) < ENGINE_BOUND, unit


@pytest.mark.parametrize("unit", ["00:00:01.000 --> 00:00:02.000\n<v A B>x 12:00 failed since 12:00.\n\n",
                                  "1\n00:00:01,000 --> 00:00:02,000\nA: Follow-ups: a; b, and c.\n\n",
                                  "[9:01 AM] kim: follow-ups: x; y; z. meeting started 9:02\n"], ids=repr)
def test_transcripts_and_said_lists_at_64_kib_through_the_offline_engine(unit):
    # the transcript reader's cue walk and the one-line follow-up lists stay linear on long runs of their own shapes
    assert _cpu(_summarize, _run(unit, 64 * 1024)) < ENGINE_BOUND, unit


def test_the_read_budget_stops_the_engine_with_a_clear_error():
    with pytest.raises(ReadBudgetError, match="took too long to read.*split them") as err:
        summarize(from_text(_run("12:00 ", 64 * 1024), "notes", as_json=False), budget=1e-6)
    assert err.value.http_status == 422


def test_the_read_budget_reaches_the_cli(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text(_run("12:00 ", 64 * 1024))
    r = run_cli("summarize", str(notes), "--engine", "offline",
                env={"INCIDENT_BRIEF_READ_BUDGET_SECONDS": "0.000001"})
    err = r.stderr.decode()
    assert r.returncode == 1 and "took too long to read" in err and "split them" in err and "Traceback" not in err


def test_the_read_budget_reaches_the_api(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from incident_brief.server.app import create_app
    from incident_brief.settings import Settings, get_settings

    monkeypatch.setenv("INCIDENT_BRIEF_READ_BUDGET_SECONDS", "0.000001")
    get_settings.cache_clear()
    try:
        app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}"))
        with TestClient(app) as client:
            r = client.post("/v1/reports", content=_run("12:00 ", 64 * 1024).encode(),
                            headers={"content-type": "text/plain"})
    finally:
        get_settings.cache_clear()
    assert r.status_code == 422, r.text[:300]
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "took too long to read" in r.json()["detail"]
