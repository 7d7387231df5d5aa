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


class LocalServer:
    """A ThreadingHTTPServer on a free loopback port, started and stopped as a context manager."""

    def _listen(self, handler) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.root = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = f"{self.root}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class ScriptedServer(LocalServer):
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

        self._listen(Handler)

    def _next(self, body: dict) -> dict:
        action = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        return action(body) if callable(action) else action


def stage(body: dict) -> str:
    system = body["messages"][0]["content"]
    return "extract" if system.startswith("You extract facts") else "draft"


class FakeBatchAPI(LocalServer):
    """A real local HTTP server speaking the OpenAI Files and Batch APIs.

    A batch's requests are answered by `responder(body) -> (status_code, chat completion body)`; the batch reports
    `in_progress` on its first poll and `completed` after. Everything received is kept for assertions.
    """

    def __init__(self, responder):
        self.responder = responder
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict] = {}
        self.polls: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, payload, raw=False):
                data = payload if raw else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream" if raw else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.endswith("/files"):
                    fid = f"file-{len(server.files) + 1}"
                    server.files[fid] = server._multipart_file(body, self.headers["Content-Type"])
                    return self._send(200, server._file(fid, "batch"))
                if self.path.endswith("/batches"):
                    req = json.loads(body)
                    bid = f"batch_{len(server.batches) + 1}"
                    out_lines = []
                    for line in server.files[req["input_file_id"]].decode().splitlines():
                        row = json.loads(line)
                        status, resp = server.responder(row["body"])
                        out_lines.append(json.dumps({"id": f"r-{row['custom_id']}", "custom_id": row["custom_id"],
                                                     "response": {"status_code": status, "request_id": "x", "body": resp},
                                                     "error": None}))
                    out = f"file-out-{bid}"
                    server.files[out] = ("\n".join(out_lines) + "\n").encode()
                    server.batches[bid] = {"request": req, "output": out, "count": len(out_lines)}
                    return self._send(200, server._batch(bid, "validating"))
                self._send(404, {"error": {"message": "no route"}})

            def do_GET(self):
                parts = self.path.split("?")[0].strip("/").split("/")
                if parts[-2] == "batches":
                    bid = parts[-1]
                    server.polls[bid] = server.polls.get(bid, 0) + 1
                    return self._send(200, server._batch(bid, "completed" if server.polls[bid] > 1 else "in_progress"))
                if parts[-1] == "content":
                    return self._send(200, server.files[parts[-2]], raw=True)
                self._send(404, {"error": {"message": "no route"}})

        self._listen(Handler)

    @staticmethod
    def _multipart_file(body: bytes, ctype: str) -> bytes:
        boundary = ctype.split("boundary=")[1].strip('"').encode()
        for part in body.split(b"--" + boundary):
            if b'name="file"' in part:
                return part.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0]
        raise ValueError("no file part")

    def _file(self, fid: str, purpose: str) -> dict:
        return {"id": fid, "object": "file", "bytes": len(self.files[fid]), "created_at": 0,
                "filename": "batch.jsonl", "purpose": purpose, "status": "processed"}

    def _batch(self, bid: str, status: str) -> dict:
        b = self.batches[bid]
        done = status == "completed"
        return {"id": bid, "object": "batch", "endpoint": "/v1/chat/completions", "completion_window": "24h",
                "input_file_id": b["request"]["input_file_id"], "status": status, "created_at": 0,
                "output_file_id": b["output"] if done else None, "error_file_id": None,
                "request_counts": {"total": b["count"], "completed": b["count"] if done else 0, "failed": 0}}


class Hold:
    """A scripted action that holds every request until `release` is set, then answers with `answer(body)`.

    `wait_held(n)` blocks until n requests are being held at once: proof that n calls are in flight together.
    """

    def __init__(self, answer):
        self.answer = answer
        self.release = threading.Event()
        self._cond = threading.Condition()
        self.held = self.peak = 0

    def __call__(self, body: dict) -> dict:
        with self._cond:
            self.held += 1
            self.peak = max(self.peak, self.held)
            self._cond.notify_all()
        self.release.wait(timeout=120)
        with self._cond:
            self.held -= 1
        return self.answer(body)

    def wait_held(self, n: int, timeout: float = 60) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.held >= n, timeout)
