"""Timestamps as real notes write them, and the incident's start, detection, end and duration."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from incident_brief.offline.extract import days, weekdays
from incident_brief.offline.extract.eu_clocks import european_clocks
from incident_brief.offline.extract.zones import ZoneScopes, tz_of, zone_after
from incident_brief.offline.literals import lowered
from incident_brief.schema import year_ok
from incident_brief.structure import Document

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
# Month names of the other languages notes come in (French, Spanish, German), looked up whole.
FOREIGN_MONTHS = {m: i % 12 + 1 for i, m in enumerate(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "januar februar märz april mai juni juli august september oktober november dezember".split())}
_MON = r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|enero|febrero|" \
    r"marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|Januar|Februar|M[äa]rz|Juni|Juli|Oktober|" \
    r"Dezember|Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# Zones that are also words ("entre 9:10 et 9:40", "um 09:10 ist", "à 10:00 est") count only in capitals.
_ZONE = r"(?P<zone>UTC|GMT|EDT|[CMP][SD]T|(?-i:Z|ET|EST|CT|MT|PT|CEST|CET|BST|IST|JST|AEST)|[+-]\d{2}:?\d{2})"
ISO = re.compile(
    r"(?<![\w/.-])(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:(?:[T ]|,? at |[ \t]+)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?(?:\s?(?P<ap>[AaPp]\.?[Mm]\.?(?![a-z])))?"
    r"(?:\s?" + _ZONE + r")?)?(?![\w/])")
NAMED = re.compile(
    r"(?<![\w-])(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:(?P<mon>" + _MON + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:(?:st|nd|rd|th|\.)?\s+(?:(?:of|de)\s+)?|-(?=[a-z]))(?P<mon2>" + _MON + r"))"
    r"(?:(?:,?\s+|\s+de\s+|(?<=[a-z])-)(?P<y>(?:19|20)\d{2}))?(?![\w-])", re.I)  # "08-Jul-2025" too
# A time starts with a digit (so the scan skips to digits in C) that follows no word character, ':', '.', '#', '/'
# or '-' (a two-character look-behind over that digit); the zone is tried only at a letter or sign it can start with.
# A number followed by neither minutes, am/pm nor a zone fails at once (a run of "$5 " holds 350,000 numbers).
# A clock zone: a minus offset only after seconds ("10:00-11:00" is a range, "10:00:00-05:00" an offset). A time right
# after "-" is read when a clock ends before the "-" ("6:40p-7:20p", "10:00-11:00"), not in a date ("2025-11-12").
_CLOCK_ZONE = _ZONE.replace(r"[+-]\d{2}:?\d{2}", r"\+\d{2}:?\d{2}|(?<=\d:\d\d:\d\d)-\d{2}:?\d{2}")
CLOCK = re.compile(
    r"(?P<h>\d(?<![\w:.#/+-]\d)\d?|\d(?<=:\d\d-\d)\d?|\d(?<=[ap]-\d)\d?|\d(?<=[ap]m-\d)\d?)(?=:\d{2}|\s?[ap]\.?m\.?(?![a-z])|\s?[ugzecmpbija+-])(?::(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?"
    r"\s?(?:(?P<ap>[ap]\.?m\.?(?![a-z]))|(?<=\d\d)(?P<short>[ap])(?![\w:]))?"
    r"(?:\s?(?=[ugzecmpbija+-])" + _CLOCK_ZONE + r")?(?!\w)(?!:\d)", re.I)


# A zone written after a time ("9:14 AM ET", "09:20 CEST"): the notes' one zone when they name only one. The zones
# that are also words ("ist", "mez") count only in capitals.
_ZONED = re.compile(r"(?<![\w:])\d{1,2}(?::\d{2})?\s?(?:[ap]\.?m\.?|(?<=\d)[ap])?\s?(UTC|GMT|E[SD]?T|P[SD]?T|C[SD]?T|M[SD]?T|"
                    r"(?-i:CEST|CET|MESZ|MEZ|BST|IST|JST|AEST|AEDT|WEST|WET|EEST|EET|SGT|HKT|KST|NZST|NZDT))\b", re.I)
# Read in a 40-character window (_zone_after), where {0,40} is the same as *: bounded, a search stays linear.
_ZONE_AFTER = re.compile(r"\s{0,40}(?:[–—-]|to|until|and|till)\s{1,40}(?:about\s{1,40}|approximately\s{1,40})?\d{1,2}"
                         r"(?::\d{2})?\s?(?:[ap]\.?m\.?)?\s?" + _ZONE + r"\b", re.I)
_BETWEEN = re.compile(r"\s*(?:,|on)?\s*(?:the\s+)?")
_MONTH_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "fév", "fev", "avr",
                "mai", "aoû", "aou", "déc", "ene", "abr", "ago", "dic", "mär", "okt", "dez")
_ZONE_WORDS = ("utc", "gmt", "et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt", "cet", "mez",
               "bst", "ist", "jst", "aest", "aedt", "wet", "eet", "sgt", "hkt", "kst", "nzst", "nzdt")
# Epoch seconds as a label's value on its own line ("At: 1762336920", "ts = 1762336920.0471"), read as UTC.
EPOCH = re.compile(r"^[ \t]*+[A-Za-z_][\w .-]{0,30}?[:=][ \t]*+\"?(?P<e>1\d{9})(?:\.\d{1,6})?\"?[ \t,]*+$", re.M)
_TEN_DIGITS = re.compile(r"(?<!\d)1\d{9}(?!\d)")
# Between two dates of a range ("2025-09-28 → 2025-09-29", "Thu 30 to Fri 31 January"): the first is in force.
_RANGE_JOIN = re.compile(r"[ \t]{0,3}(?:→|->|–|—|-|/|to|into|until|till|through|bis|au|al|a|en|op)[ \t]{1,3}"
                         r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?,?[ \t]{1,3})?", re.I)
_DAY_BEFORE = re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th|\.)?[ \t]{1,3}(?:to|and|&|–|-|bis|au|al)[ \t]{1,3}"
                         r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?,?[ \t]{1,3})?$", re.I)
_SCOPE_DATE = re.compile(r"\ball\s{1,3}(?:events|times|entries)\b[^.\n]{0,40}$|\(all\s{1,3}\w{1,5},?\s{0,3}$", re.I)
_CROSS_FROM, _CROSS_TO = 18 * 60, 6 * 60  # a clock going from the evening to the early morning crossed midnight
# What can come before a time that starts a timeline entry: indent, a bullet, a bracket, emphasis, a table bar.
_ENTRY_LEAD = re.compile(r"(?<![ \t])[ \t]*+(?:[-*+•>|][ \t]*+){0,2}[\[(*_~]{0,3}")  # "~6:40p" starts an entry too


@dataclass
class Stamp:
    when: datetime
    zoned: bool
    start: int
    end: int
    dated: bool = True  # False: a bare time whose day the notes never give (used for spans only)


def _hour(h: int, ap: str | None) -> int | None:
    if ap:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ap.lower().startswith("p") else 0)
    return h if h < 24 else None


@lru_cache(maxsize=1024)  # a long timeline writes the same few days 100,000 times
def _safe_date(y: int, mo: int, d: int) -> date | None:
    if not year_ok(y):  # outside the years a report holds (and far from date's limits, so zones never overflow)
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _dates(text: str, start: int) -> list[tuple[int, int, date | None, int | None, int | None]]:
    """(start, end, full date or None, month, day) for every date mention, in order; the second date of a
    range ("2025-09-28 → 2025-09-29", "night of Thu 30 to Fri 31 January 2025") carries the first one's day,
    which is the day in force below it (a clock crossing midnight moves on to the next)."""
    out = _written(text, start)
    order = days.date_order(text, [d[2] for d in out if d[2]])
    for m in days.slashed(text, start):
        out.append((m.start(), m.end(), days.read(int(m["a"]), int(m["b"]), int(m["y"]), order), None, None))
    for m in days.YEARLESS.finditer(text, start) if "/" in text else ():
        a, b = int(m["a"]), int(m["b"])
        mon, day = (b, a) if order.day_first else (a, b)
        if 1 <= mon <= 12 and 1 <= day <= 31:  # the year comes from the notes (index.before), never guessed
            out.append((m.start(), m.end(), None, mon, day))
    out = weekdays.dated_by_weekday(text, out, days.slashed_order(text, order), date.today().year)
    out.sort()
    for i in range(1, len(out)):
        (_, a_end, a_day, a_mon, a_d), (b_start, b_end, b_day, b_mon, b_d) = out[i - 1], out[i]
        if a_day and not b_day and b_mon and b_d and b_d > 0:  # "Sun 18 May 2025 into Mon 19 May": the first's year
            b_day = _safe_date(a_day.year, b_mon, b_d)
        if a_day and b_day and a_day < b_day and a_d != -1 and _RANGE_JOIN.fullmatch(text, a_end, b_start):
            out[i] = (b_start, b_end, a_day, a_mon, a_d)
    return out


@lru_cache(maxsize=2)  # read twice per report (dates, then times): 100,000 ISO stamps are found once
def _iso(text: str) -> tuple[re.Match[str], ...]:
    return tuple(ISO.finditer(text))


def _written(text: str, start: int) -> list[tuple[int, int, date | None, int | None, int | None]]:
    """ISO dates and dates with a month name (a day of -1: an ISO date written with its time)."""
    out = []
    for m in _iso(text):
        if m.start() < start:
            continue
        out.append((m.start(), m.end(), _safe_date(int(m["y"]), int(m["mo"]), int(m["d"])), None, -1 if m["h"] else None))
    for m in days.DOTTED.finditer(text, start) if "." in text else ():
        out.append((m.start(), m.end(), _safe_date(int(m["y"]), int(m["a"]), int(m["b"])), None, None))
    for m in NAMED.finditer(text, start) if _may_hold(text, _MONTH_WORDS) else ():
        name = (m["mon"] or m["mon2"]).lower().rstrip(".")
        mon = FOREIGN_MONTHS.get(name) or MONTHS[name[:3]]
        day = int(m["d"] or m["d2"])
        if m["d2"] and (first := _DAY_BEFORE.search(text, max(0, m.start() - 30), m.start())):
            day = int(first["d"]) if int(first["d"]) < day else day
        full = _safe_date(int(m["y"]), mon, day) if m["y"] else None
        out.append((m.start(), m.end(), full, mon, day))
    return out


def slashed_reading(doc: Document) -> days.Order:
    """How the notes' slashed dates read (month or day first), and a date left for review when nothing decides."""
    text = doc.text
    return days.date_order(text, [d[2] for d in _written(text, 0) if d[2]])


