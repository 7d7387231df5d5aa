"""Local receivers for the delivery tests: a real HTTP server on a 127.0.0.1 port answering from a script, and a
real SMTP server (aiosmtpd) keeping every message it is sent."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class HttpReceiver:
    """Answers POSTs with the next status of `script` (its last one once it runs out), or with what `judge` says
    about the request; `hold` (when set) keeps each answer back until the test releases it."""

    script: list[int] = field(default_factory=lambda: [200])
    judge: Callable[[Received], int] | None = None
    hold: threading.Event | None = None
    received: list[Received] = field(default_factory=list)

    def __enter__(self) -> "HttpReceiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                got = Received({k.lower(): v for k, v in self.headers.items()},
                               self.rfile.read(int(self.headers.get("Content-Length", 0))))
                receiver.received.append(got)
                if receiver.hold is not None:
                    receiver.hold.wait(30)  # released by the test; 30 s only guards a broken test from hanging
                status = receiver.judge(got) if receiver.judge else receiver.next_status()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"no_service")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def next_status(self) -> int:
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __exit__(self, *exc) -> None:
        if self.hold is not None:
            self.hold.set()
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """aiosmtpd handler: every message accepted, kept parsed (with its envelope recipients)."""

    def __init__(self, replies: list[str] | None = None):
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.replies = replies or ["250 OK"]  # answers to DATA in turn (the last one once they run out)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if reply.startswith("250"):
            self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return reply


class SmtpReceiver:
    def __init__(self, replies: list[str] | None = None):
        self.replies = replies

    def __enter__(self) -> "SmtpReceiver":
        self.mailbox, self.port = Mailbox(self.replies), free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
