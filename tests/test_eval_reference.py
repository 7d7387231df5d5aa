"""`incident-brief eval --reference`: the LLM engine on reference answers to invented notes (tests/data/reference),
served by the real replay endpoint; good answers survive, a wrong value is counted lost with the engine's reason,
a missing answer is reported pending (not scored), and the gate holds the floors."""

import json
import shutil
from pathlib import Path

import pytest

from incident_brief.cli import main
from incident_brief.evals import reference, survival_gate
from incident_brief.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "reference"
ANSWERS = json.loads((DATA / "answers.json").read_text())
EXPECTED = {
    "checkout": {"status": "resolved", "severity": "high", "start": "2025-05-12T09:14:00Z", "end": "2025-05-12T09:52:00Z",
                 "services": ["checkout-api"], "users_affected": 1200},
    "search": {"status": "resolved", "start": "2025-06-03T14:05:00Z", "end": "2025-06-03T14:40:00Z",
               "services": ["search-api"]},
    "login": {"status": "resolved"},
}


@pytest.fixture
def project(tmp_path):
    """A project folder with one dataset (examples) of the invented notes, and the repo's replay endpoint."""
    (tmp_path / "eval" / "datasets").mkdir(parents=True)
    shutil.copy(ROOT / "eval" / "replay.py", tmp_path / "eval" / "replay.py")
    rows = []
    for case, expected in EXPECTED.items():
        shutil.copy(DATA / f"{case}.md", tmp_path / f"{case}.md")
        rows.append(json.dumps({"id": case, "path": f"{case}.md", "expected": expected}))
    (tmp_path / "eval" / "datasets" / "examples.jsonl").write_text("\n".join(rows) + "\n")
    return tmp_path


def merge(template, content):
    """The answer over the pending template: fields the schema has and the answer lacks stay null."""
    if isinstance(template, dict) and isinstance(content, dict):
        return {k: merge(template.get(k), v) for k, v in {**template, **content}.items()}
    return content


def author(folder: Path) -> int:
    """Answer every pending request of a note we have an answer for, as an author would; accept them."""
    written = 0
    for request in (folder / "pending").glob("*.request.json"):
        body = json.loads(request.read_text())
        prompt = "\n".join(str(m["content"]) for m in body["messages"])
        stage = "draft" if body["response_format"]["json_schema"]["name"] == "Draft" else "extract"
        case = next((c for c in ANSWERS if (DATA / f"{c}.md").read_text().splitlines()[0][2:] in prompt
                     or ANSWERS[c]["extract"]["title"]["value"] in prompt), None)
        if case is None:
            continue
        answer = request.with_name(request.name.replace(".request.", ".answer."))
        data = json.loads(answer.read_text())
        data["content"] = merge(data["content"], ANSWERS[case][stage])
        answer.write_text(json.dumps(data))
        written += 1
    reference.replay_module(ROOT).Answers(folder).accept()
    return written


def run(project: Path, answers: Path) -> dict:
    return reference.run(["examples"], project, answers, Settings())


def test_answers_missing_are_pending_then_good_answers_survive_and_a_wrong_one_is_lost_with_its_reason(project, tmp_path):
    answers = tmp_path / "answers"
    first = run(project, answers)["datasets"]["examples"]
    assert first["measured"] == 0 and sorted(first["pending_cases"]) == ["checkout", "login", "search"]
    assert first["pending_requests"] == 3 and "facts_survival" not in first["aggregate"]  # not a failure: not scored
    assert author(answers / "examples") == 2  # the extractions; the drafts are asked next
    second = run(project, answers)["datasets"]["examples"]
    assert second["measured"] == 0 and second["pending_requests"] == 3
    assert author(answers / "examples") == 2
    result = run(project, answers)
    data = result["datasets"]["examples"]
    by_id = {c["id"]: c for c in data["cases"]}
    assert data["measured"] == 2 and data["pending_cases"] == ["login"] and by_id["login"]["scores"] == {}
    assert result["pending"] == {"examples": str(answers / "examples" / "pending")}

    good = by_id["checkout"]
    assert good["scores"]["facts_survival"] == 1.0 and good["scores"]["drafts_as_written"] == 1.0, good["reasons"]
    assert good["counts"]["facts"] == [8, 8]  # title, status, severity, three times, the service, the users
    assert good["scores"]["field_accuracy"] == 1.0 and good["scores"]["flags_consistent"] == 1.0
    assert good["scores"]["sections_repaired"] == 0 and good["scores"]["sections_fallback"] == 0

    wrong = by_id["search"]
    lost = wrong["reasons"]["facts_survival"]
    assert len(lost) == 1 and lost[0].startswith("users_affected=2500: The model's value was dropped")
    assert "2500" in lost[0] and "quoted words" in lost[0]
    kept, total = wrong["counts"]["facts"]
    assert kept == total - 1 and wrong["scores"]["facts_survival"] == pytest.approx(kept / total)
    assert data["aggregate"]["facts_survival"]["judged"] == good["counts"]["facts"][1] + total  # pooled over facts

    text = "\n".join(survival_gate.lines(result))
    assert "[examples] measured 2 of 3 cases" in text and "not measured, answers pending: login" in text
    assert "1 request without a reference answer, written to" in text
    problems = survival_gate.gate(result, {"floors": survival_gate.FLOORS})
    assert any(p.startswith("examples/facts_survival:") and "below the floor 0.98" in p for p in problems)
    assert not any("drafts_as_written" in p for p in problems)


