"""Gap questions: for each fact an executive report needs that the notes do not state, a short question a reviewer
can send to the incident lead. An answered question stays (with its answer and who gave it)."""

from __future__ import annotations

from typing import NamedTuple

from incident_brief.schema import Question, Report, get_path


class Need(NamedTuple):
    name: str
    field: str  # the report field an answer fills
    question: str


NEEDS = (
    Need("impact_end", "resolved_at", "When did customer impact end?"),
    Need("users_affected", "impact.users_affected", "How many users or customers were affected?"),
    Need("root_cause", "root_cause", "What caused the incident?"),
    Need("next_steps", "next_steps.preventive", "What are the next steps to prevent a repeat, and who owns them?"),
    Need("owner", "contact", "Who owns the follow-up and answers questions about this incident?"),
)
BY_NAME = {n.name: n for n in NEEDS}


def missing(report: Report, need: Need) -> bool:
    if need.name == "next_steps":
        return not (report.next_steps.immediate or report.next_steps.preventive)
    return get_path(report, need.field) in (None, "", [])


def asked(report: Report) -> Report:
    """The report's questions: the answered ones kept, one for every needed fact still missing."""
    answered = [q for q in report.questions if q.answer]
    done = {q.name for q in answered}
    report.questions = answered + [Question(name=n.name, field=n.field, question=n.question)
                                   for n in NEEDS if n.name not in done and missing(report, n)]
    return report
