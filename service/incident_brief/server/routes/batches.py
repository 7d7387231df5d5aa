"""Batches through the HTTP API: POST /v1/batches, GET /v1/batches/{id}."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from incident_brief.errors import InputError
from incident_brief.server import batches
from incident_brief.server.deps import Author, GatewayDep, SettingsDep, StoreDep, author
from incident_brief.server.models import BatchIn, BatchOut, batch_out

router = APIRouter(prefix="/v1", dependencies=[Depends(author)])


@router.post("/batches", status_code=202, response_model=BatchOut, summary="Summarize many notes in the background")
def create_batch(body: BatchIn, who: Author, store: StoreDep, settings: SettingsDep, gateway: GatewayDep) -> BatchOut:
    for i, item in enumerate(body.items):
        if (item.notes is None) == (item.timeline is None):
            raise InputError(f"items.{i}: give exactly one of 'notes' or 'timeline'")
    bid = batches.start(store, [i.model_dump() for i in body.items], who, settings, gateway)
    return batch_out(store.batch(bid))


@router.get("/batches/{batch_id}", response_model=BatchOut, summary="A batch and the status of each item")
def get_batch(batch_id: str, store: StoreDep) -> BatchOut:
    return batch_out(store.batch(batch_id))
