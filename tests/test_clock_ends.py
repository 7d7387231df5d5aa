"""find_stamps(keep_ends=k) reads only both ends of notes with many times: the same stamps as cutting the full list."""

import random

import pytest

from incident_brief.offline.extract import times
from incident_brief.structure import parse

UNITS = ["12:00 ", "9:05 pm ", "7 pm ", "$5 ", "23:59 UTC ", "5 +02:00 ", "2025-03-04 10:00 ", "12:00 a\n", "at 3pm, ",
         "25:00 ", "1:2 ", "x14:30 ", "- 08:15 CET\n", "Mar 4 ", "\n"]


def _full_cut(doc, k):
    stamps = times.find_stamps(doc)
    return stamps if len(stamps) <= 2 * k else stamps[:k] + stamps[-k:]


@pytest.mark.parametrize("seed", range(12))
def test_both_ends_match_the_full_scan(seed, monkeypatch):
    rng = random.Random(seed)
    monkeypatch.setattr(times, "_TAIL", rng.choice([40, 200, 1000]))  # small stretches: the doubling is exercised
    text = "".join(rng.choice(UNITS) for _ in range(rng.choice([30, 300, 3000])))
    doc = parse(text)
    k = rng.choice([3, 10, 50])
    got = [(s.start, s.end, s.when) for s in times.find_stamps(doc, keep_ends=k)]
    want = [(s.start, s.end, s.when) for s in _full_cut(doc, k)]
    assert got == want
