"""Route dependencies: the app's store and settings, and the caller (API key holder or signed-in web session).

All `async` and non-blocking (attribute reads, constant-time compares), so they never take a worker thread."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from incident_brief.settings import Settings
from incident_brief.server.jobs import Jobs
from incident_brief.server.session import Sessions
from incident_brief.server.store import Store

bearer = HTTPBearer(auto_error=False, description="An API key from INCIDENT_BRIEF_API_KEYS, when the service has keys.")


async def store_of(request: Request) -> Store:
    return request.app.state.store


async def jobs_of(request: Request) -> Jobs:
    return request.app.state.jobs


async def settings_of(request: Request) -> Settings:
    return request.app.state.settings


async def gateway_of(request: Request):
    """The app's one model gateway, or None when no model is configured."""
    return request.app.state.gateway


def caller(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str | None:
    """The key holder's name from a Bearer key or a signed web session; "anonymous" when the service has no keys;
    None when keys are set and neither is valid."""
    sessions: Sessions = request.app.state.sessions
    if not sessions.required:
        return "anonymous"
    if credentials is not None:
        return sessions.holder_of_key(credentials.credentials.strip())
    return sessions.holder(request)


async def author(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    """The caller: the name of the API key presented (or of the signed-in web session), or anonymous when the
    service has no keys."""
    name = caller(request, credentials)
    if name is None:
        raise HTTPException(401, "a valid API key is required: Authorization: Bearer <key>",
                            headers={"WWW-Authenticate": "Bearer"})
    return name


Author = Annotated[str, Depends(author)]
StoreDep = Annotated[Store, Depends(store_of)]
SettingsDep = Annotated[Settings, Depends(settings_of)]
JobsDep = Annotated[Jobs, Depends(jobs_of)]
GatewayDep = Annotated[object, Depends(gateway_of)]
