"""Other impact figures: shares of requests or logins failing, counts of things lost, delayed or failed.

Read only where a figure sits in one clause with an outcome word ("failed", "lost", "delayed", "not placed"), in
one of four shapes: "N% of <things> <outcome>", "<metric> dropped by N%", "N <things> <outcome>" and a label line
"<Things outcome>: N" (figure_phrases). People, tickets and money are the other impact fields'; identifiers,
status codes, thresholds, limits, capacities, plans, compensation, bases, durations, sizes, versions and times
are never figures (figure_context). One quantity stated more than once ("3,870 withdrawals delayed", later
"6,420 delayed withdrawals") is the same things with the same outcome: the last statement in story order wins,
and the value it replaced is named for a reviewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_brief.figures import DIGITS, SCALE_WORDS, WORDS, figure_text, scaled
from incident_brief.offline.extract import Found
from incident_brief.offline.extract import figure_context as ctx
from incident_brief.offline.extract import figure_phrases as ph
from incident_brief.offline.extract.figure_updates import restatements
from incident_brief.offline.extract.impact_cues import CUE_WORDS, PROVISIONAL, UPDATED
from incident_brief.offline.extract.story import Statement, in_story_order, sentence_of
from incident_brief.offline.literals import lowered, starts
from incident_brief.schema import MAX_FIGURES, Figure, figure_ok
from incident_brief.structure import Document

# Outcome words (stems) in the languages the notes come in; a figure is looked for only near one of them.
OUTCOMES = ("fail", "lost", "lose", "delay", "late", "queue", "stuck", "held", "declin", "reject", "dropp", "drop ",
            "duplicat", "unsubscrib", "timed out", "time out", "bounce", "cancel", "abandon", "blocked", "missed",
            "wrong", "incorrect", "stale", "corrupt", "undeliver", "unprocessed", "not ", "never", "n't", "down by",
            "fell", "verzöger", "verloren", "fehlgeschlag", "storniert", "nicht", "perdu", "échou", "retard",
            "annul", "pas ", "perdid", "fallid", "retras", "sin ", "saw ", "experienc", "schlug", "scheiter", "verspät",
            "abgelehnt", "abgebroch", "ausgefall", "fallaron", "falló", "rechaz", "afectad", "affected", "impacted",
            "betroffen", "mislukt", "faalden", "vertraag", "geweigerd", "afgewezen", "getroffen", "expired",
            "verlopen", "bloqu", "refus", "rejet", "affecté", "niet ", "afetad", "colpit", "impattat", "coinvolt",
            "cancelad", "falha", "falhad", "recusad", "atrasad", "fallit", "persi", "perse", "rifiutat", "bloccat",
            "ritardat", "sospes", "annullat")
_NUMBER = re.compile(r"(?<![\w.,’'/:#-])(?P<num>" + DIGITS + "|" + WORDS + r")(?:[ \t]{0,3}(?P<mult>" + SCALE_WORDS
                     + r")\b)?(?P<pct>[ \t]?%|[ \t]{1,3}(?:percent|per cent)\b)?(?![\w/:]|[.,]\d)", re.I)
_PAREN = re.compile(r"\([^()\n]{0,80}\)")
_CLAUSE_END = re.compile(r"[.;!?:\n](?:\s|$)|[;!?\n]")
_REACH = 160  # characters around an outcome word a figure is looked for in
# Numbers next to an outcome word read at most (real notes hold a few dozen; a flood of them costs bounded time).
_MAX_NUMBERS = 2000
_STEM = re.compile(r"(?:ing|ed|es|s|e)$")
_NEGATIONS = {"not", "never", "no", "n't", "couldn't", "wasn't", "weren't", "didn't"}


@dataclass(frozen=True)
class FigureStory:
    """The figures as the notes end, and for each one restated with another value, what it replaced."""

    found: Found[list[Figure]] | None = None
    earlier: tuple[str, ...] = ()  # "withdrawals delayed was first given as 3,870, later 6,420"


def other_figures(doc: Document, *, known: tuple[float, ...] = ()) -> Found[list[Figure]] | None:
    """Every other impact figure the notes state, in order, with one span per figure; `known` holds the values
    already shown as users, revenue or reports (never repeated here)."""
    return figure_story(doc, known=known).found


def figure_story(doc: Document, *, known: tuple[float, ...] = ()) -> FigureStory:
    said = [(f, span) for f, span in _statements(doc)
            if figure_ok(f.value, f.unit) and not _shown(doc.text, f, span, known)]
    said += [(f, span) for f, span in restatements(doc.text, doc.body_start, [f for f, _ in said])
             if span[0] not in {s for _, (s, _) in said} and not _shown(doc.text, f, span, known)]
    if not said:
        return FigureStory()
    groups: dict[frozenset[str], list[Statement]] = {}
    for i, (figure, span) in enumerate(said):
        key = quantity(figure)
        groups.setdefault(key, []).append(Statement((key, figure.value), str(i), span[0], span[1]))
    restated = [st for g in groups.values() if len({s.value for s in g}) > 1 for st in g]
    rank = {id(st): i for i, st in enumerate(in_story_order(doc, restated))} if restated else {}
    final, earlier = [], []
    for group in groups.values():
        if id(group[0]) in rank:
            group = _as_told(doc.text, sorted(group, key=lambda st: rank[id(st)]))
        last, _ = said[int(group[-1].raw)]
        final.append(said[int(group[-1].raw)])
        first = next((said[int(st.raw)][0] for st in group if st.value != group[-1].value), None)
        if first is not None:
            earlier.append(f"'{last.label}' was first given as {figure_text(first.value, first.unit, first.label)}, "
                           f"later {figure_text(last.value, last.unit, last.label)}; the later value is shown")
    items, stated = [], set()
    for figure, span in sorted(final, key=lambda f: f[1]):
        if (figure.value, figure.unit) not in stated:  # one figure told twice in other words
            stated.add((figure.value, figure.unit))
            items.append((figure, span))
    items = items[:MAX_FIGURES]
    return FigureStory(Found([f for f, _ in items], tuple(s for _, s in items)), tuple(earlier))


def _as_told(text: str, group: list[Statement]) -> list[Statement]:
    """The statements of one quantity in story order, the final one last: a later one replaces an earlier one,
    unless it is given as provisional ("Erste Zählung: 1.500", "first guess") where the earlier is not (a
    correction told before the first count it corrects)."""
    current, before = group[0], []
    for st in group[1:]:
        if st.value != current.value and _provisional(text, st) and not _provisional(text, current):
            before.append(st)
            continue
        before.append(current)
        current = st
    return [*before, current]


def _provisional(text: str, st: Statement) -> bool:
    lo, hi = sentence_of(text, st.start, st.end)
    return bool(PROVISIONAL.search(text, lo, hi)) and not UPDATED.search(text, lo, hi)


def _shown(text: str, figure: Figure, span: tuple[int, int], known: tuple[float, ...]) -> bool:
    """The figure's value is already shown as users, revenue or reports, stated in the same sentence (one statement
    read twice, or told again in other words beside it); "2,300 parcels missed their slot" in a sentence of its own
    is another figure even where 2,300 people were affected too."""  # the sentence, as _clause bounds it
    if not any(abs(figure.value - k) < 0.5 for k in known):
        return False
    lo = max(text.rfind(c, max(0, span[0] - _REACH), span[0]) for c in ".!?\n") + 1
    end = _CLAUSE_END.search(text, span[1], span[1] + _REACH)
    sentence = text[lo:end.start() if end else span[1] + _REACH].lower()
    return any(w in sentence for words in CUE_WORDS.values() for w in words)


def quantity(figure: Figure) -> frozenset[str]:
    """What a figure counts, whatever the word order or tense: its unit and the stems of its label's words
    ("withdrawals delayed" and "delayed withdrawals" are one quantity; "... in APAC" is another)."""
    stems = set()
    for w in ph.words_of(figure.label.lower()):
        if w in ph.AUX or not w[:1].isalpha():
            continue
        w = "not" if w in _NEGATIONS else w
        stems.add(_STEM.sub("", w) if len(w) > 4 else w)
    return frozenset(stems | {"%" if figure.unit == "%" else _STEM.sub("", figure.unit.lower())})


def _statements(doc: Document) -> list[tuple[Figure, tuple[int, int]]]:
    """Every figure statement, in document order."""
    text, out, seen = doc.text, [], set()
    wrong = ctx.disowned(text, doc.body_start)
    for lo, hi in _windows(text, doc.body_start):
        if len(seen) >= _MAX_NUMBERS:
            break
        for m in _NUMBER.finditer(text, lo, hi):
            if m.start() in seen or len(seen) >= _MAX_NUMBERS:
                continue
            seen.add(m.start())
            out.extend(f for f in _read(text, m, lo, hi) if f[0].value not in wrong)
    return out


def _windows(text: str, body_start: int):
    """Merged spans around outcome words, each within its line."""
    low = lowered(text)
    positions = starts(low, OUTCOMES) if low is not None else [
        m.start() for m in re.finditer("|".join(re.escape(w) for w in OUTCOMES), text, re.I)]
    lo = hi = -1
    for at in positions:
        if at < body_start:
            continue
        s = max(body_start, at - _REACH, text.rfind("\n", max(0, at - _REACH), at) + 1)
        e = text.find("\n", at, at + _REACH)
        e = min(len(text), at + _REACH) if e == -1 else e
        if s <= hi:
            hi = max(hi, e)
            continue
        if hi != -1:
            yield lo, hi
        lo, hi = s, e
    if hi != -1:
        yield lo, hi


def _value(m: re.Match) -> float | None:
    try:
        return scaled(m["num"], m["mult"])
    except ValueError:
        return None


def _clause(text: str, m: re.Match, lo: int, hi: int) -> tuple[int, int]:
    """The clause around a number, at most _REACH characters either side (bounded work per number)."""
    lo, hi = max(lo, m.start() - _REACH), min(hi, m.end() + _REACH)
    start = max(lo, max(text.rfind(c, lo, m.start()) for c in ".;!?\n") + 1)
    end = _CLAUSE_END.search(text, m.end(), hi)
    return start, end.start() if end else hi


def _read(text: str, m: re.Match, lo: int, hi: int) -> list[tuple[Figure, tuple[int, int]]]:
    value = _value(m)
    if value is None or (not m["num"][:1].isdigit() and value < 2):
        return []
    c_start, c_end = _clause(text, m, lo, hi)
    before, after = text[c_start:m.start()], _PAREN.sub(" ", text[m.end():c_end])
    if m["pct"]:
        figure = ph.share(value, before, after)
        if figure is None or not _plausible(figure, before, value, after):
            return []
        return [(figure, (m.start(), c_end)), *ph.also(text, figure, m.end(), c_end)]
    if value != int(value):
        return []
    figure = ph.count(value, after)
    if figure is None:
        line_start = text.rfind("\n", 0, m.start()) + 1 if m.start() - c_start < 80 else c_start
        figure = ph.labelled(value, text[line_start:m.start()], after)
    if figure is None or not _plausible(figure, before, value, after) or \
            not ctx.countable(figure.label, figure.unit, value, text[c_start:c_end]):
        return []
    return [(figure, (c_start if ph.LABEL_LINE.match(before) else m.start(), c_end))]


def _plausible(figure: Figure, before: str, value: float, after: str) -> bool:
    """A figure read from the words is kept only where its clause states an event and the number counts."""
    return ctx.plain_label(figure.label) and not (ctx.states_no_event(before, after) or ctx.is_base(before) or
                                                  ctx.names_it(before, value, after))
