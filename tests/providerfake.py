"""A real local HTTP server that records exactly what a provider would receive (method, path, query, headers, body)
and answers every POST with a chat completion chosen by `decide(body) -> content`. Any path is answered, so the
Azure deployment path and the `/v1` path of OpenAI-compatible servers are both seen as sent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from .fakeserver import LocalServer, completion


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names lower-cased
    body: dict


class RecordingServer(LocalServer):
    def __init__(self, decide):
        self.decide = decide
        self.received: list[Received] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.loads(raw or b"{}")
                parts = urlsplit(self.path)
                server.received.append(Received("POST", parts.path, parse_qs(parts.query),
                                                {k.lower(): v for k, v in self.headers.items()}, body))
                data = json.dumps(completion(server.decide(body))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._listen(Handler)
