"""Routes and errors through the real app on a real SQLite file and a real PostgreSQL database."""

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import EXAMPLES

NOTES = (EXAMPLES / "payment-outage.md").read_text()


@pytest.fixture
def db(database_url):
    return database_url


@pytest.fixture
def client(db):
    with TestClient(create_app(Settings(database_url=db))) as c:
        yield c


def problem(r, status):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert "Traceback" not in r.text
    return body


def create(client, **body):
    r = client.post("/v1/reports", json={"notes": NOTES, **body})
    assert r.status_code == 201, r.text
    return r.json()


def test_create_from_json_notes_returns_the_report_with_its_id(client, db):
    rep = create(client, incident_id="INC-77", contact="ops@example.com")
    assert rep["id"] and rep["incident_id"] == "INC-77" and rep["contact"] == "ops@example.com"
    assert rep["severity"] == "critical" and rep["impact"]["users_affected"] == 15420
    assert rep["review_state"] == "draft" and rep["revision"] == 1 and rep["locked_sections"] == []
    assert rep["created_at"].endswith("Z"), "times come back in UTC from every backend"
    engine = client.app.state.store.engine
    with engine.connect() as conn:  # the source notes are stored with the report
        assert conn.execute(text("select source_text from reports where id = :id"), {"id": rep["id"]}).scalar() == NOTES
        if engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("pragma journal_mode").scalar() == "wal"


def test_create_from_text_plain_markdown_and_timeline(client):
    r = client.post("/v1/reports", content=NOTES.encode(), headers={"content-type": "text/markdown; charset=utf-8"})
    assert r.status_code == 201 and r.json()["severity"] == "critical"
    r = client.post("/v1/reports", content=b"14:02 UTC SEV2 search-api slow", headers={"content-type": "text/plain"})
    assert r.status_code == 201 and r.json()["severity"] == "high"
    timeline = json.loads((EXAMPLES / "checkout-timeline.json").read_text())
    r = client.post("/v1/reports", json={"timeline": timeline})
    assert r.status_code == 201 and r.json()["impact"]["customer_reports"] == 19


