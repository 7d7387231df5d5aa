"""Later statements of a figure already read, written shorter: "now 6,420 withdrawals", "6,420 delayed so far".

An update in a chat or a status page often restates a count without its outcome ("update: 6,420 withdrawals")
or without its things ("6,420 delayed in total"). Such a number is read as a new value of a figure the notes
state in full elsewhere: before that figure's unit with an update cue in the clause ("now", "total", "final",
"so far", "update", "correction", "revised"...), or right before that figure's outcome word with no other thing
after it. Only the lines holding the unit or outcome word are read (found with str.find).
"""

from __future__ import annotations

import re

from incident_brief.figures import DIGITS, SCALE_WORDS, scaled
from incident_brief.offline.extract import figure_context as ctx
from incident_brief.offline.extract import figure_phrases as ph
from incident_brief.offline.literals import lowered, starts
from incident_brief.schema import Figure

_CUE = re.compile(r"\b(?:now|updated?|updates|total|final|count|tally|revised|actually|correction|corrected|"
                  r"so far|in all|latest|turned out|overall|confirmed|recount\w*|rose|risen|grew|climbed|reached|"
                  r"up to)\b", re.I)
_STILL = {"affected", "impacted", "still", "pending", "waiting", "outstanding", "so", "far"}
_LEAD = 60
_MAX_LOOKS = 2000  # occurrences of those words looked at, in all
_NUMBER_ENDS = set("0123456789kKmMdn")  # how a number ends: a digit, "k", "M", "thousand", "million"
_MAX_RESTATED = 24  # figures looked for again (each costs one pass over the notes)  # characters of the line before a restated number that are read


def restatements(text: str, body_start: int, figures: list[Figure]) -> list[tuple[Figure, tuple[int, int]]]:
    """New values of these figures (counts, not shares) stated in the short forms above, with their spans."""
    low = lowered(text)
    if low is None:
        return []
    out, budget = [], _MAX_LOOKS
    distinct = list({f.label.lower(): f for f in figures if f.unit != "%"}.values())
    for figure in distinct[:_MAX_RESTATED]:
        words = {figure.unit.lower(): True}
        # the outcome word, wherever the label puts it ("exports failed", "declined txns", "abgebrochene ...")
        said = next((w for w in figure.label.split() if ph.OUTCOME.match(w)), None)
        if said and said.lower() != figure.unit.lower():
            words[said.lower()] = False
        for word, needs_cue in words.items():
            pattern = re.compile(r"(?<![\w.,’'/:#-])(?P<num>" + DIGITS + r")(?:[ \t]{0,3}(?P<mult>" + SCALE_WORDS +
                                 r")\b)?[ \t]{1,3}" + re.escape(word) + r"\b", re.I)
            for at in starts(low, (word,)):
                budget -= 1
                if budget < 0:
                    return out
                if at < body_start or text[max(0, at - 4):at].rstrip()[-1:] not in _NUMBER_ENDS:
                    continue
                line_start = max(text.rfind("\n", 0, at) + 1, at - _LEAD)
                m = pattern.search(text, line_start, at + len(word))
                if m and m.end() == at + len(word):
                    found = _read(text, m, line_start, figure, needs_cue)
                    out.extend([found] if found else [])
    return out


def _read(text: str, m: re.Match, line_start: int, figure: Figure, needs_cue: bool):
    try:
        value = scaled(m["num"], m["mult"])
    except ValueError:
        return None
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end == -1 else line_end
    before, after = text[line_start:m.start()], text[m.end():min(line_end, m.end() + 120)]
    clause = before[max(before.rfind(c) for c in ".;!?") + 1:]
    if value == figure.value or value != int(value) or ctx.states_no_event(clause, after) or ctx.is_base(clause) \
            or ctx.names_it(clause, value, after):
        return None
    nxt = ph.words_of(after)[:1]
    if needs_cue and not _CUE.search(clause + after[:40]):
        return None
    if nxt and nxt[0][:1].isalpha() and nxt[0].lower() not in ph.PREPOSITIONS and not _CUE.match(nxt[0]) \
            and nxt[0].lower() not in _STILL:
        return None  # "6,420 delayed payouts", "50,000 withdrawals were processed": other things or a full clause
    return Figure(label=figure.label, value=value, unit=figure.unit), (m.start(), m.end())
