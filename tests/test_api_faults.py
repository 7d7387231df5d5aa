"""Faults at the model endpoint, through the API: every request ends in a report (fallback flagged) or a
documented 4xx; never a 5xx; nothing waits much past the configured timeout."""

import itertools
import json
import time

from fastapi.testclient import TestClient

from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import EXAMPLES
from .fakeserver import ScriptedServer, stage
from .test_llm_faults import GOOD_DRAFT, facts

FAULTS = [
    {"status": 429, "body": {"error": {"message": "slow down"}}, "headers": {"Retry-After": "0"}},
    {"status": 500, "body": {"error": {"message": "boom"}}},
    {"status": 503, "body": "<html>bad gateway</html>"},
    {"sleep": 1.5, "content": "{}"},  # longer than the 0.5 s timeout
    {"content": "{not json"},
    {"content": '{"title": {"value": "x"', "finish_reason": "length"},
    {"content": None, "refusal": "I cannot help with that."},
    {"sleep": 0.2, "content": None},  # slow, then empty
]


def test_forty_requests_through_faults_all_end_in_a_report_or_a_4xx(tmp_path):
    cycle = itertools.cycle(FAULTS + ["good"])

    def decide(body):
        action = next(cycle)
        if action == "good":
            return {"content": json.dumps(facts() if stage(body) == "extract" else GOOD_DRAFT)}
        return action

    notes = (EXAMPLES / "payment-outage.md").read_text()
    with ScriptedServer([decide]) as srv:
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'f.db'}", openai_base_url=srv.url,
                            openai_api_key="k", model="m", llm_timeout=0.5, llm_max_retries=1, repair_rounds=1)
        with TestClient(create_app(settings)) as client:
            statuses, slowest = [], 0.0
            for i in range(40):
                body = {"notes": notes} if i % 10 else {"notes": "   "}
                started = time.monotonic()
                r = client.post("/v1/reports", json=body)
                slowest = max(slowest, time.monotonic() - started)
                statuses.append(r.status_code)
                if r.status_code == 201:
                    report = r.json()
                    assert report["impact"]["users_affected"] == 15420 and report["severity"] == "critical"
                    engine = report["engine"]
                    if engine.get("fallback") or engine.get("fallback_sections"):
                        assert report["review_flags"], "what fell back is flagged"
                else:
                    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert statuses.count(201) == 36 and statuses.count(422) == 4 and not [s for s in statuses if s >= 500]
    assert slowest < 8, f"a request took {slowest:.1f}s with a 0.5 s timeout"
