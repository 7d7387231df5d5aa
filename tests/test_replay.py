"""The replay endpoint (eval/replay.py): a real local HTTP server answering the engine's exact requests from
files, tested through the real openai SDK and the gateway; a request with no answer is written to pending/."""

import importlib.util
import json
import sys
from pathlib import Path

import openai
import pytest

from incident_brief.engines import summarize
from incident_brief.ingest import from_text
from incident_brief.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("replay", ROOT / "eval" / "replay.py")
replay = importlib.util.module_from_spec(_spec)
sys.modules["replay"] = replay
_spec.loader.exec_module(replay)

NOTES = ("Checkout outage, 2025-05-12 (all times UTC)\nSeverity: SEV2\n"
         "09:14 alerts: checkout-api returned errors\n09:52 rollback finished, checkout-api recovered\n"
         "About 1,200 customers could not pay.\nCause: a bad config push to checkout-api.\n")


def q(value, quote):
    return {"value": value, "quote": quote}


FACTS = {
    "title": q("Checkout outage", "Checkout outage"), "status": q("resolved", "checkout-api recovered"),
    "severity": q("SEV2", "Severity: SEV2"),
    "started_at": q("2025-05-12T09:14:00Z", "09:14 alerts: checkout-api returned errors"),
    "detected_at": q("2025-05-12T09:14:00Z", "09:14 alerts"),
    "resolved_at": q("2025-05-12T09:52:00Z", "09:52 rollback finished, checkout-api recovered"),
    "duration_minutes": q(None, None),
    "affected_services": [{"name": "checkout-api", "quote": "checkout-api returned errors"}],
    "users_affected": q(1200, "About 1,200 customers could not pay."),
    "revenue_impact": {"amount": None, "currency": None, "quote": None}, "customer_reports": q(None, None),
    "what_happened": q("Checkout failed for about 38 minutes.", "checkout-api returned errors"),
    "root_cause": q("A bad configuration change to checkout-api.", "Cause: a bad config push to checkout-api."),
    "actions_taken": [{"text": "Rolled back the change.", "quote": "rollback finished"}],
    "next_steps_immediate": [], "next_steps_preventive": [],
}
DRAFT = {
    "what_happened": "Customers could not pay at checkout on 12 May because checkout-api returned errors.",
    "impact_summary": "About 1,200 customers could not pay.",
    "root_cause": "A bad configuration change to checkout-api.",
    "actions_taken": ["The change was undone."], "next_steps_immediate": [], "next_steps_preventive": [],
}


def settings(url: str) -> Settings:
    return Settings(openai_base_url=url, openai_api_key="replay", model="reference", llm_timeout=10, llm_max_retries=0)


def fill(folder: Path, content: dict) -> list[str]:
    """Write `content` into every pending template, as an author would, and accept them."""
    for path in (folder / "pending").glob("*.answer.json"):
        data = json.loads(path.read_text())
        data["content"] = content
        path.write_text(json.dumps(data))
    return replay.Answers(folder).accept()


def test_a_request_without_an_answer_is_pending_with_a_template_and_a_clear_404(tmp_path):
    with replay.ReplayServer(tmp_path) as server:
        client = openai.OpenAI(base_url=server.url, api_key="x", max_retries=0)
        body = {"model": "m", "messages": [{"role": "user", "content": "hi"}],
                "response_format": {"type": "json_schema", "json_schema": {"name": "A", "strict": True, "schema": {
                    "type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "array"}}}}}}
        with pytest.raises(openai.NotFoundError) as err:
            client.chat.completions.create(**body)
        key = replay.request_key(body)
        assert f"no reference answer for request {key}" in str(err.value) and "accept" in str(err.value)
        assert json.loads((tmp_path / "pending" / f"{key}.request.json").read_text()) == body
        assert json.loads((tmp_path / "pending" / f"{key}.answer.json").read_text()) == {
            "key": key, "content": {"a": None, "b": []}}
        assert replay.Answers(tmp_path).accept() == []  # an unfilled template is not an answer
        fill(tmp_path, {"a": "yes", "b": []})
        answer = client.chat.completions.create(**body)
        assert json.loads(answer.choices[0].message.content) == {"a": "yes", "b": []}
        changed = {**body, "messages": [{"role": "user", "content": "hi!"}]}  # a prompt that changed
        with pytest.raises(openai.NotFoundError):
            client.chat.completions.create(**changed)
        assert (tmp_path / "pending" / f"{replay.request_key(changed)}.request.json").exists()


def test_the_engine_runs_on_reference_answers_written_stage_by_stage(tmp_path):
    source = from_text(NOTES, name="checkout.md")
    with replay.ReplayServer(tmp_path) as server:
        first = summarize(source, engine="llm", settings=settings(server.url))
        assert first.engine.fallback and len(set(server.missing)) == 1  # the extraction is pending
        assert len(fill(tmp_path, FACTS)) == 1
        second = summarize(source, engine="llm", settings=settings(server.url))
        assert second.engine.fallback is None and second.engine.fallback_sections  # the draft is pending now
        assert len(fill(tmp_path, DRAFT)) == 1
        third = summarize(source, engine="llm", settings=settings(server.url))
    assert third.engine.fallback is None and third.engine.fallback_sections == [] and third.engine.repaired_sections == []
    assert third.what_happened == DRAFT["what_happened"]
    assert third.impact.users_affected == 1200 and third.affected_services == ["checkout-api"]
    assert third.started_at.isoformat().startswith("2025-05-12T09:14")
    assert not list((tmp_path / "pending").glob("*"))
