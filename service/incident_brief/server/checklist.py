"""What is unresolved in a report before it is sent: review flags, unanswered gap questions, empty sections and a
missing contact; each item names the field as the page labels it and links to it on the page."""

from __future__ import annotations

from dataclasses import dataclass

from incident_brief.flags.names import label
from incident_brief.schema import SECTIONS, Report, get_path
from incident_brief.server.facts import FACTS

_ANCHORS = {**{path: f"fact-{name}" for name, path in FACTS.items()},
            **{spec.path: f"section-{name}" for name, spec in SECTIONS.items()}}


@dataclass(frozen=True)
class Item:
    kind: str  # flag | question | empty
    label: str  # the field as the page names it
    text: str  # what to check, or the question
    anchor: str  # the field's element id on the page
    question: str | None = None  # a gap question's name (its answer form is on the checklist)


def anchor(path: str) -> str:
    """The page element of a report field: its fact row or section; the key facts for any other field."""
    return _ANCHORS.get(path) or ("section-title" if path == "report" else "facts")


def unresolved(report: Report) -> list[Item]:
    items = [Item("flag", f.label or label(f.field), f.reason, anchor(f.field)) for f in report.review_flags]
    items += [Item("question", label(q.field), q.question, anchor(q.field), q.name)
              for q in report.questions if not q.answer]
    covered = {i.anchor for i in items}  # an empty section already flagged or asked about is listed once
    for name, spec in SECTIONS.items():
        if not get_path(report, spec.path) and f"section-{name}" not in covered:
            text = "No contact for questions: the executive will not know whom to ask." if name == "contact" \
                else "Empty: the report will say it is not stated."
            items.append(Item("empty", label(spec.path), text, f"section-{name}"))
    return items
