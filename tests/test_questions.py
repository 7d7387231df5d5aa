"""Gap questions: asked for every missing fact an executive report needs, answerable through the API and the web
page; the answer fills the field, grounded in the answer as a new source passage, and records who answered."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from incident_brief.engines import summarize
from incident_brief.flags.questions import NEEDS, missing
from incident_brief.ingest import read_path
from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import form_token, run_cli

ROOT = Path(__file__).resolve().parents[1]
ZOO = [json.loads(line) for line in (ROOT / "eval/datasets/zoo.jsonl").read_text().splitlines() if line.strip()]
GAPPY = """# Checkout errors

Severity: SEV2
Status: resolved

2025-06-03 14:02 UTC checkout-api started returning errors for card payments
"""


@pytest.mark.parametrize("case", ZOO, ids=[c["id"] for c in ZOO])
def test_every_missing_required_fact_gets_a_question(case):
    report = summarize(read_path(str(ROOT / case["path"]), 1 << 22), engine="offline")
    asked = {q.name for q in report.questions}
    assert asked == {n.name for n in NEEDS if missing(report, n)}
    assert all(q.question.endswith("?") and q.answer is None for q in report.questions)


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'q.db'}", openai_base_url=None,
                                        openai_api_key=None))) as c:
        yield c


def _create(client) -> dict:
    r = client.post("/v1/reports", json={"notes": GAPPY})
    assert r.status_code == 201, r.text
    return r.json()


def test_answering_by_patch_fills_the_field_with_evidence_and_who(client):
    created = _create(client)
    rid, report = created["id"], created
    assert {q["name"] for q in report["questions"]} >= {"impact_end", "users_affected", "root_cause", "next_steps"}
    r = client.patch(f"/v1/reports/{rid}/questions/impact_end", json={"answer": "Impact ended at 14:41 UTC."},
                     headers={"X-Author": "dana"})
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["resolved_at"].startswith("2025-06-03T14:41") and rep["duration_minutes"] == 39
    [span] = rep["evidence"]["resolved_at"]
    q = next(q for q in rep["questions"] if q["name"] == "impact_end")
    assert q["answer"] == "Impact ended at 14:41 UTC." and q["answered_by"] and q["answered_at"]
    assert span["quote"] == "Impact ended at 14:41 UTC."
    r = client.patch(f"/v1/reports/{rid}/questions/users_affected", json={"answer": "About 1,250 customers."})
    assert r.json()["impact"]["users_affected"] == 1250
    assert "users_affected" not in {q["name"] for q in r.json()["questions"] if not q["answer"]}
    revisions = client.get(f"/v1/reports/{rid}/revisions").json()
    assert [h["action"] for h in revisions][-2:] == ["answer", "answer"]


def test_the_answer_is_a_passage_of_the_stored_source(client, tmp_path):
    import sqlite3

    rid = _create(client)["id"]
    rep = client.patch(f"/v1/reports/{rid}/questions/root_cause",
                       json={"answer": "A certificate on the payment router expired."}).json()
    assert rep["root_cause"] == "A certificate on the payment router expired."
    [span] = rep["evidence"]["root_cause"]
    [(source,)] = sqlite3.connect(tmp_path / "q.db").execute("select source_text from reports").fetchall()
    assert source.startswith(GAPPY) and source[span["start"]:span["end"]] == span["quote"]


def test_a_bad_answer_is_refused_and_changes_nothing(client):
    rid = _create(client)["id"]
    r = client.patch(f"/v1/reports/{rid}/questions/users_affected", json={"answer": "lots"})
    assert r.status_code == 422 and client.get(f"/v1/reports/{rid}").json()["revision"] == 1
    assert client.patch(f"/v1/reports/{rid}/questions/nope", json={"answer": "x"}).status_code == 422


def test_answering_on_the_page(client):
    rid = _create(client)["id"]
    page = client.get(f"/ui/reports/{rid}")
    assert "Questions for the incident lead" in page.text and "When did customer impact end?" in page.text
    r = client.post(f"/ui/reports/{rid}/questions/next_steps", follow_redirects=True,
                    data={"text": "Add an expiry alert for router certificates; rotate them monthly.",
                          "csrf": form_token(client, f"/ui/reports/{rid}")})
    assert r.status_code == 200 and "answered by" in r.text
    rep = client.get(f"/v1/reports/{rid}").json()
    assert rep["next_steps"]["preventive"] == ["Add an expiry alert for router certificates",
                                                "rotate them monthly."]
    assert rep["evidence"]["next_steps.preventive"][0]["quote"].startswith("Add an expiry alert")


def test_cli_lists_the_questions_last_on_stderr(tmp_path):
    notes = tmp_path / "n.md"
    notes.write_text(GAPPY)
    r = run_cli("summarize", str(notes), "--engine", "offline")
    err = r.stderr.decode().rstrip().splitlines()
    i = err.index("incident-brief: questions for the incident lead:")
    assert "  - When did customer impact end?" in err[i:] and all(line.startswith("  - ") for line in err[i + 1:])
