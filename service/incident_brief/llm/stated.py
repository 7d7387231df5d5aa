"""What a quote states: the severity and the status it gives, read as whole words.

Grounding asks the model's quote, not the whole notes, whether it states the
value: a "low" is not stated by "Follow-ups", a "resolved" is not stated by
"not yet resolved", and a SEV2 quote does not state "low".
"""

from __future__ import annotations

import re

from incident_brief.offline.extract import status as status_reader
from incident_brief.offline.extract.labels import map_severity
from incident_brief.schema import Severity, Status

_CODE = re.compile(r"(?<![\w-])(?:sev|p)[- ]?[0-5](?!\w)", re.I)  # SEV1, SEV-2, Sev 3, P2
_WORD = re.compile(r"[^\W\d_]+")
_STANDARD = ("critical", "high", "medium", "low")
_STATUS_WORDS = {
    Status.resolved: r"resolved|resolve|resolution|restored|recovered|closed|fixed|back to normal|returned to normal|"
                     r"all clear|fully operational|working again|back online|(?:all|everything)(?: is|'s)? "
                     r"(?:fine|good|ok|okay|green)(?: now| again)",
    Status.mitigated: r"mitigated|mitigation|mitigate|workaround|work-around",
    Status.monitoring: r"monitoring|monitored|monitor|watching|under observation",
    Status.investigating: r"investigating|investigation|investigate|identified|ongoing|open|looking into|unresolved|"
                          r"unknown cause",
}
_STATUS = {status: re.compile(rf"\b(?:{words})\b", re.I) for status, words in _STATUS_WORDS.items()}
_NEGATED = re.compile(r"(?:\bnot|\bnever|\bno longer|n't)\s+(?:(?:yet|been|fully|completely|is|was|be)\s+){0,3}$", re.I)
_NEGATED_ANY = re.compile(r"\b(?:not|never|nicht|noch nicht|pas|no|non|niet|nog niet)\b|n't", re.I)
_NOT_RESOLVED = re.compile(r"(?:\bnot|\bnever|n't)\s+(?:(?:yet|been|fully|completely|is|was|be)\s+){0,3}"
                           r"(?:resolved|restored|recovered|fixed)\b", re.I)


def severities_in(quote: str, label: str) -> set[Severity]:
    """The severities a quote states: its SEV/P codes if it has any, else its severity words (whole words:
    the standard four and the label's own word)."""
    codes = {map_severity(m.group()) for m in _CODE.finditer(quote)}
    if codes:
        return {c for c in codes if c is not None}
    own = re.split(r"[- ]", label.strip().lower())[0]
    words = {w.lower() for w in _WORD.findall(quote)} & {*_STANDARD, own}
    return {s for s in (map_severity(w) for w in words) if s is not None}


def severity_problem(label: str, quote: str) -> str | None:
    """Why the quote does not state this severity label (None: it does)."""
    sev = map_severity(label)
    if sev is None:
        return f"unknown label {label!r}"
    stated = severities_in(quote, label)
    if sev in stated:
        return None
    said = f" (it states {', '.join(sorted(s.value for s in stated))})" if stated else ""
    return f"its quote {_short(quote)} does not state the severity {label!r}{said}"


def states_status(quote: str, status: Status) -> bool:
    """True when a status word for this value is in the quote as a whole word, and not negated."""
    if status is Status.investigating and _NOT_RESOLVED.search(quote):
        return True
    for m in _STATUS[status].finditer(quote):
        if not _NEGATED.search(quote, max(0, m.start() - 40), m.start()):
            return True
    return status in _words_stated(quote)


def _words_stated(quote: str) -> set[Status]:
    """The statuses the readers' own vocabulary finds in the quote: a field's value ("Status: Done",
    "**Statut :** résolu", "Estado: resuelto") or a word of another language, one or two words at a time."""
    words = _WORD.findall(quote[-200:])
    found = {status_reader.word(" ".join(words[i:i + n])) for n in (1, 2) for i in range(len(words) - n + 1)}
    negated = _NEGATED_ANY.search(quote)
    return set() if negated else {s for s in found if s is not None}


def status_problem(value: str, quote: str) -> str | None:
    """Why the quote does not state this status (None: it does)."""
    status = Status(value)
    if status in _STATUS and states_status(quote, status):
        return None
    return f"its quote {_short(quote)} does not state the status {value!r}"


def _short(quote: str) -> str:
    quote = " ".join(quote.split())
    return repr(quote if len(quote) <= 60 else quote[:57] + "...")
