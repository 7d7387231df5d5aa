"""POST /v1/reports with `Prefer: respond-async`: 202 + Location, then the report or a failed state."""

import pytest
from fastapi.testclient import TestClient

from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import EXAMPLES

NOTES = (EXAMPLES / "payment-outage.md").read_text()
ASYNC = {"Prefer": "respond-async"}


def settle(client, location: str):
    for _ in range(2000):
        r = client.get(location)
        if r.status_code != 202:
            return r
        assert r.json()["state"] == "pending"
    raise AssertionError("still pending")


def test_offline_async_create_gives_the_same_report_as_the_synchronous_path(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}"))) as c:
        r = c.post("/v1/reports", json={"notes": NOTES, "incident_id": "INC-9"}, headers=ASYNC)
        assert r.status_code == 202 and r.headers["preference-applied"] == "respond-async"
        ready = settle(c, r.headers["location"])
        sync = c.post("/v1/reports", json={"notes": NOTES, "incident_id": "INC-9"})
        assert ready.status_code == 200 and sync.status_code == 201
        drop = {"id", "created_at", "updated_at", "generated_at"}
        assert {k: v for k, v in ready.json().items() if k not in drop} == {
            k: v for k, v in sync.json().items() if k not in drop}
        assert c.get("/v1/reports").json()["total"] == 2
        assert c.get(f"{r.headers['location']}/revisions").json()[0]["action"] == "create"


def test_bad_input_is_refused_before_anything_is_accepted(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}"))) as c:
        r = c.post("/v1/reports", json={"notes": "  "}, headers=ASYNC)
        assert r.status_code == 422 and "location" not in r.headers


@pytest.mark.parametrize("prefer", ["respond-async", "wait=5, respond-async", "RESPOND-ASYNC; x=1"])
def test_prefer_header_forms(tmp_path, prefer):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}"))) as c:
        assert c.post("/v1/reports", json={"notes": NOTES}, headers={"Prefer": prefer}).status_code == 202
        assert c.post("/v1/reports", json={"notes": NOTES}, headers={"Prefer": "return=minimal"}).status_code == 201


def test_a_failed_draft_is_a_failed_state_with_the_problem_never_a_traceback(tmp_path):
    # the engine cannot start (an unknown token encoding): the synchronous path answers 503, so must the poll
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}", openai_base_url="http://127.0.0.1:9/v1",
                        openai_api_key="k", tokenizer="no-such-encoding")
    with TestClient(create_app(settings)) as c:
        sync = c.post("/v1/reports", json={"notes": NOTES})
        r = c.post("/v1/reports", json={"notes": NOTES}, headers=ASYNC)
        assert r.status_code == 202
        failed = settle(c, r.headers["location"])
        body = failed.json()
        assert failed.status_code == sync.status_code == 503
        assert failed.headers["content-type"].startswith("application/problem+json")
        assert body["state"] == "failed" and body["id"] == r.json()["id"]
        assert body["detail"] == sync.json()["detail"] and "no-such-encoding" in body["detail"]
        assert "Traceback" not in failed.text
        assert c.get("/v1/reports").json()["total"] == 0
        assert c.get(f"{r.headers['location']}/revisions").status_code == 404


def test_openapi_documents_the_202(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}"))) as c:
        spec = c.get("/openapi.json").json()
    post = spec["paths"]["/v1/reports"]["post"]
    assert "202" in post["responses"] and "Location" in post["responses"]["202"]["headers"]
    assert any(p["name"] == "prefer" for p in post["parameters"])
    assert "202" in spec["paths"]["/v1/reports/{report_id}"]["get"]["responses"]


def test_shutdown_finishes_running_drafts_and_marks_queued_ones_failed(tmp_path):
    import json
    import threading

    from incident_brief.ingest import from_text
    from incident_brief.server.jobs import Jobs
    from incident_brief.server.store import Store

    from .fakeserver import Hold, ScriptedServer, stage
    from .test_llm_faults import GOOD_DRAFT, facts

    hold = Hold(lambda body: {"content": json.dumps(facts() if stage(body) == "extract" else GOOD_DRAFT)})
    with ScriptedServer([hold]) as model:
        settings = Settings(openai_base_url=model.url, openai_api_key="k", model="m", llm_max_retries=0)
        store = Store(f"sqlite:///{tmp_path / 'j.db'}")
        jobs = Jobs(store, workers=1)
        source = from_text(NOTES, "notes", as_json=False)
        running, queued = (jobs.submit(source, settings, "alice", None, None)["id"] for _ in range(2))
        assert hold.wait_held(1)
        stopping = threading.Thread(target=jobs.shutdown)
        stopping.start()
        while store.job(queued)["state"] == "pending":  # the queued draft is dropped before the running one ends
            assert stopping.is_alive() or store.job(queued)["state"] == "failed"
        hold.release.set()
        stopping.join(120)
    assert store.job(running) is None and store.get(running).report.engine.name == "llm"
    failed = store.job(queued)
    assert failed["state"] == "failed" and failed["error_status"] == 503 and "send the notes again" in failed["error_detail"]
