"""The server never stalls: a real uvicorn server, a local model held on an Event (no timing in the assertions)."""

import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from incident_brief.settings import Settings

from .conftest import EXAMPLES
from .fakeserver import Hold, ScriptedServer, stage
from .liveserver import LiveApp
from .test_llm_faults import GOOD_DRAFT, facts

NOTES = (EXAMPLES / "payment-outage.md").read_text()


def good(body: dict) -> dict:
    return {"content": json.dumps(facts() if stage(body) == "extract" else GOOD_DRAFT)}


@pytest.fixture
def held(tmp_path):
    """A live service whose model holds every call until `hold.release` is set."""
    hold = Hold(good)
    with ScriptedServer([hold]) as model:
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'live.db'}", openai_base_url=model.url,
                            openai_api_key="k", model="m", llm_timeout=120, llm_max_retries=0)
        try:
            with LiveApp(settings) as app:
                yield app, hold, model
        finally:
            hold.release.set()


def post(url: str, **kw) -> httpx.Response:
    return httpx.post(url + "/v1/reports", json={"notes": NOTES}, timeout=120, **kw)


def test_healthz_answers_while_a_create_is_blocked_on_the_model(held):
    app, hold, _ = held
    with ThreadPoolExecutor(1) as pool:
        create = pool.submit(post, app.url)
        assert hold.wait_held(1), "the create reached the model"
        for _ in range(5):
            r = httpx.get(app.url + "/healthz", timeout=30)
            assert r.status_code == 200 and r.json()["status"] == "ok"
            assert httpx.get(app.url + "/v1/reports", timeout=30).status_code == 200
        assert not create.done(), "the create is still waiting on the model while the server answers"
        hold.release.set()
        r = create.result(timeout=120)
    assert r.status_code == 201 and r.json()["engine"]["name"] == "llm"


def test_eight_model_backed_creates_are_in_flight_at_once(held):
    app, hold, model = held
    with ThreadPoolExecutor(8) as pool:
        creates = [pool.submit(post, app.url) for _ in range(8)]
        assert hold.wait_held(8), f"only {hold.held} of 8 creates reached the model together"
        hold.release.set()
        results = [c.result(timeout=120) for c in creates]
    assert [r.status_code for r in results] == [201] * 8
    assert hold.peak == 8 and len({r.json()["id"] for r in results}) == 8
    assert httpx.get(app.url + "/v1/reports", timeout=30).json()["total"] == 8


def poll(url: str, rid: str) -> httpx.Response:
    for _ in range(600):
        r = httpx.get(f"{url}/v1/reports/{rid}", timeout=30)
        if r.status_code != 202:
            return r
        assert r.json()["state"] == "pending" and r.headers["retry-after"].isdigit()
        hold_on = httpx.get(url + "/healthz", timeout=30)  # a real request between polls instead of a sleep
        assert hold_on.status_code == 200
    raise AssertionError("the report never left the pending state")


SAME = {"id", "created_at", "updated_at", "generated_at", "engine"}  # what differs between two drafts of one note


def test_respond_async_answers_202_with_a_location_and_the_report_appears_there(held):
    app, hold, _ = held
    r = post(app.url, headers={"Prefer": "respond-async"})
    assert r.status_code == 202, r.text
    rid = r.json()["id"]
    assert r.headers["location"] == f"/v1/reports/{rid}" and r.headers["preference-applied"] == "respond-async"
    assert r.json()["state"] == "pending"
    assert hold.wait_held(1), "the background draft reached the model"
    pending = httpx.get(app.url + r.headers["location"], timeout=30)
    assert pending.status_code == 202 and pending.json() == r.json() and pending.headers["retry-after"]
    assert httpx.get(app.url + "/v1/reports", timeout=30).json()["total"] == 0, "a pending report is not listed"
    edit = httpx.patch(f"{app.url}/v1/reports/{rid}/sections/title", json={"text": "x"}, timeout=30)
    assert edit.status_code == 409 and "still being drafted" in edit.json()["detail"]
    hold.release.set()
    ready = poll(app.url, rid)
    assert ready.status_code == 200 and ready.json()["id"] == rid and ready.json()["revision"] == 1
    assert httpx.get(app.url + "/v1/reports", timeout=30).json()["items"][0]["id"] == rid
    sync = post(app.url)
    assert sync.status_code == 201
    strip = lambda rep: {k: v for k, v in rep.items() if k not in SAME}  # noqa: E731
    assert strip(ready.json()) == strip(sync.json()) and ready.json()["engine"]["name"] == "llm"
