"""What a quote says about a time: the times it writes, read by the offline readers with the notes around it.

A model's time is grounded by its own quote: the times written inside the quote's span of the notes, each read
in context (the zone and the date in force there, as `find_stamps` reads the whole notes), and each read alone
for its wall-clock time. A time matches when it is the same instant, or the same wall-clock time on a day the
notes give for it (the date in force where the quote is, a date written in the quote, or the next day where
the clock went back past midnight since the time before it).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from incident_brief.offline.extract import days
from incident_brief.offline.extract.times import CLOCK, FOREIGN_MONTHS, ISO, MONTHS, NAMED, Stamp, find_stamps, marker
from incident_brief.schema import year_ok
from incident_brief.structure import parse

# A bare clock ("3:15") the quote places in the afternoon or evening (English, German, Spanish, French, Dutch).
_LATER_HALF = re.compile(r"\b(?:afternoon|evening|tonight|nachmittags?|abends?|tarde|noche|après-midi|soir|"
                         r"middag|avond)\b", re.I)
_YEAR_FIRST = re.compile(r"(?<![\w/.-])(?P<y>(?:19|20)\d{2})/(?P<mo>\d{1,2})/(?P<d>\d{1,2})(?![\w/])")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_WINDOW = 20_000  # characters before a quote read for the date in force (bounded: linear in the notes)
_LONGEST = 1_000  # a longer quote is no evidence of one time: its times are not read
_TIMES = 8  # times read in one quote (a quote for a time holds one or two)
_BACK = 50  # stamps looked back for the time written before one


@dataclass
class Reading:
    """One time written in a quote."""

    wall: tuple[int, int]  # hour, minute as written (24-hour)
    start: int  # its span in the notes
    end: int
    instant: datetime | None = None  # UTC, where the notes give its zone and date
    days: set[date] = field(default_factory=set)  # the days it may be on
    later_half: bool = False  # a bare 1-11 o'clock the quote places in the afternoon or evening
    next_day: bool = False  # the clock went back past midnight since the time before it

    def walls(self) -> set[tuple[int, int]]:
        h, mi = self.wall
        return {(h, mi), (h + 12, mi)} if self.later_half else {(h, mi)}

    def means(self, when: datetime) -> bool:
        """Same instant (both zoned), or the same wall-clock time on one of its days."""
        if when.tzinfo is not None and self.instant is not None:
            shifts = {timedelta(0), timedelta(hours=12) if self.later_half else timedelta(0),
                      timedelta(days=1) if self.next_day else timedelta(0)}
            return when.astimezone(timezone.utc).replace(second=0, microsecond=0) in {self.instant + d for d in shifts}
        return (when.hour, when.minute) in self.walls() and when.date() in self.days

    def same_clock(self, when: datetime) -> bool:
        """The model's time is this one's wall-clock time, in this time's zone where the notes give one (its date
        aside: the caller checks that the notes write the model's date)."""
        if (when.hour, when.minute) not in self.walls():
            return False
        if self.instant is None or when.tzinfo is None:
            return True
        local = self.wall[0] * 60 + self.wall[1]
        offset = (local - (self.instant.hour * 60 + self.instant.minute)) % 1440
        return offset == int(when.utcoffset().total_seconds() // 60) % 1440

    def text(self, notes: str) -> str:
        return notes[self.start:self.end].strip()


def written_days(notes: str) -> set[date]:
    """Every day a date in the notes may mean (with a year the notes give)."""
    return {d for _, _, ds in date_mentions(notes, 0, _first_year(notes)) for d in ds}


def readings(notes: str, span: tuple[int, int], stamps: list[Stamp]) -> list[Reading]:
    """The times written in notes[span], each read in context and alone; `stamps`: find_stamps over the notes."""
    qs, qe = span
    if qe - qs > _LONGEST:
        return []
    quoted = notes[qs:qe]
    in_context = {s.start: s for s in stamps if qs <= s.start and s.end <= qe}
    later = bool(_LATER_HALF.search(quoted))
    in_force = None
    out = []
    for alone in find_stamps(parse(quoted))[:_TIMES]:
        start, end = qs + alone.start, qs + alone.end
        wall = _wall(notes, start, alone)
        if wall is None:
            continue
        r = Reading(wall, start, end, later_half=later and _bare(notes, start) and 1 <= wall[0] <= 11)
        ctx = in_context.get(start)
        if ctx is not None and ctx.dated:
            day = _local_day(ctx, wall)
            r.days.add(day)
            if _after_midnight(ctx, stamps):
                r.days.add(day + timedelta(days=1))
                r.next_day = True
            if ctx.zoned:
                r.instant = ctx.when.replace(second=0, microsecond=0)
        else:
            in_force = _days_in_force(notes, qs, qe) if in_force is None else in_force
            r.days |= in_force
        out.append(r)
    return out


def _wall(notes: str, start: int, alone: Stamp) -> tuple[int, int] | None:
    """The wall-clock time as written: the quote's own reading, unless it carried a zone (then re-read)."""
    if not alone.zoned:
        return alone.when.hour, alone.when.minute
    m = ISO.match(notes, start)
    if m and m["h"] is not None:
        return _hour(int(m["h"]), m["ap"]), int(m["mi"])
    m = CLOCK.match(notes, start)
    if m:
        return _hour(int(m["h"]), marker(m)), int(m["mi"] or 0)
    return None


def _hour(h: int, ap: str | None) -> int:
    return h % 12 + (12 if ap.lower().startswith("p") else 0) if ap else h


def _bare(notes: str, start: int) -> bool:
    """A clock written without am/pm."""
    m = CLOCK.match(notes, start)
    return m is not None and marker(m) is None


def _local_day(ctx: Stamp, wall: tuple[int, int]) -> date:
    """The day as written: a zoned stamp's UTC day moved by the zone offset the wall clock implies."""
    if not ctx.zoned:
        return ctx.when.date()
    offset = (wall[0] * 60 + wall[1] - ctx.when.hour * 60 - ctx.when.minute) % 1440
    offset = offset - 1440 if offset > 840 else offset  # UTC-12:00 .. UTC+14:00
    return (ctx.when + timedelta(minutes=offset)).date()


def _after_midnight(ctx: Stamp, stamps: list[Stamp]) -> bool:
    """The clock went back since the time written before it (an evening, then the early morning): the next day."""
    i = bisect_left([s.start for s in stamps], ctx.start)  # stamps are in document order
    for s in reversed(stamps[max(0, i - _BACK):i]):
        if s.dated and s.zoned == ctx.zoned and s.end <= ctx.start:
            return s.when > ctx.when
    return False


def _days_in_force(notes: str, qs: int, qe: int) -> set[date]:
    """The days a date written in the quote, or the last one written before it, may be (both readings of a
    slashed date count)."""
    lo = max(0, qs - _WINDOW)
    inside = _days(notes, qs, qe, None)
    if inside:
        return inside[-1][1]
    found = _days(notes, lo, qs, _first_year(notes))
    return found[-1][1] if found else set()


def _days(notes: str, lo: int, hi: int, year: int | None) -> list[tuple[int, set[date]]]:
    return sorted((s, d) for s, _, d in date_mentions(notes[:hi], lo, year) if d)


def date_mentions(text: str, lo: int = 0, year: int | None = None) -> list[tuple[int, int, set[date]]]:
    """(start, end, the days it may mean) for every date written in text[lo:], in any form the readers know:
    ISO, 2025/01/15, both readings of a slashed date, dotted day-first dates, month names in four languages
    (a date without a year takes `year`)."""
    out: list[tuple[int, int, set[date]]] = []
    for rx in (ISO, _YEAR_FIRST):
        out += [(m.start(), m.end("d"), _valid((int(m["y"]), int(m["mo"]), int(m["d"])))) for m in rx.finditer(text, lo)]
    for m in days.SLASHED.finditer(text, lo):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        out.append((m.start(), m.end(), _valid((y, a, b), (y, b, a))))
    for m in days.DOTTED.finditer(text, lo):
        out.append((m.start(), m.end(), _valid((int(m["y"]), int(m["a"]), int(m["b"])))))
    for m in NAMED.finditer(text, lo):
        mon = _month(m["mon"] or m["mon2"])
        y = int(m["y"]) if m["y"] else year
        if mon and y:
            out.append((m.start(), m.end(), _valid((y, mon, int(m["d"] or m["d2"])))))
    return out


def month_of(word: str) -> int | None:
    """The month a month name or abbreviation names ("Oct", "October", "Sept.", "octobre")."""
    return _month(word)


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTHS.get(w[:3]) or FOREIGN_MONTHS.get(w)


def _valid(*ymds: tuple[int, int, int]) -> set[date]:
    out = set()
    for y, mo, d in ymds:
        try:
            if year_ok(y):
                out.add(date(y, mo, d))
        except ValueError:
            continue
    return out


def _first_year(notes: str) -> int | None:
    m = _YEAR.search(notes)
    return int(m.group()) if m else None
