"""Structured JSON logs with a request id. Never the notes' content, never a key: only what happened and how long.

Exceptions are logged by type only (their text can quote notes or a stored report); repeated identical warnings are
rate-limited per kind, so a flood (e.g. a full file table) writes a few lines a second, not megabytes."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
import uuid

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_FIELDS = ("method", "path", "status", "ms", "report_id", "engine", "error_kind", "suppressed")
# the loggers `serve` routes through our handler: ours, uvicorn's, and asyncio's (accept errors, task errors)
LOGGERS = ("incident_brief", "uvicorn", "uvicorn.error", "asyncio")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
                 "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage(),
                 "request_id": getattr(record, "request_id", None) or request_id.get()}
        entry.update({k: getattr(record, k) for k in _FIELDS if hasattr(record, k)})
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None  # the type, not the text
        return json.dumps(entry, ensure_ascii=False)


class RateLimit(logging.Filter):
    """At most `burst` records a second per kind (logger, level, message template) for warnings and above; the
    number dropped is reported on the next record of that kind that passes (`suppressed`). Access lines pass."""

    def __init__(self, burst: int = 5, clock=time.monotonic):
        super().__init__()
        self.burst, self.clock = burst, clock
        self.seen: dict[tuple, list] = {}  # kind -> [second, passed, suppressed]

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        now, kind = int(self.clock()), (record.name, record.levelno, str(record.msg)[:200])
        if len(self.seen) > 1000:
            self.seen.clear()
        second, passed, suppressed = self.seen.get(kind, (now, 0, 0))
        if second != now:
            second, passed = now, 0
        if passed >= self.burst:
            self.seen[kind] = [second, passed, suppressed + 1]
            return False
        if suppressed:
            record.suppressed = suppressed
        self.seen[kind] = [second, passed + 1, 0]
        return True


def configure(level: str = "INFO", burst: int = 5, stream=None) -> logging.Handler:
    """JSON lines on stderr for our loggers and the server's (uvicorn, asyncio), rate-limited; returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RateLimit(burst))
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
    logging.getLogger("incident_brief").setLevel(level)
    logging.getLogger("uvicorn.error").setLevel("WARNING")
    return handler


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
