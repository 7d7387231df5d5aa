"""Deliveries a stopped process left unfinished are resumed when the service starts: an approved report's delivery
whose last attempt is "retrying" and whose owner process is gone is sent once more (same delivery id, attempt
numbers continue); a delivered one, one owned by a live process, and a draft's are not sent."""

from __future__ import annotations

import subprocess
import sys

from fastapi.testclient import TestClient

from incident_brief.server.app import create_app
from incident_brief.server.database import PROCESS, now
from incident_brief.server.tables import deliveries
from incident_brief.settings import Settings

from .receivers import HttpReceiver
from .test_delivery import NOTES, PUBLIC, approved, settled, state


def settings(tmp_path, **targets) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'd.db'}", openai_base_url=None, openai_api_key=None,
                    public_url=PUBLIC, deliver_backoff=0.01, deliver_attempts=3, deliver_timeout=5, **targets)


def dead_owner() -> str:
    """A PROCESS value of this host naming a process that has exited."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                           check=True)
    return f"{PROCESS.split(':')[0]}:{child.stdout.strip()}:0badc0de"


def left_behind(store, rid: str, status: str, owner: str | None, delivery_id: str = "d-old") -> None:
    row = dict(report_id=rid, delivery_id=delivery_id, revision=store.get(rid).revision, target="webhook", attempt=1,
               status=status, code=503, error="503 from the receiver", created_at=now(), owner=owner)
    store.writer.run(lambda conn: conn.execute(deliveries.insert().values(**row)))


def test_a_retrying_delivery_of_a_gone_process_is_resumed_once_and_a_delivered_one_is_not(tmp_path):
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with TestClient(create_app(settings(tmp_path))) as c:  # no target configured: nothing is sent here
            orphan, done, busy = approved(c), approved(c), approved(c)
            draft = c.post("/v1/reports", json={"notes": NOTES}).json()["id"]
            store = c.app.state.store
            left_behind(store, orphan, "retrying", dead_owner(), "d-orphan")
            left_behind(store, done, "delivered", dead_owner())
            left_behind(store, busy, "retrying", f"{PROCESS.split(':')[0]}:{alive.pid}:feedface")
            left_behind(store, draft, "retrying", dead_owner())
        with HttpReceiver() as hook, TestClient(create_app(settings(
                tmp_path, deliver_webhook_url=hook.url, deliver_webhook_secret="whsec-0123456789abcdef"))) as c:
            after = settled(c, orphan)
            assert c.app.state.dispatcher.idle(30)
            for rid in (done, busy, draft):
                assert [a["attempt"] for a in c.get(f"/v1/reports/{rid}/deliveries").json()["attempts"]] == [1]
            with TestClient(create_app(c.app.state.settings)) as again:  # a second start finds nothing to resume
                assert again.app.state.dispatcher.idle(30)
    finally:
        alive.kill()
        alive.wait()
    [got] = hook.received
    assert got.headers["incident-brief-delivery"] == "d-orphan" and orphan.encode() in got.body
    assert state(after, "webhook") | {"at": None} == {
        "target": "webhook", "status": "delivered", "attempts": 2, "error": None, "at": None}
    assert [(a["attempt"], a["status"]) for a in after["attempts"]] == [(1, "retrying"), (2, "delivered")]
