"""The review page's "Add notes" form (a living update from the browser): the same path as POST /v1/reports/{id}/notes,
its change summary shown after the redirect, no form on an approved report, the form token required, and refusals
(empty notes, an approved report, nothing new) shown on the page with the API's status and message."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import form_token

FIRST = ("Queue backlog -- SEV3\n2025-09-14\n09:12 UTC alerts: order-queue consumer lag above 10 minutes\n"
         "09:20 UTC on-call investigating, about 800 orders delayed\n")
LATER = "09:55 UTC consumers scaled out, lag back to normal, incident resolved\n1,400 orders delayed in total\n"


@pytest.fixture
def c(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'u.db'}", openai_base_url=None, openai_api_key=None)
    with TestClient(create_app(settings)) as client:
        yield client


def new(c) -> str:
    r = c.post("/v1/reports", json={"notes": FIRST})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def post(c, rid: str, notes: str, token: str | None = None):
    data = {"notes": notes, **({"csrf": token} if token is not None else {})}
    return c.post(f"/ui/reports/{rid}/notes", data=data, follow_redirects=False)


def alerts(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<p class="error" role="alert" id="error-notes">([^<]*)</p>', page)]


def notice(page: str) -> str:
    found = re.search(r'<p class="notice" role="status">([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else ""


def test_notes_added_on_the_page_make_a_revision_whose_change_summary_is_shown(c):
    rid = new(c)
    page = c.get(f"/ui/reports/{rid}").text
    assert f'action="/ui/reports/{rid}/notes"' in page and 'name="notes"' in page
    r = post(c, rid, LATER.replace("\n", "\r\n"), form_token(c, f"/ui/reports/{rid}"))
    assert r.status_code == 303 and r.headers["location"] == f"/ui/reports/{rid}?updated=2"
    report = c.get(f"/v1/reports/{rid}").json()
    assert report["revision"] == 2 and report["status"] == "resolved"
    assert [f["value"] for f in report["impact"]["figures"] if f["label"] == "orders delayed"] == [1400]
    history = c.get(f"/v1/reports/{rid}/revisions").json()
    assert history[-1]["action"] == "update" and history[-1]["author"] == "anonymous (web)"
    summary = history[-1]["changes"]
    assert "status → resolved" in summary and "orders delayed 1,400 (was 800)" in summary
    shown = c.get(r.headers["location"]).text
    assert notice(shown) == f"Notes added (revision 2): {summary}."
    assert html.escape(summary, quote=False) in shown  # and in the history


def test_an_approved_report_has_no_form_and_the_route_answers_409_with_the_reason(c):
    rid = new(c)
    assert c.post(f"/v1/reports/{rid}/approve").status_code == 200
    page = c.get(f"/ui/reports/{rid}").text
    assert f"/ui/reports/{rid}/notes" not in page and 'id="add-notes"' not in page
    r = post(c, rid, LATER, form_token(c, f"/ui/reports/{rid}"))
    api = c.post(f"/v1/reports/{rid}/notes", content=LATER.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == api.status_code == 409
    assert alerts(r.text) == [f"Notes not added: {api.json()['detail']}"]
    assert 'id="add-notes"' not in r.text
    assert c.get(f"/v1/reports/{rid}").json()["revision"] == 2  # created, approved: nothing added


def test_a_form_without_the_token_is_refused_and_changes_nothing(c):
    rid = new(c)
    r = post(c, rid, LATER)
    assert r.status_code == 403 and "Form expired" in r.text
    r = post(c, rid, LATER, "not-the-token")
    assert r.status_code == 403
    assert c.get(f"/v1/reports/{rid}").json()["revision"] == 1


@pytest.mark.parametrize("notes, status, message", [
    ("", 422, "notes: the notes are empty"),
    ("  \r\n\t\n", 422, "notes: the notes are empty"),
    (FIRST, 422, "nothing to add"),  # every line already in the notes: the API's refusal
])
def test_notes_refused_get_a_clear_message_on_the_page_with_what_was_typed(c, notes, status, message):
    rid = new(c)
    r = post(c, rid, notes, form_token(c, f"/ui/reports/{rid}"))
    assert r.status_code == status and "Traceback" not in r.text
    [shown] = alerts(r.text)
    assert message in shown and 'id="add-notes" open' in r.text
    if notes.strip():
        assert html.escape(notes, quote=False).splitlines()[0] in r.text  # kept in the form
    assert c.get(f"/v1/reports/{rid}").json()["revision"] == 1


def test_an_unknown_report_is_not_found(c):
    r = post(c, "no-such-report", LATER, form_token(c))
    assert r.status_code == 404


def test_with_keys_only_a_signed_in_visitor_adds_notes_and_the_update_is_recorded_under_the_key_holder(tmp_path):
    key = "k" * 24
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}", api_keys=f"dana={key}"))
    with TestClient(app) as signed, TestClient(app) as stranger:
        signed.post("/ui/login", data={"key": key, "csrf": form_token(signed, "/ui/login")})
        rid = new(signed)
        r = post(stranger, rid, LATER, form_token(stranger, "/ui/login"))
        assert r.status_code == 401 and "Sign in first" in r.text
        assert post(signed, rid, LATER, form_token(signed)).status_code == 303
        assert [h["author"] for h in signed.get(f"/v1/reports/{rid}/revisions").json()] == ["dana", "dana"]
