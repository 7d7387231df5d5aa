"""Bad input through the CLI and the API: a clear 4xx or one-line CLI message, never a traceback, never a hang."""

import json

import pytest
from fastapi.testclient import TestClient

from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import run_cli

CASES = {
    "empty": b"",
    "whitespace": b" \n\t \r\n ",
    "ten_mib": b"The payment-api failed. " * (10 * 1024 * 1024 // 24 + 1),
    "binary": bytes(range(256)) * 64,
    "invalid_utf8": b"Outage at 10:00 UTC \xff\xfe\xfd in payment-api",
    "nested_json": b"{" + b'"a":{' * 50000 + b"}" * 50001,
    "control_chars": "Severity: SEV2\x00\x07\x1b[31m\x08 payment-api down\x1b[0m".encode(),
}
OK_CASES = {
    "rtl": "الخدمة payment-api توقفت عن العمل في 10:00 UTC. ‏Severity: SEV2 ‮gnp.exe".encode(),
    "control_no_nul": "Severity: SEV2\x07\x1b[31m payment-api down\x1b[0m at 10:00 UTC".encode(),
}
HUGE_TIMELINE = json.dumps({"title": "Many entries", "timeline": [
    {"time": f"2025-01-01T{(i // 60) % 24:02d}:{i % 60:02d}:00Z", "text": f"entry {i}"} for i in range(100_000)]}).encode()


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "bad.db"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}", max_input_bytes=8 * 1024 * 1024))) as c:
        yield c


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_refuses_with_one_line(name, tmp_path):
    suffix = ".json" if name == "nested_json" else ".txt"
    path = tmp_path / f"notes{suffix}"
    path.write_bytes(CASES[name])
    r = run_cli("summarize", str(path))
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    r = run_cli("summarize", "-", stdin=CASES[name])
    assert r.returncode == 1 and "Traceback" not in r.stderr.decode()


@pytest.mark.parametrize("name", sorted(CASES))
def test_api_refuses_with_a_4xx_problem(client, name):
    ctype = "application/json" if name == "nested_json" else "text/plain"
    r = client.post("/v1/reports", content=CASES[name], headers={"content-type": ctype})
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json") and "Traceback" not in r.text


@pytest.mark.parametrize("name", sorted(OK_CASES))
def test_odd_but_valid_notes_still_make_a_report(client, name, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(OK_CASES[name])
    r = run_cli("summarize", str(path), "-q")
    assert r.returncode == 0, r.stderr.decode()[-500:]
    out = r.stdout.decode()
    assert out.startswith("# Executive Incident Report") and "\x1b" not in out and "\x07" not in out
    r = client.post("/v1/reports", json={"notes": OK_CASES[name].decode()})
    assert r.status_code == 201 and "\x1b" not in client.get(f"/v1/reports/{r.json()['id']}?format=markdown").text


def test_a_timeline_of_100000_entries_is_refused_clearly_or_summarized_without_hanging(client, tmp_path):
    path = tmp_path / "huge.json"
    path.write_bytes(HUGE_TIMELINE)  # 3.7 MB
    r = run_cli("summarize", str(path))
    assert r.returncode == 1 and "larger than the 1,048,576-byte limit" in r.stderr.decode()
    r = client.post("/v1/reports", content=b'{"timeline": ' + HUGE_TIMELINE + b"}", headers={"content-type": "application/json"})
    assert r.status_code == 201, "this client allows 8 MiB: the report is made, in seconds"
    r = run_cli("summarize", str(path), "-q", env={"INCIDENT_BRIEF_MAX_INPUT_BYTES": str(16 << 20)})
    assert r.returncode == 0 and r.stdout.decode().startswith("# Executive Incident Report")
