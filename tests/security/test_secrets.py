"""Issue 11, findings 2 and 3: no report, export or web page shows a secret, whichever engine wrote it.

Every sensitive sample of the labelled set (eval/datasets/redaction.jsonl) is written into incident notes, in
the timeline, the root cause and the next steps. The offline engine, and the LLM engine against a hostile local
endpoint that quotes the secrets back and restates them in every drafted section, both write reports; no
rendered report (Markdown, HTML, JSON), export, revision or web page contains any sample. IP addresses are the
one kind the default policy restores; the notes' own contact line keeps its email on purpose.
"""

import json

import pytest
from fastapi.testclient import TestClient

from incident_brief.engines import summarize
from incident_brief.ingest import from_text
from incident_brief.render import render
from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from ..conftest import ROOT
from ..fakeserver import ScriptedServer, stage

SAMPLES = [json.loads(line) for line in (ROOT / "eval" / "datasets" / "redaction.jsonl").read_text().splitlines()]
POSITIVES = [s for s in SAMPLES if s["sensitive"] and s["kind"] != "ip"]  # IPs: restored by default policy
CONTACT = "incident-desk@example.org"
GROUPS = [POSITIVES[i:i + 12] for i in range(0, len(POSITIVES), 12)]


def notes(samples: list[dict]) -> str:
    lines = ["# Export worker outage", "Severity: SEV2", "Status: Resolved", "Date: 2025-07-08", ""]
    for i, s in enumerate(samples):
        lines.append(f"{8 + i // 6:02d}:{i % 6 * 10:02d} UTC export-worker failed: {s['text']}")
    lines += ["", f"Root cause: credentials were pasted into the job config; {samples[0]['text']}", "",
              "Next steps:", *(f"- rotate what leaked: {s['text']}" for s in samples[:3]), "", f"Contact: {CONTACT}", ""]
    return "\n".join(lines)


def leaks(text: str, samples: list[dict]) -> list[str]:
    return [v for s in samples for v in s["sensitive"] if v in text]


def rendered(report) -> str:
    return "\n".join(render(report, fmt) for fmt in ("markdown", "html", "json"))


def hostile(samples: list[dict]):
    """A model that saw through redaction: it quotes the raw secrets and restates them in every section."""
    raw = [v for s in samples for v in s["sensitive"]]
    said = "The export-worker failed; the leaked values were " + ", ".join(raw) + "."

    def answer(body):
        if stage(body) == "extract":
            first = samples[0]["text"]
            return {"content": json.dumps({
                "title": {"value": f"Export worker outage {raw[0]}", "quote": "Export worker outage"},
                "status": {"value": "resolved", "quote": "Status: Resolved"},
                "severity": {"value": "SEV2", "quote": "Severity: SEV2"},
                "affected_services": [{"name": "export-worker", "quote": "export-worker"}, {"name": raw[0], "quote": raw[0]}],
                "what_happened": {"value": said, "quote": first},
                "root_cause": {"value": f"Credentials {raw[0]} were pasted into the job config.", "quote": first},
                "actions_taken": [{"text": f"Rotated {v}", "quote": first} for v in raw[:4]],
                "next_steps_immediate": [{"text": f"Revoke {raw[-1]}", "quote": first}],
                "next_steps_preventive": [{"text": "Scan configs for secrets", "quote": "rotate what leaked"}],
            })}
        return {"content": json.dumps({
            "what_happened": said, "impact_summary": f"Exports stopped; {raw[0]} was exposed.",
            "root_cause": f"Credentials ({', '.join(raw[:3])}) were pasted into the job config.",
            "actions_taken": [f"Rotated {v}." for v in raw[:5]], "next_steps_immediate": [f"Revoke {raw[-1]}."],
            "next_steps_preventive": ["Scan configs for secrets."]})}

    return answer


def llm_settings(url: str, **more) -> Settings:
    return Settings(openai_base_url=url, openai_api_key="k", model="m", llm_timeout=5, llm_max_retries=0, **more)


