"""Request and response models of the HTTP API (reports and batches)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from incident_brief.schema import MAX_INCIDENT_ID, Report, Severity, Status
from incident_brief.server.store import Stored

Format = Literal["json", "markdown", "html"]
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def has_surrogate(value: Any) -> bool:
    """A lone UTF-16 surrogate anywhere in a string, list or dict (keys too): text no UTF-8 file can hold."""
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(has_surrogate(k) or has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_surrogate(v) for v in value)
    return False


class Input(BaseModel):
    """A request body: text holding a lone surrogate (JSON's "\\ud800") is refused (422) before any work."""

    @model_validator(mode="after")
    def _no_surrogates(self):
        for name in type(self).model_fields:
            if has_surrogate(getattr(self, name)):
                raise ValueError(f"{name}: holds a lone surrogate (\\ud800-\\udfff), which is not text; send valid Unicode")
        return self


class CreateReport(Input):
    """Raw notes, or a JSON timeline (see README, "JSON timeline"); exactly one of the two."""

    notes: str | None = Field(default=None, description="Pasted incident notes: timeline, chat log, postmortem draft.",
                              examples=["14:02 UTC SEV2 payment-api 5xx spike\n14:40 UTC rolled back, resolved"])
    timeline: dict | None = Field(default=None, description="A JSON timeline object instead of notes.")
    incident_id: str | None = Field(default=None, max_length=MAX_INCIDENT_ID)
    contact: str | None = Field(default=None, max_length=300,
                                description="Overrides the notes' contact; INCIDENT_BRIEF_CONTACT is used only when both are missing.")
    language: str | None = Field(default=None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$", description=(
        "Output language (BCP 47, e.g. de, fr-CA): the labels (English, German, Spanish, French) and the LLM engine's "
        "prose; the offline engine writes English prose and flags it. Default: INCIDENT_BRIEF_LANGUAGE (en)."))


class StoredReport(Report):
    id: str
    review_state: Literal["draft", "approved"]
    locked_sections: list[str]
    revision: int
    created_at: datetime
    updated_at: datetime


class RegeneratedReport(StoredReport):
    notice: str | None = Field(default=None, description="Set when nothing changed (and no revision was added), saying why.")


class ReportState(BaseModel):
    """A report still being drafted in the background (POST with `Prefer: respond-async`)."""

    id: str
    state: Literal["pending"] = "pending"
    created_at: datetime
    location: str = Field(description="Poll this URL: 202 while pending, the report (200) when ready, a problem when failed.")


class SectionEdit(Input):
    text: str | list[str] = Field(description="The new text; a list of strings for list sections.",
                                  examples=["Card payments failed for two and a half hours during the flash sale."])


class QuestionAnswer(Input):
    answer: str = Field(description="The answer to a gap question, in the incident lead's words.",
                        examples=["Customer impact ended at 14:20 UTC when the rollback finished."])


class ReportSummary(BaseModel):
    id: str
    title: str | None
    status: Status
    severity: Severity
    review_state: str
    revision: int
    created_at: datetime
    updated_at: datetime


class ReportPage(BaseModel):
    items: list[ReportSummary]
    total: int
    limit: int
    offset: int


class Revision(BaseModel):
    number: int
    created_at: datetime
    author: str
    action: str
    section: str | None
    changes: str | None = Field(default=None, description="A living update's (action `update`): what changed in "
                                "the key facts, e.g. 'since 14:20 UTC: status → resolved; users affected 4,600 "
                                "(was 3,000)'.")


class UpdatedReport(StoredReport):
    changes: str = Field(description="What the update changed in the key facts since the report before it.")


class RevisionDiff(BaseModel):
    report_id: str
    from_revision: int
    to_revision: int
    changed_fields: list[str]
    diff: str = Field(description="Unified diff of the rendered Markdown reports.")


class BatchItemIn(Input):
    notes: str | None = Field(default=None, description="Incident notes for one report.")
    timeline: dict | None = Field(default=None, description="Or a JSON timeline.")
    incident_id: str | None = Field(default=None, max_length=MAX_INCIDENT_ID)
    contact: str | None = Field(default=None, max_length=300)


class BatchIn(BaseModel):
    items: list[BatchItemIn] = Field(min_length=1, max_length=1000,
                                     examples=[[{"notes": "14:02 UTC SEV2 search-api slow\n14:40 UTC resolved"}]])


class BatchItemOut(BaseModel):
    idx: int
    status: Literal["pending", "ok", "failed"]
    report_id: str | None
    error: str | None
    seconds: float | None


class BatchOut(BaseModel):
    id: str
    status: Literal["running", "done", "interrupted"] = Field(
        description="interrupted: the service stopped while it ran; its unfinished items are failed, submit them again.")
    total: int
    counts: dict[str, int]
    created_at: datetime
    items: list[BatchItemOut]


def envelope(stored: Stored) -> StoredReport:
    return StoredReport(**stored.report.model_dump(), id=stored.id, review_state=stored.review_state,
                        locked_sections=stored.locked, revision=stored.revision, created_at=stored.created_at,
                        updated_at=stored.updated_at)


def batch_out(data: dict) -> BatchOut:
    counts = {k: sum(1 for i in data["items"] if i["status"] == k) for k in ("pending", "ok", "failed")}
    return BatchOut(id=data["id"], status=data["status"], total=data["total"], counts=counts,
                    created_at=data["created_at"], items=[BatchItemOut(**i) for i in data["items"]])