def test_get_in_every_format_and_by_accept_header(client):
    rid = create(client)["id"]
    assert client.get(f"/v1/reports/{rid}").json()["id"] == rid
    md = client.get(f"/v1/reports/{rid}?format=markdown")
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("# Executive Incident Report")
    html = client.get(f"/v1/reports/{rid}", headers={"accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "<!DOCTYPE html>" in html.text
    assert client.get(f"/v1/reports/{rid}", headers={"accept": "text/markdown"}).text == md.text


def test_list_is_paged_and_filtered(client):
    ids = [create(client)["id"] for _ in range(3)]
    client.post("/v1/reports", content=b"Severity: SEV3\nStatus: investigating\nThe queue is slow.",
                headers={"content-type": "text/plain"})
    client.post(f"/v1/reports/{ids[0]}/approve")
    page = client.get("/v1/reports?limit=2&offset=0").json()
    assert page["total"] == 4 and len(page["items"]) == 2 and page["limit"] == 2
    assert client.get("/v1/reports?limit=2&offset=2").json()["items"][-1]["id"] == ids[0]
    assert client.get("/v1/reports?severity=critical").json()["total"] == 3
    assert client.get("/v1/reports?status=investigating").json()["total"] == 1
    assert [i["id"] for i in client.get("/v1/reports?review_state=approved").json()["items"]] == [ids[0]]
    problem(client.get("/v1/reports?severity=apocalyptic"), 422)


def test_edit_locks_regenerate_redrafts_approve_freezes(client):
    rep = create(client)
    rid = rep["id"]
    r = client.patch(f"/v1/reports/{rid}/sections/root_cause", json={"text": "Flash sale traffic overloaded the database."})
    assert r.status_code == 200 and r.json()["root_cause"] == "Flash sale traffic overloaded the database."
    assert r.json()["locked_sections"] == ["root_cause"] and r.json()["revision"] == 2
    r = client.patch(f"/v1/reports/{rid}/sections/actions_taken", json={"text": ["Raised the connection limit", " "]})
    assert r.json()["actions_taken"] == ["Raised the connection limit"]
    problem(client.post(f"/v1/reports/{rid}/sections/root_cause/regenerate"), 409)
    client.patch(f"/v1/reports/{rid}/sections/what_happened", json={"text": "A reviewer's version."})
    r = client.post(f"/v1/reports/{rid}/sections/impact_summary/regenerate")
    assert r.status_code == 200 and r.json()["impact"]["summary"] == rep["impact"]["summary"]
    assert r.json()["what_happened"] == "A reviewer's version.", "regeneration never touches other sections"
    r = client.post(f"/v1/reports/{rid}/approve")
    assert r.status_code == 200 and r.json()["review_state"] == "approved"
    problem(client.patch(f"/v1/reports/{rid}/sections/title", json={"text": "late"}), 409)
    problem(client.post(f"/v1/reports/{rid}/sections/title/regenerate"), 409)
    problem(client.post(f"/v1/reports/{rid}/approve"), 409)


def test_every_change_is_a_revision_with_who_and_when_and_a_diff(client):
    rid = create(client)["id"]
    client.patch(f"/v1/reports/{rid}/sections/title", json={"text": "Checkout outage"})
    client.post(f"/v1/reports/{rid}/approve")
    revs = client.get(f"/v1/reports/{rid}/revisions").json()
    assert [(r["number"], r["action"], r["section"], r["author"]) for r in revs] == [
        (1, "create", None, "anonymous"), (2, "edit", "title", "anonymous"), (3, "approve", None, "anonymous")]
    assert all(r["created_at"].endswith("Z") for r in revs)
    assert client.get(f"/v1/reports/{rid}/revisions/1").json()["title"] == "Payment Processing Service Outage"
    diff = client.get(f"/v1/reports/{rid}/diff?from=1&to=2").json()
    assert diff["changed_fields"] == ["title"]
    assert "-**Title:** Payment Processing Service Outage" in diff["diff"] and "+**Title:** Checkout outage" in diff["diff"]
    problem(client.get(f"/v1/reports/{rid}/revisions/9"), 404)


def test_export_downloads_a_named_file(client):
    rid = create(client)["id"]
    r = client.get(f"/v1/reports/{rid}/export?format=markdown")
    assert r.headers["content-disposition"] == "attachment; filename=\"INC-2024-001234.md\"; filename*=UTF-8''INC-2024-001234.md"
    assert "**Users Affected:** 15,420" in r.text
    r = client.get(f"/v1/reports/{rid}/export?format=html")
    assert 'filename="INC-2024-001234.html"' in r.headers["content-disposition"] and "<!DOCTYPE html>" in r.text
    r = client.get(f"/v1/reports/{rid}/export?format=json")
    assert json.loads(r.text)["id"] == rid


def test_errors_share_one_problem_shape(client):
    body = problem(client.post("/v1/reports", json={"notes": "   \n\t"}), 422)
    assert "notes" in body["detail"]
    problem(client.post("/v1/reports", json={}), 422)
    problem(client.post("/v1/reports", content=b'{"notes": ', headers={"content-type": "application/json"}), 422)
    problem(client.post("/v1/reports", content=b"\xff\xfe", headers={"content-type": "text/plain"}), 422)
    problem(client.post("/v1/reports", content=b"<x/>", headers={"content-type": "application/xml"}), 415)
    problem(client.post("/v1/reports", content=b"x" * (1024 * 1024 + 1), headers={"content-type": "text/plain"}), 413)
    problem(client.get("/v1/reports/unknown"), 404)
    problem(client.patch("/v1/reports/unknown/sections/title", json={"text": "x"}), 404)
    rid = create(client)["id"]
    problem(client.patch(f"/v1/reports/{rid}/sections/nonsense", json={"text": "x"}), 422)
    problem(client.patch(f"/v1/reports/{rid}/sections/title", json={"text": ["a", "b"]}), 422)
    problem(client.patch(f"/v1/reports/{rid}/sections/title", json={}), 422)


def test_body_limit_counts_bytes_not_the_declared_length(client):
    def chunks():
        for _ in range(20):
            yield b"y" * 100_000

    problem(client.post("/v1/reports", content=chunks(), headers={"content-type": "text/plain"}), 413)


def test_api_keys_required_when_configured(db):
    settings = Settings(database_url=db, api_keys="alice=key-a-123-456789abc,bob=key-b-456-789abcdef")
    with TestClient(create_app(settings)) as c:
        body = problem(c.get("/v1/reports"), 401)
        assert "Bearer" in body["detail"]
        problem(c.get("/v1/reports", headers={"authorization": "Bearer wrong"}), 401)
        problem(c.get("/v1/reports", headers={"authorization": "Basic key-a-123-456789abc"}), 401)
        r = c.post("/v1/reports", json={"notes": NOTES}, headers={"authorization": "Bearer key-a-123-456789abc"})
        assert r.status_code == 201
        rid = r.json()["id"]
        c.patch(f"/v1/reports/{rid}/sections/title", json={"text": "t"}, headers={"authorization": "Bearer key-b-456-789abcdef"})
        authors = [x["author"] for x in c.get(f"/v1/reports/{rid}/revisions",
                                              headers={"authorization": "Bearer key-a-123-456789abc"}).json()]
        assert authors == ["alice", "bob"]
        assert c.get("/healthz").status_code == 200
        assert c.get("/", follow_redirects=False).headers["location"] == "/ui/login", "the page needs a sign-in"


def test_reports_survive_a_new_app_on_the_same_file(db):
    settings = Settings(database_url=db)
    with TestClient(create_app(settings)) as c:
        rid = create(c)["id"]
        c.patch(f"/v1/reports/{rid}/sections/title", json={"text": "Kept"})
    with TestClient(create_app(settings)) as c:
        assert c.get(f"/v1/reports/{rid}").json()["title"] == "Kept"
        assert len(c.get(f"/v1/reports/{rid}/revisions").json()) == 2


def test_openapi_docs_with_examples(client):
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/v1/reports"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain", "text/markdown"} <= set(body)
    assert "examples" in body["application/json"]
    assert client.get("/docs").status_code == 200


def test_batches_run_through_the_same_path_and_report_each_item(client):
    import time

    items = [{"notes": NOTES, "incident_id": "INC-B1"}, {"notes": "  "},
             {"timeline": json.loads((EXAMPLES / "checkout-timeline.json").read_text())},
             {"notes": "14:02 UTC SEV2 search-api slow"}]
    r = client.post("/v1/batches", json={"items": items})
    assert r.status_code == 202 and r.json()["total"] == 4
    bid = r.json()["id"]
    for _ in range(200):
        batch = client.get(f"/v1/batches/{bid}").json()
        if batch["status"] == "done":
            break
        time.sleep(0.05)
    assert batch["status"] == "done" and batch["counts"] == {"pending": 0, "ok": 3, "failed": 1}
    statuses = [(i["idx"], i["status"]) for i in batch["items"]]
    assert statuses == [(0, "ok"), (1, "failed"), (2, "ok"), (3, "ok")]
    assert "empty" in batch["items"][1]["error"]
    first = client.get(f"/v1/reports/{batch['items'][0]['report_id']}").json()
    assert first["incident_id"] == "INC-B1" and first["impact"]["users_affected"] == 15420
    problem(client.post("/v1/batches", json={"items": []}), 422)
    problem(client.post("/v1/batches", json={"items": [{"notes": "a", "timeline": {}}]}), 422)
    problem(client.get("/v1/batches/nope"), 404)


def test_json_logs_carry_a_request_id_and_never_the_notes(db, caplog):
    import logging

    from incident_brief.server.logs import JsonFormatter

    secret_notes = "Severity: SEV2\nThe billing-api leaked token sk-live-ABCDEF1234567890 at 10:00 UTC."
    with caplog.at_level(logging.INFO, logger="incident_brief"), \
            TestClient(create_app(Settings(database_url=db))) as c:
        r = c.post("/v1/reports", json={"notes": secret_notes}, headers={"x-request-id": "req-42"})
        assert r.headers["x-request-id"] == "req-42"
        assert c.get("/v1/reports/missing").headers["x-request-id"]
    lines = [json.loads(JsonFormatter().format(rec)) for rec in caplog.records if rec.name.startswith("incident_brief")]
    access = [l for l in lines if l["message"] == "request"]
    assert access[0]["request_id"] == "req-42" and access[0]["status"] == 201 and access[0]["path"] == "/v1/reports"
    assert access[1]["status"] == 404
    blob = "\n".join(json.dumps(l) for l in lines)
    assert "sk-live" not in blob and "billing-api" not in blob and "Severity" not in blob
