"""?audience= on the report routes (create, GET render, export) and the audience switch on the report page."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import EXAMPLES

NOTES = (EXAMPLES / "payment-outage.md").read_text(encoding="utf-8")


@pytest.fixture
def c(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}", openai_base_url=None, openai_api_key=None)
    with TestClient(create_app(settings)) as client:
        yield client


def test_create_with_an_audience_points_at_its_rendering(c):
    r = c.post("/v1/reports?audience=customer", json={"notes": NOTES})
    assert r.status_code == 201
    rid = r.json()["id"]
    assert r.headers["Content-Location"] == f"/v1/reports/{rid}?audience=customer"
    assert "audience" not in r.json(), "the stored report is the one fact base"
    assert c.post("/v1/reports?audience=board", json={"notes": NOTES}).status_code == 422


def test_get_renders_each_audience_in_each_format(c):
    rid = c.post("/v1/reports", json={"notes": NOTES}).json()["id"]
    customer = c.get(f"/v1/reports/{rid}?audience=customer&format=json").json()
    assert customer["audience"] == "customer" and customer["id"] == rid and customer["revision"] == 1
    text = json.dumps(customer)
    assert "payment-api" not in text and "287" not in text and "15,420" not in text
    md = c.get(f"/v1/reports/{rid}?audience=engineering&format=markdown")
    assert md.headers["content-type"].startswith("text/markdown") and "## Timeline" in md.text
    assert "2024-01-15 11:56 UTC" in md.text
    html = c.get(f"/v1/reports/{rid}?audience=customer&format=html").text
    assert "audience-customer" in html and "payment-api" not in html
    executive = c.get(f"/v1/reports/{rid}?format=markdown").text
    assert executive == c.get(f"/v1/reports/{rid}?audience=executive&format=markdown").text
    assert executive.startswith("# Executive Incident Report")


def test_export_downloads_the_audience_rendering(c):
    rid = c.post("/v1/reports", json={"notes": NOTES}).json()["id"]
    r = c.get(f"/v1/reports/{rid}/export?format=markdown&audience=engineering")
    assert r.status_code == 200 and "INC-2024-001234-engineering.md" in r.headers["content-disposition"]
    assert "Engineering Incident Review" in r.text
    plain = c.get(f"/v1/reports/{rid}/export?format=markdown")
    assert 'filename="INC-2024-001234.md"' in plain.headers["content-disposition"]


def test_the_page_switch_shows_the_chosen_rendering(c):
    rid = c.post("/v1/reports", json={"notes": NOTES}).json()["id"]
    page = c.get(f"/ui/reports/{rid}").text
    assert 'aria-label="Audience"' in page and 'audience-customer' not in page
    assert f'href="/ui/reports/{rid}?audience=executive#audience" aria-current="page"' in page
    customer = c.get(f"/ui/reports/{rid}?audience=customer").text
    assert 'class="audience-customer"' in customer and "We are sorry" in customer
    assert f'href="/ui/reports/{rid}?audience=customer#audience" aria-current="page"' in customer
    engineering = c.get(f"/ui/reports/{rid}?audience=engineering").text
    assert 'class="audience-engineering"' in engineering and "Time to detect" in engineering
    assert 'audience-customer"' not in c.get(f"/ui/reports/{rid}?audience=<script>").text
