"""/docs renders in a real browser with every request to another host refused: Swagger UI is served by the app."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest

from incident_brief.settings import Settings

from ..liveserver import LiveApp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (.ci/run installs it)")
def test_docs_render_with_no_network(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'docs.db'}", allowed_hosts="",
                        openai_base_url=None, openai_api_key=None)
    elsewhere: list[str] = []
    with LiveApp(settings) as app, sync_api.sync_playwright() as pw:
        own = urlparse(app.url).netloc
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()

        def route(r):
            if urlparse(r.request.url).netloc == own:
                return r.continue_()
            elsewhere.append(r.request.url)
            return r.abort()
        page.route("**/*", route)
        page.goto(app.url + "/docs")
        sync_api.expect(page.locator(".swagger-ui .information-container")).to_be_visible(timeout=15_000)
        sync_api.expect(page.locator(".opblock").first).to_be_visible()
        assert page.locator(".opblock").count() >= 10  # every operation listed
        browser.close()
    assert elsewhere == []
