"""Finding 7 (and parts of 11): in no-key mode nothing can be posted from another site, only trusted Host names are
answered, every response carries the browser safety headers, /docs needs no CDN, and bidi overrides never reach
the review page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from ..conftest import form_token

NOTES = "At 10:00 UTC the checkout API returned errors for 40 minutes. Root cause: a bad deploy. Rolled back at 10:40."
EVIL = "http://evil.example"


@pytest.fixture
def c(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'w.db'}"))) as client:
        yield client


def report(c) -> str:
    return c.post("/v1/reports", json={"notes": NOTES}).json()["id"]


def state(c, rid) -> str:
    return c.get(f"/v1/reports/{rid}").json()["review_state"]


def test_every_form_needs_this_browsers_token(c, tmp_path):
    rid = report(c)
    forms = {"/ui/reports": {"notes": NOTES}, f"/ui/reports/{rid}/sections/title": {"text": "Forged"},
             f"/ui/reports/{rid}/sections/what_happened/regenerate": {}, f"/ui/reports/{rid}/approve": {}}
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'other.db'}"))) as other:
        foreign = form_token(other)  # a valid token, but for another browser's cookie
    for path, data in forms.items():
        assert c.post(path, data=data).status_code == 403, path
        assert c.post(path, data={**data, "csrf": "x"}).status_code == 403, path
        form_token(c)  # this browser now has its cookie
        assert c.post(path, data={**data, "csrf": foreign}).status_code == 403, path
    assert c.get("/v1/reports").json()["total"] == 1, "no form created a report"
    assert state(c, rid) == "draft" and c.get(f"/v1/reports/{rid}").json()["title"] != "Forged"
    assert c.post(f"/ui/reports/{rid}/approve", data={"csrf": form_token(c), "confirm": "yes"}, follow_redirects=False).status_code == 303
    assert state(c, rid) == "approved"


@pytest.mark.parametrize("headers", [{"origin": EVIL}, {"origin": "null"}, {"sec-fetch-site": "cross-site"},
                                     {"sec-fetch-site": "same-site", "origin": "http://other.localhost"}])
def test_a_post_from_another_site_is_refused_on_the_api_too(c, headers):
    rid = report(c)
    assert c.post(f"/v1/reports/{rid}/approve", headers=headers).status_code == 403
    assert c.post("/v1/reports", content=NOTES, headers={"content-type": "text/plain", **headers}).status_code == 403
    assert state(c, rid) == "draft" and c.get("/v1/reports").json()["total"] == 1
    # the same origin (a browser on the page) and clients that send no Origin (curl, scripts) still work
    assert c.post(f"/v1/reports/{rid}/approve", headers={"origin": "http://testserver",
                                                         "sec-fetch-site": "same-origin"}).status_code == 200


def test_only_trusted_host_names_are_answered(tmp_path):
    def client(**extra):
        return TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'h.db'}", **extra),
                                     bind_host="10.1.2.3"))

    with client(allowed_hosts="") as c:
        for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "10.1.2.3:8000"):
            assert c.get("/healthz", headers={"host": host}).status_code == 200, host
        for host in ("evil.example", "localhost.evil.example", "127.0.0.1.nip.io:8000", "testserver"):
            assert c.get("/healthz", headers={"host": host}).status_code == 400, host
    with client(allowed_hosts="reports.example.org") as c:
        assert c.get("/", headers={"host": "reports.example.org"}).status_code == 200
        assert c.get("/", headers={"host": "evil.example"}).status_code == 400


def test_every_response_carries_the_safety_headers(c):
    rid = report(c)
    for r in (c.get("/"), c.get(f"/ui/reports/{rid}"), c.get("/v1/reports"), c.get("/v1/reports/nope"),
              c.get("/docs"), c.post("/ui/reports", data={}), c.get("/static/copy.js"), c.get("/healthz")):
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, r.url
        script = re.search(r"script-src ([^;]*)", csp).group(1)
        assert "unsafe-inline" not in script and "unsafe-eval" not in script
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] in ("no-referrer", "same-origin")


def test_pages_have_no_inline_script_and_docs_load_nothing_from_elsewhere(c):
    rid = report(c)
    for path in ("/", f"/ui/reports/{rid}", "/docs"):
        html = c.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {path}"
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), f"a resource from elsewhere on {path}"
        for url in re.findall(r"""(?:src|href)="(/[^"]+)\"""", html):
            if not url.startswith(("/v1/", "/ui/")):
                assert c.get(url).status_code == 200, url
    assert "SwaggerUIBundle" in c.get("/docs/assets/swagger-ui-bundle.js").text
    assert c.get("/openapi.json").json()["paths"]


BIDI = "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069"


def test_right_to_left_overrides_never_reach_the_review_page(c):
    notes = NOTES.replace("bad deploy", "bad \u202edeploy\u202c") + "\nImpact: \u2067cdn\u2069 was slow."
    rid = c.post("/v1/reports", json={"notes": notes, "incident_id": "INC-\u202e7"}).json()["id"]
    c.patch(f"/v1/reports/{rid}/sections/title", json={"text": "Checkout \u202eegatuo\u202c outage"})
    c.patch(f"/v1/reports/{rid}/sections/actions_taken", json={"text": ["Rolled \u2066back\u2069"]})
    for path in (f"/ui/reports/{rid}", "/"):
        page = c.get(path).text
        assert not any(ch in page for ch in BIDI), path
    assert "Checkout egatuo outage" in c.get(f"/ui/reports/{rid}").text
