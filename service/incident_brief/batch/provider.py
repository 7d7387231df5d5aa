"""`--via batch-api`: the same LLM engine, its model calls answered by the provider's Batch API.

Half the price, a 24-hour window. Every report is an engine `Run` that says
which model requests it needs next. Round by round, every report's pending
requests go out as one batch (identical requests once: extraction for every
report, then drafting, then repairs); the answers are fed back and the runs
advance; a finished run's report is written. Answers are kept in
OUTDIR/batch-api-answers.jsonl and the batch in flight in
OUTDIR/batch-api-state.json, so a re-run never pays for a call twice: on
resume the runs are rebuilt and answered from the saved answers.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass
from pathlib import Path

from openai.types.chat import ChatCompletion

from incident_brief.batch import manifest, rollup
from incident_brief.batch.inputs import Item, items
from incident_brief.batch.outputs import Totals, clean_temporaries, file_sink, finished, ok_entry
from incident_brief.engines import finish
from incident_brief.errors import IncidentBriefError
from incident_brief.ingest import SourceDocument
from incident_brief.llm.engine import Run
from incident_brief.llm.gateway import Answer, Gateway, ModelError
from incident_brief.settings import Settings

ANSWERS, STATE = "batch-api-answers.jsonl", "batch-api-state.json"


@dataclass
class Job:
    item: Item
    source: SourceDocument
    run: Run


def load_answers(outdir: Path) -> dict[str, dict]:
    answers = {}
    path = outdir / ANSWERS
    if path.is_file():
        for line in path.read_text().splitlines():
            try:
                row = json.loads(line)
                answers[row["key"]] = row["answer"]
            except (ValueError, KeyError):
                continue  # a line torn by a kill: that call is asked again
    return answers


def to_answer(saved: dict) -> Answer:
    """A saved batch answer as the gateway's Answer."""
    status = saved.get("status_code")
    if status == 200:
        return Answer(completion=ChatCompletion.model_validate(saved["body"]))
    kind = "server_error" if (status or 500) >= 500 else "bad_request"
    return Answer(error=ModelError(kind, f"batch answer {status}: {str(saved.get('error'))[:200]}"))


def feed(run: Run, answers: dict[str, dict]) -> dict[str, dict]:
    """Answer the run from the saved answers as far as they go; the requests still needed (key -> body)."""
    while True:
        pending = run.pending()
        known = [r for r in pending if r.key in answers]
        if not known:
            return {r.key: r.body for r in pending}
        for req in known:
            run.answer(req.key, to_answer(answers[req.key]))


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


class _Outputs:
    """The manifest, the report files and the totals of one provider batch run."""

    def __init__(self, outdir: Path, fmt: str):
        self.writer, self.sink, self.totals = manifest.Writer(outdir), file_sink(outdir, fmt), Totals()

    def record(self, item: Item, source: SourceDocument | None, run: Run | None, error: str | None = None) -> None:
        entry = {"input": item.key}
        try:
            if error is None:
                report = finish(run.result(), run.settings, run.source.text)
                entry.update(self.sink(item, source, report))
                entry.update(ok_entry(report))
        except IncidentBriefError as exc:
            error = str(exc)
        if error is not None:
            entry.update(status="failed", error=error)
        self.writer.write(entry)
        self.totals.count(entry)


def _start(spec: str, settings: Settings, gateway: Gateway, done: set[str], out: _Outputs) -> list[Job]:
    jobs = []
    for item in items(spec, settings.max_input_bytes):
        if item.key in done:
            continue
        try:
            source = item.load()
            jobs.append(Job(item, source, Run(source, settings, gateway)))
        except IncidentBriefError as exc:
            out.record(item, None, None, str(exc))
    return jobs


def _advance(jobs: list[Job], answers: dict[str, dict], out: _Outputs) -> tuple[list[Job], dict[str, dict]]:
    """Feed every run what is known; write the finished ones; the runs left and the requests they need."""
    left, needed = [], {}
    for job in jobs:
        try:
            wanted = feed(job.run, answers)
        except IncidentBriefError as exc:
            out.record(job.item, job.source, None, str(exc))
            continue
        if wanted:
            left.append(job)
            needed.update(wanted)
        else:
            out.record(job.item, job.source, job.run)
    return left, needed


def run(spec: str, outdir: Path, fmt: str, settings: Settings, poll_seconds: float = 30.0, say=print) -> Totals:
    outdir.mkdir(parents=True, exist_ok=True)
    clean_temporaries(outdir)
    answers, done, gateway = load_answers(outdir), finished(outdir), Gateway(settings)
    out, state_path = _Outputs(outdir, fmt), outdir / STATE
    started = time.perf_counter()
    try:
        jobs = _start(spec, settings, gateway, done, out)
        for _ in range(3 + settings.repair_rounds):  # extraction, drafting, repairs, and one to spare
            if state_path.is_file():  # a batch already paid for: collect it, never resubmit
                batch = _wait(gateway, json.loads(state_path.read_text())["batch_id"], poll_seconds, say)
                _collect(gateway, batch, outdir, answers)
                state_path.unlink()
            jobs, needed = _advance(jobs, answers, out)
            if not needed:
                break
            say(f"submitting {len(needed)} model calls as one batch")
            state_path.write_text(json.dumps({"batch_id": _submit(gateway, needed), "calls": len(needed)}))
    finally:
        out.writer.close()
    out.totals.seconds = time.perf_counter() - started
    rollup.write(outdir)
    return out.totals
