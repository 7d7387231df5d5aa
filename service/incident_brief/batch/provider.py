"""`--via batch-api`: the same LLM engine, its model calls answered by the provider's Batch API.

Half the price, a 24-hour window. Every report is run through the ordinary engine
with a gateway that answers from finished batches; a call it has no answer for
is deferred. Each round sends all deferred calls as one batch (extraction for
every report, then drafting, then repairs), waits for it, and runs again. Answers
are kept in OUTDIR/batch-api-answers.jsonl and the batch in flight in
OUTDIR/batch-api-state.json, so a re-run never pays for a call twice.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from pathlib import Path

from openai.types.chat import ChatCompletion

from incident_brief.errors import IncidentBriefError
from incident_brief.llm.gateway import Gateway, ModelError
from incident_brief.settings import Settings
from incident_brief.batch import manifest, rollup
from incident_brief.batch.inputs import items
from incident_brief.batch.run import Totals, _clean_temporaries, _count, _finished, file_sink

ANSWERS, STATE = "batch-api-answers.jsonl", "batch-api-state.json"


class Deferred(Exception):
    def __init__(self, key: str, body: dict):
        super().__init__(key)
        self.key, self.body = key, body


def request_key(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


class BatchGateway(Gateway):
    def __init__(self, settings: Settings, answers: dict[str, dict]):
        super().__init__(settings)
        self.answers = answers

    def structured(self, stage, messages, model):
        mode = "json_object" if self.settings.structured_output == "json_object" else "json_schema"
        return self._call(stage, messages, model, mode, probing=False)

    def _send(self, body: dict, probing: bool):
        key = request_key(body)
        answer = self.answers.get(key)
        if answer is None:
            raise Deferred(key, body)
        if answer.get("status_code") != 200:
            raise ModelError("server_error" if (answer.get("status_code") or 500) >= 500 else "bad_request",
                             f"batch answer {answer.get('status_code')}: {str(answer.get('error'))[:200]}")
        return ChatCompletion.model_validate(answer["body"])


def _load_answers(outdir: Path) -> dict[str, dict]:
    answers = {}
    path = outdir / ANSWERS
    if path.is_file():
        for line in path.read_text().splitlines():
            try:
                row = json.loads(line)
                answers[row["key"]] = row["answer"]
            except (ValueError, KeyError):
                continue
    return answers


def _collect(gateway: Gateway, batch, outdir: Path, answers: dict) -> None:
    lines = []
    for file_id in (batch.output_file_id, batch.error_file_id):
        if file_id:
            lines += gateway.client.files.content(file_id).text.splitlines()
    with (outdir / ANSWERS).open("a") as fh:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            resp = row.get("response") or {}
            answer = {"status_code": resp.get("status_code", 500), "body": resp.get("body"), "error": row.get("error")}
            answers[row["custom_id"]] = answer
            fh.write(json.dumps({"key": row["custom_id"], "answer": answer}) + "\n")


def _submit(gateway: Gateway, requests: dict[str, dict]) -> str:
    jsonl = "".join(json.dumps({"custom_id": k, "method": "POST", "url": "/v1/chat/completions", "body": b}) + "\n"
                    for k, b in requests.items())
    uploaded = gateway.client.files.create(file=("incident-brief-batch.jsonl", io.BytesIO(jsonl.encode())), purpose="batch")
    batch = gateway.client.batches.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions",
                                          completion_window="24h", metadata={"tool": "incident-brief"})
    return batch.id


def _wait(gateway: Gateway, batch_id: str, poll_seconds: float, say):
    while True:
        batch = gateway.client.batches.retrieve(batch_id)
        if batch.status in ("completed", "failed", "expired", "cancelled"):
            return batch
        counts = batch.request_counts
        say(f"batch {batch_id}: {batch.status}" + (f", {counts.completed}/{counts.total} done" if counts else ""))
        time.sleep(poll_seconds)


def run(spec: str, outdir: Path, fmt: str, settings: Settings, poll_seconds: float = 30.0, say=print) -> Totals:
    from incident_brief.llm.engine import summarize

    outdir.mkdir(parents=True, exist_ok=True)
    _clean_temporaries(outdir)
    answers, done, totals = _load_answers(outdir), _finished(outdir), Totals()
    writer, sink, gateway = manifest.Writer(outdir), file_sink(outdir, fmt), Gateway(settings)
    state_path = outdir / STATE
    started = time.perf_counter()
    try:
        for _ in range(3 + settings.repair_rounds):  # extraction, drafting, repairs, and one to finish
            if state_path.is_file():  # a batch already paid for: collect it, never resubmit
                batch = _wait(gateway, json.loads(state_path.read_text())["batch_id"], poll_seconds, say)
                _collect(gateway, batch, outdir, answers)
                state_path.unlink()
            pending: dict[str, dict] = {}
            for item in items(spec, settings.max_input_bytes):
                if item.key in done:
                    continue
                entry = {"input": item.key}
                try:
                    source = item.load()
                    report = summarize(source, settings, gateway=BatchGateway(settings, answers))
                    entry.update(sink(item, source, report), status="ok", flags=len(report.review_flags),
                                 summary=manifest.summary(report),
                                 prompt_tokens=(report.engine.model_extra or {}).get("prompt_tokens", 0),
                                 completion_tokens=(report.engine.model_extra or {}).get("completion_tokens", 0))
                except Deferred as d:
                    pending[d.key] = d.body
                    continue
                except IncidentBriefError as exc:
                    entry.update(status="failed", error=str(exc))
                writer.write(entry)
                _count(totals, entry)
                done.add(item.key)
            if not pending:
                break
            say(f"submitting {len(pending)} model calls as one batch")
            state_path.write_text(json.dumps({"batch_id": _submit(gateway, pending), "calls": len(pending)}))
    finally:
        writer.close()
    totals.seconds = time.perf_counter() - started
    rollup.write(outdir)
    return totals
