"""Every error as one JSON problem-details shape (RFC 9457), mapped in one place; a byte-counting body limit."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from incident_brief.errors import IncidentBriefError, InputTooLargeError

log = logging.getLogger("incident_brief.http")
PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status, "detail": detail, **extra},
                        status_code=status, media_type=PROBLEM)


def invalid_fields(errors) -> list[dict]:
    """Validation errors (FastAPI's or pydantic's) as field and message, the field a dotted path in the body."""
    return [{"field": ".".join(str(p) for p in e["loc"] if p != "body") or "body", "message": e["msg"]} for e in errors]


def validation_detail(errors: list[dict]) -> str:
    """The one-line detail of a 422: the API's problem and the web page's message say the same."""
    return "; ".join(f"{e['field']}: {e['message']}" for e in errors)


def install(app: FastAPI) -> None:
    @app.exception_handler(IncidentBriefError)
    async def _ours(request: Request, exc: IncidentBriefError):
        return problem(exc.http_status, exc.title, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = invalid_fields(exc.errors())
        return problem(422, "Unprocessable input", validation_detail(errors), errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        titles = {401: "Unauthorized", 404: "Not found", 405: "Method not allowed", 415: "Unsupported media type"}
        response = problem(exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail))
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.error("unhandled error on %s %s", request.method, request.url.path,
                  extra={"error_kind": type(exc).__name__})  # the type only: messages can quote the notes
        return problem(500, "Internal error", "the server could not complete this request; it has been logged")


INTERNAL = (b'{"type":"about:blank","title":"Internal error","status":500,'
            b'"detail":"the server could not complete this request; it has been logged"}')


class Unhandled:
    """ASGI middleware, inside the request log: any exception a route raises ends here as a 500 problem (which the
    request log then stamps with X-Request-ID), logged by type only, and is not raised further: the server's own
    handler would log the full traceback, whose text can quote a stored report or the notes."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def sending(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:  # noqa: BLE001 - the one place every unexpected error ends
            log.error("unhandled error on %s %s", scope["method"], scope["path"], extra={"error_kind": type(exc).__name__})
            if not started:
                await send({"type": "http.response.start", "status": 500,
                            "headers": [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(INTERNAL)).encode())]})
                await send({"type": "http.response.body", "body": INTERNAL})


class BodyLimit:
    """ASGI middleware: refuse bodies over `limit` bytes (413), counting what arrives, not trusting Content-Length."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(send)
        seen = 0

        async def counting():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise InputTooLargeError(f"the request body is larger than the {self.limit:,}-byte limit")
            return message

        try:
            await self.app(scope, counting, send)
        except InputTooLargeError:
            await self._refuse(send)

    async def _refuse(self, send):
        body = (f'{{"type":"about:blank","title":"Input too large","status":413,'
                f'"detail":"the request body is larger than the {self.limit:,}-byte limit"}}').encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
