"""Delivery routes: each target's state and every attempt for a report; retry the failed targets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from incident_brief.server.deliverylog import DeliveryAttempt, TargetState
from incident_brief.server.deps import StoreDep, author
from incident_brief.server.dispatcher import Dispatcher

router = APIRouter(prefix="/v1", dependencies=[Depends(author)])
ReportId = Annotated[str, Path(max_length=64)]


async def dispatcher_of(request: Request) -> Dispatcher:
    return request.app.state.dispatcher


DispatcherDep = Annotated[Dispatcher, Depends(dispatcher_of)]


class Deliveries(BaseModel):
    report_id: str
    review_state: str
    targets: list[TargetState]  # each configured target: pending | delivered | retrying | failed, and the last error
    attempts: list[DeliveryAttempt]  # the log, oldest first
    retried: list[str] | None = None  # POST .../retry: the targets sent again


def deliveries(store, dispatcher: Dispatcher, report_id: str, retried: list[str] | None = None) -> Deliveries:
    stored = store.get(report_id)
    return Deliveries(report_id=report_id, review_state=stored.review_state, targets=dispatcher.states(report_id),
                      attempts=dispatcher.log.attempts(report_id), retried=retried)


@router.get("/reports/{report_id}/deliveries", response_model=Deliveries,
            summary="Where the approved report was delivered: each target's state and every attempt")
def list_deliveries(report_id: ReportId, store: StoreDep, dispatcher: DispatcherDep) -> Deliveries:
    return deliveries(store, dispatcher, report_id)


@router.post("/reports/{report_id}/deliveries/retry", status_code=202, response_model=Deliveries,
             summary="Deliver the approved report again to each target that failed (in the background)")
def retry_deliveries(report_id: ReportId, request: Request, store: StoreDep, dispatcher: DispatcherDep) -> Deliveries:
    retried = dispatcher.retry(report_id, str(request.base_url))
    return deliveries(store, dispatcher, report_id, retried)
