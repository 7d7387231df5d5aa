"""The eval suite itself: it runs, it scores, and its gate fails on a deliberate regression."""

import dataclasses
import json

import pytest

from incident_brief.evals import runner
from incident_brief.evals.datasets import load
from incident_brief.evals.perturb import catch_rate
from incident_brief.evals.perturb import run as perturb
from incident_brief.offline.engine import summarize
from incident_brief.offline.extract import impact as imp
from incident_brief.offline.extract.story import Told
from incident_brief.settings import Settings

from .conftest import ROOT, run_cli

BASELINE = ROOT / "eval" / "baselines" / "offline.json"


def _run(datasets=("examples", "adversarial")):
    return runner.run("offline", list(datasets), ROOT, Settings().corpus_dir, Settings())


def test_eval_command_prints_tables_and_writes_json_markdown_html(tmp_path):
    r = run_cli("eval", "--engine", "offline", "--dataset", "examples", "--out", str(tmp_path))
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr
    assert "[examples] 5 cases" in out and "faithful_numbers" in out and "verdict: " in out
    data = json.loads((tmp_path / "offline.json").read_text())
    assert data["datasets"]["examples"]["aggregate"]["faithful_numbers"]["mean"] == 1.0
    assert "| payment-outage |" in (tmp_path / "offline.md").read_text()
    assert (tmp_path / "offline.html").read_text().startswith("<!DOCTYPE html>")


def test_committed_baseline_gate_passes_on_this_checkout(tmp_path):
    r = run_cli("eval", "--engine", "offline", "--baseline", str(BASELINE), "--out", str(tmp_path))
    assert r.returncode == 0, r.stdout.decode()[-2000:] + r.stderr.decode()
    assert "gate: no regression" in r.stdout.decode()


def test_gate_fails_when_a_glossary_entry_is_removed(monkeypatch):
    from incident_brief.offline import plain

    baseline = json.loads(BASELINE.read_text())
    glossary = plain.default_glossary()
    terms = {k: v for k, v in glossary.terms.items() if k not in ("deadlocks", "hotfix", "failover", "replica")}
    weaker = plain.Glossary(terms)
    monkeypatch.setattr(plain, "default_glossary", lambda: weaker)
    monkeypatch.setattr("incident_brief.offline.engine.default_glossary", lambda: weaker)
    # the scorer still judges with the full glossary: the jargon is now visible
    monkeypatch.setattr("incident_brief.evals.scorers.default_glossary", lambda: glossary)
    problems = runner.compare(_run(["examples"]), baseline)
    assert any("examples/jargon_free" in p for p in problems), problems


def test_gate_fails_when_an_extractor_is_disabled(monkeypatch):
    baseline = json.loads(BASELINE.read_text())
    real = imp.impact_story
    monkeypatch.setattr(imp, "impact_story", lambda doc: dataclasses.replace(real(doc), users=Told()))  # users unread
    problems = runner.compare(_run(["examples"]), baseline)
    assert any("examples/impact_figures" in p for p in problems), problems


def test_gate_cli_exits_non_zero_on_regression(tmp_path):
    baseline = json.loads(BASELINE.read_text())
    baseline["datasets"]["examples"]["aggregate"]["services_recall"]["mean"] = 1.5  # an impossible past
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(baseline))
    r = run_cli("eval", "--dataset", "examples", "--baseline", str(path), "--out", str(tmp_path))
    assert r.returncode == 1 and "GATE FAILED" in r.stderr.decode() and "services_recall" in r.stderr.decode()


def test_adversarial_cases_hold():
    agg = _run(["adversarial"])["datasets"]["adversarial"]["aggregate"]
    for metric in ("faithful_numbers", "no_invented_figures", "no_forbidden_text", "flags_raised", "sections_present"):
        assert agg[metric]["mean"] == 1.0, metric


def test_guards_catch_every_perturbation(corpus):
    cases = load("examples", ROOT, corpus) + load("corpus", ROOT, corpus) + load("corpus-unlabelled", ROOT, corpus)
    outcomes, skipped = perturb([summarize(c.source) for c in cases])
    rates = catch_rate(outcomes)
    assert skipped == 0 and len(outcomes) > 500
    assert {k: c / t for k, (c, t) in rates.items()} == {k: 1.0 for k in rates}, rates
    assert set(rates) == {"invented_number", "jargon", "doubled_word", "unknown_service", "invented_month",
                          "over_budget", "missing_section", "leaked_secret"}


