"""Markdown images and links replaced by their text, in time linear in the text's length.

The same result as the two substitutions

    !\\[([^\\]]*)\\]\\([^)]*\\)                     ->  \\1   (images)
    \\[([^\\]]+)\\]\\((?:[^()]|\\([^)]*\\))*\\)      ->  \\1   (links; the target may hold one level of parentheses)

which, as regexes, rescan the rest of the text from every "[" that has no "](" after it (quadratic on a run
of "["). Here every "[" that shares the same next "]" shares one verdict, and each link target's end is
computed once per parenthesis, right to left.
"""

from __future__ import annotations

import bisect
import re

_PAREN = re.compile(r"[()]")


def unlink(s: str) -> str:
    if "](" not in s:
        return s
    return _links(_images(s))


def _images(s: str) -> str:
    out, pos = [], 0
    i = s.find("![")
    while i != -1:
        j = s.find("]", i + 2)
        if j == -1:
            break
        if s.startswith("(", j + 1):
            close = s.find(")", j + 2)
            if close == -1:
                break  # no later image can close either
            out += [s[pos:i], s[i + 2:j]]
            pos = close + 1
            i = s.find("![", pos)
        else:
            i = s.find("![", j + 1)  # every "![" before j ends at the same "]" and fails the same way
    return "".join(out) + s[pos:] if out else s


def _links(s: str) -> str:
    target = _TargetEnds(s)
    out, pos = [], 0
    i = s.find("[")
    while i != -1:
        j = s.find("]", i + 1)
        if j == -1:
            break
        end = target.end(j + 2) if j > i + 1 and s.startswith("(", j + 1) else None
        if end is not None:
            out += [s[pos:i], s[i + 1:j]]
            pos = end
            i = s.find("[", pos)
        else:
            i = s.find("[", j + 1)
    return "".join(out) + s[pos:] if out else s


class _TargetEnds:
    """Where `(?:[^()]|\\([^)]*\\))*\\)` matching from a position ends (None: it does not match).

    From a position the match runs to the next parenthesis: a ")" ends it; a "(" jumps past the next ")"
    and goes on. So the outcome depends only on the next parenthesis, and is computed once for each.
    """

    def __init__(self, s: str):
        self.parens = [m.start() for m in _PAREN.finditer(s)]
        closes = [p for p in self.parens if s[p] == ")"]
        self.ends: list[int | None] = [None] * len(self.parens)
        for k in range(len(self.parens) - 1, -1, -1):
            p = self.parens[k]
            if s[p] == ")":
                self.ends[k] = p + 1
                continue
            c = bisect.bisect_right(closes, p)
            if c < len(closes):
                nxt = bisect.bisect_right(self.parens, closes[c])
                self.ends[k] = self.ends[nxt] if nxt < len(self.parens) else None

    def end(self, pos: int) -> int | None:
        k = bisect.bisect_left(self.parens, pos)
        return self.ends[k] if k < len(self.parens) else None
