"""Which reading of a slashed date the notes use: month first (US, "07/29/2022") or day first ("29/07/2022").

The notes decide: a part above 12 can only be a day; a weekday written next to a date ("Tue 03/04/2025") fits
one reading only; a date written in full elsewhere in the notes (an ISO date, "4 March") matches one reading.
When nothing decides and a date reads two ways, the month-first reading is kept and the date is left for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from incident_brief.schema import year_ok

SLASHED = re.compile(r"(?<![\w/.-])(?P<a>\d{1,2})[-/](?P<b>\d{1,2})[-/](?P<y>(?:19|20)\d{2})(?![\w/-])")
# "28.11.2025", "Fr, 28.11.2025": a dotted date is always day first (German, French, Spanish notes).
DOTTED = re.compile(r"(?<![\w/.-])(?P<b>[0-3]?\d)\.(?P<a>[01]?\d)\.(?P<y>(?:19|20)\d{2})(?![\w/-]|\.\d)")
# "handoff 11/14", "11/14 22:05": a slashed month and day without a year, at the end of its clause or before a time
# (not "1/2 of users", "24/7 support").
YEARLESS = re.compile(r"(?<![\w/.,-])(?P<a>[01]?\d|[23]\d)/(?P<b>[0-3]?\d)(?=[ \t]*+(?:[,:;)]|$)|[ \t]{1,3}\d{1,2}:\d{2})", re.M)
# A weekday right before a date, in English, French, Spanish or German ("Tue", "jeudi", "lunes", "Fr,").
_WEEKDAY = re.compile(r"(?<!\w)(?:(?P<w>mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|mi[ée]|jeu|jue|ven|vie|sam|s[áa]b|dim|dom|"
                      r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)[a-zéèá]{0,6}\.?,?"
                      r"|(?P<w2>mo|di|mi|do|fr|sa|so)[.,])[ \t]{1,3}$", re.I)
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FOREIGN_DAYS = {"lun": 0, "mer": 2, "mie": 2, "mié": 2, "jeu": 3, "jue": 3, "ven": 4, "vie": 4, "sam": 5, "sab": 5,
                 "sáb": 5, "dim": 6, "dom": 6, "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
                 "samstag": 5, "sonntag": 6, "mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}


def weekday_of(word: str) -> int | None:
    """The weekday (0 = Monday) a weekday word names; "mar" is Tuesday (mardi, martes)."""
    w = word.lower()
    if w == "mar":
        return 1
    if w in _DAYS:
        return _DAYS.index(w)
    return _FOREIGN_DAYS.get(w)
_NEAR = 3  # days: a reading this close to a date written in full belongs to the same story


@dataclass(frozen=True)
class Order:
    day_first: bool = False
    ambiguous: str | None = None  # a date as written that reads two ways, when nothing decides


def _date(y: int, mo: int, d: int) -> date | None:
    if not year_ok(y):
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def date_order(text: str, known: list[date]) -> Order:
    """How the notes' slashed dates read; known: the dates the notes write in full (ISO, month names)."""
    found = [(m, int(m["a"]), int(m["b"]), int(m["y"])) for m in slashed(text)]
    if not found:
        return Order()
    if any(a > 12 for _, a, _, _ in found):
        return Order(day_first=True)
    if any(b > 12 for _, _, b, _ in found):
        return Order()
    votes = 0
    for m, a, b, y in found:
        votes += _weekday_vote(text, m, a, b, y) + _known_vote(known, a, b, y)
    if votes:
        return Order(day_first=votes > 0)
    if (locale := _locale_vote(text)) is not None:
        return Order(day_first=locale)
    two_way = next((m.group() for m, a, b, _ in found if a != b), None)
    return Order(ambiguous=two_way)


# The notes' zone or language tells their date order when nothing else does: a European zone or a German, French or
# Spanish time word ("MEZ", "heure de Paris", "Uhr") day first; a US zone ("all times PT", "9:14 AM ET") month first.
_DAY_FIRST_HINT = re.compile(r"\b(?:MESZ|MEZ|CEST|CET|BST|WEST|WET|EEST|EET|Uhr|heure\s{1,3}de|hora\s{1,3}de|Europe/\w+)\b")
_MONTH_FIRST_HINT = re.compile(r"\b(?:[ECMP][SD]T|(?<=\d[ \t])[ECMP]T|(?:all\s{1,3})?times?\s{1,3}(?:in\s{1,3})?[ECMP]T|"
                               r"America/\w+|(?:Pacific|Eastern|Central|Mountain)\s{1,3}time)\b")


def _locale_vote(text: str) -> bool | None:
    """True (day first) or False (month first) when the notes' zones or words point one way only."""
    day, month = _DAY_FIRST_HINT.search(text), _MONTH_FIRST_HINT.search(text)
    if bool(day) == bool(month):
        return None
    return bool(day)


def slashed_order(text: str, order: Order) -> bool | None:
    """Day first (True), month first (False) or undecided (None) for slashed dates written without a year:
    the order the notes' full slashed dates decide, else their zones or words."""
    if order.day_first or any(True for _ in slashed(text)) and not order.ambiguous:
        return order.day_first
    return _locale_vote(text)


def slashed(text: str, start: int = 0):
    """The slashed dates of the notes (none looked for where no '/' or '-' is written)."""
    return SLASHED.finditer(text, start) if "/" in text or "-" in text else iter(())


def _weekday_vote(text: str, m: re.Match, a: int, b: int, y: int) -> int:
    """+1 when a weekday right before the date fits the day-first reading only, -1 month-first only."""
    w = _WEEKDAY.search(text, max(0, m.start() - 14), m.start())
    if not w:
        return 0
    want = weekday_of(w["w"] or w["w2"])
    if want is None:
        return 0
    month_first, day_first = _date(y, a, b), _date(y, b, a)
    fits_mf = month_first is not None and month_first.weekday() == want
    fits_df = day_first is not None and day_first.weekday() == want
    return (1 if fits_df else 0) - (1 if fits_mf else 0)


def _known_vote(known: list[date], a: int, b: int, y: int) -> int:
    month_first, day_first = _date(y, a, b), _date(y, b, a)
    near_mf = month_first is not None and any(abs((month_first - k).days) <= _NEAR for k in known)
    near_df = day_first is not None and any(abs((day_first - k).days) <= _NEAR for k in known)
    return (1 if near_df else 0) - (1 if near_mf else 0)


def read(a: int, b: int, y: int, order: Order) -> date | None:
    """The date a slashed date names under the notes' reading."""
    return _date(y, b, a) if order.day_first else _date(y, a, b)


# Days named relative to the day the notes were written ("Yesterday a vulnerability was detected", "as of 18:50
# UTC last night", "only this morning, as of 08:33"): the day in force for the bare times below the word.
_RELATIVE = re.compile(r"\b(?:(?P<before>yesterday|last night)|(?P<same>today|this (?:morning|afternoon|evening)|tonight))\b", re.I)
_RELATIVE_WORDS = ("yesterday", "last night", "today", "this morning", "this afternoon", "this evening", "tonight")
PUBLISHED = ("date", "created_at", "created", "published", "published_at", "pubDate")  # front-matter keys


def relative_days(text: str, written: date, start: int = 0) -> list[tuple[int, int, date, None, None]]:
    """(start, end, day, None, None) for every day named relative to the day the notes were written."""
    low = text.lower()
    if not any(w in low for w in _RELATIVE_WORDS):
        return []
    one = timedelta(days=1)
    return [(m.start(), m.end(), written - one if m["before"] else written, None, None)
            for m in _RELATIVE.finditer(text, start)]
