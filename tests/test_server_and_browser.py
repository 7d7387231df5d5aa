"""A real `incident-brief serve` process: restarts keep every report, and a person can use the page in Chromium."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path):
        self.db, self.port = db, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        env = {**os.environ, "PYTHONPATH": str(ROOT / "service")}
        self.proc = subprocess.Popen([sys.executable, "-m", "incident_brief", "serve", "--port", str(self.port), "--db", str(self.db)],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        self.proc.kill()
        raise RuntimeError("server did not start: " + self.proc.stderr.read().decode()[-2000:])

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)

    def call(self, method: str, path: str, body: dict | None = None):
        req = urllib.request.Request(self.url + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())


def test_restart_keeps_every_report_and_revision(tmp_path):
    db = tmp_path / "service.db"
    with Server(db) as s:
        a = s.call("POST", "/v1/reports", {"notes": (EXAMPLES / "payment-outage.md").read_text()})["id"]
        b = s.call("POST", "/v1/reports", {"notes": (EXAMPLES / "search-timeline.txt").read_text()})["id"]
        s.call("PATCH", f"/v1/reports/{a}/sections/title", {"text": "Checkout outage"})
        s.call("POST", f"/v1/reports/{a}/approve")
    with Server(db) as s:
        assert s.call("GET", "/v1/reports")["total"] == 2
        report = s.call("GET", f"/v1/reports/{a}")
        assert report["title"] == "Checkout outage" and report["review_state"] == "approved"
        assert [r["action"] for r in s.call("GET", f"/v1/reports/{a}/revisions")] == ["create", "edit", "approve"]
        assert s.call("GET", f"/v1/reports/{b}")["severity"] == "high"


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (.ci/run installs it)")
def test_a_person_drafts_edits_approves_and_downloads_in_chromium(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    notes = (EXAMPLES / "payment-outage.md").read_text()
    with Server(tmp_path / "web.db") as s, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(accept_downloads=True, viewport={"width": 390, "height": 844})  # a phone
        page.goto(s.url + "/")
        page.get_by_label("Incident notes").fill(notes)
        page.get_by_role("button", name="Draft report").click()
        page.wait_for_url("**/ui/reports/*")
        assert page.get_by_role("heading", level=1).inner_text() == "Payment Processing Service Outage"
        assert page.locator("#review-state").inner_text().startswith("Draft")
        facts = page.get_by_role("table", name="Key facts").inner_text()
        assert "15,420" in facts and "$287,500.00" in facts and "2.5 hours" in facts and "CRITICAL" in facts
        # evidence from the notes is one click away
        page.locator("#section-root_cause summary", has_text="Evidence").click()
        assert "deadlocks" in page.locator("#section-root_cause blockquote").first.inner_text()
        # edit a section inline (keyboard only)
        page.locator("#section-root_cause summary", has_text="Edit").focus()
        page.keyboard.press("Enter")
        page.get_by_role("textbox", name="Root cause", exact=True).fill("Flash sale traffic overloaded the payments database.")
        page.get_by_role("button", name="Save root cause").click()
        assert page.locator("[data-section=root_cause]").inner_text() == "Flash sale traffic overloaded the payments database."
        assert "(edited, locked)" in page.locator("#h-root_cause").inner_text()
        assert page.get_by_role("button", name="Regenerate root cause").count() == 0
        # the offline engine would give the same text again: no Regenerate button that can do nothing
        assert page.get_by_role("button", name="Regenerate what happened").count() == 0
        assert "payment-api" in page.locator("[data-section=what_happened]").inner_text()
        # approve, then download what a person would send
        page.get_by_role("button", name="Approve report").click()
        assert page.locator("#review-state").inner_text() == "Approved"
        assert page.get_by_role("button", name="Save title").count() == 0
        with page.expect_download() as info:
            page.get_by_role("link", name="Download Markdown").click()
        path = info.value.path()
        text = Path(path).read_text()
        assert info.value.suggested_filename == "INC-2024-001234.md"
        assert "**Root Cause:** Flash sale traffic overloaded the payments database." in text
        assert "**Users Affected:** 15,420" in text
        page.screenshot(path=str(tmp_path / "approved.png"), full_page=True)
        browser.close()
