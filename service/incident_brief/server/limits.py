"""Connection limits for `serve`: uvicorn's h11 protocol with a deadline for each request head and a cap on open
connections, so idle or slow sockets cannot hold the service's file descriptors.

uvicorn's own `timeout_keep_alive` only runs between requests: a socket that connects and sends nothing (or sends a
head one byte at a time) is kept forever. Here every connection must deliver a complete request head within
`header_timeout` seconds of connecting (or of its previous response), and connections beyond `max_connections` are
closed as soon as they are accepted."""

from __future__ import annotations

import asyncio

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from incident_brief.settings import Settings


class GuardedH11(H11Protocol):
    header_timeout: float = 10.0
    max_connections: int = 200

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.abort()  # connection_lost removes it from the set
            return
        self._arm()

    def _arm(self) -> None:
        self._head_deadline = self.loop.call_later(self.header_timeout, self._expire, self.cycle)

    def _disarm(self) -> None:
        deadline = getattr(self, "_head_deadline", None)
        if deadline is not None:
            deadline.cancel()
            self._head_deadline = None

    def _expire(self, cycle_when_armed) -> None:
        # no new request head since the deadline was set: the cycle object is replaced on every request
        if self.cycle is cycle_when_armed and not self.transport.is_closing():
            self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def protocol_for(settings: Settings) -> type[GuardedH11]:
    """The protocol class with this configuration's limits (uvicorn instantiates it per connection)."""
    return type("ConfiguredH11", (GuardedH11,), {"header_timeout": settings.header_timeout,
                                                 "max_connections": settings.max_connections})


def config_options(settings: Settings) -> dict:
    """uvicorn's options for these limits (besides the protocol class, which is built where it runs)."""
    return {"log_config": None, "access_log": False, "timeout_keep_alive": max(1, round(settings.keep_alive)),
            "limit_concurrency": settings.max_connections, "h11_max_incomplete_event_size": settings.max_header_bytes,
            "server_header": False}


def uvicorn_config(app, settings: Settings, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, http=protocol_for(settings), **config_options(settings))
