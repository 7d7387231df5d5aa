"""The review page without a browser (plain forms): the list's search and filters, facts corrected with the API's
model and message, the notes panel's marks (escaped, secrets withheld), approve's confirmation, reopen and soft
delete as revisions, Regenerate shown only where it can change something, and sign-in recording the key's name."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import form_token

NOTES = ("14:02 UTC SEV2: checkout-api returned errors to <b>shoppers</b> & partners.\n"
         "14:10 UTC about 1,250 users could not pay; 40 customer tickets so far.\n"
         "14:31 UTC rolled back the release; resolved. Deploy key AKIAIOSFODNN7EXAMPLE was in the log.\n")


@pytest.fixture
def c(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'w.db'}", openai_base_url=None, openai_api_key=None)
    with TestClient(create_app(settings)) as client:
        yield client


def new(c, notes: str = NOTES, **extra) -> str:
    return c.post("/v1/reports", json={"notes": notes, **extra}).json()["id"]


def errors(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<p class="error" role="alert" id="error-[^"]+">([^<]*)</p>', page)]


def test_the_list_finds_filters_and_puts_reports_needing_review_first(c):
    first, second = new(c, incident_id="INC-9001"), new(c, incident_id="OPS-17")
    c.post(f"/v1/reports/{first}/approve")
    page = c.get("/").text
    assert page.index(f"/ui/reports/{second}") < page.index(f"/ui/reports/{first}")  # the draft first
    assert f"/ui/reports/{first}" in c.get("/?q=inc-90").text and f"/ui/reports/{second}" not in c.get("/?q=inc-90").text
    only_drafts = c.get("/?review_state=draft").text
    assert f"/ui/reports/{second}" in only_drafts and f"/ui/reports/{first}" not in only_drafts
    assert "No report matches" in c.get("/?severity=low").text
    assert c.get("/?status=nonsense").status_code == 200  # an unknown filter value is ignored


@pytest.mark.parametrize("name, form, body", [
    ("severity", {"value": "catastrophic"}, {"severity": "catastrophic"}),
    ("users_affected", {"value": "many"}, {"users_affected": "many"}),
    ("started_at", {"value": "2025-13-40T10:00Z"}, {"started_at": "2025-13-40T10:00Z"}),
    ("revenue_impact", {"amount": "-5", "currency": "USD"}, {"revenue_impact": {"amount": "-5", "currency": "USD"}}),
    ("figures", {"figure_label": "requests failing", "figure_value": "140", "figure_unit": "%"},
     {"figures": [{"label": "requests failing", "value": "140", "unit": "%"}]}),
])
def test_a_bad_fact_gets_the_same_message_as_the_api_and_changes_nothing(c, name, form, body):
    rid = new(c)
    api = c.patch(f"/v1/reports/{rid}/facts", json=body)
    assert api.status_code == 422
    page = c.post(f"/ui/reports/{rid}/facts/{name}", data={**form, "csrf": form_token(c)})
    assert page.status_code == 422 and errors(page.text) == [api.json()["detail"]]
    assert c.get(f"/v1/reports/{rid}").json()["revision"] == 1


def test_a_corrected_fact_is_a_revision_without_the_old_evidence(c):
    rid = new(c)
    before = c.get(f"/v1/reports/{rid}").json()
    assert before["impact"]["users_affected"] == 1250 and "impact.users_affected" in before["evidence"]
    token = form_token(c)
    r = c.post(f"/ui/reports/{rid}/facts/users_affected", data={"value": "1 300", "csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("#fact-users_affected")
    c.post(f"/ui/reports/{rid}/facts/figures", data={"csrf": token, "figure_label": ["orders lost", ""],
                                                     "figure_value": ["320", ""], "figure_unit": ["orders", ""]})
    after = c.get(f"/v1/reports/{rid}").json()
    assert after["impact"]["users_affected"] == 1300 and "impact.users_affected" not in after["evidence"]
    assert after["impact"]["figures"] == [{"label": "orders lost", "value": 320.0, "unit": "orders"}]
    assert [(h["action"], h["section"]) for h in c.get(f"/v1/reports/{rid}/revisions").json()][1:] == [
        ("facts", "users_affected"), ("facts", "figures")]
    assert [f["field"] for f in after["review_flags"]].count("impact.summary") == 1  # check the summary, once


def test_the_notes_panel_marks_the_evidence_escaped_and_withholds_secrets(c):
    rid = new(c)
    page = c.get(f"/ui/reports/{rid}?evidence=impact.users_affected").text
    marks = re.findall(r"<mark[^>]*>(.*?)</mark>", page, re.S)
    assert marks and all("1,250" in m or "users" in m for m in marks)
    assert "&lt;b&gt;shoppers&lt;/b&gt; &amp; partners" in page and "<b>shoppers" not in page
    assert "AKIAIOSFODNN7EXAMPLE" not in page and "(withheld) was in the log" in page
    plain = c.get(f"/ui/reports/{rid}?evidence=no.such.field").text
    assert "<mark" not in plain and "Choose “Evidence”" in plain


def test_approve_shows_what_is_unresolved_and_needs_confirming_then_reopen_and_delete(c):
    rid = new(c)
    token = form_token(c)
    page = c.post(f"/ui/reports/{rid}/approve", data={"csrf": token})
    assert page.status_code == 200 and 'role="alert"' in page.text and "unresolved" in page.text
    assert 'href="#section-root_cause"' in page.text or 'href="#section-next_steps_immediate"' in page.text
    assert c.get(f"/v1/reports/{rid}").json()["review_state"] == "draft"
    c.post(f"/ui/reports/{rid}/approve", data={"csrf": token, "confirm": "yes"})
    assert c.get(f"/v1/reports/{rid}").json()["review_state"] == "approved"
    assert "Reopen for changes" in c.get(f"/ui/reports/{rid}").text
    c.post(f"/ui/reports/{rid}/reopen", data={"csrf": token})
    assert c.get(f"/v1/reports/{rid}").json()["review_state"] == "draft"
    assert c.post(f"/ui/reports/{rid}/delete", data={"csrf": token}).status_code == 400  # not ticked: kept
    r = c.post(f"/ui/reports/{rid}/delete", data={"csrf": token, "confirm": "yes"}, follow_redirects=False)
    assert r.status_code == 303 and c.get(f"/v1/reports/{rid}").status_code == 404
    assert f"/ui/reports/{rid}" not in c.get("/").text and c.get("/v1/reports").json()["total"] == 0
    assert c.post(f"/v1/reports/{rid}/reopen").status_code == 404


def test_offline_reports_show_no_regenerate_and_empty_sections_no_evidence(c):
    page = c.get(f"/ui/reports/{new(c)}").text
    assert "Regenerate" not in page
    root = re.search(r'<section class="part[^"]*" id="section-root_cause".*?</section>', page, re.S).group(0)
    assert "Evidence" not in root and "Edit" in root


def test_with_keys_the_page_asks_once_and_records_the_key_holder(tmp_path):
    key = "k" * 24
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}", api_keys=f"dana={key}")
    with TestClient(create_app(settings)) as c:
        assert c.get("/", follow_redirects=False).headers["location"] == "/ui/login"
        r = c.post("/ui/login", data={"key": key, "csrf": form_token(c, "/ui/login")}, follow_redirects=False)
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and key not in cookie
        rid = c.post("/v1/reports", json={"notes": NOTES}).json()["id"]
        c.post(f"/ui/reports/{rid}/facts/severity", data={"value": "critical", "csrf": form_token(c)})
        assert [h["author"] for h in c.get(f"/v1/reports/{rid}/revisions").json()] == ["dana", "dana"]
        assert "Signed in as dana" in c.get("/").text


def test_no_visible_heading_repeats_the_one_above_it(c):
    page = c.get(f"/ui/reports/{new(c)}").text
    shown = [re.sub(r"<[^>]+>|\s+", " ", m[2]).strip() for m in
             re.finditer(r"<h[1-4]( [^>]*)?>(.*?)</h[1-4]>", page, re.S) if 'class="vh"' not in (m[1] or "")]
    assert shown and all(a.lower() != b.lower() for a, b in zip(shown, shown[1:])), shown


def test_the_closing_time_is_a_fact_the_api_and_the_page_correct_and_the_report_shows(c):
    rid = new(c)
    r = c.patch(f"/v1/reports/{rid}/facts", json={"resolved_at": "2025-05-06T14:40:00Z", "closed_at": "2025-05-06T15:10:00Z"})
    assert r.status_code == 200 and r.json()["closed_at"].startswith("2025-05-06T15:10")
    assert "**Closed:** 2025-05-06 15:10 UTC" in c.get(f"/v1/reports/{rid}/export?format=markdown").text
    page = c.post(f"/ui/reports/{rid}/facts/closed_at", data={"value": "2025-05-06T15:25:00Z", "csrf": form_token(c)},
                  follow_redirects=False)
    assert page.status_code == 303 and c.get(f"/v1/reports/{rid}").json()["closed_at"].startswith("2025-05-06T15:25")
    shown = c.get(f"/ui/reports/{rid}").text
    assert 'id="in-closed_at"' in shown and "Closed time" in shown
    bad = c.patch(f"/v1/reports/{rid}/facts", json={"closed_at": "yesterday"})
    assert bad.status_code == 422 and "closed_at" in str(bad.json()["detail"])
