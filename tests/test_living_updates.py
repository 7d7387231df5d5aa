"""Living updates through the real app on a real SQLite file: new notes added to a draft, the report redrawn from all
of them, what a person wrote kept, and what changed said in words (API response, revision list, review page)."""

import json

import pytest
from fastapi.testclient import TestClient

from incident_brief.server.app import create_app
from incident_brief.server.store import Store
from incident_brief.settings import Settings

from .conftest import EXAMPLES

# An invented incident, told in four drops of notes as it unfolds.
FIRST = """Search outage -- SEV2
2025-06-03
14:02 UTC alerts: search-api error rate 30%, searches failing for customers
14:10 UTC on-call paged, investigating
"""
DROPS = [
    "14:20 UTC roughly 3,000 users affected so far\n14:35 UTC identified: index-service disk full after a log flood\n",
    "14:41 UTC freed disk space and restarted index-service, error rate dropping\n14:45 UTC status: monitoring\n"
    "14:50 UTC 4,600 users affected in total\n",
    "15:05 UTC error rate back to baseline, incident resolved\n"
    "Root cause: a debug log level left on after a deploy filled the index-service disk.\n"
    "Follow-ups:\n- alert on index-service disk use above 80%\n",
]
EDITED = "Customers could not search the catalogue for about an hour."


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'reports.db'}"


@pytest.fixture
def client(url):
    with TestClient(create_app(Settings(database_url=url))) as c:
        yield c


def create(client, notes=FIRST):
    r = client.post("/v1/reports", json={"notes": notes})
    assert r.status_code == 201, r.text
    return r.json()["id"], r.headers["ETag"]


def add(client, rid, notes, etag=None, status=200):
    headers = {"content-type": "text/plain", **({"If-Match": etag} if etag else {})}
    r = client.post(f"/v1/reports/{rid}/notes", content=notes.encode(), headers=headers)
    assert r.status_code == status, r.text
    return r


def test_three_note_drops_make_three_revisions_that_say_what_changed_and_keep_what_people_wrote(client):
    rid, etag = create(client)
    r = client.patch(f"/v1/reports/{rid}/sections/what_happened", json={"text": EDITED}, headers={"If-Match": etag})
    r = client.patch(f"/v1/reports/{rid}/facts", json={"severity": "critical"}, headers={"If-Match": r.headers["ETag"]})
    assert r.status_code == 200, r.text
    etag, bodies = r.headers["ETag"], []
    for notes in DROPS:
        r = add(client, rid, notes, etag)
        etag = r.headers["ETag"]
        bodies.append(r.json())

    first, second, third = (b["changes"] for b in bodies)
    assert first.startswith("since ") and "users affected 3,000 (was not stated)" in first
    assert "root cause now stated" in first and "services added: index-service" in first
    assert "status → monitoring" in second and "users affected 4,600 (was 3,000)" in second
    assert "status → resolved" in third and "end 15:05 UTC (was not stated)" in third
    assert "root cause changed" in third and "users affected" not in third
    assert [b["revision"] for b in bodies] == [4, 5, 6]
    final = bodies[-1]
    # what people wrote stays: the edited section (still locked) and the corrected severity (the notes say SEV2)
    assert final["what_happened"] == EDITED and final["locked_sections"] == ["what_happened"]
    assert final["severity"] == "critical"
    assert any(f["field"] == "impact.summary" for f in final["review_flags"])  # the redrawn summary: check it agrees
    # the rest is redrawn from all the notes
    assert final["status"] == "resolved" and final["impact"]["users_affected"] == 4600
    assert "debug log level" in final["root_cause"]
    assert final["resolved_at"] == "2025-06-03T15:05:00Z" and final["started_at"] == "2025-06-03T14:02:00Z"
    assert any("disk use above 80%" in step for step in final["next_steps"]["preventive"])

    history = client.get(f"/v1/reports/{rid}/revisions").json()
    assert [h["action"] for h in history] == ["create", "edit", "facts", "update", "update", "update"]
    assert [h["changes"] for h in history[3:]] == [first, second, third]
    assert all(h["changes"] is None for h in history[:3])
    page = client.get(f"/ui/reports/{rid}").text
    assert "status → resolved; end 15:05 UTC (was not stated)" in page


def test_the_notes_grow_under_update_headings_and_evidence_still_points_at_them(client, url):
    rid, _ = create(client)
    for notes in DROPS[:2]:
        add(client, rid, notes)
    stored = Store(url).get(rid)
    assert stored.source_text.startswith(FIRST)
    assert "\n## Update 1\n\n14:20 UTC roughly" in stored.source_text
    assert "\n## Update 2\n\n14:41 UTC freed" in stored.source_text
    for spans in stored.report.evidence.values():
        for span in spans:
            assert stored.source_text[span.start:span.end] == span.quote


