"""Finding 8: values outside what a report can hold broke it (500 on every read, edit and export).

Every such input now gives 422, or, from the notes, is left out (with a flag when a stored report held it);
a stored report always renders."""

import json
import sqlite3

import pytest
from fastapi.testclient import TestClient

from incident_brief.errors import InputError
from incident_brief.ingest import from_text
from incident_brief.server.app import create_app
from incident_brief.server.drafting import draft
from incident_brief.settings import Settings

BASE = "2024-01-15 14:02 UTC SEV2 payment-api errors\n16:32 UTC resolved\n"
FROM_NOTES = {
    "revenue_400_digits": BASE + "Revenue impact: $" + "9" * 400 + " lost",
    "users_4000_digits": BASE + "Users affected: " + "9" * 4000,
    "reports_4000_digits": BASE + "Customer reports: " + "9" * 4000,
    "year_9999_zoned": "9999-12-31T23:59:00-05:00 SEV2 api down\n16:32 resolved",
    "year_9999_spaced": "9999-12-31 23:30 +05:00 SEV2 api down\n16:32 resolved",
    "year_0001_zoned": "0001-01-01 00:10 -05:00 SEV2 api down\n16:32 resolved",
    "zone_99_99": "2024-01-15 14:02 +99:99 SEV2 api down\n16:32 resolved",
    "zone_99_99_iso": "2024-01-15T14:02:00+99:99 SEV2 api down\n16:32 resolved",
}
TIMELINES = {"year_9999": "9999-12-31T23:59:00-05:00", "year_0001": "0001-01-01T00:00:00+05:00",
             "zone_99_99": "2024-01-01T10:00:00+99:99"}
SURROGATE_BODIES = {
    "notes": b'{"notes": "api down \\ud800 at 10:00 UTC SEV2"}',
    "incident_id": b'{"notes": "api down at 10:00 UTC SEV2", "incident_id": "INC-\\udc00"}',
    "contact": b'{"notes": "api down at 10:00 UTC SEV2", "contact": "\\ud83d"}',
    "timeline": b'{"timeline": {"title": "\\ud800", "timeline": [{"time": "2024-01-01T10:00:00Z", "text": "a"}]}}',
    "timeline_key": b'{"timeline": {"title": "t", "timeline": [{"time": "2024-01-01T10:00:00Z", "\\udfff": "a"}]}}',
}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return tmp_path_factory.mktemp("bounds") / "bounds.db"


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def renders_everywhere(client, rid: str) -> dict:
    for path in ("", "?format=markdown", "?format=html", "/export", "/export?format=html", "/export?format=json",
                 "/revisions", "/diff?from=1&to=1"):
        r = client.get(f"/v1/reports/{rid}{path}")
        assert r.status_code == 200, (path, r.status_code, r.text[:200])
    edit = client.patch(f"/v1/reports/{rid}/sections/title", json={"text": "Checked by a reviewer"})
    assert edit.status_code == 200, edit.text
    return edit.json()


@pytest.mark.parametrize("name", sorted(FROM_NOTES))
def test_out_of_range_values_in_notes_are_left_out_and_the_report_renders(client, name):
    r = client.post("/v1/reports", json={"notes": FROM_NOTES[name]})
    assert r.status_code == 201, r.text[:300]
    report = renders_everywhere(client, r.json()["id"])
    impact = report["impact"]
    assert impact["users_affected"] is None and impact["revenue_impact"] is None and impact["customer_reports"] is None
    for field in ("started_at", "detected_at", "resolved_at"):
        assert report[field] is None or 1970 <= int(report[field][:4]) <= 2100


@pytest.mark.parametrize("name", sorted(TIMELINES))
def test_out_of_range_times_in_a_timeline_never_give_500(client, name):
    body = {"timeline": {"title": "Odd times", "timeline": [{"time": TIMELINES[name], "text": "api down"}]}}
    r = client.post("/v1/reports", json=body)
    assert r.status_code == 201, r.text[:300]
    renders_everywhere(client, r.json()["id"])


def test_a_report_stored_with_a_null_revenue_figure_renders_with_a_flag(client, db):
    """What the old code stored for a 400-digit figure (infinity dumped as null): every read answered 500."""
    rid = client.post("/v1/reports", json={"notes": BASE}).json()["id"]
    with sqlite3.connect(db) as conn:
        data = json.loads(conn.execute("select report_json from reports where id = ?", (rid,)).fetchone()[0])
        data["impact"]["revenue_impact"] = {"amount": None, "currency": "USD"}
        data["impact"]["users_affected"] = int("9" * 400)
        conn.execute("update reports set report_json = ? where id = ?", (json.dumps(data), rid))
    report = renders_everywhere(client, rid)
    assert report["impact"]["revenue_impact"] is None and report["impact"]["users_affected"] is None
    flagged = {f["field"] for f in report["review_flags"]}
    assert {"impact.revenue_impact", "impact.users_affected"} <= flagged


def test_export_of_a_non_latin1_incident_id_uses_rfc6266_filenames(client):
    rid = client.post("/v1/reports", json={"notes": BASE, "incident_id": "INC-事故-1 ü"}).json()["id"]
    r = client.get(f"/v1/reports/{rid}/export")
    assert r.status_code == 200, r.text[:200]
    assert r.headers["content-disposition"] == (
        "attachment; filename=\"INC----1--.md\"; filename*=UTF-8''INC-%E4%BA%8B%E6%95%85-1-%C3%BC.md")


@pytest.mark.parametrize("path", ["/diff?from=1&to=9223372036854775808", "/diff?from=9223372036854775808&to=1",
                                  "/revisions/9223372036854775808", "/diff?from=1&to=" + "9" * 4000])
def test_huge_revision_numbers_are_422(client, path):
    rid = client.post("/v1/reports", json={"notes": BASE}).json()["id"]
    r = client.get(f"/v1/reports/{rid}{path}")
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json"), r.text[:200]


def test_a_huge_report_id_is_refused_not_an_error(client):
    assert client.get("/v1/reports/" + "a" * 5000).status_code == 422


@pytest.mark.parametrize("name", sorted(SURROGATE_BODIES))
def test_lone_surrogates_are_422(client, name):
    r = client.post("/v1/reports", content=SURROGATE_BODIES[name], headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json"), r.text[:300]


def test_lone_surrogates_in_an_edit_or_a_batch_are_422(client):
    rid = client.post("/v1/reports", json={"notes": BASE}).json()["id"]
    r = client.patch(f"/v1/reports/{rid}/sections/title", content=b'{"text": "x \\ud800"}',
                     headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    r = client.patch(f"/v1/reports/{rid}/sections/actions_taken", content=b'{"text": ["ok", "\\udc00"]}',
                     headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    r = client.post("/v1/batches", content=b'{"items": [{"notes": "a \\ud800 10:00 UTC down"}]}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    renders_everywhere(client, rid)


def test_the_incident_id_limit_is_shared_by_every_path(client):
    """The web form once took a 900 KB id (the download's name): the limit now sits where every path drafts."""
    with pytest.raises(InputError, match="incident_id"):
        draft(from_text(BASE, "notes", as_json=False), Settings(), "I" * 101, None)
    assert client.post("/v1/reports", json={"notes": BASE, "incident_id": "I" * 101}).status_code == 422
    r = client.post("/v1/reports", json={"notes": BASE, "incident_id": "I" * 100})
    assert r.status_code == 201
