"""The str.find prefilter gives the positions a plain scan gives, and skips words that cannot occur."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from incident_brief.offline.literals import can_occur, lowered, starts

ALPHABET = "ab :\n1é"
WORDS = st.lists(st.text(alphabet=ALPHABET + "xz", min_size=1, max_size=4), min_size=1, max_size=5)


def plain(low: str, words: list[str]) -> list[int]:
    return sorted({m.start() for w in words for m in re.finditer("(?=" + re.escape(w) + ")", low)})


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), WORDS)
def test_starts_match_a_plain_scan(text, words):
    low = lowered(text)
    assert starts(low, words) == plain(low, words)


def test_a_word_with_a_character_the_text_lacks_cannot_occur():
    text = "12:00 a\n" * 4
    assert not can_occur(text, "after")
    assert can_occur(text, "a\n1")
    assert starts(lowered(text), ["after", "00 a"]) == [3, 11, 19, 27]


def test_duration_scan_finds_what_the_full_pattern_finds():
    from incident_brief.offline.extract.durations import _DUR, durations_in

    parts = list("12. -5dhmDHaysour,n\n") + ["min", "hours", " and ", "days", "hrs", "1.5", "v"]

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from(parts), max_size=40))
    def same(pieces):
        text = "".join(pieces)
        want = [(m.span(), m.groupdict()) for m in _DUR.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in durations_in(text)] == want
    same()