def test_guards_catch_every_perturbation_of_the_examples():
    cases = load("examples", ROOT, ROOT / "missing")
    outcomes, skipped = perturb([summarize(c.source) for c in cases])
    assert skipped == 0 and outcomes and all(o.caught for o in outcomes)


LLM_CASSETTES = ROOT / "eval" / "cassettes" / "llm"


@pytest.mark.skipif(not (LLM_CASSETTES / "settings.json").is_file(), reason="LLM eval cassettes not recorded")
def test_llm_eval_replays_its_cassettes_and_passes_its_gate(tmp_path):
    r = run_cli("eval", "--engine", "llm", "--dataset", "examples", "--dataset", "adversarial",
                "--cassettes", str(LLM_CASSETTES), "--baseline", str(ROOT / "eval" / "baselines" / "llm.json"),
                "--out", str(tmp_path))
    assert r.returncode == 0, r.stdout.decode()[-3000:] + r.stderr.decode()[-3000:]
    data = json.loads((tmp_path / "llm.json").read_text())
    for name in ("examples", "adversarial"):
        agg = data["datasets"][name]["aggregate"]
        assert agg["faithful_numbers"]["mean"] == 1.0 and agg["no_invented_figures"]["mean"] == 1.0, name


def test_eval_without_its_extra_says_how_to_install_it(tmp_path):
    fake = tmp_path / "hide" / "textstat"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('not installed (simulated)')\n")
    env = {"PYTHONPATH": f"{tmp_path / 'hide'}:{ROOT / 'service'}"}
    r = run_cli("eval", "--dataset", "examples", "--out", str(tmp_path / "out"), env=env)
    assert r.returncode == 2, r.stderr
    err = r.stderr.decode() if isinstance(r.stderr, bytes) else r.stderr
    assert "pip install 'incident-brief[eval]'" in err and "textstat" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


# --- the notes zoo and the scorers of the story's final facts ---

ZOO = [json.loads(line) for line in (ROOT / "eval" / "datasets" / "zoo.jsonl").read_text().splitlines() if line.strip()]
HOLDOUT = [json.loads(line) for name in ("holdout", "holdout2", "holdout3", "holdout4")
           for line in (ROOT / "eval" / "datasets" / f"{name}.jsonl").read_text().splitlines() if line.strip()]
_NATIVE = {"pagerduty", "opsgenie", "jira", "slack", "statuspage", "incident.io", "firehydrant", "rootly"}


def test_zoo_has_forty_notes_in_fourteen_shapes_with_full_expected_facts():
    assert len(ZOO) >= 40 and len({r["shape"] for r in ZOO}) >= 14
    assert _NATIVE <= {r["shape"] for r in ZOO}
    keys = {"incident_id", "status", "severity", "start", "end", "duration_minutes", "services", "users_affected",
            "revenue_impact", "customer_reports", "figures"}
    for row in ZOO:
        assert (ROOT / row["path"]).is_file(), row["id"]
        assert keys <= set(row["expected"]), (row["id"], keys - set(row["expected"]))
        assert all({"field", "value"} <= set(f) for f in row["not_facts"]), row["id"]


@pytest.mark.parametrize("row", ZOO + HOLDOUT, ids=[r["id"] for r in ZOO + HOLDOUT])
def test_every_zoo_note_yields_a_report_through_the_cli(row, capsys):
    from incident_brief.cli import main

    assert main(["summarize", str(ROOT / row["path"]), "-q"]) == 0, row["id"]
    assert capsys.readouterr().out.startswith("# Executive Incident Report")


def test_zoo_and_corpus_more_are_datasets_of_the_eval(tmp_path):
    r = run_cli("eval", "--dataset", "zoo", "--dataset", "corpus-more", "--out", str(tmp_path),
                env={"INCIDENT_BRIEF_CORPUS_MORE_DIR": str(tmp_path / "absent")})
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr.decode()
    assert f"[zoo] {len(ZOO)} cases" in out
    assert "skipped corpus-more: no texts at" in out and "INCIDENT_BRIEF_CORPUS_MORE_DIR" in out
    agg = json.loads((tmp_path / "offline.json").read_text())["datasets"]["zoo"]["aggregate"]
    for metric in ("status", "incident_id", "root_cause_keywords", "other_figures", "no_superseded", "start", "end"):
        assert metric in agg, metric


