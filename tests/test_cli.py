import json

from incident_brief.schema import Report

from .conftest import EXAMPLES, run_cli


def test_summarize_example_prints_a_complete_report():
    r = run_cli("summarize", str(EXAMPLES / "payment-outage.md"))
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert out.startswith("# Executive Incident Report") and "**Severity:** CRITICAL" in out


def test_stdin_json_and_output_file(tmp_path):
    notes = (EXAMPLES / "search-timeline.txt").read_bytes()
    target = tmp_path / "report.json"
    r = run_cli("summarize", "-", "--format", "json", "-o", str(target), "--incident-id", "INC-9",
                "--contact", "ops@example.com", "--generated-at", "2024-01-15T14:23:00Z", stdin=notes)
    assert r.returncode == 0, r.stderr
    assert r.stdout == b""
    report = Report.model_validate_json(target.read_text())
    assert report.incident_id == "INC-9" and report.contact == "ops@example.com"
    assert report.generated_at.isoformat() == "2024-01-15T14:23:00+00:00"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"], "no temporary file left behind"


def test_json_timeline_and_html(tmp_path):
    r = run_cli("summarize", str(EXAMPLES / "checkout-timeline.json"), "--format", "html", "-q")
    assert r.returncode == 0 and r.stdout.decode().startswith("<!DOCTYPE html>")
    assert r.stderr == b""


def test_review_flags_go_to_stderr():
    r = run_cli("summarize", str(EXAMPLES / "login-chat.md"))
    assert r.returncode == 0
    assert b"review Root cause:" in r.stderr


def test_generated_at_makes_output_reproducible():
    args = ("summarize", str(EXAMPLES / "billing-narrative.md"), "--generated-at", "2025-10-08T09:00:00Z", "-q")
    assert run_cli(*args).stdout == run_cli(*args).stdout


def test_schema_command_prints_the_json_schema():
    r = run_cli("schema")
    schema = json.loads(r.stdout)
    assert r.returncode == 0
    for name in ("incident_id", "title", "generated_at", "status", "severity", "started_at", "detected_at",
                 "resolved_at", "duration_minutes", "what_happened", "affected_services", "impact", "root_cause",
                 "actions_taken", "next_steps", "contact", "evidence", "review_flags", "engine"):
        assert name in schema["properties"], name


def _one_line_error(r, code=1):
    err = r.stderr.decode()
    assert r.returncode == code
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


def test_bad_input_exits_nonzero_with_one_line(tmp_path):
    assert "cannot read" in _one_line_error(run_cli("summarize", str(tmp_path / "missing.md")))
    (tmp_path / "empty.md").write_text("  \n")
    assert "empty" in _one_line_error(run_cli("summarize", str(tmp_path / "empty.md")))
    (tmp_path / "bin.txt").write_bytes(b"\x00\xff\x00")
    assert "binary" in _one_line_error(run_cli("summarize", str(tmp_path / "bin.txt")))
    (tmp_path / "bad.json").write_text('{"timeline": [}')
    assert "malformed JSON" in _one_line_error(run_cli("summarize", str(tmp_path / "bad.json")))
    (tmp_path / "x.docx").write_bytes(b"PK")
    assert "unsupported file type" in _one_line_error(run_cli("summarize", str(tmp_path / "x.docx")))
    assert "cannot write" in _one_line_error(run_cli("summarize", str(EXAMPLES / "payment-outage.md"), "-q",
                                                     "-o", str(tmp_path / "no" / "such" / "dir.md")))


def test_usage_errors_exit_2():
    assert run_cli().returncode == 2
    assert run_cli("summarize").returncode == 2
    assert run_cli("summarize", "x.md", "--format", "docx").returncode == 2
    assert run_cli("summarize", "x.md", "--generated-at", "yesterday").returncode == 2


def test_llm_engine_without_endpoint_says_so():
    err = _one_line_error(run_cli("summarize", str(EXAMPLES / "payment-outage.md"), "--engine", "llm"))
    assert "LLM engine" in err
