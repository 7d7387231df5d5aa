"""Ground the v2 facts: the incident's id and the other impact figures, each by its own quote.

An id is kept when its quote is in the notes and holds the id as written (case and spacing aside) and it
looks like an id (a digit in it, no spaces). A figure is kept when its quote is in the notes and states its
number in any notation (`numbers_in`: locale groups, 3.4M, words, "~"), a share is at most 100, and its
label holds no number or name the notes lack.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from incident_brief.figures import numbers_in
from incident_brief.llm.locate import Locator
from incident_brief.schema import Figure, figure_ok

_ID = re.compile(r"#?[\w][\w.:/-]{0,60}")
MAX_KEPT = 20  # figures kept from one answer (the report's bound)


def ground_id(g, loc: Locator, fact) -> None:
    value = (fact.value or "").strip()
    if not value:
        return
    span = loc.find(fact.quote)
    if span is None:
        g.drop("incident_id", loc.missing(fact.quote))
    elif not _ID.fullmatch(value) or not any(c.isdigit() for c in value):
        g.drop("incident_id", f"{value[:40]!r} does not look like an incident id")
    elif Locator.normalise(value) not in Locator.normalise(fact.quote or ""):
        g.drop("incident_id", f"the id {value!r} is not in its quote")
    else:
        g.keep("incident_id", value, [span])


def ground_figures(g, loc: Locator, figures, unsupported: Callable[[str], str | None]) -> None:
    kept, spans = [], []
    for f in figures:
        problem, span = _figure_problem(f, loc, unsupported), loc.find(f.quote)
        if problem:
            g.drop("impact.figures", f"{f.label[:40]!r}: {problem}")
        elif len(kept) < MAX_KEPT and not any(k.label == f.label.strip() and k.value == f.value for k in kept):
            kept.append(Figure(label=f.label.strip(), value=f.value, unit=f.unit.strip()))
            spans.append(span)
    if kept:
        g.keep("impact.figures", kept, spans)


def _figure_problem(f, loc: Locator, unsupported: Callable[[str], str | None]) -> str | None:
    if loc.find(f.quote) is None:
        return loc.missing(f.quote)
    if f.value not in numbers_in(f.quote):
        return f"{f.value:g} is not what the quoted words state"
    if not f.label.strip() or len(f.label) > 120 or not f.unit.strip() or len(f.unit) > 40:
        return "its label or unit is empty or too long"
    if not figure_ok(f.value, f.unit):
        return f"a share of {f.value:g} is not a percentage"
    return unsupported(f.label)