def test_the_labelled_set_reaches_the_reports_notes():
    assert len(POSITIVES) >= 100 and sum(map(len, GROUPS)) == len(POSITIVES)
    assert all(v in notes(g) for g in GROUPS for s in g for v in s["sensitive"])


@pytest.mark.parametrize("group", range(len(GROUPS)))
def test_offline_reports_show_no_secret_and_say_what_was_withheld(group):
    samples = GROUPS[group]
    report = summarize(from_text(notes(samples)), engine="offline", settings=Settings())
    assert leaks(rendered(report), samples) == []
    flag = next(f.reason for f in report.review_flags if f.field == "report")
    assert "withheld from this report" in flag
    assert report.contact == CONTACT, "the notes' contact line is kept"
    for path, spans in report.evidence.items():  # quotes are withheld, offsets still point into the notes
        for span in spans:
            assert span.end > span.start and (span.quote == notes(samples)[span.start:span.end] or "(withheld)" in span.quote)


@pytest.mark.parametrize("group", range(len(GROUPS)))
def test_llm_reports_against_a_hostile_endpoint_show_no_secret(group):
    samples = GROUPS[group]
    with ScriptedServer([hostile(samples)]) as srv:
        report = summarize(from_text(notes(samples)), engine="llm", settings=llm_settings(srv.url))
    assert report.engine.name == "llm"
    assert leaks(rendered(report), samples) == []
    assert leaks(json.dumps(srv.requests), samples) == [], "the model never saw them either"


def _everything_served(client: TestClient, rid: str) -> str:
    pages = [client.get(f"/v1/reports/{rid}"), client.get(f"/v1/reports/{rid}?format=markdown"),
             client.get(f"/v1/reports/{rid}", headers={"accept": "text/html"}),
             *(client.get(f"/v1/reports/{rid}/export?format={f}") for f in ("markdown", "html", "json")),
             client.get(f"/v1/reports/{rid}/revisions"), client.get(f"/v1/reports/{rid}/revisions/1"),
             client.get("/v1/reports"), client.get(f"/ui/reports/{rid}"), client.get("/")]
    assert all(p.status_code == 200 for p in pages), [(p.url, p.status_code) for p in pages]
    return "\n".join(p.text for p in pages)


@pytest.mark.parametrize("engine", ["offline", "llm"])
def test_service_pages_and_exports_show_no_secret(tmp_path, engine):
    samples = POSITIVES
    text = notes(samples)
    with ScriptedServer([hostile(samples)]) as srv:
        settings = llm_settings(srv.url, database_url=f"sqlite:///{tmp_path / 'r.db'}") if engine == "llm" \
            else Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}")
        with TestClient(create_app(settings)) as client:
            r = client.post("/v1/reports", content=text.encode(), headers={"content-type": "text/markdown"})
            assert r.status_code == 201, r.text
            rid = r.json()["id"]
            assert leaks(r.text, samples) == []
            for section in ("what_happened", "root_cause", "actions_taken"):
                regen = client.post(f"/v1/reports/{rid}/sections/{section}/regenerate")
                assert regen.status_code == 200, regen.text
            assert leaks(_everything_served(client, rid), samples) == []


def test_a_reviewer_edit_is_withheld_and_flagged_not_silently_kept(tmp_path):
    secret, email = "ghp_" + "Q7x" * 12, "jane.roe@example.com"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}"))) as client:
        rid = client.post("/v1/reports", content=notes(POSITIVES[:2]).encode(),
                          headers={"content-type": "text/markdown"}).json()["id"]
        r = client.patch(f"/v1/reports/{rid}/sections/root_cause",
                         json={"text": f"A token {secret} was pasted by {email} into the job config."})
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["root_cause"] == "A token (withheld) was pasted by (withheld) into the job config."
        assert {"field": "root_cause", "label": "Root cause",
                "reason": "1 credential (GitHub token) and 1 email address were withheld from this edit"} \
            in report["review_flags"]
        assert secret not in _everything_served(client, rid)
