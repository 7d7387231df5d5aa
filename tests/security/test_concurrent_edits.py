"""Finding 6: edits are transactions. 50 parallel PATCHes gave 36 x 500 and lost 3 of 31 acknowledged edits.

A real uvicorn server on a SQLite file and on PostgreSQL; the edits run in 50 threads at once."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from incident_brief.settings import Settings

from ..conftest import EXAMPLES
from ..liveserver import LiveApp

NOTES = (EXAMPLES / "payment-outage.md").read_text()
TEXT_SECTIONS = ("title", "what_happened", "impact_summary", "root_cause", "contact")
FIELD = {"title": "title", "what_happened": "what_happened", "impact_summary": "impact", "root_cause": "root_cause",
         "contact": "contact"}


@pytest.fixture
def live(database_url):
    with LiveApp(Settings(database_url=database_url)) as app:
        yield app


def section_value(report: dict, section: str):
    return report["impact"]["summary"] if section == "impact_summary" else report[section]


def new_report(url: str) -> dict:
    r = httpx.post(url + "/v1/reports", json={"notes": NOTES}, timeout=60)
    assert r.status_code == 201 and r.headers["etag"] == '"r1"', r.text
    return r.json()


def patch(url: str, rid: str, section: str, text: str, if_match: str | None = None) -> httpx.Response:
    headers = {"If-Match": if_match} if if_match else {}
    return httpx.patch(f"{url}/v1/reports/{rid}/sections/{section}", json={"text": text}, headers=headers, timeout=120)


def revisions(url: str, rid: str) -> list[dict]:
    return httpx.get(f"{url}/v1/reports/{rid}/revisions", timeout=60).json()


def at(url: str, rid: str, number: int) -> dict:
    r = httpx.get(f"{url}/v1/reports/{rid}/revisions/{number}", timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def test_fifty_edits_with_if_match_give_only_200_and_412_and_every_200_is_a_revision(live):
    rid = new_report(live.url)["id"]

    def edit(i: int) -> tuple[int, httpx.Response]:
        tag = httpx.get(f"{live.url}/v1/reports/{rid}", timeout=60).headers["etag"]  # read, then write against it
        return i, patch(live.url, rid, "what_happened", f"Edit number {i} of the story.", tag)

    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(edit, range(50)))
    statuses = sorted({r.status_code for _, r in results})
    assert set(statuses) <= {200, 412}, [r.text for _, r in results if r.status_code not in (200, 412)][:3]
    ok = [(i, r) for i, r in results if r.status_code == 200]
    assert ok, "at least the first writer wins"
    for _, r in results:
        if r.status_code == 412:
            assert r.headers["content-type"].startswith("application/problem+json")
            assert r.json()["status"] == 412 and r.json()["title"] == "Precondition failed"
    history = revisions(live.url, rid)
    assert len(history) == 1 + len(ok), "one revision per acknowledged edit, no more, no less"
    for i, r in ok:
        number = r.json()["revision"]
        assert r.headers["etag"] == f'"r{number}"'
        assert at(live.url, rid, number)["what_happened"] == f"Edit number {i} of the story."


def test_fifty_edits_without_if_match_all_succeed_and_none_is_lost(live):
    rid = new_report(live.url)["id"]
    jobs = [(i, TEXT_SECTIONS[i % len(TEXT_SECTIONS)]) for i in range(50)]

    def edit(job):
        i, section = job
        return i, section, patch(live.url, rid, section, f"Reviewer text {i} for {section}.")

    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(edit, jobs))
    assert [r.status_code for _, _, r in results] == [200] * 50, [r.text for _, _, r in results if r.status_code != 200][:3]
    history = revisions(live.url, rid)
    assert len(history) == 51 and [h["number"] for h in history] == list(range(1, 52))
    acked = {r.json()["revision"]: (i, section) for i, section, r in results}
    assert sorted(acked) == list(range(2, 52)), "every acknowledged edit is its own revision"
    previous = at(live.url, rid, 1)
    for number in range(2, 52):
        current = at(live.url, rid, number)
        i, section = acked[number]
        assert section_value(current, section) == f"Reviewer text {i} for {section}."
        for other in TEXT_SECTIONS:  # the edit changed its own section only: nothing written before it was lost
            if other != section:
                assert section_value(current, other) == section_value(previous, other), (number, other)
        previous = current
    final = httpx.get(f"{live.url}/v1/reports/{rid}", timeout=60).json()
    assert sorted(final["locked_sections"]) == sorted(TEXT_SECTIONS)


def test_etag_on_every_report_response_and_if_match_on_approve_and_regenerate(live):
    url, rid = live.url, new_report(live.url)["id"]
    for path in ("", "?format=markdown", "?format=html", "/export"):
        assert httpx.get(f"{url}/v1/reports/{rid}{path}", timeout=60).headers["etag"] == '"r1"'
    assert patch(url, rid, "title", "Card payments failed", '"r1"').headers["etag"] == '"r2"'
    assert patch(url, rid, "title", "Stale", '"r1"').status_code == 412
    assert patch(url, rid, "title", "Not a tag", "garbage").status_code == 412
    assert patch(url, rid, "title", "Any revision", "*").status_code == 200
    regen = httpx.post(f"{url}/v1/reports/{rid}/sections/root_cause/regenerate", headers={"If-Match": '"r2"'}, timeout=60)
    assert regen.status_code == 412 and regen.json()["status"] == 412
    stale = httpx.post(f"{url}/v1/reports/{rid}/approve", headers={"If-Match": '"r2"'}, timeout=60)
    assert stale.status_code == 412
    assert httpx.get(f"{url}/v1/reports/{rid}", timeout=60).json()["review_state"] == "draft"
    done = httpx.post(f"{url}/v1/reports/{rid}/approve", headers={"If-Match": 'W/"r3"'}, timeout=60)
    assert done.status_code == 200 and done.headers["etag"] == '"r4"' and done.json()["review_state"] == "approved"
