"""Which sentences of the notes the root-cause reader reads: those near a cue word, found in C once per text, so
a long run of sentences without one is never read one by one. A cue word ("because", "Ursache") colours the
sentences up to a reach after it; an opener word ("found it", "it's", "looks like") only the sentence it opens,
and that sentence is read only for its opener (the set of such sentences is returned apart)."""

from __future__ import annotations

import bisect

from incident_brief.offline.literals import Occurrences

CUE_REACH = 400  # a cue word this far before a sentence still colours it ("Root cause ... . It was ...")
OPENER_REACH = 80  # an opener word this far into a sentence may open it (after a stamp and an author)


def near_cues(sents: list[tuple[int, int]], found: Occurrences, start: int, end: int) -> list[int]:
    """The sentences (indices, in order) with a cue word inside or up to CUE_REACH characters before them."""
    if found.starts is None:
        return list(range(len(sents)))
    starts, ends = [s for s, _ in sents], [e for _, e in sents]
    out: list[int] = []
    for c in found.starts[bisect.bisect_left(found.starts, start):bisect.bisect_left(found.starts, end)]:
        lo = max(bisect.bisect_right(ends, c), out[-1] + 1 if out else 0)  # sentences ending after the cue ...
        out.extend(range(lo, bisect.bisect_right(starts, c + CUE_REACH)))  # ... and starting at most the reach after it
    return out


def opened(sents: list[tuple[int, int]], found: Occurrences, start: int, end: int) -> list[int]:
    """The sentences (indices, in order) with an opener word in their first OPENER_REACH characters."""
    if found.starts is None:
        return list(range(len(sents)))
    starts = [s for s, _ in sents]
    out: list[int] = []
    for c in found.starts[bisect.bisect_left(found.starts, start):bisect.bisect_left(found.starts, end)]:
        i = bisect.bisect_right(starts, c) - 1
        if i >= 0 and c < sents[i][1] and c - starts[i] <= OPENER_REACH and (not out or out[-1] != i):
            out.append(i)
    return out


def chosen(sents: list[tuple[int, int]], cues: Occurrences, openers: Occurrences, start: int,
           end: int) -> tuple[list[int], set[int]]:
    """The sentences to read (indices, in order), and those of them chosen only for an opener word."""
    near = near_cues(sents, cues, start, end)
    only = set(opened(sents, openers, start, end)).difference(near)
    return sorted(only.union(near)), only
