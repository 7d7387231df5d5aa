"""Structured JSON logs with a request id. Never the notes' content, never a key: only what happened and how long."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
import uuid

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_FIELDS = ("method", "path", "status", "ms", "report_id", "engine", "error_kind")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
                 "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage(),
                 "request_id": getattr(record, "request_id", None) or request_id.get()}
        entry.update({k: getattr(record, k) for k in _FIELDS if hasattr(record, k)})
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None  # the type, not the text
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("incident_brief")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


class RequestLog:
    """ASGI middleware: a request id per request (X-Request-ID in and out), one access line per request."""

    def __init__(self, app):
        self.app = app
        self.log = logging.getLogger("incident_brief.http")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex[:16]
        token = request_id.set(rid)
        started, status = time.perf_counter(), 500

        async def sending(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", rid.encode()))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self.log.info("request", extra={"request_id": rid, "method": scope["method"], "path": scope["path"], "status": status,
                                            "ms": round((time.perf_counter() - started) * 1000, 1)})
            request_id.reset(token)
