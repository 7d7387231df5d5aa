"""The eval suite itself: it runs, it scores, and its gate fails on a deliberate regression."""

import json

import pytest

from incident_brief.evals import runner
from incident_brief.evals.datasets import load
from incident_brief.evals.perturb import catch_rate
from incident_brief.evals.perturb import run as perturb
from incident_brief.offline.engine import summarize
from incident_brief.settings import Settings

from .conftest import ROOT, run_cli

BASELINE = ROOT / "eval" / "baselines" / "offline.json"


def _run(datasets=("examples", "adversarial")):
    return runner.run("offline", list(datasets), ROOT, Settings().corpus_dir, Settings())


def test_eval_command_prints_tables_and_writes_json_markdown_html(tmp_path):
    r = run_cli("eval", "--engine", "offline", "--dataset", "examples", "--out", str(tmp_path))
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr
    assert "[examples] 5 cases" in out and "payment-outage" in out and "MEAN" in out
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
    monkeypatch.setattr("incident_brief.offline.engine.imp.users_affected", lambda doc: None)
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
