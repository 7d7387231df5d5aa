"""`serve --workers 4` on PostgreSQL, for real: four worker processes behind one port, all on one database.

Conflicting edits and approvals sent at once (each on its own connection, so the kernel spreads them over the
workers) give exactly one winner; a batch is drafted by the claim threads of every worker and still completes,
with one report per item, when a worker is killed with SIGKILL in the middle of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, text

from .conftest import EXAMPLES, ROOT
from .databases import NO_POSTGRES, fresh_postgres, postgres_admin_url
from .liveserver import free_port

pytestmark = pytest.mark.skipif(postgres_admin_url() is None, reason=NO_POSTGRES)
NOTES = (EXAMPLES / "payment-outage.md").read_text()
WORKERS = 4


class Workers:
    def __init__(self, url: str):
        self.db, self.port = url, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "service"), "INCIDENT_BRIEF_DATABASE_URL": url,
               "INCIDENT_BRIEF_ALLOWED_HOSTS": ""}
        self.proc = subprocess.Popen([sys.executable, "-m", "incident_brief", "serve", "--workers", str(WORKERS),
                                      "--port", str(self.port)], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.engine = create_engine(url)

    def wait_ready(self) -> None:
        """Every worker answers: each has connected to the database (its claim threads poll it)."""
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.proc.stdout.read().decode()
            if len(self.pids()) == WORKERS:
                try:
                    if httpx.get(self.base + "/healthz", timeout=5).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
            time.sleep(0.3)
        raise AssertionError("the workers did not start")

    def sessions(self, where: str = "true") -> list[tuple[int, str]]:
        """(worker pid, session state) of the service's database sessions (application_name names the process)."""
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT application_name, state FROM pg_stat_activity WHERE "
                                     f"application_name LIKE 'incident-brief %' AND ({where})")).all()
        return [(int(name.split()[1]), state) for name, state in rows]

    def pids(self) -> set[int]:
        return {pid for pid, _ in self.sessions()}

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.engine.dispose()


@pytest.fixture(scope="module")
def workers():
    with fresh_postgres() as url:
        service = Workers(url)
        try:
            service.wait_ready()
            yield service
        finally:
            service.stop()


def at_once(calls) -> list[httpx.Response]:
    """Each call on its own new connection, all released together."""
    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_conflicting_edits_and_approvals_across_workers_have_exactly_one_winner(workers):
    rid = httpx.post(workers.base + "/v1/reports", json={"notes": NOTES}, timeout=60).json()["id"]
    url = f"{workers.base}/v1/reports/{rid}"
    wins = 0
    for round_ in range(6):
        tag = httpx.get(url, timeout=60).headers["etag"]
        results = at_once([lambda side=side: httpx.patch(f"{url}/sections/title", json={"text": f"Round {round_} {side}"},
                                                          headers={"If-Match": tag}, timeout=60) for side in "ab"])
        assert sorted(r.status_code for r in results) == [200, 412], [r.text for r in results]
        wins += 1
    history = httpx.get(url + "/revisions", timeout=60).json()
    assert [h["number"] for h in history] == list(range(1, wins + 2)), "one revision per winning edit"
    tag = httpx.get(url, timeout=60).headers["etag"]
    approvals = at_once([lambda: httpx.post(url + "/approve", headers={"If-Match": tag}, timeout=60)] * 4)
    assert sorted(r.status_code for r in approvals)[0] == 200
    assert [r.status_code for r in approvals].count(200) == 1
    assert all(r.status_code in (409, 412) for r in approvals if r.status_code != 200)
    late = at_once([lambda: httpx.patch(f"{url}/sections/title", json={"text": "late"}, timeout=60)] * 8)
    assert [r.status_code for r in late] == [409] * 8, "every worker sees the approval"
    final = httpx.get(url + "/revisions", timeout=60).json()
    assert [h["action"] for h in final][-1] == "approve" and len(final) == wins + 2


def reports_stored(workers: Workers) -> int:
    with workers.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM reports")).scalar()


def test_a_batch_is_claimed_by_any_worker_and_survives_one_killed_mid_batch(workers):
    total, before = 60, reports_stored(workers)
    r = httpx.post(workers.base + "/v1/batches", json={"items": [{"notes": NOTES, "incident_id": f"INC-{i}"}
                                                                 for i in range(total)]}, timeout=60)
    assert r.status_code == 202, r.text
    bid = r.json()["id"]
    drafting: list[int] = []
    deadline = time.monotonic() + 120
    while not drafting and time.monotonic() < deadline:  # a worker holding a claimed item (its transaction open)
        drafting = [pid for pid, state in workers.sessions("state = 'idle in transaction' OR state = 'active'")
                    if pid in workers.pids()]
    assert drafting, "no worker was drafting an item"
    victim = drafting[0]
    os.kill(victim, signal.SIGKILL)
    assert httpx.get(f"{workers.base}/v1/batches/{bid}", timeout=60).json()["status"] == "running", "killed mid-batch"
    deadline = time.monotonic() + 300
    while (batch := httpx.get(f"{workers.base}/v1/batches/{bid}", timeout=60).json())["status"] == "running":
        assert time.monotonic() < deadline, batch["counts"]
        time.sleep(0.5)
    assert batch["status"] == "done" and batch["counts"] == {"pending": 0, "ok": total, "failed": 0}
    report_ids = [item["report_id"] for item in batch["items"]]
    assert len(set(report_ids)) == total and reports_stored(workers) - before == total, "none lost, none twice"
    for idx in (0, total - 1):
        assert httpx.get(f"{workers.base}/v1/reports/{report_ids[idx]}", timeout=60).json()["incident_id"] == f"INC-{idx}"
    assert victim not in workers.pids()
