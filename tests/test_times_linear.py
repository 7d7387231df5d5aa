"""The patterns of the time modules added for issue 12 (zones, days, durations) read adversarial runs in linear
time, as tests/security/test_linear_time.py requires of every reader pattern, and the engine reads long runs of the
shapes they look for (zone statements, slashed dates, epoch labels, French clocks) within its bound."""

from __future__ import annotations

import importlib
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize

MODULES = [f"incident_brief.offline.extract.{m}" for m in ("zones", "days", "durations")]
BOUND = 1.0  # CPU seconds for 16 KiB through one pattern (as in tests/security/test_linear_time.py)
SEPARATORS = " \t\n-.:,_[]()*#`|/@"


def _patterns() -> dict[str, re.Pattern[str]]:
    out = {}
    for module in MODULES:
        for attr, value in vars(importlib.import_module(module)).items():
            if isinstance(value, re.Pattern):
                out[f"{module}.{attr}"] = value
    return out


PATTERNS = _patterns()


def _cpu_read(rx: re.Pattern[str], text: str) -> float:
    start = time.process_time()
    rx.search(text)
    for _ in rx.finditer(text):
        pass
    return time.process_time() - start


def test_the_modules_hold_patterns():
    assert "incident_brief.offline.extract.zones._STATEMENT" in PATTERNS
    assert "incident_brief.offline.extract.days.SLASHED" in PATTERNS


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_reads_runs_of_one_unit(name):
    for unit in ("\n", " ", "\t", "a-", "[", "1", "(", "A", "12/"):
        text = unit * (16 * 1024 // len(unit))
        assert _cpu_read(PATTERNS[name], text) < BOUND, (name, unit)


@pytest.mark.parametrize("name", sorted(PATTERNS))
@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_pattern_reads_runs_of_its_own_characters(name, data):
    rx = PATTERNS[name]
    alphabet = "".join(sorted(set(re.sub(r"\\[A-Za-z]", "", rx.pattern)) | set(SEPARATORS) | {"a", "1"}))
    unit = data.draw(st.text(alphabet=alphabet, min_size=1, max_size=3), label="unit")
    assert _cpu_read(rx, unit * (16 * 1024 // len(unit))) < BOUND, (name, unit)


@pytest.mark.parametrize("unit", ["all times PT\n", "(UTC) ", "03/04/2025 ", "At: 1762336920\n", "07h42 ",
                                  "heure de Paris ", "Thu 30 to Fri 31 January 2025 "])
def test_the_engine_reads_long_runs_of_time_shapes(unit):
    text = unit * (64 * 1024 // len(unit))
    start = time.process_time()
    summarize(from_text(text), budget=60)
    assert time.process_time() - start < 10.0, unit
