"""The source notes beside the report, the evidence of one selected field marked: the notes as segments of plain
and marked text (the template escapes each; nothing from the notes is ever markup). What policy withholds from a
report (credentials, card numbers, ...) is withheld from the notes shown too, the marks' offsets kept."""

from __future__ import annotations

from dataclasses import dataclass

from incident_brief.flags.names import label
from incident_brief.redact import WITHHELD, find
from incident_brief.schema import Report, Span

MAX_MARKS = 200  # spans marked for one field


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool


@dataclass(frozen=True)
class Notes:
    segments: list[Segment]
    path: str | None  # the field whose evidence is marked
    label: str | None
    marks: int


def ranges(spans: list[Span], size: int) -> list[tuple[int, int]]:
    """The spans' character ranges within the text, sorted, overlapping ones merged, empty ones dropped."""
    out: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s.start), min(size, s.end)) for s in spans[:MAX_MARKS]):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def segments(text: str, marks: list[tuple[int, int]], hidden: list[tuple[int, int]] = ()) -> list[Segment]:
    """The text cut at every mark and hidden range: marked or not, a hidden range shown once as (withheld)."""
    cuts = sorted({0, len(text), *(p for r in marks for p in r), *(p for r in hidden for p in r)})
    out: list[Segment] = []
    m = h = 0
    for start, end in zip(cuts, cuts[1:]):
        while m < len(marks) and marks[m][1] <= start:
            m += 1
        while h < len(hidden) and hidden[h][1] <= start:
            h += 1
        inside = h < len(hidden) and hidden[h][0] <= start
        if inside and hidden[h][0] != start:
            continue  # the rest of a withheld value: said once
        piece = WITHHELD if inside else text[start:end]
        marked = m < len(marks) and marks[m][0] <= start
        if out and out[-1].marked == marked:
            out[-1] = Segment(out[-1].text + piece, marked)
        else:
            out.append(Segment(piece, marked))
    return out or [Segment("", False)]


def notes(report: Report, source_text: str, path: str | None, allow: frozenset[str]) -> Notes:
    """The notes with `path`'s evidence marked (plain when it has none), values `allow` does not keep withheld."""
    hidden = [(f.start, f.end) for f in find(source_text) if f.rule.kind not in allow]
    spans = report.evidence.get(path, []) if path else []
    marks = ranges(spans, len(source_text))
    if not marks:
        return Notes(segments(source_text, [], hidden), None, None, 0)
    return Notes(segments(source_text, marks, hidden), path, label(path), len(marks))