def _epochs(text: str) -> list[Stamp]:
    """Epoch seconds given as a label's value on its own line (exports flattened to text)."""
    if not _TEN_DIGITS.search(text):
        return []
    out = []
    for m in EPOCH.finditer(text):
        when = datetime.fromtimestamp(int(m["e"]), timezone.utc)
        if year_ok(when.year):
            out.append(Stamp(when, True, m.start("e"), m.end("e")))
    return out


def find_stamps(doc: Document, keep_ends: int | None = None) -> list[Stamp]:
    """Every time of day with a known date, in document order, zone-aware where the text gives one.

    A time written without a zone takes the zone stated for the part of the notes it is in (zones.ZoneScopes),
    else the one zone the notes name. A bare time takes the date in force; where the clock goes from the
    evening to the early morning under one date, the day moves on.
    keep_ends: when there are more than twice this many, only the first and last keep_ends (the others are
    never built: a 1 MiB line of times holds 170,000 of them)."""
    text = doc.text
    dates = _dates(text, 0)
    if (written := _written_on(doc, dates)) is not None:
        dates = sorted(dates + days.relative_days(text, written, doc.body_start))
    full = [d[2] for d in dates if d[2]]
    default_year = full[0].year if full else None
    index = _DateIndex(dates, full, text)
    scopes = ZoneScopes(text)
    zones = {z.upper() for z in _ZONED.findall(text)} if _may_hold(text, _ZONE_WORDS) else set()
    zones |= {z.upper() for z in scopes.zones}
    doc_zone = zones.pop() if len(zones) == 1 else None
    pending: list[Stamp | tuple] = []  # ISO times are built only if kept (100,000 timeline entries)
    covered: list[tuple[int, int]] = []
    for m in _iso(text):
        if m["h"] is None:
            continue
        day = _safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
        h = _hour(int(m["h"]), m["ap"])
        if day and h is not None and int(m["mi"]) < 60:
            pending.append((m.start(), m.end(), day, h, int(m["mi"]), m["zone"]))
            covered.append((m.start(), m.end()))
    for e in _epochs(text):
        pending.append(e)
        covered.append((e.start, e.end))
    european = european_clocks(text)  # "07h42", "07.05 Fehler": bare clocks, dated and zoned as the others
    pending.extend(european)  # (their starts; no other clock pattern reads them)
    pending.sort(key=lambda x: x if isinstance(x, int) else x.start if isinstance(x, Stamp) else x[0])
    covered.sort()
    n_iso = len(pending)
    if keep_ends is not None and n_iso > 2 * keep_ends:
        pending = pending[:keep_ends] + pending[-keep_ends:]
    iso = [x if isinstance(x, (int, Stamp)) else _iso_stamp(text, x, scopes, doc_zone) for x in pending]
    head, tail = _clock_ends(text, covered, keep_ends) if keep_ends is not None else (_clocks(text, covered), None)
    if tail is not None or keep_ends is not None and n_iso + len(head) > 2 * keep_ends:  # all in text order
        k = keep_ends
        tail = head if tail is None else tail
        order = _in_order(iso[:k], head[:k])[:k] + _in_order(iso[-k:], tail[-k:])[-k:]
    else:
        order = _in_order(iso, head)
    stamps: list[Stamp] = []
    cross, halves = _Crossing(), _Halves(text)
    for item in order:
        if isinstance(item, Stamp):
            stamps.append(item)
            cross.reset()
            continue
        if (eu := european.get(item)) is not None:
            start, end, h, mi, written_zone = eu.start("h"), eu.end("mi"), int(eu["h"]), int(eu["mi"]), None
        else:
            m = CLOCK.match(text, item)  # the match finditer found there
            start, end, written_zone = m.start(), m.end(), m["zone"]
            h, mi = halves.hour(m["h"], marker(m), int(m["mi"] or 0), m.start()), int(m["mi"] or 0)
        day = index.after(end, text)
        if day is None:
            source = index.source(start)
            day = index.before(start, default_year)
            day = cross.day(source, day, h * 60 + mi, _starts_entry(text, start)) if day else None
            day = weekdays.back(day, weekdays.days_back(text, start, end, day)) if day else None
        else:
            cross.reset()
        zone = (written_zone or zone_after(text, end) or _zone_after(text, end) or scopes.at(start) or doc_zone)
        stamp = _stamp(day or date(1900, 1, 1), h, mi, zone, start, end)
        stamp.dated = day is not None
        stamps.append(stamp)
    return stamps


