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
