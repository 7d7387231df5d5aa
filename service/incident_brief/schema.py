"""The report schema: the public contract of the CLI and the API.

Field names here are the JSON names users rely on; change them only with a
new major version.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_serializer


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


class GroundedFacts(BaseModel):
    """What the LLM engine drafted from: grounded facts (else the offline engine's), values only, no raw notes.

    Kept with the report so one section can be redrafted from them without reading the notes again."""

    title: str | None = None
    status: str | None = None
    severity: str | None = None
    duration: str | None = Field(default=None, description="Written out, e.g. '2.5 hours'.")
    # impact, as written in the report
    affected_services: list[str] = Field(default_factory=list)
    users_affected: str | None = None
    revenue_impact: str | None = None
    customer_reports: str | None = None
    impact_statement: str | None = Field(default=None, description="The offline engine's, from stated figures.")
    # the story and the actions
    what_happened: str | None = None
    root_cause: str | None = None
    actions_taken: list[str] = Field(default_factory=list)
    next_steps_immediate: list[str] = Field(default_factory=list)
    next_steps_preventive: list[str] = Field(default_factory=list)


_ALWAYS_SHOWN = ("name", "model", "version")


class EngineInfo(BaseModel):
    """Which engine wrote the report and what it cost. Fields an engine did not record are left out of the JSON."""

    model_config = ConfigDict(extra="allow")  # open for additions without breaking clients or stored reports

    name: str
    model: str | None = None
    version: str | None = None
    fallback: str | None = Field(default=None, description="Set when the whole report fell back to the offline engine.")
    prompt_versions: dict[str, str] | None = None
    fallback_sections: list[str] | None = Field(default=None, description="Sections in the offline wording.")
    repaired_sections: list[str] | None = None
    # what the model calls cost
    chunks: int | None = None
    calls: int | None = Field(default=None, description="Model calls made, failed ones included.")
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: float | None = None
    failed_calls: int | None = None
    estimated_prompt_tokens: int | None = Field(default=None, description="Our own count (tiktoken), for budgets.")
    facts: GroundedFacts | None = Field(default=None, description="The grounded facts the model drafted from.")

    @model_serializer(mode="wrap")
    def _recorded_only(self, handler):
        data = handler(self)
        shown = set(_ALWAYS_SHOWN) | self.model_fields_set | set(self.model_extra or {})
        return {k: v for k, v in data.items() if k in shown}


class Section(NamedTuple):
    path: str  # the report field, as a dotted path
    kind: type  # str or list


# Section name (API, drafts, review flags) -> report field. The one map; the drafted ones are DRAFTED.
SECTIONS: dict[str, Section] = {
    "title": Section("title", str), "what_happened": Section("what_happened", str),
    "impact_summary": Section("impact.summary", str), "root_cause": Section("root_cause", str),
    "actions_taken": Section("actions_taken", list), "next_steps_immediate": Section("next_steps.immediate", list),
    "next_steps_preventive": Section("next_steps.preventive", list), "contact": Section("contact", str),
}
DRAFTED = ("what_happened", "impact_summary", "root_cause", "actions_taken", "next_steps_immediate",
           "next_steps_preventive")


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