def marker(m: re.Match) -> str | None:
    """A clock's am/pm marker, in full ("6:40 PM") or shorthand ("6:40p")."""
    return m["ap"] or m["short"]


_HALF_BACK = 6 * 60  # minutes a bare clock can go back before the last marked one (a time referred back to)
_HALF_REACH = 2000  # characters back a marked clock lends its half of the day to a bare one
_MARKED = re.compile(r"(?<![\w:.])(?P<h>1[0-2]|0?[1-9]):(?P<mi>[0-5]\d)(?:\s?(?P<ap>[ap])\.?m\.?(?![a-z])|(?P<short>[ap])(?![\w:]))", re.I)


class _Halves:
    """In notes that write 12-hour clocks, a bare clock of 1 to 12 o'clock ("6:55" after "~6:40p"; not "06:55") is in
    the half of the day of the last marked clock written at most _HALF_REACH characters before it; the other half
    when that would go back more than _HALF_BACK ("11:50p", "12:10"). The marked clocks are found by one scan of
    the text, so a time reads the same whether or not the middle of long notes is read."""

    def __init__(self, text: str):
        self.pos: list[int] = []
        self.marks: list[tuple[str, int]] = []  # (half, minutes of the day)
        for m in _MARKED.finditer(text):
            half = (m["ap"] or m["short"]).lower()
            self.pos.append(m.start())
            self.marks.append((half, _hour(int(m["h"]), half) * 60 + int(m["mi"])))

    def hour(self, written: str, ap: str | None, mi: int, pos: int) -> int | None:
        h = int(written)
        if ap or not self.pos or not 1 <= h <= 12 or written.startswith("0"):
            return _hour(h, ap)  # "08:10" is a 24-hour clock
        i = bisect.bisect_left(self.pos, pos) - 1
        if i < 0 or pos - self.pos[i] > _HALF_REACH:
            return _hour(h, None)
        half, minutes = self.marks[i]
        out = _hour(h, half)
        if out * 60 + mi < minutes - _HALF_BACK:  # "11:50p", "12:10" is after midnight; "8:03a", "7:55" is not
            out = _hour(h, "a" if half == "p" else "p")
        return out