def _report(**changes):
    from datetime import datetime, timezone

    from incident_brief.schema import EngineInfo, Report

    base = {"generated_at": datetime(2026, 1, 1, tzinfo=timezone.utc), "engine": EngineInfo(name="test")}
    return Report(**{**base, **changes})


def _case(expected=None, not_facts=None):
    from incident_brief.evals.cases import Case
    from incident_brief.ingest import from_text

    return Case("c", "zoo", from_text("notes", "c"), expected or {}, not_facts=not_facts or [])


def test_story_scorers_judge_status_and_any_accepted_incident_id():
    from incident_brief.evals.facts import story

    scores = story(_case({"status": "resolved", "incident_id": ["3187", "Q3VX"]}),
                   _report(status="monitoring", incident_id="#3187"), "")
    assert scores["status"].value == 0.0 and scores["status"].reasons == ["gold resolved, report monitoring"]
    assert scores["incident_id"].value == 1.0
    silent = story(_case({"status": None, "incident_id": None}), _report(incident_id="INC-9"), "")
    assert "status" in silent and silent["status"].value is None and silent["incident_id"].value == 0.0


def test_root_cause_keywords_share_and_any_mode():
    from incident_brief.evals.facts import root_cause

    report = _report(root_cause="Consumers retried a malformed message forever.")
    share = root_cause(_case({"root_cause_keywords": ["malformed|poison", "retr", "partition"]}), report, "")
    assert share["root_cause_keywords"].value == 2 / 3 and "'partition'" in share["root_cause_keywords"].reasons[0]
    anyone = root_cause(_case({"root_cause_keywords": ["poison", "retr"], "root_cause_match": "any"}), report, "")
    assert anyone["root_cause_keywords"].value == 1.0
    unstated = root_cause(_case({"root_cause_keywords": ["cdn", "not stated"], "root_cause_match": "any"}), _report(), "")
    assert unstated["root_cause_keywords"].value == 1.0


def test_other_figures_and_superseded_values(monkeypatch):
    from incident_brief.evals import facts

    report = _report(severity="high", affected_services=["checkout", "cart-service"],
                     impact={"customer_reports": 300})
    monkeypatch.setattr(facts, "report_figures", lambda r: [("requests failing", 12.0, "%"), ("orders", 4100.0, None)])
    figs = facts.other_figures(_case({"figures": [{"label": "failing", "value": 12, "unit": "%"},
                                                  {"label": "bookings lost", "value": 2700, "unit": "bookings"},
                                                  {"label": "share", "value": 4100, "unit": "%"}]}), report, "")
    assert figs["other_figures"].value == 1 / 3 and len(figs["other_figures"].reasons) == 2
    nf = [{"field": "customer_reports", "value": 300, "why": "early estimate"}, {"field": "severity", "value": "medium"},
          {"field": "services", "value": "cart-service"}, {"field": "impact", "value": 4100}]
    sup = facts.superseded(_case(not_facts=nf), report, "")["no_superseded"]
    assert sup.value == 0.0 and len(sup.reasons) == 3 and "early estimate" in sup.reasons[0]


def test_duration_range_and_non_impact_numbers_of_the_corpus_gold():
    from incident_brief.evals.corpus import not_impact
    from incident_brief.evals.scorers import fields

    ok = fields(_case({"duration_minutes": [68, 84]}), _report(duration_minutes=80), "")["duration"]
    far = fields(_case({"duration_minutes": [68, 84]}), _report(duration_minutes=3000), "")["duration"]
    assert ok.value == 1.0 and far.value == 0.0
    parsed = not_impact(["2020-07-09", "07:30", "~30", "100%", "Ten\nminutes", "120 requests", "Severity 2", "eu-west-2"])
    assert [(p["value"], p["unit"]) for p in parsed] == [(30.0, None), (100.0, "%"), (120.0, "requests")]


def test_gate_tolerates_a_metric_and_a_dataset_absent_from_the_baseline():
    result = {"datasets": {"zoo": {"aggregate": {"status": {"mean": 0.1, "judged": 3}}},
                           "examples": {"aggregate": {"status": {"mean": 0.1, "judged": 3},
                                                      "severity": {"mean": 1.0, "judged": 5}}}}}
    baseline = {"datasets": {"examples": {"aggregate": {"severity": {"mean": 1.0, "judged": 5}}}}}
    assert runner.compare(result, baseline) == []
