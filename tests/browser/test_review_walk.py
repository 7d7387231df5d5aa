"""The whole review in Chromium, at desktop and phone sizes: find a report in the list, correct severity and a figure
(a bad value first: the page says what the API says), answer a gap question, view a fact's evidence marked in the
notes, approve with the checklist, reopen, export the PDF. A screenshot of each step goes to tests/artifacts/ (not committed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from incident_brief.settings import Settings

from ..conftest import EXAMPLES, ROOT
from ..liveserver import LiveApp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "tests" / "artifacts"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _post(url: str, body: dict) -> dict:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def _api_message(url: str, rid: str, body: dict) -> str:
    req = urllib.request.Request(f"{url}/v1/reports/{rid}/facts", method="PATCH", data=json.dumps(body).encode(),
                                 headers={"content-type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=30)
    except urllib.error.HTTPError as exc:
        return json.loads(exc.read())["detail"]
    raise AssertionError("the API accepted a bad value")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("size", list(SIZES))
def test_a_reviewer_walks_the_whole_review(tmp_path, size):
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    ARTIFACTS.mkdir(exist_ok=True)
    shot = iter(range(1, 20))

    def snap(page, step: str, full: bool = True) -> None:
        page.screenshot(path=str(ARTIFACTS / f"review-{size}-{next(shot)}-{step}.png"), full_page=full)

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'walk.db'}", allowed_hosts="",
                        openai_base_url=None, openai_api_key=None)
    with LiveApp(settings) as app, sync_api.sync_playwright() as pw:
        for name in ("payment-outage.md", "search-timeline.txt"):
            _post(app.url + "/v1/reports", {"notes": (EXAMPLES / name).read_text()})
        rid = _post(app.url + "/v1/reports", {"notes": (EXAMPLES / "login-chat.md").read_text(),
                                              "incident_id": "INC-2025-7781"})["id"]
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport=SIZES[size])

        # 1. find the report in the list
        page.goto(app.url + "/")
        expect(page.locator("#list-count")).to_contain_text("3 reports")
        page.get_by_label("Search").fill("inc-2025-77")
        page.get_by_label("Review").select_option("draft")
        page.get_by_role("button", name="Find").click()
        rows = page.get_by_role("table", name="Reports").locator("tbody tr")
        expect(rows).to_have_count(1)
        snap(page, "list")
        rows.first.get_by_role("link").click()
        page.wait_for_url(f"**/ui/reports/{rid}")
        expect(page.locator("#review-state")).to_have_text("Draft – needs review")

        # 2. correct severity and a figure; a bad figure first, refused with the API's own message
        facts = page.get_by_role("table", name="Key facts")
        page.locator("#fact-severity summary").click()
        page.get_by_label("Severity", exact=True).select_option("critical")
        page.get_by_role("button", name="Save severity").click()
        expect(page.locator("[data-fact=severity]")).to_have_text("CRITICAL")
        page.locator("#fact-users_affected summary").click()
        page.get_by_label("Users affected", exact=True).fill("about 4k")
        page.get_by_role("button", name="Save users affected").click()
        api_says = _api_message(app.url, rid, {"users_affected": "about 4k"})
        expect(page.locator("#error-users_affected")).to_have_text(api_says)
        expect(page.get_by_label("Users affected", exact=True)).to_have_value("about 4k")  # what was typed is kept
        snap(page, "refused-figure")
        page.get_by_label("Users affected", exact=True).fill("4,300")
        page.get_by_role("button", name="Save users affected").click()
        expect(page.locator("[data-fact=users_affected]")).to_have_text("4,300")
        expect(facts).to_contain_text("CRITICAL")
        snap(page, "facts-corrected")

        # 3. answer a gap question from the checklist
        owner = page.locator("#question-owner")
        owner.get_by_role("textbox").fill("Priya Raman, SRE lead, owns the follow-up actions.")
        owner.get_by_role("button", name="Save answer").click()
        expect(page.locator("#question-owner")).to_have_count(0)
        expect(page.locator("#checklist")).to_contain_text("answered by anonymous (web)")
        snap(page, "question-answered")

        # 4. a fact's evidence, marked in the notes beside the report
        page.get_by_role("link", name="Evidence for customer reports").click()
        mark = page.locator("aside#evidence mark").first
        expect(mark).to_be_visible()
        expect(mark).to_contain_text("57")
        expect(page.locator("aside#evidence [role=status]")).to_contain_text("Customer reports")
        snap(page, "evidence", full=False)

        # 5. approve with the checklist: the unresolved items must be confirmed first
        left = page.locator("#checklist .checklist > li").count()
        assert left > 0
        page.get_by_role("button", name="Approve report").click()  # not confirmed: the browser keeps the form
        expect(page.locator("#review-state")).to_have_text("Draft – needs review")
        page.get_by_label(f"I have checked the {left} unresolved item").check()
        snap(page, "approve-checklist")
        page.get_by_role("button", name="Approve report").click()
        expect(page.locator("#review-state")).to_have_text("Approved")
        expect(page.get_by_role("button", name="Save severity")).to_have_count(0)
        snap(page, "approved")

        # 6. reopen: a new draft revision, the approval kept in the history
        page.get_by_role("button", name="Reopen for changes").click()
        expect(page.locator("#review-state")).to_have_text("Draft – needs review")
        expect(page.locator("ol.history")).to_contain_text("approve by anonymous (web)")
        expect(page.locator("ol.history li").last).to_contain_text("reopen by anonymous (web)")
        snap(page, "reopened")

        # 7. export the PDF the executive receives: one page
        with page.expect_download() as download:
            page.get_by_role("link", name="Download PDF (one page)").click()
        pdf = tmp_path / "report.pdf"
        download.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            assert re.search(r"^Pages:\s+1$", info, re.M), info
        browser.close()
