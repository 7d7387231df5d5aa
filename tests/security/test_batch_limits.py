"""Findings 1 and 11 (batches): no cap on batches in flight; API batches "running" forever after a restart;
an input named `portfolio` overwritten by the rollup; report files written 0600 by one path and 0644 by others."""

import asyncio
import os
import stat
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from incident_brief.batch.run import run
from incident_brief.files import write_atomic
from incident_brief.server.app import create_app
from incident_brief.server.database import PROCESS
from incident_brief.server.store import Store
from incident_brief.server.tables import batches
from incident_brief.settings import Settings

NOTES = "2024-01-15 14:02 UTC SEV2 payment-api errors\n16:32 UTC resolved, 40 customers affected\n"


def test_batches_beyond_the_cap_get_429_with_retry_after(tmp_path):
    url = f"sqlite:///{tmp_path / 'cap.db'}"
    with TestClient(create_app(Settings(database_url=url, max_batches=2))) as client:
        store = client.app.state.store
        running = [store.create_batch(3, "someone") for _ in range(2)]  # two batches in flight, owned by this process
        r = client.post("/v1/batches", json={"items": [{"notes": NOTES}]})
        assert r.status_code == 429, r.text
        assert r.headers["retry-after"].isdigit() and r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["status"] == 429
        store.finish_batch(running[0])
        r = client.post("/v1/batches", json={"items": [{"notes": NOTES}]})
        assert r.status_code == 202, r.text


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_batches_left_running_by_a_stopped_process_are_marked_interrupted_at_start_up(tmp_path):
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    store = Store(url)
    host = PROCESS.split(":")[0]
    dead = store.create_batch(2, "alice")
    legacy = store.create_batch(1, "bob")
    ours = store.create_batch(1, "carol")
    store.finish_item(dead, 0, "ok", None, None, 0.1)
    with store.engine.begin() as conn:
        conn.execute(batches.update().where(batches.c.id == dead).values(owner=f"{host}:{dead_pid()}:0badc0de"))
        conn.execute(batches.update().where(batches.c.id == legacy).values(owner=None))  # from before owners were kept
    with TestClient(create_app(Settings(database_url=url))) as client:  # the service starts again
        for bid in (dead, legacy):
            body = client.get(f"/v1/batches/{bid}").json()
            assert body["status"] == "interrupted", body
            assert all(i["status"] in ("ok", "failed") for i in body["items"])
            assert any("interrupted" in (i["error"] or "") for i in body["items"])
        assert client.get(f"/v1/batches/{dead}").json()["counts"] == {"pending": 0, "ok": 1, "failed": 1}
        assert client.get(f"/v1/batches/{ours}").json()["status"] == "running", "a live process's batch is left alone"


@pytest.mark.parametrize("stem", ["portfolio", "Portfolio", "manifest", "batch-api-state"])
def test_an_input_named_like_a_rollup_file_gets_its_own_report(tmp_path, stem):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / f"{stem}.txt").write_text(NOTES)
    (inputs / "other.txt").write_text(NOTES)
    for fmt, ext in (("markdown", "md"), ("json", "json")):
        totals = asyncio.run(run(str(inputs), out / fmt, fmt, 2, "offline", Settings()))
        assert totals.ok == 2
        assert (out / fmt / f"{stem}-2.{ext}").is_file(), sorted(p.name for p in (out / fmt).iterdir())
        assert (out / "markdown" / "portfolio.md").read_text().startswith("# Incident portfolio")
    assert '"incidents": 2' in (out / "json" / "portfolio.json").read_text()


def test_every_written_file_gets_the_same_mode_subject_to_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "atomic.md", "x")
        (tmp_path / "plain.md").write_text("x")
        asyncio.run(run(str(_one_input(tmp_path)), tmp_path / "out", "markdown", 1, "offline", Settings()))
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [tmp_path / "atomic.md", tmp_path / "plain.md",
                                                               *(tmp_path / "out").iterdir()]}
    assert set(modes.values()) == {0o644}, {k: oct(v) for k, v in modes.items()}


def _one_input(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(NOTES)
    return path
