"""API documentation served by the service itself: the OpenAPI document and Swagger UI 5 from the fastapi-swagger
package (works offline, no CDN). With API keys set, both need a key (Bearer) or a signed-in web session.
ReDoc has no packaged copy, so /redoc sends readers to /docs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials
from starlette.exceptions import HTTPException

from incident_brief.server.deps import bearer, caller
from incident_brief.server.pages import page

router = APIRouter(include_in_schema=False)
ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css", "favicon-32x32.png": "image/png"}
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _swagger_dir() -> Path:
    import fastapi_swagger.resources

    return Path(fastapi_swagger.resources.__file__).parent


@router.get("/openapi.json")
def openapi(request: Request, credentials: Credentials) -> Response:
    if caller(request, credentials) is None:
        raise HTTPException(401, "a valid API key is required: Authorization: Bearer <key>",
                            headers={"WWW-Authenticate": "Bearer"})
    return JSONResponse(request.app.openapi())


@router.get("/docs")
def docs(request: Request, credentials: Credentials) -> Response:
    if caller(request, credentials) is None:
        return RedirectResponse("/ui/login", status_code=303)
    return page(request, "docs")


@router.get("/redoc")
def redoc() -> Response:
    return RedirectResponse("/docs", status_code=307)


@router.get("/docs/assets/{name}")
def asset(name: str) -> Response:
    if name not in ASSETS:  # a fixed list: no path from the request reaches the file system
        raise HTTPException(404, "no such file")
    return FileResponse(_swagger_dir() / name, media_type=ASSETS[name], headers={"cache-control": "max-age=86400"})