def _written_on(doc: Document, dates) -> date | None:
    """The day the notes were written, from a front-matter date ("created_at: Thu Jan 31 2013 13:00:00 CET")."""
    for key in days.PUBLISHED:
        if key in doc.front:
            _, s, e = doc.front[key]
            hit = next((d[2] for d in dates if s <= d[0] < e and d[2]), None)
            if hit:
                return hit
    return None


class _Crossing:
    """Days added to the date in force for bare clocks under it: one more each time the clock goes from the
    evening to the early morning (a timeline 23:50 → 00:10)."""

    def __init__(self):
        self.source, self.minutes, self.days = None, None, 0

    def reset(self) -> None:
        self.source, self.minutes, self.days = None, None, 0

    def day(self, source: int | None, day: date, minutes: int, entry: bool) -> date:
        """Only the times that start timeline entries move the clock on; a time inside an entry
        ("must land before 02:00") takes the entry's day."""
        if source != self.source:
            self.source, self.minutes, self.days = source, None, 0
        if entry:
            if self.minutes is not None and self.minutes >= _CROSS_FROM and minutes < _CROSS_TO:
                self.days += 1
            self.minutes = minutes
        elif self.days and self.minutes is not None and self.minutes < _CROSS_TO and minutes >= _CROSS_FROM:
            return day + timedelta(days=self.days - 1)  # "00:35 ... holding a lock since 23:50": the evening before
        return day + timedelta(days=self.days)


