"""Route dependencies: the app's store and settings, and the caller (API key holder).

All `async` and non-blocking (attribute reads, a constant-time compare), so they never take a worker thread."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from incident_brief.settings import Settings
from incident_brief.server.jobs import Jobs
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


def holder(keys: dict[str, str], token: str) -> str | None:
    """The name of the key's holder; compares with every key, in constant time each."""
    name = None
    for key, who in keys.items():
        if secrets.compare_digest(token.encode(), key.encode()):
            name = who
    return name


async def author(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    """The caller: the name of the API key presented, or anonymous when the service has no keys."""
    keys = request.app.state.settings.key_names()
    if not keys:
        return "anonymous"
    name = holder(keys, credentials.credentials.strip()) if credentials else None
    if name is None:
        raise HTTPException(401, "a valid API key is required: Authorization: Bearer <key>",
                            headers={"WWW-Authenticate": "Bearer"})
    return name


Author = Annotated[str, Depends(author)]
StoreDep = Annotated[Store, Depends(store_of)]
SettingsDep = Annotated[Settings, Depends(settings_of)]
JobsDep = Annotated[Jobs, Depends(jobs_of)]
GatewayDep = Annotated[object, Depends(gateway_of)]
