"""INCIDENT_BRIEF_CONTACT is a fallback everywhere in the service: the request's contact, then the notes', then it."""

import json

import pytest
from fastapi.testclient import TestClient

from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import EXAMPLES, form_token, run_cli

NOTES = (EXAMPLES / "payment-outage.md").read_text()  # says "Contact: incident-response@company.com"
BARE = "14:02 UTC SEV2 search-api slow\n14:40 UTC rolled back, resolved"
FROM_NOTES, FROM_SETTING, FROM_REQUEST = "incident-response@company.com", "oncall@fallback.example", "req@example.com"


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}", contact=FROM_SETTING))) as c:
        yield c


def api(client, notes, **extra) -> str:
    r = client.post("/v1/reports", json={"notes": notes, **extra})
    assert r.status_code == 201, r.text
    return r.json()["contact"]


def api_async(client, notes, **extra) -> str:
    r = client.post("/v1/reports", json={"notes": notes, **extra}, headers={"Prefer": "respond-async"})
    while (got := client.get(r.headers["location"])).status_code == 202:
        pass
    return got.json()["contact"]


def web(client, notes, contact="") -> str:
    r = client.post("/ui/reports", data={"notes": notes, "contact": contact, "csrf": form_token(client)},
                    follow_redirects=False)
    assert r.status_code == 303
    return client.get(r.headers["location"].replace("/ui/", "/v1/")).json()["contact"]


def batch(client, notes, **extra) -> str:
    bid = client.post("/v1/batches", json={"items": [{"notes": notes, **extra}]}).json()["id"]
    while (b := client.get(f"/v1/batches/{bid}").json())["status"] != "done":
        pass
    return client.get(f"/v1/reports/{b['items'][0]['report_id']}").json()["contact"]


@pytest.mark.parametrize("path", [api, api_async, web, batch])
def test_the_notes_contact_wins_over_the_setting_and_the_request_over_both(client, path):
    assert path(client, NOTES) == FROM_NOTES
    assert path(client, BARE) == FROM_SETTING
    request_contact = {"contact": FROM_REQUEST}
    assert path(client, NOTES, **request_contact) == FROM_REQUEST


def test_the_cli_follows_the_same_contact_rule(tmp_path):
    bare = tmp_path / "bare.txt"
    bare.write_text(BARE)
    env = {"INCIDENT_BRIEF_CONTACT": FROM_SETTING, "OPENAI_BASE_URL": "", "OPENAI_API_KEY": ""}
    def contact(*args):
        r = run_cli("summarize", *args, "-f", "json", "-q", env=env)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)["contact"]
    assert contact(str(EXAMPLES / "payment-outage.md")) == FROM_NOTES
    assert contact(str(bare)) == FROM_SETTING
    assert contact(str(EXAMPLES / "payment-outage.md"), "--contact", FROM_REQUEST) == FROM_REQUEST
