"""Survival of a reference model's answers: which stated values reach the final report unchanged, which drafted
sections are used as written.

The facts are read from whatever fields the extraction answer holds (a field added to the schema is measured
without a change here): every non-null value of a {value, quote} fact, every component of a structured fact
({amount, currency}), every item of a list of names or figures. Prose the draft rewrites (the drafted sections)
is measured as drafts. A fact is found in the report field of the same name (`impact.users_affected` for
`users_affected`), else in any report value of its kind, else in the rendered report in any form the drafting
rules take for the same fact (`llm.same_fact.restated`)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from incident_brief.llm.same_fact import restated
from incident_brief.offline.extract.labels import map_severity
from incident_brief.schema import DRAFTED, SECTIONS, Report, get_path
from incident_brief.evals.match import Score, ratio

_HIDDEN = {"engine", "evidence", "review_flags", "questions", "generated_at", "contact"}  # not the model's facts
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Fact:
    field: str  # the answer's field, dotted for a nested fact; a list item's field is the list's
    value: object
    part: str | None = None  # a component of a structured fact: "amount", "currency", "value", "name"

    def describe(self) -> str:
        return f"{self.field}{'.' + self.part if self.part and self.part not in ('value', 'name') else ''}={self.value!r}"


def _skip(field: str, value) -> bool:
    return value is None or value == "" or (field.endswith("status") and value == "unknown")


def reference_facts(answer: dict, prefix: str = "") -> list[Fact]:
    """Every stated value of an extraction answer, in its fields' order (prose for the draft left out)."""
    out: list[Fact] = []
    for key, node in answer.items():
        field = prefix + key
        if not prefix and key in DRAFTED or key == "quote":
            continue
        if isinstance(node, list):
            for item in node:
                out += _parts(field, item) if isinstance(item, dict) else [] if _skip(field, item) else [Fact(field, item)]
        elif isinstance(node, dict):
            out += _parts(field, node) if "quote" in node else reference_facts(node, field + ".")
        elif not _skip(field, node):
            out.append(Fact(field, node))
    return out


def _parts(field: str, node: dict) -> list[Fact]:
    """A fact with a quote: its value(s); free text ("text", "label") is wording, not a value."""
    return [Fact(field, v, k) for k, v in node.items()
            if k not in ("quote", "text", "label") and not isinstance(v, (dict, list)) and not _skip(field, v)]


def report_leaves(report: Report) -> list[tuple[str, object]]:
    """(dotted path without list indices, value) for every value the report shows, its own bookkeeping aside."""
    out: list[tuple[str, object]] = []

    def walk(path: str, node) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(f"{path}.{k}" if path else k, v)
        elif isinstance(node, list):
            for v in node:
                walk(path, v)
        elif node is not None:
            out.append((path, node.value if isinstance(node, Enum) else node))

    walk("", {k: v for k, v in report.model_dump(mode="python").items() if k not in _HIDDEN})
    return out


def _time(value) -> datetime | None:
    if not isinstance(value, str) or not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _norm(text: str) -> str:
    return _SPACE.sub(" ", str(text)).strip().strip(".").casefold()


def same(fact: Fact, path: str, shown) -> bool:
    """The fact's value and a report value mean the same: one instant to the minute the report shows (or wall-clock
    time when either has no zone), one number, one severity on the report's scale, or the same words."""
    value = fact.value
    if isinstance(shown, datetime):
        when = _time(value)
        if when is None:
            return False
        when, shown = when.replace(second=0, microsecond=0), shown.replace(second=0, microsecond=0)  # as shown
        if when.tzinfo is not None and shown.tzinfo is not None:
            return when == shown
        return when.replace(tzinfo=None) == shown.replace(tzinfo=None)
    if isinstance(value, bool) or isinstance(shown, bool):
        return value == shown
    if isinstance(value, (int, float)) and isinstance(shown, (int, float)):
        return math.isclose(value, shown, rel_tol=1e-9, abs_tol=1e-6)
    if isinstance(value, str) and isinstance(shown, str):
        if path.rsplit(".", 1)[-1] == "severity" and (mapped := map_severity(value)) is not None:
            return mapped.value == shown
        return _norm(value) == _norm(shown)
    return False


def _candidates(fact: Fact, leaves: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """The report values of the fact's own field (same name), else every report value."""
    name = fact.field.rsplit(".", 1)[-1]
    own = [(p, v) for p, v in leaves if name in p.split(".")
           and (fact.part in (None, "value", "name") or p.endswith("." + fact.part))]
    return own or leaves


def survives(fact: Fact, leaves: list[tuple[str, object]], rendered: str) -> bool:
    if any(same(fact, p, v) for p, v in _candidates(fact, leaves)):
        return True
    if isinstance(fact.value, str) and not _time(fact.value):
        return _norm(fact.value) in _norm(rendered) or not restated(fact.value, rendered).strip()
    return False


def why(fact: Fact, report: Report) -> str:
    """The engine's own reason (the flag on that field), else what the report shows there."""
    name = fact.field.rsplit(".", 1)[-1]
    name = _REPORT_NAME.get(name, name)
    for flag in report.review_flags:
        if flag.field.rsplit(".", 1)[-1] == name or flag.field == fact.field:
            return flag.reason
    shown = [v for p, v in report_leaves(report) if p.rsplit(".", 1)[-1] == name or p.split(".")[-2:-1] == [name]]
    return f"the report shows {shown[0]!r}" if shown else "not in the final report, and no flag says why"


_REPORT_NAME = {"other_impact_figures": "figures"}  # the answer's field -> the report's (impact.figures)


def facts_survival(answers: list[dict], report: Report, rendered: str) -> tuple[Score, int]:
    """The share of the answers' facts the report shows unchanged, with each lost one and why; and how many."""
    facts = list(dict.fromkeys(f for a in answers for f in reference_facts(a)))
    leaves = report_leaves(report)
    lost = [f"{f.describe()}: {why(f, report)}" for f in facts if not survives(f, leaves, rendered)]
    return ratio(len(facts) - len(lost), len(facts), lost), len(facts)


def _as_shown(value):
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return _norm(value or "")


def drafts_survival(draft: dict, report: Report, sent_back: dict[str, str]) -> tuple[Score, int]:
    """Share of the reference draft's sections shown as written: accepted on the first answer, not repaired,
    not fallen back, not changed afterwards. `sent_back`: section -> the errors a repair round named."""
    info = report.engine
    sections = [s for s in draft if s in SECTIONS and s in DRAFTED]
    lost = []
    for s in sections:
        flag = next((f.reason for f in report.review_flags if f.field == SECTIONS[s].path
                     and "draft was not used" in f.reason), None)
        if s in (info.fallback_sections or []):
            back = f"; sent back first: {sent_back[s]}" if s in sent_back else ""
            lost.append(f"{s}: fell back ({flag or 'no reason given'}{back})")
        elif s in (info.repaired_sections or []):
            lost.append(f"{s}: repaired ({sent_back.get(s, 'sent back in a repair round')})")
        elif _as_shown(get_path(report, SECTIONS[s].path)) != _as_shown(draft[s]):
            lost.append(f"{s}: changed after drafting, shown as {get_path(report, SECTIONS[s].path)!r}")
    return ratio(len(sections) - len(lost), len(sections), lost), len(sections)
