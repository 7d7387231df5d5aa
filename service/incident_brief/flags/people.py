"""Names of people in report text: an @handle, a common given name, a name with a role or team beside it.

Executives read roles and teams, not who was on call; these cues find the names a reviewer should rewrite. The
given names are a family (common first names across languages), not anyone in particular; words that are also
common English words (Will, Mark, June, Max, Page) are left out.
"""

from __future__ import annotations

import re

_HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z][\w.-]{1,30}(?![\w@])")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,14}\b")
_ROLE = re.compile(r"\b([A-Z][a-z]{2,14})(?: [A-Z][a-z]{1,20})?\s?\((?:IC|SRE|on-?call|incident commander|comms lead|"
                   r"scribe|DBA|SWE|tech lead|[\w -]{0,20}engineer)\)")
_TEAM = re.compile(r"\b([A-Z][a-z]{2,14}) (?:from|on|of|in) (?:the )?[\w-]{2,30} team\b")
GIVEN_NAMES = frozenset("""
aaron adam ahmed aisha alex alexander alice alicia amanda amir ana andrea andreas andrew angela anna anne anthony
antoine arjun ashley barbara ben benjamin bob brian carlos carmen carol caroline catherine charles chen chris
christian christine claire daniel david deepak diana diego dmitri elena elizabeth emily emma eric erik eva fatima
felix fernando francesca frank gabriel george hannah hans harry hiroshi ian igor ines isabel ivan jack jacob james
jan jane jason javier jennifer jessica joao john jonas jorge jose joseph juan julia julien karen karim kate kevin
klaus laura lea leo liam linda lisa lucas lucia luis luca maria marie marta martin mary matteo matthew mehmet
michael michelle miguel mohammed nadia natalia nicolas nina noah olga oliver olivia omar pablo patrick paul pedro
peter pierre priya rachel rahul raj rebecca richard robert ryan sam sara sarah sebastian sergei sofia sophie
stefan stephanie steve susan thomas tim tom tomas wei william yuki yusuf zoe
""".split())


def person_names(text: str) -> list[str]:
    """The names of people a text holds, in order, once each."""
    if not text:
        return []
    found = [m.group() for m in _HANDLE.finditer(text)]
    found += [m.group(1) for rx in (_ROLE, _TEAM) for m in rx.finditer(text)]
    found += [m.group() for m in _CAPITALISED.finditer(text) if m.group().lower() in GIVEN_NAMES]
    return list(dict.fromkeys(found))
