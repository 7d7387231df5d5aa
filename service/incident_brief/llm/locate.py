"""Finding the model's quotes in the notes, forgiving whitespace, case and Markdown emphasis.

A quote counts only where it lies wholly outside the passages the sanitizer
ignored (hidden comments, instructions to a model): text injected into the
notes is never evidence, even when the model copies it exactly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from incident_brief.sanitize import Span

_IGNORED = set("*_`")
NOT_IN_NOTES = "its quote is not in the notes"
IGNORED = "its quote is from a passage of the notes ignored as an instruction to a model or a hidden comment"


class Locator:
    """Finds a quote in the source, forgiving whitespace, case and emphasis marks, outside the blocked spans."""

    def __init__(self, text: str, blocked: list[Span] | None = None):
        self.blocked = blocked or []  # sorted, disjoint (as `sanitize.mask` gives them)
        self._starts, self._ends = [s for s, _ in self.blocked], [e for _, e in self.blocked]
        chars, index, space = [], [], False
        for i, ch in enumerate(text):
            if ch in _IGNORED:
                continue
            if ch.isspace():
                if not space and chars:
                    chars.append(" ")
                    index.append(i)
                space = True
                continue
            space = False
            chars.append(ch.lower())
            index.append(i)
        self.text, self.norm, self.index = text, "".join(chars), index

    @staticmethod
    def normalise(s: str) -> str:
        return " ".join("".join(c for c in s if c not in _IGNORED).split()).lower()

    def find(self, quote: str | None) -> Span | None:
        return self.locate(quote)[0]

    def missing(self, quote: str | None) -> str:
        """Why a quote was not found: not in the notes at all, or only inside an ignored passage."""
        return IGNORED if self.locate(quote)[1] else NOT_IN_NOTES

    def locate(self, quote: str | None) -> tuple[Span | None, bool]:
        """The first place the quote occurs outside the blocked spans, and whether it occurs inside one."""
        q = self.normalise(quote or "")
        if len(q) < 2:
            return None, False
        at, blocked = self.norm.find(q), False
        while at != -1:
            span = self.index[at], self.index[at + len(q) - 1] + 1
            end = self._blocked_until(span)
            if end is None:
                return span, blocked
            blocked = True
            at = self.norm.find(q, max(at + 1, bisect_left(self.index, end)))
        return None, blocked

    def _blocked_until(self, span: Span) -> int | None:
        """Where the last blocked span overlapping this one ends (None: it overlaps none)."""
        first = bisect_right(self._ends, span[0])
        if first == len(self.blocked) or self._starts[first] >= span[1]:
            return None
        return self._ends[bisect_left(self._starts, span[1]) - 1]