def test_the_command_prints_the_survival_lines_and_the_gate_fails_on_fewer_measured_cases(project, tmp_path, capsys):
    answers = tmp_path / "answers"
    baseline = tmp_path / "reference.json"
    baseline.write_text(json.dumps({"engine": "llm-reference", "floors": {"facts_survival": 0.5},
                                    "datasets": {"examples": {"aggregate": {}, "measured": 2}}}))
    args = ["eval", "--reference", str(answers), "--dataset", "examples", "--root", str(project),
            "--out", str(tmp_path / "out"), "--baseline", str(baseline)]
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert "3 requests without a reference answer, written to" in out and str(answers / "examples" / "pending") in out
    assert "examples: 0 cases measured, baseline 2 (answers pending" in err and "not a failure of the engine" in err
    for _ in range(2):
        author(answers / "examples")
        main(args)
    capsys.readouterr()
    assert main([*args, "--write-baseline", str(tmp_path / "new.json")]) == 0
    out, _ = capsys.readouterr()
    assert "facts survived" in out and "gate: no regression" in out
    saved = json.loads((tmp_path / "new.json").read_text())
    assert saved["floors"] == {"facts_survival": 0.5} and saved["datasets"]["examples"]["measured"] == 2  # kept
    assert saved["datasets"]["examples"]["aggregate"]["drafts_as_written"]["mean"] == 1.0


def test_a_rewritten_baseline_keeps_the_floors_it_replaces_per_dataset_too(project, tmp_path, capsys):
    answers, target = tmp_path / "answers", tmp_path / "reference.json"
    floors = {**survival_gate.FLOORS, "examples": {**survival_gate.FLOORS, "facts_survival": 0.9}}
    target.write_text(json.dumps({"engine": "llm-reference", "floors": floors, "datasets": {}}))
    args = ["eval", "--reference", str(answers), "--dataset", "examples", "--root", str(project),
            "--out", str(tmp_path / "out")]
    for _ in range(3):
        author(answers / "examples")
        main(args)
    assert main([*args, "--write-baseline", str(target)]) == 0
    capsys.readouterr()
    assert json.loads(target.read_text())["floors"] == floors


def _set(measured: int, **means) -> dict:
    return {"measured": measured, "aggregate": {m: {"mean": v, "judged": j} for m, (v, j) in means.items()}}


def test_the_acceptance_sets_are_pooled_by_what_each_metric_judged_and_gated_on_the_top_floors():
    result = {"datasets": {
        "examples": _set(5, facts_survival=(0.9, 50), drafts_as_written=(1.0, 30), field_accuracy=(1.0, 5)),
        "zoo": _set(45, facts_survival=(1.0, 450), drafts_as_written=(0.9, 270), field_accuracy=(0.9, 45)),
        "adversarial": _set(6, facts_survival=(0.0, 36))}}  # not an acceptance set: not pooled
    pool = survival_gate.pooled(result)
    assert pool["datasets"] == ["examples", "zoo"] and pool["facts_survival"] == {"mean": 0.99, "judged": 500}
    assert pool["drafts_as_written"]["mean"] == 0.91 and pool["field_accuracy"] == {"mean": 0.91, "judged": 50}
    assert "[examples+zoo pooled] facts survived 99.0% of 500" in "\n".join(survival_gate.lines(
        {**result, "datasets": {k: {**v, "cases": [], "pending_cases": []} for k, v in result["datasets"].items()}}))
    problems = survival_gate.gate(result, {"floors": {"field_accuracy": 0.95, "zoo": {}, "examples": {},
                                                      "adversarial": {}}})
    assert problems == ["examples+zoo pooled/field_accuracy: 0.910 below the floor 0.95"]
    assert survival_gate.pooled({"datasets": {"zoo": result["datasets"]["zoo"]}}) is None
