"""The report schema: the public contract of the CLI and the API.

Field names here are the JSON names users rely on; change them only with a
new major version.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, NamedTuple

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_serializer, model_validator

# Bounds on every value a report holds: anything outside them is refused (422) or, from notes, left out with a flag.
MAX_COUNT = 10**12  # users affected, customer reports
MAX_MONEY = 10**15  # a revenue figure, in its currency (two decimals)
YEARS = (1970, 2100)  # the years a report's times may fall in
MAX_MINUTES = 10**8  # a duration (about 190 years)
MAX_REVISION = 10**9  # revision numbers in paths and queries
MAX_INCIDENT_ID = 100  # characters of an incident id (also the download's file name)
MAX_PERCENT = 100  # a share ("80% of logins failed")
MAX_FIGURES = 20  # other impact figures in one report
MAX_FIGURE_LABEL = 120  # characters of a figure's label


def _number_within(value: Any, limit: int) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return 0 <= value <= limit and (isinstance(value, int) or math.isfinite(value))  # no float() of a huge int


def count_ok(value: Any) -> bool:
    return _number_within(value, MAX_COUNT)


def money_ok(value: Any) -> bool:
    return _number_within(value, MAX_MONEY)


def year_ok(year: int) -> bool:
    return YEARS[0] <= year <= YEARS[1]


def _in_years(value: datetime | None) -> datetime | None:
    if value is not None and not year_ok(value.year):
        raise ValueError(f"the year must be between {YEARS[0]} and {YEARS[1]}")
    return value


When = Annotated[datetime, AfterValidator(_in_years)]


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
    amount: Annotated[float, AfterValidator(lambda v: round(v, 2))] = Field(ge=0, le=MAX_MONEY, allow_inf_nan=False)
    currency: str = Field(description="ISO 4217 code, e.g. USD.", max_length=8)


def is_percent(unit: str | None) -> bool:
    return (unit or "").strip().lower() in ("%", "percent", "per cent", "pct")


def figure_ok(value: Any, unit: Any) -> bool:
    """Within the bounds of a figure: a share 0-100, a count or an amount up to the money bound."""
    if is_percent(unit if isinstance(unit, str) else None):
        return _number_within(value, MAX_PERCENT)
    return _number_within(value, MAX_MONEY)


class Figure(_Model):
    """Another stated impact figure: what was counted, how many or what share, and of what."""

    label: str = Field(min_length=1, max_length=MAX_FIGURE_LABEL,
                       description="A few plain words from the notes: 'bookings lost', 'logins failed'.")
    value: float = Field(ge=0, le=MAX_MONEY, allow_inf_nan=False)
    unit: str = Field(min_length=1, max_length=40,
                      description="'%' for a share, else a count noun ('bookings') or an ISO 4217 code.")

    @model_validator(mode="after")
    def _share_at_most_100(self):
        if not figure_ok(self.value, self.unit):
            raise ValueError(f"a share must be between 0 and {MAX_PERCENT}")
        return self


class Impact(_Model):
    summary: str | None = None
    users_affected: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    revenue_impact: Money | None = None
    customer_reports: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    figures: list[Figure] = Field(default_factory=list, max_length=MAX_FIGURES, description=(
        "Other stated impact figures (orders not placed, share of requests failing, messages delayed); evidence "
        "under 'impact.figures', one span per figure in order."))


class NextSteps(_Model):
    immediate: list[str] = Field(default_factory=list)
    preventive: list[str] = Field(default_factory=list)


class ReviewFlag(_Model):
    field: str = Field(description="The report field (dotted path) the flag is about, or notes/engine/report.")
    reason: str = Field(description="What to check, in one sentence.")
    label: str | None = Field(default=None, description="The field as the report page names it ('Start time').")


class Question(_Model):
    """A fact an executive report needs that the notes do not state: a question for the incident lead."""

    name: str = Field(description="impact_end, users_affected, root_cause, next_steps or owner.")
    field: str = Field(description="The report field an answer fills (dotted path).")
    question: str
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None


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
    other_figures: list[str] = Field(default_factory=list, description="Other impact figures: 'bookings lost: 2,700'.")
    started: str | None = Field(default=None, description="When the incident began, e.g. '8 April 2025 13:15 UTC'.")
    ended: str | None = Field(default=None, description="When it was resolved, as the notes write it.")
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
    reader: str | None = Field(default=None, description="The reader that laid out the notes: text, chat, email, "
                                                         "pagerduty, slack, json, ... (README, Input shapes).")
    fallback: str | None = Field(default=None, description="Set when the whole report fell back to the offline engine.")
    prompt_versions: dict[str, str] | None = None
    language: str | None = Field(default=None, description="The output language (BCP 47) when it is not English.")
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
    audiences: dict[str, dict[str, Any]] | None = Field(default=None, description=(
        "The model's drafted prose per audience (customer, engineering) that passed its checks; see README, Audiences."))

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
    generated_at: When
    status: Status = Status.unknown
    severity: Severity = Severity.unknown
    started_at: When | None = None
    detected_at: When | None = None
    resolved_at: When | None = None
    closed_at: When | None = Field(default=None, description="When the notes say the incident was declared resolved "
                                   "or closed, when they say so; may come after the end of customer impact.")
    duration_minutes: float | None = Field(default=None, ge=0, le=MAX_MINUTES, allow_inf_nan=False)
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
    questions: list[Question] = Field(default_factory=list, description="Gap questions for the incident lead.")
    engine: EngineInfo

    @model_validator(mode="before")
    @classmethod
    def _out_of_range_left_out(cls, data: Any) -> Any:
        """A report read as data (stored JSON, a model's answer) keeps rendering: a figure or time outside the
        bounds is left out, with a flag, instead of breaking every read of the report."""
        return _drop_out_of_range(data) if isinstance(data, dict) else data


_YEAR = re.compile(r"\s*([+-]?\d+)-")
_OUT_OF_RANGE = "the value was outside the range a report can hold and was left out; check the notes"


def _drop_out_of_range(data: dict) -> dict:
    data, dropped = dict(data), []
    impact = data.get("impact")
    if isinstance(impact, dict):
        impact = data["impact"] = dict(impact)
        for name in ("users_affected", "customer_reports"):
            if impact.get(name) is not None and not count_ok(impact[name]):
                dropped.append(f"impact.{name}")
                impact[name] = None
        money = impact.get("revenue_impact")
        if money is not None and not (isinstance(money, dict) and money_ok(money.get("amount"))):
            dropped.append("impact.revenue_impact")
            impact["revenue_impact"] = None
        figures = impact.get("figures")
        if isinstance(figures, list) and any(_figure_out_of_range(f) for f in figures):
            dropped.append("impact.figures")
            impact["figures"] = [f for f in figures if not _figure_out_of_range(f)]
    for name in ("started_at", "detected_at", "resolved_at", "closed_at"):
        value, year = data.get(name), None
        if isinstance(value, datetime):
            year = value.year
        elif isinstance(value, str) and (m := _YEAR.match(value)):
            year = int(m.group(1)) if len(m.group(1)) < 8 else 0
        if year is not None and not year_ok(year):
            dropped.append(name)
            data[name] = None
    if dropped:
        data["review_flags"] = list(data.get("review_flags") or []) + [
            {"field": name, "reason": _OUT_OF_RANGE} for name in dropped]
    return data


def _figure_out_of_range(figure: Any) -> bool:
    return isinstance(figure, dict) and not figure_ok(figure.get("value"), figure.get("unit"))


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
