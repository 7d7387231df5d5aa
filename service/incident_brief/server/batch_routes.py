"""Batches through the HTTP API: POST /v1/batches, GET /v1/batches/{id}."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from incident_brief.server.app import Author, author, settings_of, store_of
from incident_brief.errors import InputError

router = APIRouter(prefix="/v1", dependencies=[Depends(author)])


class BatchItemIn(BaseModel):
    notes: str | None = Field(default=None, description="Incident notes for one report.")
    timeline: dict | None = Field(default=None, description="Or a JSON timeline.")
    incident_id: str | None = Field(default=None, max_length=100)
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
    status: Literal["running", "done"]
    total: int
    counts: dict[str, int]
    created_at: datetime
    items: list[BatchItemOut]


def _batch_out(data: dict) -> BatchOut:
    counts = {k: sum(1 for i in data["items"] if i["status"] == k) for k in ("pending", "ok", "failed")}
    return BatchOut(id=data["id"], status=data["status"], total=data["total"], counts=counts,
                    created_at=data["created_at"], items=[BatchItemOut(**i) for i in data["items"]])


@router.post("/batches", status_code=202, response_model=BatchOut, summary="Summarize many notes in the background")
def create_batch(body: BatchIn, request: Request, who: Author) -> BatchOut:
    from incident_brief.server import batches

    for i, item in enumerate(body.items):
        if (item.notes is None) == (item.timeline is None):
            raise InputError(f"items.{i}: give exactly one of 'notes' or 'timeline'")
    bid = batches.start(store_of(request), [i.model_dump() for i in body.items], who, settings_of(request))
    return _batch_out(store_of(request).batch(bid))


@router.get("/batches/{batch_id}", response_model=BatchOut, summary="A batch and the status of each item")
def get_batch(batch_id: str, request: Request) -> BatchOut:
    return _batch_out(store_of(request).batch(batch_id))
