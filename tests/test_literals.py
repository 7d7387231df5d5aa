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
