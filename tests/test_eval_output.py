"""Readable eval output: HTML tables that render, a terminal of at most 120 columns with a legend of full metric
names, a one-line verdict with or without a baseline, and `eval --notes FILE --expect FILE.json` on one's own notes."""

from __future__ import annotations

import json
import re

from incident_brief.evals.scorers import METRICS

from .conftest import run_cli
from .test_portfolio import no_markdown_left, parse

NOTES = ("Incident INC-4410: checkout-api errors\nSeverity: SEV2\n"
         "2025-06-03 09:05 UTC checkout-api began returning 502s after the config push.\n"
         "2025-06-03 09:50 UTC config rolled back; checkout-api healthy. Status: resolved\n"
         "About 1,200 users were affected.\n")
EXPECT = {"expected": {"incident_id": "INC-4410", "severity": "high", "severity_stated": "SEV2",
                       "start": "2025-06-03T09:05:00Z", "end": "2025-06-03T09:50:00Z", "duration_minutes": 45,
                       "status": "resolved", "services": ["checkout-api"], "users_affected": 1200,
                       "revenue_impact": None, "customer_reports": None}}


def _eval(tmp_path, *args):
    out = tmp_path / "results"
    r = run_cli("eval", "--engine", "offline", "--out", str(out), *args)
    return r, out


def test_dataset_eval_is_readable_in_a_terminal_and_in_html(tmp_path):
    r, out = _eval(tmp_path, "--dataset", "examples")
    stdout = r.stdout.decode()
    assert r.returncode == 0, r.stderr.decode()
    widest = max(len(line) for line in stdout.splitlines())
    assert widest <= 120, f"a line of {widest} columns"
    for metric in METRICS:
        assert re.search(rf"^\s+\S+\s+{metric}: ", stdout, re.M), f"{metric} missing from the legend"
    verdicts = [line for line in stdout.splitlines() if line.startswith("verdict: ")]
    assert len(verdicts) == 1 and "5 cases in 1 dataset;" in verdicts[0] and "weakest" in verdicts[0]
    html = (out / "offline.html").read_text()
    page = parse(html)
    text = "".join(page.text)
    assert "|---|" not in text and not no_markdown_left(text), no_markdown_left(text)
    assert not page.errors and len(re.findall(r"<table>", html)) == 2, "aggregate and per-case tables are tables"
    assert "<th>case</th>" in html and "<td>payment-outage</td>" in html


def test_verdict_with_a_baseline_says_pass_or_fail(tmp_path):
    base = tmp_path / "base.json"
    r, _ = _eval(tmp_path, "--dataset", "examples", "--write-baseline", str(base))
    assert r.returncode == 0
    r, _ = _eval(tmp_path, "--dataset", "examples", "--baseline", str(base))
    assert re.search(r"^verdict: PASS, no regression", r.stdout.decode(), re.M)
    strict = json.loads(base.read_text())
    strict["datasets"]["examples"]["aggregate"]["start"]["mean"] = 1.5  # a baseline no engine can reach
    base.write_text(json.dumps(strict))
    r, _ = _eval(tmp_path, "--dataset", "examples", "--baseline", str(base))
    assert r.returncode == 1 and re.search(r"^verdict: FAIL, 1 regression against", r.stdout.decode(), re.M)


def test_eval_on_ones_own_notes(tmp_path):
    notes, expect = tmp_path / "my-incident.md", tmp_path / "my-incident.json"
    notes.write_text(NOTES)
    expect.write_text(json.dumps(EXPECT))
    r, out = _eval(tmp_path, "--notes", str(notes), "--expect", str(expect))
    assert r.returncode == 0, r.stderr.decode()
    result = json.loads((out / "offline.json").read_text())
    case = result["datasets"]["notes"]["cases"][0]
    assert case["id"] == "my-incident"
    assert case["scores"]["incident_id"] == 1 and case["scores"]["severity"] == 1 and case["scores"]["status"] == 1
    assert "1 case in 1 dataset" in r.stdout.decode()
    wrong = {"expected": {**EXPECT["expected"], "severity": "low", "incident_id": "INC-1"}}
    expect.write_text(json.dumps(wrong["expected"]))  # the "expected" object alone is accepted too
    r, out = _eval(tmp_path, "--notes", str(notes), "--expect", str(expect))
    scores = json.loads((out / "offline.json").read_text())["datasets"]["notes"]["cases"][0]["scores"]
    assert scores["severity"] == 0 and scores["incident_id"] == 0


def test_own_notes_need_both_files_and_known_keys(tmp_path):
    notes, expect = tmp_path / "n.md", tmp_path / "e.json"
    notes.write_text(NOTES)
    r, _ = _eval(tmp_path, "--notes", str(notes))
    assert r.returncode == 1 and "--notes and --expect go together" in r.stderr.decode()
    expect.write_text(json.dumps({"expected": {"sevrity": "high"}}))
    r, _ = _eval(tmp_path, "--notes", str(notes), "--expect", str(expect))
    assert r.returncode == 1 and "unknown expected keys sevrity" in r.stderr.decode()
