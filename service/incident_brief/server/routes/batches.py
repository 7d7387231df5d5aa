"""Batches through the HTTP API: POST /v1/batches, GET /v1/batches/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from incident_brief.errors import InputError
from incident_brief.server import batches
from incident_brief.server.batchstore import TooManyBatchesError
from incident_brief.server.deps import Author, GatewayDep, SettingsDep, StoreDep, author
from incident_brief.server.models import BatchIn, BatchOut, batch_out
from incident_brief.server.problems import problem

router = APIRouter(prefix="/v1", dependencies=[Depends(author)])
RETRY_AFTER = "30"  # seconds before asking again when the service already runs its limit of batches
_BUSY = {"content": {"application/problem+json": {}}, "headers": {"Retry-After": {"schema": {"type": "integer"}}},
         "description": "As many batches as INCIDENT_BRIEF_MAX_BATCHES allows are running; try again after Retry-After."}


@router.post("/batches", status_code=202, response_model=BatchOut, responses={429: _BUSY},
             summary="Summarize many notes in the background")
def create_batch(body: BatchIn, who: Author, store: StoreDep, settings: SettingsDep,
                 gateway: GatewayDep, request: Request) -> BatchOut | Response:
    for i, item in enumerate(body.items):
        if (item.notes is None) == (item.timeline is None):
            raise InputError(f"items.{i}: give exactly one of 'notes' or 'timeline'")
    try:
        claimer = request.app.state.claimer  # PostgreSQL: this worker's claim threads (None on SQLite)
        bid = batches.start(store, [i.model_dump() for i in body.items], who, settings, gateway,
                            wake=claimer and claimer.wake)
    except TooManyBatchesError as exc:
        response = problem(exc.http_status, exc.title, str(exc))
        response.headers["Retry-After"] = RETRY_AFTER
        return response
    return batch_out(store.batch(bid))


@router.get("/batches/{batch_id}", response_model=BatchOut, summary="A batch and the status of each item")
def get_batch(batch_id: Annotated[str, Path(max_length=64)], store: StoreDep) -> BatchOut:
    return batch_out(store.batch(batch_id))
