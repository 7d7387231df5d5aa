"""The report schema: the public contract of the CLI and the API.

Field names here are the JSON names users rely on; change them only with a
new major version.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Status(str, Enum):
    resolved = "resolved"
    mitigated = "mitigated"
    monitoring = "monitoring"
    investigating = "investigating"
    unknown = "unknown"


class Severity(str, Enum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    unknown = "unknown"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A verbatim quote from the source document and where it sits."""

    quote: str
    start: int = Field(ge=0, description="Character offset of the quote's first character.")
    end: int = Field(ge=0, description="Character offset just past the quote's last character.")


class Money(_Model):
    amount: float = Field(ge=0)
    currency: str = Field(description="ISO 4217 code, e.g. USD.")


class Impact(_Model):
    summary: str | None = None
    users_affected: int | None = Field(default=None, ge=0)
    revenue_impact: Money | None = None
    customer_reports: int | None = Field(default=None, ge=0)


class NextSteps(_Model):
    immediate: list[str] = Field(default_factory=list)
    preventive: list[str] = Field(default_factory=list)


class ReviewFlag(_Model):
    field: str
    reason: str


class EngineInfo(BaseModel):
    # Open for additions (token counts, prompt versions) without breaking clients.
    model_config = ConfigDict(extra="allow")

    name: str
    model: str | None = None
    version: str | None = None


class Report(_Model):
    incident_id: str | None = None
    title: str | None = None
    generated_at: datetime
    status: Status = Status.unknown
    severity: Severity = Severity.unknown
    started_at: datetime | None = None
    detected_at: datetime | None = None
    resolved_at: datetime | None = None
    duration_minutes: float | None = Field(default=None, ge=0)
    what_happened: str | None = None
    affected_services: list[str] = Field(default_factory=list)
    impact: Impact = Field(default_factory=Impact)
    root_cause: str | None = None
    actions_taken: list[str] = Field(default_factory=list)
    next_steps: NextSteps = Field(default_factory=NextSteps)
    contact: str | None = None
    evidence: dict[str, list[Span]] = Field(
        default_factory=dict,
        description="Per field (dotted path, e.g. 'impact.users_affected'): the source quotes it rests on.",
    )
    review_flags: list[ReviewFlag] = Field(default_factory=list)
    engine: EngineInfo


def get_path(report: Report, path: str):
    """A field by dotted path: "impact.summary"."""
    obj = report
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def set_path(report: Report, path: str, value) -> None:
    *parents, last = path.split(".")
    obj = report
    for part in parents:
        obj = getattr(obj, part)
    setattr(obj, last, value)


def report_json_schema() -> dict:
    return Report.model_json_schema()
