"""Regenerating one section: one drafting call from the stored grounded facts; the offline engine says when
nothing changed."""

import json

from incident_brief.engines import summarize
from incident_brief.server import reviews
from incident_brief.server.store import Store
from incident_brief.settings import Settings

from .fakeserver import ScriptedServer, stage
from .test_llm_faults import GOOD_DRAFT, NOTES, answer, facts


def _store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'reports.db'}")


def test_regenerating_one_section_makes_exactly_one_model_request(tmp_path):
    redrafted = dict(GOOD_DRAFT, root_cause="Flash sale traffic made database operations block each other.")
    with ScriptedServer([answer(facts(), GOOD_DRAFT)]) as srv:
        settings = Settings(openai_base_url=srv.url, openai_api_key="k", model="m", llm_timeout=5)
        report = summarize(NOTES, engine="llm", settings=settings)
        assert report.engine.facts is not None and report.engine.facts.root_cause
        store = _store(tmp_path)
        stored = store.create(report, NOTES.text, NOTES.kind, "tester")
        stored = store.get(stored.id)  # through the database: the facts are kept with the report
        assert stored.report.engine.facts == report.engine.facts
        srv.script = [{"content": json.dumps(redrafted)}]
        before = len(srv.requests)
        result = reviews.regenerate(store, stored, "root_cause", "tester", settings)
        sent = srv.requests[before:]
    assert len(sent) == 1 and stage(sent[0]) == "draft", "one drafting call, no extraction"
    assert "Postmortem draft" not in json.dumps(sent), "drafted from the stored facts, not the notes"
    assert result.changed and result.stored.report.root_cause == redrafted["root_cause"]
    assert result.stored.report.what_happened == GOOD_DRAFT["what_happened"], "other sections untouched"
    assert result.stored.revision == 2


def test_a_redraft_that_breaks_the_rules_leaves_the_section_unchanged(tmp_path):
    with ScriptedServer([answer(facts(), GOOD_DRAFT)]) as srv:
        settings = Settings(openai_base_url=srv.url, openai_api_key="k", model="m", llm_timeout=5)
        report = summarize(NOTES, engine="llm", settings=settings)
        store = _store(tmp_path)
        stored = store.create(report, NOTES.text, NOTES.kind, "tester")
        srv.script = [{"content": json.dumps(dict(GOOD_DRAFT, root_cause="About 99,999 users lost data."))}]
        result = reviews.regenerate(store, stored, "root_cause", "tester", settings)
    assert not result.changed and "99,999" in result.message and result.stored.revision == 1
    assert store.get(stored.id).report.root_cause == GOOD_DRAFT["root_cause"]


def test_offline_regenerate_says_plainly_when_nothing_changed(tmp_path):
    settings = Settings(openai_base_url=None, openai_api_key=None)
    report = summarize(NOTES, engine="offline", settings=settings)
    store = _store(tmp_path)
    stored = store.create(report, NOTES.text, NOTES.kind, "tester")
    result = reviews.regenerate(store, stored, "what_happened", "tester", settings)
    assert not result.changed and result.message == "the offline engine gives the same text for this section"
    assert store.get(stored.id).revision == 1, "no revision when nothing changed"
    assert reviews.regenerate(store, stored, "what_happened", "tester", settings).stored.revision == 1


def test_the_api_and_the_page_say_when_regenerate_changed_nothing(tmp_path):
    from fastapi.testclient import TestClient

    from incident_brief.server.app import create_app

    from .conftest import form_token

    settings = Settings(openai_base_url=None, openai_api_key=None, database_url=f"sqlite:///{tmp_path / 'r.db'}")
    with TestClient(create_app(settings)) as client:
        rid = client.post("/v1/reports", json={"notes": NOTES.text}).json()["id"]
        r = client.post(f"/v1/reports/{rid}/sections/what_happened/regenerate")
        assert r.status_code == 200 and r.json()["notice"] == "the offline engine gives the same text for this section"
        assert r.json()["revision"] == 1
        page = client.post(f"/ui/reports/{rid}/sections/what_happened/regenerate", follow_redirects=True,
                           data={"csrf": form_token(client)})
        assert "nothing changed and no revision was added" in page.text
        assert client.get(f"/v1/reports/{rid}/revisions").json()[-1]["number"] == 1
