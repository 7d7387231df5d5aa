"""Output language (issue 16, item 2): labels from translation files (en, de, es, fr), the LLM engine's prose asked
in the language, the offline engine's English prose flagged; BCP 47 tags checked everywhere."""

import json
import tomllib
from markupsafe import escape

import pytest
from fastapi.testclient import TestClient

from incident_brief import translations
from incident_brief.engines import summarize
from incident_brief.ingest import read_path
from incident_brief.labels import LABELS, OPTIONAL
from incident_brief.render import render
from incident_brief.resources import resource_dir
from incident_brief.schema import Status
from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import EXAMPLES, run_cli
from .fakeserver import ScriptedServer, stage

LANGS = ("de", "es", "fr")
EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.is_file())


def test_every_translation_file_gives_every_label_status_and_resolution():
    for lang in LANGS:
        data = tomllib.loads((resource_dir("templates") / "labels" / f"{lang}.toml").read_text(encoding="utf-8"))
        assert set(data["labels"]) == set(LABELS), lang
        assert set(data["status"]) == {s.value for s in Status} - {"unknown"}
        assert set(data["resolution"]) == {s.value for s in Status}
        assert data["not_stated"] and data["generated_format"]
    assert translations.available() == ["de", "en", "es", "fr"]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", LANGS)
def test_labels_are_translated_and_the_layout_is_the_executive_one(path, lang):
    report = summarize(read_path(str(path), 10**6), engine="offline", settings=Settings(language=lang))
    english, md = render(report, "markdown", language="en"), render(report, "markdown")
    t = translations.translation(lang)
    for key, label in LABELS.items():
        if key in OPTIONAL and f"**{label}:**" not in english:
            continue  # shown only when the report has it (a closing after the end of impact)
        assert t.labels[key] in md, (key, t.labels[key])
        if t.labels[key] != label and key != "status":
            assert label not in md.replace(t.labels[key], ""), (key, label)
    assert [l[:2] for l in md.splitlines() if l.startswith("#")] == [l[:2] for l in english.splitlines() if l.startswith("#")]
    assert "Not stated in the source notes" not in md
    html = render(report, "html")
    assert f'<html lang="{lang}">' in html and escape(t.labels["what_happened"]) in html


def test_the_offline_engine_flags_its_english_prose_and_records_the_language():
    report = summarize(read_path(str(EXAMPLES / "payment-outage.md"), 10**6), engine="offline",
                       settings=Settings(language="de-AT"))
    assert report.engine.language == "de-AT"
    flag = next(f for f in report.review_flags if f.field == "language")
    assert "German readers" in flag.reason and "writes English" in flag.reason
    english = summarize(read_path(str(EXAMPLES / "payment-outage.md"), 10**6), engine="offline", settings=Settings())
    assert "language" not in json.loads(english.engine.model_dump_json()) and not any(
        f.field == "language" for f in english.review_flags)


def test_a_language_without_a_translation_file_keeps_english_labels_and_says_so():
    report = summarize(read_path(str(EXAMPLES / "search-timeline.txt"), 10**6), engine="offline",
                       settings=Settings(language="nl"))
    assert "# Executive Incident Report" in render(report, "markdown")
    assert "Dutch readers (labels (no translation: English))" in next(
        f.reason for f in report.review_flags if f.field == "language")


def test_the_llm_engine_is_asked_to_write_in_the_language_and_its_draft_is_not_flagged():
    seen = []
    draft = {"what_happened": "Die Kartenzahlungen schlugen beim Checkout fehl.", "impact_summary": "",
             "root_cause": "", "actions_taken": [], "next_steps_immediate": [], "next_steps_preventive": []}

    def decide(body):
        seen.append(body)
        if stage(body) == "extract":
            schema = body["response_format"]["json_schema"]["schema"]
            return {"content": json.dumps(_empty(schema))}
        return {"content": json.dumps(draft)}

    with ScriptedServer([decide] * 4) as srv:
        s = Settings(openai_base_url=srv.url, openai_api_key="k", model="m", llm_max_retries=0, language="de")
        report = summarize(read_path(str(EXAMPLES / "search-timeline.txt"), 10**6), engine="llm", settings=s)
    assert "Write in German." in seen[1]["messages"][0]["content"]
    assert report.what_happened == draft["what_happened"] and report.engine.language == "de"
    assert "what_happened" not in report.engine.fallback_sections


def _empty(schema):
    if schema.get("type") == "object" or "properties" in schema:
        return {k: _empty(v) for k, v in schema["properties"].items()}
    types = schema.get("type") if isinstance(schema.get("type"), list) else [schema.get("type")]
    if "array" in types:
        return []
    return "unknown" if "enum" in schema and "unknown" in schema["enum"] else None


@pytest.mark.parametrize("tag", ["xx_1", "english please", "", "d"])
def test_a_malformed_tag_is_a_clear_error_in_the_cli_and_the_api(tag, tmp_path):
    if tag:
        p = run_cli("summarize", str(EXAMPLES / "search-timeline.txt"), "--language", tag)
        assert p.returncode != 0 and b"BCP 47" in p.stderr and b"Traceback" not in p.stderr
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'l.db'}"))) as c:
        r = c.post("/v1/reports", json={"notes": "14:02 UTC SEV2 search-api slow", "language": tag})
        assert r.status_code == 422 and "language" in r.text


def test_the_api_stores_the_language_and_renders_in_it(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'l.db'}"))) as c:
        r = c.post("/v1/reports", json={"notes": (EXAMPLES / "payment-outage.md").read_text(), "language": "fr"})
        assert r.status_code == 201, r.text
        md = c.get(f"/v1/reports/{r.json()['id']}", headers={"Accept": "text/markdown"}).text
    assert md.startswith("# Rapport d'incident pour la direction") and "**Statut :**" not in md and "**Statut:** Résolu" in md
