"""A replay endpoint: a small local OpenAI-compatible server that answers chat completions from files.

Each answer is a file keyed by a hash of the exact request: its model, messages and response_format
(`request_key`). A request with no answer is written to the pending folder, as the request itself
(`<key>.request.json`) and a template answer to fill in (`<key>.answer.json`, the response schema with every
value null), and is answered 404 with a message naming both files. Nothing is ever guessed.

How to add an answer (a new note, or a prompt that changed and so changed the key):
  1. run the engine against the server:
       python eval/replay.py serve --answers eval/reference --port 8089 &
       OPENAI_BASE_URL=http://127.0.0.1:8089/v1 INCIDENT_BRIEF_MODEL=reference \
         incident-brief summarize NOTES --engine llm
     every request without an answer lands in eval/reference/pending/;
  2. read `<key>.request.json` (the exact prompt) and write the answer a careful model would give into the
     "content" of `<key>.answer.json` (an object following the schema, or a string);
  3. python eval/replay.py accept --answers eval/reference   (moves filled answers into place);
  4. run again: the next stage's requests (the draft after the extraction) become pending; repeat until none.
An answer whose prompt changed is never reused: its key changed, so the request is pending again (the old
answer file is a good start for the new one); delete the old file once nothing asks for it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

KEYED = ("model", "messages", "response_format")


def request_key(body: dict) -> str:
    """The hash of what decides an answer: the model, the messages and the response format, exactly."""
    keyed = {k: body.get(k) for k in KEYED}
    return hashlib.sha256(json.dumps(keyed, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


def skeleton(schema: dict | None):
    """A template answer: every object's properties, every value null, every list empty."""
    if not isinstance(schema, dict):
        return None
    if schema.get("type") == "object" or "properties" in schema:
        return {k: skeleton(v) for k, v in schema.get("properties", {}).items()}
    if schema.get("type") == "array":
        return []
    return None


def _schema_of(body: dict) -> dict | None:
    fmt = body.get("response_format") or {}
    return (fmt.get("json_schema") or {}).get("schema") or fmt.get("schema")


def completion(content: str, model: str) -> dict:
    return {"id": "chatcmpl-replay", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content, "refusal": None}}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}


class Answers:
    """The answer files of one folder, and its pending/ subfolder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.pending = self.folder / "pending"

    def find(self, key: str) -> str | None:
        path = self.folder / f"{key}.json"
        if not path.is_file():
            return None
        content = json.loads(path.read_text(encoding="utf-8")).get("content")
        if content is None:
            return None
        return content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)

    def ask(self, key: str, body: dict) -> tuple[Path, Path]:
        """Write the request and a template answer to pending/ (kept as they are if already there)."""
        self.pending.mkdir(parents=True, exist_ok=True)
        request, answer = self.pending / f"{key}.request.json", self.pending / f"{key}.answer.json"
        if not request.exists():
            request.write_text(json.dumps({k: body.get(k) for k in KEYED}, ensure_ascii=False, indent=1), encoding="utf-8")
        if not answer.exists():
            template = {"key": key, "content": skeleton(_schema_of(body))}
            answer.write_text(json.dumps(template, ensure_ascii=False, indent=1), encoding="utf-8")
        return request, answer

    def accept(self) -> list[str]:
        """Move every filled template (its content has a value other than null) into place."""
        moved = []
        for answer in sorted(self.pending.glob("*.answer.json")) if self.pending.is_dir() else []:
            data = json.loads(answer.read_text(encoding="utf-8"))
            if not _filled(data.get("content")):
                continue
            key = answer.name.removesuffix(".answer.json")
            (self.folder / f"{key}.json").write_text(json.dumps({"content": data["content"]}, ensure_ascii=False,
                                                                indent=1), encoding="utf-8")
            answer.unlink()
            (self.pending / f"{key}.request.json").unlink(missing_ok=True)
            moved.append(key)
        return moved


def _filled(value) -> bool:
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return bool(value)
    return value is not None


class ReplayServer:
    """The server on a loopback port (0: a free one); a context manager, or `serve_forever()`."""

    def __init__(self, folder: Path, port: int = 0, host: str = "127.0.0.1"):
        self.answers = Answers(folder)
        self.missing: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    return self._send(404, _error(f"only /v1/chat/completions is replayed, not {self.path}", "not_found"))
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                key = request_key(body)
                content = server.answers.find(key)
                if content is not None:
                    return self._send(200, completion(content, body.get("model") or "replay"))
                request, answer = server.answers.ask(key, body)
                server.missing.append(key)
                return self._send(404, _error(
                    f"no reference answer for request {key}: the request is in {request}; write its answer in {answer} "
                    f"and run `python eval/replay.py accept --answers {server.answers.folder}`", "no_reference_answer"))

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "ReplayServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def serve_forever(self) -> None:
        self.httpd.serve_forever()


def _error(message: str, code: str) -> dict:
    return {"error": {"message": message, "type": "invalid_request_error", "code": code}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eval/replay.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="answer chat completions from the answer files")
    serve.add_argument("--answers", type=Path, required=True)
    serve.add_argument("--port", type=int, default=8089)
    accept = sub.add_parser("accept", help="move filled answer templates from pending/ into place")
    accept.add_argument("--answers", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "accept":
        moved = Answers(args.answers).accept()
        print(f"{len(moved)} answers moved into {args.answers}")
        return 0
    server = ReplayServer(args.answers, args.port)
    print(f"replaying answers from {args.answers} at {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
