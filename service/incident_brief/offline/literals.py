"""Where words occur in a text, in any case, found with str.find: a fast prefilter before a slow pattern.

A big case-insensitive alternation costs microseconds at every position of a long text; str.find over the
lowered text costs nanoseconds. A pattern that can only match where one of its words occurs is run only near
an occurrence. The positions are those re.IGNORECASE would match, or the answer is "unknown" (None): when the
text holds a character that IGNORECASE matches to an ASCII letter (İ ı ſ K, the only four in Unicode) or
lowering changes its length, the caller searches as it would without the prefilter.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable

_ASCII_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")


@lru_cache(maxsize=8)  # many readers ask for the same long text
def lowered(text: str) -> str | None:
    """text.lower() when its positions are the positions re.IGNORECASE matches ASCII words at, else None."""
    if _ASCII_TWINS.search(text):
        return None
    low = text.lower()
    return low if len(low) == len(text) else None


def starts(low: str, words: Iterable[str]) -> list[int]:
    """Sorted positions where any of words (lowercase ASCII) occurs in low (a lowered() text)."""
    return list(_starts(low, tuple(words)))


@lru_cache(maxsize=8)  # one set per text, asked by every reader
def alphabet(text: str) -> frozenset[str]:
    """The characters a text holds: a word with a character outside it cannot occur, and needs no scan."""
    return frozenset(text)


def can_occur(text: str, word: str) -> bool:
    """False when word holds a character text does not (so str.find would scan the whole text for nothing)."""
    chars = alphabet(text)
    return all(c in chars for c in word)


@lru_cache(maxsize=16)  # the same words are looked for in the same notes by several readers
def _starts(low: str, words: tuple[str, ...]) -> tuple[int, ...]:
    found: set[int] = set()
    for word in filter(lambda w: can_occur(low, w), words):
        i = low.find(word)
        while i != -1:
            found.add(i)
            i = low.find(word, i + 1)
    return tuple(sorted(found))


class Occurrences:
    """Does one of some words start in [a, b)? Answered by bisection; always "maybe" when lowering is unsafe."""

    def __init__(self, text: str, words: Iterable[str], low: str | None = None):
        low = lowered(text) if low is None else low
        self.starts = None if low is None else starts(low, words)

    @classmethod
    def of(cls, positions: list[int]) -> Occurrences:
        """Known sorted positions (not words)."""
        occ = cls.__new__(cls)
        occ.starts = positions
        return occ

    def maybe_in(self, a: int, b: int) -> bool:
        if self.starts is None:
            return True
        i = bisect.bisect_left(self.starts, a)
        return i < len(self.starts) and self.starts[i] < b


class Cursor:
    """The first occurrence of any of some words at or after a position that never moves back; each word is
    found again only when passed (str.find), so reading a text through costs one pass per word."""

    def __init__(self, text: str, words: Iterable[str]):
        self.low = lowered(text)
        self.next = dict.fromkeys(words, -2)  # -2: not looked for yet; -1: no more

    def first_from(self, pos: int) -> int | None:
        """The first occurrence at or after pos (None: none; -1: unknown, search as without the prefilter)."""
        if self.low is None:
            return -1
        best = None
        for word, at in self.next.items():
            if at == -2 or 0 <= at < pos:
                at = self.next[word] = self.low.find(word, pos)
            if at >= 0 and (best is None or at < best):
                best = at
        return best


class Gated:
    """A case-insensitive pattern every match of which holds one of some words (lowercase ASCII): searched only
    when one of them occurs in the searched span, so a long span without them costs one lowering, not a search."""

    def __init__(self, pattern: re.Pattern[str], words: Iterable[str]):
        self.pattern = pattern
        self.words = tuple(words)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        low = lowered(text[pos:end])
        if low is not None and not any(word in low for word in self.words):
            return None
        return self.pattern.search(text, pos, end)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        """pattern.finditer, or nothing at all when none of the words occurs in the span."""
        end = len(text) if endpos is None else endpos
        low = lowered(text[pos:end])
        if low is not None and not any(word in low for word in self.words):
            return iter(())
        return self.pattern.finditer(text, pos, end)

    def near(self, text: str, pos: int = 0, reach: int = 80):
        """pattern.finditer, run only in windows reaching `reach` characters either side of an occurrence of one of
        the words (merged where they overlap): for a pattern whose matches hold a word and reach no further than
        that from it. A long text where the words are rare costs one lowering and a few short searches."""
        low = lowered(text)
        if low is None:
            yield from self.pattern.finditer(text, pos)
            return
        lo = hi = -1
        for at in starts(low[pos:], self.words):
            a, b = max(pos, pos + at - reach), pos + at + reach
            if a > hi:
                if hi > lo:
                    yield from self.pattern.finditer(text, lo, hi)
                lo = max(a, hi)
            hi = max(hi, b)
        if hi > lo:
            yield from self.pattern.finditer(text, lo, min(hi, len(text)))

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.pattern.match(text, pos, len(text) if endpos is None else endpos)