def _starts_entry_line(text: str, pos: int) -> bool:
    """The line holding pos starts with a time (a timeline entry) before pos."""
    line = text.rfind("\n", 0, pos) + 1
    return pos - line < 200 and _CLOCK_LEAD.match(text, line, pos) is not None


_CLOCK_LEAD = re.compile(r"(?<![ \t])[ \t]*+(?:[-*+•>|][ \t]*+){0,2}[\[(*_~]{0,3}\d{1,2}(?::\d{2}|\s?[ap]\.?m)")


def _starts_entry(text: str, pos: int) -> bool:
    """The time at pos starts its line, after a bullet, bracket or table bar at most (looked for 40 back)."""
    line = text.rfind("\n", max(0, pos - 40), pos) + 1
    return (line > 0 or pos < 40) and _ENTRY_LEAD.fullmatch(text, line, pos) is not None


def _in_order(iso: list[Stamp], clocks: list[int]) -> list[Stamp | int]:
    """ISO stamps and clock starts merged by position (no two start at one place)."""
    return sorted(iso + clocks, key=lambda x: x if isinstance(x, int) else x.start)


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """False when no word occurs in text in any case (a pattern that needs one cannot match)."""
    low = lowered(text)
    return low is None or any(w in low for w in words)


_TAIL = 32 * 1024  # the first stretch read from the end of long notes for their last times
_SYNC = 64  # longer than any time: a scan started this far before a time finds it as a scan from the start does


def _clock_ends(text: str, covered: list[tuple[int, int]], k: int) -> tuple[list[int], list[int] | None]:
    """(the first k clock starts, at least the last k) when the notes hold more than 2k, else (all, None).
    The middle of a 1 MiB run of times is never read: the last ones come from stretches read from the end,
    twice as long each time, keeping the times that start past a stretch's first _SYNC characters (a scan
    started there finds them as a scan from the start does)."""
    head = _clocks(text, covered, 0, k)
    if len(head) < k:
        return head, None
    resume = CLOCK.match(text, head[-1]).end()  # where a scan from the start goes on after the k-th time
    w = len(text)
    while True:
        w = max(resume, w - max(_TAIL, len(text) - w))
        found = _clocks(text, covered, w)
        if w == resume:
            return (head + found, None) if len(found) <= k else (head, found)
        tail = [c for c in found if c >= w + _SYNC]
        if len(tail) >= k:
            return head, tail


def _clocks(text: str, covered: list[tuple[int, int]], pos: int = 0, limit: int | None = None) -> list[int]:
    """Where the times of day outside the ISO stamps (covered) start, from pos on, at most limit of them
    (ints: 170,000 of them in 1 MiB)."""
    out, starts, bisect_right = [], [s for s, _ in covered], bisect.bisect_right
    for m in CLOCK.finditer(text, pos):  # (the loop runs once per time: locals only, no calls it can do without)
        hour, mi, ap, short = m.group("h", "mi", "ap", "short")
        ap = ap or short
        if mi is None and not ap or mi and mi > "59":
            continue
        at = m.start()
        if starts and (i := bisect_right(starts, at) - 1) >= 0 and at < covered[i][1]:
            continue  # inside the last ISO stamp starting at or before this time
        h = int(hour)
        if (1 <= h <= 12) if ap else h < 24:
            out.append(at)
            if len(out) == limit:
                break
    return out