def test_notes_pasted_again_with_new_lines_add_only_the_new_lines(client, url):
    rid, _ = create(client)
    add(client, rid, FIRST + DROPS[0])  # the whole channel pasted again, with what is new at the end
    text = Store(url).get(rid).source_text
    assert text.count("14:02 UTC alerts") == 1 and text.count("14:35 UTC identified") == 1
    r = add(client, rid, FIRST, status=422)  # nothing new at all
    assert "nothing to add" in r.json()["detail"]


def test_an_answered_question_keeps_its_answer_through_an_update(client):
    rid, _ = create(client)
    answer = "A runaway log rotation job filled the disk of the search index."
    r = client.patch(f"/v1/reports/{rid}/questions/root_cause", json={"answer": answer})
    assert r.status_code == 200, r.text
    body = add(client, rid, DROPS[0]).json()
    assert body["root_cause"] == answer
    assert [q["answer"] for q in body["questions"] if q["name"] == "root_cause"] == [answer]
    assert "root cause" not in body["changes"]


def test_an_approved_report_takes_no_notes_until_reopened(client):
    rid, etag = create(client)
    r = client.post(f"/v1/reports/{rid}/approve", headers={"If-Match": etag})
    r = add(client, rid, DROPS[0], status=409)
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "approved" in r.json()["detail"] and "reopen" in r.json()["detail"]
    client.post(f"/v1/reports/{rid}/reopen")
    assert add(client, rid, DROPS[0]).json()["review_state"] == "draft"


def test_a_stale_if_match_is_refused_before_any_drafting(client):
    rid, etag = create(client)
    add(client, rid, DROPS[0], etag)
    r = add(client, rid, DROPS[1], etag, status=412)
    assert "revision 2" in r.json()["detail"]
    assert client.get(f"/v1/reports/{rid}").json()["revision"] == 2


def test_the_update_body_has_the_create_checks(client):
    rid, _ = create(client)
    r = client.post(f"/v1/reports/{rid}/notes", json={"notes": "  "})
    assert r.status_code == 422 and "empty" in r.json()["detail"]
    r = client.post(f"/v1/reports/{rid}/notes", json={"notes": DROPS[0], "incident_id": "INC-9"})
    assert r.status_code == 422 and "incident_id" in r.json()["detail"]
    r = client.post(f"/v1/reports/{rid}/notes", content=b"x", headers={"content-type": "image/png"})
    assert r.status_code == 415
    r = client.post("/v1/reports/nosuchreport/notes", json={"notes": DROPS[0]})
    assert r.status_code == 404


def test_the_notes_with_their_updates_stay_within_the_size_limit(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}", max_input_bytes=len(FIRST) + 80)
    with TestClient(create_app(settings)) as client:
        rid, _ = create(client)
        r = add(client, rid, "15:05 UTC resolved after the index-service disk was cleaned and the node restarted\n",
                status=413)
        assert "limit" in r.json()["detail"]


def test_a_native_export_keeps_its_reader_and_takes_plain_notes_as_updates(client):
    r = client.post("/v1/reports", json={"timeline": json.loads((EXAMPLES / "checkout-timeline.json").read_text())})
    rid = r.json()["id"]
    assert r.json()["status"] == "monitoring"
    body = add(client, rid, "17:50 UTC all clear, checkout latency normal; resolved.\n2,900 users affected in total.\n").json()
    assert body["status"] == "resolved" and body["impact"]["users_affected"] == 2900
    assert body["engine"]["reader"] == "timeline" and body["incident_id"] == "INC-2025-0042"
    assert "status → resolved" in body["changes"] and "users affected 2,900 (was 2,300)" in body["changes"]
    assert "end 17:50 UTC (was 17:35 UTC)" in body["changes"]


def test_a_model_written_report_is_redrawn_by_the_model_from_all_its_notes(tmp_path):
    from .fakeserver import ScriptedServer, stage
    from .test_llm_faults import GOOD_DRAFT, facts

    def answer(body):
        return {"content": json.dumps(facts() if stage(body) == "extract" else GOOD_DRAFT)}

    with ScriptedServer([answer]) as srv:
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'llm.db'}", openai_base_url=srv.url,
                            openai_api_key="k", model="m", llm_max_retries=0, repair_rounds=1)
        with TestClient(create_app(settings)) as client:
            rid, _ = create(client, (EXAMPLES / "payment-outage.md").read_text())
            made = len(srv.requests)
            body = add(client, rid, "17:10 UTC the payment provider confirmed the fix holds; closing the bridge.\n").json()
    assert body["engine"]["name"] == "llm" and len(srv.requests) > made
    sent = [json.dumps(r["messages"]) for r in srv.requests[made:] if stage(r) == "extract"]
    assert any("## Update 1" in s and "closing the bridge" in s for s in sent)
