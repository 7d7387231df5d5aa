"""The web page's sign-in (when API keys are set) and its static files (scripts and styles: no inline script)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from incident_brief.server.pages import error, form_refused, page, sessions

router = APIRouter(include_in_schema=False)
STATIC = {"copy.js": "text/javascript", "docs.js": "text/javascript"}


@router.get("/ui/login")
def login_form(request: Request) -> Response:
    if not sessions(request).required:
        return RedirectResponse("/", status_code=303)
    return page(request, "login", hours=round(sessions(request).max_age / 3600, 1), failed=False)


@router.post("/ui/login")
def login(request: Request, key: Annotated[str, Form(max_length=4096)] = "",
          csrf: Annotated[str, Form(max_length=4096)] = "") -> Response:
    if (refused := form_refused(request, csrf)) is not None:
        return refused
    if not sessions(request).required:
        return RedirectResponse("/", status_code=303)
    response = RedirectResponse("/", status_code=303)
    if sessions(request).sign_in(response, key.strip()) is None:
        return page(request, "login", 401, hours=round(sessions(request).max_age / 3600, 1), failed=True)
    return response


@router.post("/ui/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=4096)] = "") -> Response:
    if (refused := form_refused(request, csrf)) is not None:
        return refused
    response = RedirectResponse("/ui/login" if sessions(request).required else "/", status_code=303)
    sessions(request).sign_out(response)
    return response


@router.get("/static/{name}")
def static(name: str, request: Request) -> Response:
    from incident_brief.resources import resource_dir

    if name not in STATIC:  # a fixed list: no path from the request reaches the file system
        return error(request, 404, "Not found", "no such file")
    return FileResponse(resource_dir("templates") / "web" / "static" / name, media_type=STATIC[name],
                        headers={"cache-control": "no-cache"})
