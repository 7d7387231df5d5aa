"""The report's key facts a reviewer corrects: severity, status, times, duration, figures and services.

One model (`FactsEdit`) validates them for the API (PATCH /v1/reports/{id}/facts) and for the web page's forms, so a
bad value gets the same message on both. A corrected fact is a person's: its flags and its old evidence go, and the
gap questions are asked again (a filled fact needs none)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from incident_brief.engines import withhold_edit
from incident_brief.flags import questions
from incident_brief.flags.names import label
from incident_brief.schema import (MAX_COUNT, MAX_FIGURES, MAX_MINUTES, Figure, Money, Report, ReviewFlag, Severity,
                                   Status, When, set_path)
from incident_brief.server.models import Input
from incident_brief.server.store import Store, Stored

MAX_SERVICES = 50
Service = Annotated[str, Field(min_length=1, max_length=200)]


# fact name (API body field, page form) -> report field (dotted path: the key of its evidence and flags)
FACTS: dict[str, str] = {
    "severity": "severity", "status": "status", "started_at": "started_at", "resolved_at": "resolved_at",
    "closed_at": "closed_at",
    "duration_minutes": "duration_minutes", "affected_services": "affected_services",
    "users_affected": "impact.users_affected", "revenue_impact": "impact.revenue_impact",
    "customer_reports": "impact.customer_reports", "figures": "impact.figures",
}
_EMPTY = {"severity": Severity.unknown, "status": Status.unknown, "affected_services": [], "figures": []}


class FactsEdit(Input):
    """Corrected key facts: only the fields sent change; null clears one (it then reads 'Not stated')."""

    severity: Severity | None = None
    status: Status | None = None
    started_at: When | None = Field(default=None, description="ISO 8601, e.g. 2025-03-04T14:02:00Z.")
    resolved_at: When | None = Field(default=None, description="When customer impact ended (ISO 8601).")
    closed_at: When | None = Field(default=None, description="When the incident was declared resolved (ISO 8601).")
    duration_minutes: float | None = Field(default=None, ge=0, le=MAX_MINUTES, allow_inf_nan=False)
    affected_services: list[Service] | None = Field(default=None, max_length=MAX_SERVICES)
    users_affected: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    revenue_impact: Money | None = None
    customer_reports: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    figures: list[Figure] | None = Field(default=None, max_length=MAX_FIGURES)

    model_config = {"extra": "forbid", "json_schema_extra": {"examples": [{"severity": "high", "users_affected": 1200}]}}


def apply(report: Report, edit: FactsEdit) -> Report:
    """The report with the sent facts written; pure (a copy)."""
    report = report.model_copy(deep=True)
    for name in sorted(edit.model_fields_set):
        value = getattr(edit, name)
        path = FACTS[name]
        set_path(report, path, _EMPTY.get(name) if value is None else value)
        report.review_flags = [f for f in report.review_flags if f.field != path]
        report.evidence.pop(path, None)  # the notes' quote backed the old value, not the reviewer's
        if name == "affected_services":  # the one free-text fact: what policy withholds is withheld, and flagged
            withhold_edit(report, path)
    _recheck_summary(report, edit.model_fields_set)
    return questions.asked(report)


RECHECK = "Written before a key fact was corrected: check it still agrees with the key facts."


def _recheck_summary(report: Report, names: set[str]) -> None:
    """The impact summary was drafted from the old facts: one flag asks to check it still agrees."""
    flag = ReviewFlag(field="impact.summary", reason=RECHECK, label=label("impact.summary"))
    if report.impact.summary and names and flag not in report.review_flags:
        report.review_flags.append(flag)


def correct(store: Store, stored: Stored, edit: FactsEdit, author: str,
            expected: frozenset[int] | None = None) -> Stored:
    """The corrected facts as one new revision (action `facts`, section: the names changed)."""
    names = ",".join(sorted(edit.model_fields_set)) or None
    return store.change(stored.id, lambda current: apply(current.report, edit), author, "facts", names,
                        expected=expected)
