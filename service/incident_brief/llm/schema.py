"""What the model is asked to return. Separate from the public report schema.

Field descriptions are prompt text: they are sent to the model in the JSON
Schema and rendered into the prompts. Developer notes go in comments.
Every field is required and nullable, which is what strict structured output
needs; `extra="forbid"` gives `additionalProperties: false`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

QUOTE = "The exact words from the notes that state this, copied character for character; null if the notes do not state it."


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _fact(name: str, value_type, description: str) -> type[_Out]:
    """A value and the quote that states it: the shape every single fact has."""
    return create_model(name, __base__=_Out, value=(value_type, Field(description=description)),
                        quote=(str | None, Field(description=QUOTE)))


TextFact = _fact("TextFact", str | None, "The fact in a short sentence, using only what the notes say; null if not stated.")
TimeFact = _fact("TimeFact", str | None, "ISO 8601 time exactly as the notes give it (with its zone if the notes give one); "
                                         "null if not stated.")
NumberFact = _fact("NumberFact", float | None, "The number exactly as the notes state it; null if the notes give no such number.")
LabelFact = _fact("LabelFact", str | None, "The label exactly as written in the notes, e.g. SEV1, P2, critical; null if none.")
StatusFact = _fact("StatusFact", Literal["resolved", "mitigated", "monitoring", "investigating", "unknown"],
                   "The incident's current status as the notes state it; unknown if they do not say.")


class MoneyFact(_Out):
    amount: float | None = Field(description="Revenue lost, as the notes state it; null if not stated.")
    currency: str | None = Field(description="ISO 4217 code such as USD or EUR; null if not stated.")
    quote: str | None = Field(description=QUOTE)


class Item(_Out):
    text: str = Field(description="One item, in a short sentence.")
    quote: str = Field(description=QUOTE)


class Service(_Out):
    name: str = Field(description="A service, system or host name exactly as the notes write it.")
    quote: str = Field(description=QUOTE)


class ExtractedFacts(_Out):
    """Facts stated in the incident notes. Never infer, estimate or invent: use null or an empty list."""

    # what and how bad
    title: TextFact = Field(description="The incident's title or name, as the notes give it.")
    status: StatusFact = Field(description="Whether the incident is resolved, mitigated, being monitored or investigated.")
    severity: LabelFact = Field(description="The severity or priority label the notes give (SEV1, P2, critical...).")

    # when
    started_at: TimeFact = Field(description="When the incident or its impact began.")
    detected_at: TimeFact = Field(
        description="When it was detected: the first alert, page or report.")
    resolved_at: TimeFact = Field(description="When it was resolved or service was restored.")
    duration_minutes: NumberFact = Field(description="How long it lasted, in minutes, only if the notes state a duration.")

    # impact
    affected_services: list[Service] = Field(description="Services or systems the notes say were affected.")
    users_affected: NumberFact = Field(description="How many users, customers or accounts were affected.")
    revenue_impact: MoneyFact = Field(
        description="Revenue lost because of the incident.")
    customer_reports: NumberFact = Field(description="How many customer reports, support tickets or complaints came in.")

    # the story
    what_happened: TextFact = Field(description="What happened, in one or two sentences.")
    root_cause: TextFact = Field(description="The root cause the notes give.")

    # what was and will be done
    actions_taken: list[Item] = Field(description="Steps already taken to mitigate or resolve the incident.")
    next_steps_immediate: list[Item] = Field(description="Follow-up actions for the coming hours or days.")
    next_steps_preventive: list[Item] = Field(description="Longer-term measures to prevent a recurrence.")


# v2 (prompts/extract/v2): what the report needs that v1 could not carry. New fields have defaults so that an
# answer in the v1 shape still reads; the JSON Schema sent to the model requires them all (strict_schema).
IdFact = _fact("IdFact", str | None, "The incident's id or ticket number exactly as written (e.g. INC-4411, #2231); "
                                     "null if the notes give none.")
WindowTime = _fact("WindowTime", str | None, (
    "ISO 8601 time. Include the date the notes give for it (a date stated once, in a heading or at the top, applies "
    "below) and the zone as an offset when the notes state one that applies (a heading 'All times CET', a column "
    "header, a zone after the time); no date or zone the notes do not give. The final value if the notes correct "
    "themselves. Null if not stated."))


class ImpactFigure(_Out):
    label: str = Field(description="What was counted, in a few plain words from the notes: 'bookings lost', 'logins failed'.")
    value: float = Field(description="The number as the notes state it; a share as a percentage (12 for 12%).")
    unit: str = Field(description="'%' for a share, else the counted noun ('bookings') or an ISO 4217 code for money.")
    quote: str = Field(description=QUOTE)


class ExtractedFactsV2(ExtractedFacts):
    """Facts stated in the incident notes. Never infer, estimate or invent: use null or an empty list."""

    incident_id: IdFact = Field(default_factory=lambda: IdFact(value=None, quote=None),
                                description="The incident's id or ticket number.")
    started_at: WindowTime = Field(description=(
        "When customer impact began; if the notes give no earlier sign of impact, the first alert or report."))
    detected_at: WindowTime = Field(description="When it was detected: the first alert, page or report.")
    resolved_at: WindowTime = Field(description=(
        "When customer impact ended (service restored for customers), not when the ticket was closed."))
    other_impact_figures: list[ImpactFigure] = Field(default_factory=list, description=(
        "Other impact figures the notes state: orders or bookings lost, share of requests failing, messages delayed, "
        "refunds. Not the users affected, revenue lost or customer reports above; not error codes, versions or ports."))


class ExtractedFactsV3(ExtractedFactsV2):
    """Facts stated in the incident notes. Never infer, estimate or invent: use null or an empty list."""

    # v3: the report's Start, End and Duration are the incident's (began -> resolved), as postmortems state them
    started_at: WindowTime = Field(description=(
        "When the incident began: the earliest time the notes give for the failure or its effect on users; "
        "null if the notes say the start is not known."))
    resolved_at: WindowTime = Field(description=(
        "When the notes say it was resolved; if they state no resolution, when service was restored."))
    duration_minutes: NumberFact = Field(description=(
        "The incident's length in minutes, only if the notes state it as one figure (not a range, not the time "
        "to detect or repair)."))


class ExtractedFactsV4(ExtractedFactsV3):
    """Facts stated in the incident notes. Never infer, estimate or invent: use null or an empty list."""

    # v4: the window customers were affected, read as the offline engine reads it (a stated window; else the start
    # the notes state or the first failure; the last recovery before closing, the closing after monitoring)
    started_at: WindowTime = Field(description=(
        "When the impact began: the time the notes say it began, else the first failure (or the change that caused "
        "it shortly before); null if the notes say the start is not known."))
    resolved_at: WindowTime = Field(description=(
        "When the impact ended: the last recovery for users before closing (the resolution, if the team kept "
        "monitoring a recovered measure first); if no recovery is stated, the resolution."))


class ExtractedFactsV5(ExtractedFactsV4):
    """Facts stated in the incident notes. Never infer, estimate or invent: use null or an empty list."""

    # v5: the window of the outage the notes are about (not a lesser earlier failure, not later clean-up), and the
    # declared resolution beside the end of impact: postmortems end an incident there, our window ends at recovery
    started_at: WindowTime = Field(description=(
        "When the impact began: the time the notes say the outage began, else the first failure (or the change "
        "that caused it within a few hours before); null if the notes say the start is not known."))
    closed_at: WindowTime = Field(default_factory=lambda: WindowTime(value=None, quote=None), description=(
        "When the notes say the incident was declared resolved or closed; null if they do not say."))


EXTRACTION: dict[str, type[ExtractedFacts]] = {"v1": ExtractedFacts, "v2": ExtractedFactsV2, "v3": ExtractedFactsV3,
                                               "v4": ExtractedFactsV4, "v5": ExtractedFactsV5}


class Draft(_Out):
    """The executive summary, written only from the facts given, in plain language for executives."""

    what_happened: str = Field(description="Two or three plain sentences on what happened and why it mattered.")
    impact_summary: str = Field(
        description="One or two plain sentences on the business impact, using only the figures given.")
    root_cause: str = Field(description="One or two plain sentences on the root cause; empty if the facts give none.")
    actions_taken: list[str] = Field(description="The actions taken, one short plain sentence each.")
    next_steps_immediate: list[str] = Field(description="Immediate next steps, one short plain sentence each.")
    next_steps_preventive: list[str] = Field(description="Preventive measures, one short plain sentence each.")


@lru_cache(maxsize=8)
def strict_schema(model: type[BaseModel]) -> dict:
    """The JSON Schema with $refs inlined, as strict structured output wants it."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node, names=False):
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(defs[node["$ref"].rsplit("/", 1)[-1]])
            if names:  # a "properties" mapping: its keys are field names, not schema keywords
                return {k: inline(v) for k, v in node.items()}
            out = {k: inline(v, names=k == "properties") for k, v in node.items() if k not in ("title", "default")}
            if out.get("type") == "object":
                out["additionalProperties"] = False
                out["required"] = list(out.get("properties", {}))
            return out
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return inline(schema)


@lru_cache(maxsize=8)
def field_guide(model: type[BaseModel]) -> str:
    """One line per field: its shape and its description (the schema's own prompt text)."""
    lines = []
    for name, f in model.model_fields.items():
        inner = getattr(f.annotation, "model_fields", None)
        if inner is None and getattr(f.annotation, "__args__", None):  # list[Item]
            inner = getattr(f.annotation.__args__[0], "model_fields", None)
            shape = "[{" + ", ".join(inner) + "}, ...]" if inner else "[...]"
        else:
            shape = "{" + ", ".join(inner) + "}" if inner else ""
        lines.append(f"- {name}{' ' + shape if shape else ''}: {f.description}")
    return "\n".join(lines)