def _iso_stamp(text: str, found: tuple, scopes: ZoneScopes, doc_zone: str | None) -> Stamp:
    s, e, day, h, mi, zone = found
    return _stamp(day, h, mi, zone or zone_after(text, e) or scopes.at(s) or doc_zone, s, e)


def _stamp(day: date, h: int, mi: int, abbrev: str | None, s: int, e: int) -> Stamp:
    tz = tz_of(abbrev)
    when = datetime(day.year, day.month, day.day, h, mi)
    if tz is not None:
        when = when.replace(tzinfo=tz).astimezone(timezone.utc)
    return Stamp(when, tz is not None, s, e)


class _DateIndex:
    """Date mentions in order, searchable by position in O(log n) (notes can hold 100,000 timeline entries)."""

    def __init__(self, dates, full: list[date], text: str):
        self.dates, self.text = dates, text
        self.ends = sorted((d[1], i) for i, d in enumerate(dates))
        self.latest: list[int] = []  # latest[k]: the last-written date among the k+1 that end first
        for _, i in self.ends:
            self.latest.append(max(i, self.latest[-1]) if self.latest else i)
        self.starts = [d[0] for d in dates]
        # Dates that scope the times below them ("all events happened on 2019-10-21"): a date written with its
        # own time ("2019-10-20 00:55: builds failing") below such a statement holds for that time only.
        self.scoped = [i for i, d in enumerate(dates) if _SCOPE_DATE.search(text, max(0, d[0] - 60), d[0])] \
            if _may_hold(text, ("all ", "all\t", "all\n")) else []
        self.year_of = {}
        self.default_year = full[0].year if full else None
        for d in full:
            self.year_of.setdefault((d.month, d.day), d.year)

    def _not_referred_back(self, k: int, pos: int) -> int:
        """A date written inside an entry that is earlier than the date in force there ("09:40 last export was
        Fri Sep 26 16:28" under "=== Mon Sep 29 ===") dates its own line only: below it, the date before it."""
        for _ in range(8):
            s, _e, known, _m, d = self.dates[k]
            if known is None or d == -1:
                return k
            line_end = self.text.find("\n", s)
            if line_end == -1 or pos <= line_end or not _starts_entry_line(self.text, s):
                return k
            i = bisect.bisect_right(self.ends, (s, len(self.dates)))
            prev = self.latest[i - 1] if i else None
            if prev is None or prev == k or not (self.dates[prev][2] and self.dates[prev][2] > known):
                return k
            k = prev
        return k

    def source(self, pos: int) -> int | None:
        """Which date mention is in force at pos (an index into the mentions)."""
        i = bisect.bisect_right(self.ends, (pos, len(self.dates)))
        return self.latest[i - 1] if i else None

    def before(self, pos: int, default_year: int | None) -> date | None:
        """The date in force at pos: the last date written before it."""
        i = bisect.bisect_right(self.ends, (pos, len(self.dates)))
        if i == 0:
            return None
        k = self.latest[i - 1]
        if self.dates[k][4] == -1 and (j := bisect.bisect_left(self.scoped, k) - 1) >= 0:
            k = self.scoped[j]
        k = self._not_referred_back(k, pos)
        s, e, known, mon, day = self.dates[k]
        if known or mon is None:
            return known
        # A month and day without a year: the year of the same day written in full, else the notes' first year.
        year = self.year_of.get((mon, day), default_year)
        return _safe_date(year, mon, day) if year else None

    def after(self, pos: int, text: str) -> date | None:
        """"17:41 UTC on 2023-07-19": a full date written right after the time."""
        i = bisect.bisect_left(self.starts, pos)
        if i < len(self.dates):
            nxt = self.dates[i]
            if _BETWEEN.fullmatch(text, pos, nxt[0]):
                if nxt[2] or nxt[3] is None:
                    return nxt[2]
                year = self.year_of.get((nxt[3], nxt[4]), self.default_year)
                return _safe_date(year, nxt[3], nxt[4]) if year else None
        return None


def _zone_after(text: str, pos: int) -> str | None:
    """The zone of a range's second time: "from 16:58 to 18:46 UTC"."""
    m = _ZONE_AFTER.match(text, pos, pos + 40)  # as on text[pos:pos + 40]: nothing reads before pos
    return m["zone"] if m else None
