"""A real local HTTP server that plays scripted OpenAI-compatible answers (the network boundary, faked).

Each request to /v1/chat/completions takes the next action from the script
(the last one repeats). Actions:
  {"status": 500, "body": {...}, "headers": {...}}   an HTTP error
  {"sleep": 2.0, ...}                                wait before answering (timeouts)
  {"content": "...", "finish_reason": "stop"}        a chat completion with this message content
  {"refusal": "I can't help with that"}              a refusal
  callable(request_json) -> action                   decide from the request (e.g. extract vs draft)
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def completion(content: str | None, finish_reason: str = "stop", refusal: str | None = None) -> dict:
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake",
            "choices": [{"index": 0, "finish_reason": finish_reason,
                         "message": {"role": "assistant", "content": content, "refusal": refusal}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}}


class ScriptedServer:
    def __init__(self, script: list):
        self.script = list(script)
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(body)
                action = server._next(body)
                if action.get("sleep"):
                    time.sleep(action["sleep"])
                status = action.get("status", 200)
                payload = action.get("body") if status != 200 else completion(
                    action.get("content"), action.get("finish_reason", "stop"), action.get("refusal"))
                data = (payload if isinstance(payload, str) else json.dumps(payload or {})).encode()
                try:
                    self.send_response(status)
                    for k, v in {"Content-Type": "application/json", **action.get("headers", {})}.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _next(self, body: dict) -> dict:
        action = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        return action(body) if callable(action) else action

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def stage(body: dict) -> str:
    system = body["messages"][0]["content"]
    return "extract" if system.startswith("You extract facts") else "draft"
