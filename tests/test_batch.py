"""Batch: one report per input, a manifest and a rollup; resumable after kill -9; failures never stop it."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from incident_brief.batch import manifest

from .conftest import EXAMPLES, ROOT, corpus_texts, run_cli
from .fakeserver import ScriptedServer

TEXTS = corpus_texts()


def _reports(outdir: Path, ext="md") -> list[str]:
    return sorted(p.name for p in outdir.glob(f"*.{ext}") if p.name not in ("portfolio.md",))


@pytest.mark.skipif(not TEXTS, reason="real-postmortem corpus not found (INCIDENT_BRIEF_CORPUS_DIR)")
def test_offline_batch_over_the_corpus_writes_reports_manifest_and_rollup(tmp_path):
    out = tmp_path / "out"
    r = run_cli("batch", str(TEXTS[0].parent), "-o", str(out), "--engine", "offline")
    assert r.returncode == 0, r.stderr
    assert _reports(out) == sorted(f"{p.stem}.md" for p in TEXTS)
    entries = list(manifest.entries(out))
    assert len(entries) == 24 and all(e["status"] == "ok" and "seconds" in e and "flags" in e for e in entries)
    portfolio = json.loads((out / "portfolio.json").read_text())
    assert portfolio["incidents"] == 24 and sum(portfolio["by_severity"].values()) == 24
    users = portfolio["users_affected"]
    # few postmortems count the users affected (one says "the three affected users"): a count only where stated
    assert users["stated_for"] <= 2 and (users["total"] > 0) == (users["stated_for"] > 0)
    assert (out / "portfolio.md").read_text().startswith("# Incident portfolio")
    assert (out / "portfolio.html").read_text().startswith("<!DOCTYPE html>")
    assert "written                 24" in r.stdout.decode()
    again = run_cli("batch", str(TEXTS[0].parent), "-o", str(out), "--engine", "offline")
    assert "already done (skipped)  24" in again.stdout.decode()
    assert len(list(manifest.entries(out))) == 24


def test_jsonl_glob_formats_and_failures(tmp_path):
    lines = [json.dumps({"id": "INC-1", "notes": (EXAMPLES / "payment-outage.md").read_text()}),
             json.dumps("14:02 UTC SEV2 search-api slow; 14:30 UTC resolved"),
             "{not json", json.dumps({"notes": "   "}),
             json.dumps({"timeline": json.loads((EXAMPLES / "checkout-timeline.json").read_text())})]
    src = tmp_path / "notes.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    r = run_cli("batch", str(src), "-o", str(out), "--format", "json", "--engine", "offline", "-q")
    assert r.returncode == 3, "failed items make a non-zero exit, but never stop the batch"
    assert _reports(out, "json") == ["INC-1.json", "INC-2025-0042.json", "notes-00002.json", "portfolio.json"]
    failed = {e["input"]: e["error"] for e in manifest.entries(out) if e["status"] == "failed"}
    assert set(failed) == {f"{src}#3", f"{src}#4"}
    assert "not a JSON line" in failed[f"{src}#3"] and "empty" in failed[f"{src}#4"]
    assert json.loads((out / "INC-1.json").read_text())["impact"]["users_affected"] == 15420
    r = run_cli("batch", str(EXAMPLES / "*.md"), "-o", str(tmp_path / "glob"), "--format", "html", "--engine", "offline")
    assert r.returncode == 0 and _reports(tmp_path / "glob", "html") == [
        "billing-narrative.html", "login-chat.html", "payment-outage.html", "portfolio.html"]


def test_failed_items_are_retried_on_the_next_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text("Severity: SEV2\nThe payment-api failed at 10:00 UTC on 2025-01-01.")
    (src / "b.md").write_text(" ")
    out = tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "--engine", "offline", "-q").returncode == 3
    (src / "b.md").write_text("Severity: SEV3\nThe search-api was slow.")
    r = run_cli("batch", str(src), "-o", str(out), "--engine", "offline", "-q")
    assert r.returncode == 0 and "written                 1" in r.stdout.decode()
    assert {e["input"].rsplit("/", 1)[-1]: e["status"] for e in manifest.entries(out)} == {"a.md": "ok", "b.md": "ok"}


def test_kill_9_mid_run_then_rerun_gives_exactly_one_report_per_input(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    names = [f"incident-{i:02d}" for i in range(24)]
    base = (EXAMPLES / "search-timeline.txt").read_text()
    for n in names:
        (src / f"{n}.txt").write_text(base)
    out = tmp_path / "out"
    # a slow model endpoint (a real local server): every call takes 0.3 s, then fails -> offline fallback
    with ScriptedServer([{"sleep": 0.3, "status": 500, "body": {"error": {"message": "busy"}}}]) as srv:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "service"), "OPENAI_BASE_URL": srv.url, "OPENAI_API_KEY": "k",
               "INCIDENT_BRIEF_LLM_MAX_RETRIES": "0"}
        cmd = [sys.executable, "-m", "incident_brief", "batch", str(src), "-o", str(out), "-c", "3", "-q", "--engine", "llm"]
        for target in (3, 9, 15):  # kill -9 once this many reports exist: mid-run, whatever the machine's speed
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while len(_reports(out)) < target and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        partial = len(_reports(out))
        assert 0 < partial < 24, "the kills landed mid-run"
        done = subprocess.run(cmd, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _reports(out) == sorted(f"{n}.md" for n in names)
    assert not list(out.glob(".*.tmp")), "no temporary file is left behind"
    for report in out.glob("incident-*.md"):
        assert report.read_text().rstrip().endswith("contains business-focused information.*"), report
    latest = manifest.read(out)
    assert len(latest) == 24 and all(e["status"] == "ok" for e in latest.values())


def test_via_batch_api_sends_each_round_as_one_provider_batch_and_never_pays_twice(tmp_path):
    from .fakeserver import FakeBatchAPI, completion, stage
    from .test_llm_faults import GOOD_DRAFT, facts

    def responder(body):
        content = facts() if stage({"messages": body["messages"]}) == "extract" else GOOD_DRAFT
        return 200, completion(json.dumps(content))

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"pay-{i}.md").write_text((EXAMPLES / "payment-outage.md").read_text() + f"\nDraft {i} of the review.\n")
    out = tmp_path / "out"
    with FakeBatchAPI(responder) as api:
        env = {"OPENAI_BASE_URL": api.url, "OPENAI_API_KEY": "k", "INCIDENT_BRIEF_MODEL": "gpt-4o-mini"}
        r = run_cli("batch", str(src), "-o", str(out), "--via", "batch-api", "--poll-seconds", "0.05", env=env)
        assert r.returncode == 0, r.stderr
        # round 1: the three extractions in one batch; round 2: the drafts in one batch (identical requests are
        # sent once: these three reports draft from the same facts)
        assert [b["count"] for b in api.batches.values()] == [3, 1]
        assert all(b["request"]["completion_window"] == "24h" for b in api.batches.values())
        again = run_cli("batch", str(src), "-o", str(out), "--via", "batch-api", env=env)
        assert again.returncode == 0 and len(api.batches) == 2, "a re-run pays for nothing"
    assert _reports(out) == ["pay-0.md", "pay-1.md", "pay-2.md"]
    text = (out / "pay-0.md").read_text()
    assert GOOD_DRAFT["what_happened"] in text and "**Users Affected:** 15,420" in text
    assert all(e["status"] == "ok" and e["prompt_tokens"] == 200 for e in manifest.entries(out))
    assert (out / "batch-api-answers.jsonl").is_file() and not (out / "batch-api-state.json").exists()
