"""Which zone applies to a time the notes write without one: the zone a heading, a line, a table header or a
label states ("Timeline (all UTC, 12 May)", "all times PT", "Alle Zeiten UTC", "times are IST", "| Time (CET) |",
"Time zone: Etc/UTC") applies to the times below it, until another statement.

Zone abbreviations that name one offset stay fixed (EST is UTC-5 even in July); ET/CT/MT/PT name a region
whose offset follows its daylight-saving rules, which the IANA database (zoneinfo) knows for every year.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, available_timezones

from incident_brief.offline.literals import lowered

FIXED_HOURS = {"UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
               "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "BST": 1, "IST": 5.5, "JST": 9, "AEST": 10,
               "AEDT": 11, "MEZ": 1, "MESZ": 2, "WET": 0, "WEST": 1, "EET": 2, "EEST": 3, "SGT": 8, "HKT": 8,
               "KST": 9, "NZST": 12, "NZDT": 13}
REGIONS = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
           "EASTERN": "America/New_York", "CENTRAL": "America/Chicago", "MOUNTAIN": "America/Denver",
           "PACIFIC": "America/Los_Angeles"}
# Zones a time can carry right after it beyond those the clock pattern reads ("09:10 MESZ", "08:20 WEST").
_EXTRA = "MESZ|MEZ|WEST|WET|EEST|EET|AEDT|AEST|NZST|NZDT|SGT|HKT|KST|IST|JST|CEST|CET|BST"
_AFTER = re.compile(r"[ \t]?(?:Uhr[ \t])?\(?(?:[A-Z][a-z]{2,15}[ \t]time,?[ \t])?(" + _EXTRA + r"|UTC|GMT)\b")
# "20:10 Uhr MEZ", "08:20 (WEST)", "08:20 (Lisbon time, WEST)"
# An offset from UTC as a zone ("UTC+1", "UTC+05:30", "GMT-4", "UTC−3").
OFFSET = r"(?:UTC|GMT)[ \t]?[+\-\u2212][ \t]?\d{1,2}(?::?[0-5]\d)?(?!\d)"
_NAME = (r"(?:" + OFFSET + r"|UTC|GMT|" + _EXTRA + r"|E[SD]?T|C[SD]?T|M[SD]?T|P[SD]?T|[A-Z][a-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?"
         r"|(?:[A-Z]{2}/)?(?:Pacific|Eastern|Central|Mountain)(?=\s{1,3}time|\s*[.,;)\n]|$))")
# The words before a zone that make a line state it, in English, German, Dutch, French and Spanish: "all times
# are in PT", "Alle Zeiten in MEZ", "Zeiten in MEZ", "tijden in CET", "heures en CET", "horas en CET".
_LEAD = (r"(?:(?:all|alle|toutes\s{1,3}les|todas\s{1,3}las)\s{1,3})?(?:times?|zeiten|zeit|tijden|tijd|heures?|horas?):?\s{1,3}"
         r"(?:(?:are|is|shown|given|in|en|the|sind|zijn|sont|son)\s{1,3}){0,3}")
# Statements, each read on one line and bounded (linear): "all times PT", "times are in UTC", "Alle Zeiten UTC",
# "(all times IST)", "Timeline (UTC)", "Time (PT)", "(all UTC, 12 May)", "Time zone: Etc/UTC", "Tz note: CET",
# "(times AEST, UTC+10)", "Timeline (UTC+1)", "(Zeiten in MEZ)", "(Mumbai, IST / UTC+05:30)".
_STATEMENT = re.compile(
    r"\b(?:" + _LEAD + r"|zeitzone:?\s{0,3}|time\s?zone:?\s{0,3}|tz(?:\s?note)?:\s{0,3})(?P<a>" + _NAME + r")(?![\w+\-\u2212])"
    r"|\((?:[A-Z][a-z]{1,20}(?:\s{1,3}time)?,?\s{1,3})?(?:all\s{1,3})?(?:" + _LEAD + r")?(?:in\s{1,3})?(?P<b>" + _NAME + r")"
    r"(?:\)|[ \t]?[,;/][^)\n]{0,40}\))", re.I)
_WORDS = ("time", "zeit", "tz", "(", "heure", "hora", "tijd")
# A city's time ("heure de Paris", "Lisbon time", "hora de Madrid"): the IANA zone named after the city.
_CITY = re.compile(r"\b(?:(?:heure|hora)\s{1,3}de\s{1,3}|time\s{1,3}in\s{1,3})(?P<a>[A-Z][a-z]{2,15}(?:[ _][A-Z][a-z]{2,15})?)"
                   r"|\b(?P<b>[A-Z][a-z]{2,15}(?:[ _][A-Z][a-z]{2,15})?)\s{1,3}time\b")


@lru_cache(maxsize=256)  # pure, and asked once per time (100,000 timeline entries)
def tz_of(abbrev: str | None) -> tzinfo | None:
    """The zone an abbreviation, IANA name or numeric offset names ("ET", "EST", "+02:00", "Etc/UTC");
    None when unknown."""
    if not abbrev:
        return None
    if "/" in abbrev:
        return ZoneInfo(abbrev) if abbrev in _iana() else None
    z = abbrev.upper()
    if z in FIXED_HOURS:
        return timezone(timedelta(hours=FIXED_HOURS[z]))
    if z in REGIONS:
        return ZoneInfo(REGIONS[z])
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", z) or re.fullmatch(r"(?:UTC|GMT) ?([+\-\u2212]) ?(\d{1,2})(?::?(\d{2}))?", z)
    if m:
        sign, hours, minutes = (1 if m.group(1) == "+" else -1), int(m.group(2)), int(m.group(3) or 0)
        return timezone(sign * timedelta(hours=hours, minutes=minutes)) if hours <= 14 and minutes < 60 else None
    return None


@lru_cache(maxsize=1)
def _iana() -> frozenset[str]:
    return frozenset(available_timezones())


@lru_cache(maxsize=1)
def _city_zones() -> dict[str, str]:
    """City -> IANA zone, for the zones named after a city ("Europe/Paris")."""
    return {z.rsplit("/", 1)[1]: z for z in sorted(_iana()) if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/"))}


def zone_after(text: str, pos: int) -> str | None:
    """A zone the clock pattern does not read, written right after a time ("09:10 MESZ", "08:20 (WEST")."""
    m = _AFTER.match(text, pos, pos + 12)
    return m.group(1) if m else None


class ZoneScopes:
    """The zone statements of the notes in order; the zone in force at a position is the last one before it."""

    def __init__(self, text: str):
        self.starts: list[int] = []
        self.zones: list[str] = []
        low = lowered(text)
        if low is not None and not any(w in low for w in _WORDS):
            return
        for m in _STATEMENT.finditer(text):
            name = m["a"] or m["b"]
            if "/" in name and tz_of(name) is None:
                name = name.rpartition("/")[2]  # "UC/Pacific" as written in a hurry
            if name.isalpha() and name.islower() and name not in ("utc", "gmt"):
                continue  # "et", "ct", "ist" as words are not zones ("die Zeit ist knapp")
            if tz_of(name) is not None:
                self.starts.append(m.start())
                self.zones.append(name)
        self._cities(text)

    def _cities(self, text: str) -> None:
        for m in _CITY.finditer(text):
            zone = _city_zones().get((m["a"] or m["b"]).replace(" ", "_"))
            if zone:
                i = bisect.bisect_right(self.starts, m.start())
                self.starts.insert(i, m.start())
                self.zones.insert(i, zone)

    def at(self, pos: int) -> str | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.zones[i] if i >= 0 else None

    def only(self) -> str | None:
        """The one zone every statement names, if they agree."""
        names = {z.upper() for z in self.zones}
        return self.zones[0] if len(names) == 1 else None
