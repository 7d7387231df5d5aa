"""What each audience's rendering holds: typed, so the JSON of every audience has one shape (with `audience`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Audience = Literal["executive", "customer", "engineering"]
AUDIENCES: tuple[str, ...] = ("executive", "customer", "engineering")
DEFAULT: Audience = "executive"


class CustomerUpdate(BaseModel):
    """A status-page style update: what customers saw, when, where things stand, what we do, an apology.
    Only customer words: no internal names, hosts, people, vendors or internal figures."""

    audience: Literal["customer"] = "customer"
    headline: str
    status: str = Field(description="Resolved, Mitigated, Monitoring, Investigating or Update.")
    experienced: str = Field(description="What customers experienced.")
    when: str = Field(description="When, with the time zone (or a note that the notes give none).")
    current_status: str
    doing: str = Field(description="What we are doing about it.")
    apology: str
    drafted_by: str = Field(default="offline", description="offline (composed from the facts) or llm.")


class TimelineEntry(BaseModel):
    label: str = Field(description="Started, Detected, Mitigated or Resolved.")
    at: str = Field(description="The time with its zone, as the report holds it.")


class ActionItem(BaseModel):
    action: str
    owner: str = Field(description="As the notes state it, else the not-stated text.")
    due: str = Field(description="As the notes state it, else the not-stated text.")
    kind: Literal["immediate", "preventive"] = "immediate"


class EngineeringBrief(BaseModel):
    """The technical write-up: terms kept, key timeline, root cause with contributing factors, owned action items."""

    audience: Literal["engineering"] = "engineering"
    incident_id: str | None = None
    title: str
    status: str
    severity: str
    summary: str
    services: list[str] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    time_to_detect: str
    time_to_resolve: str
    root_cause: str
    contributing_factors: list[str] = Field(default_factory=list)
    actions_taken: list[str] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    contact: str
    drafted_by: str = Field(default="offline", description="offline (composed from the facts) or llm.")
