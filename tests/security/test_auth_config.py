"""Finding 5 (and part of 11): API keys fail closed, have a minimum length, and the page and /docs need them too."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from incident_brief.errors import ConfigurationError
from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from ..conftest import form_token, run_cli

ALICE, BOB = "alice-key-0123456789", "bob-key-9876543210ab"
NOTES = "At 10:00 UTC the checkout API returned errors for 40 minutes. Root cause: a bad deploy. Rolled back at 10:40."


def keyed(tmp_path, keys: str = f"alice={ALICE},bob={BOB}", **extra) -> TestClient:
    return TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}", api_keys=keys, **extra)))


def bearer(key: str) -> dict:
    return {"authorization": f"Bearer {key}"}


# the three values (each used to parse to no keys and leave everything open), and other malformed lists
@pytest.mark.parametrize("value", ["KEY1", "alice=KEY1", "KEY1,KEY2", "", " , ", "alice=", "=" + ALICE,
                                   f"{ALICE},,{BOB}", f"{ALICE} {BOB}", f"{ALICE},{ALICE}", "alice=short-key-15ch"])
def test_a_malformed_or_short_key_list_stops_the_app(tmp_path, value):
    with pytest.raises(ConfigurationError, match="INCIDENT_BRIEF_API_KEYS"):
        create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", api_keys=value))


@pytest.mark.parametrize("value", ["KEY1", "alice=KEY1", "KEY1,KEY2"])
def test_serve_refuses_to_start_with_one_line_and_exit_2(tmp_path, value):
    done = run_cli("serve", "--port", "9", "--db", str(tmp_path / "s.db"), env={"INCIDENT_BRIEF_API_KEYS": value})
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "INCIDENT_BRIEF_API_KEYS" in lines[0] and "Traceback" not in lines[0]
    assert not (tmp_path / "s.db").exists(), "it stopped before opening anything"


@pytest.mark.parametrize("value, names", [
    (ALICE, {ALICE: "key1"}),
    (f"{ALICE},{BOB}", {ALICE: "key1", BOB: "key2"}),
    (f"alice={ALICE},bob={BOB}", {ALICE: "alice", BOB: "bob"}),
    (f" alice={ALICE} , bob:{BOB} ", {ALICE: "alice", BOB: "bob"}),  # name:KEY, the earlier spelling, still reads
])
def test_the_documented_formats_parse(value, names):
    assert Settings(api_keys=value).key_names() == names


def test_every_route_but_healthz_needs_a_key_and_the_holder_is_recorded(tmp_path):
    with keyed(tmp_path, f"{ALICE},bob={BOB}") as c:
        assert c.get("/healthz").status_code == 200
        for path in ("/v1/reports", "/openapi.json"):
            assert c.get(path).status_code == 401
            assert c.get(path, headers=bearer(ALICE[:-1])).status_code == 401
            assert c.get(path, headers=bearer(ALICE)).status_code == 200
        rid = c.post("/v1/reports", json={"notes": NOTES}, headers=bearer(ALICE)).json()["id"]
        c.post(f"/v1/reports/{rid}/approve", headers=bearer(BOB))
        assert [r["author"] for r in c.get(f"/v1/reports/{rid}/revisions", headers=bearer(BOB)).json()] == ["key1", "bob"]


def test_docs_are_behind_keys(tmp_path):
    with keyed(tmp_path) as c:
        assert c.get("/docs", follow_redirects=False).headers["location"] == "/ui/login"
        assert c.get("/redoc", follow_redirects=True).url.path == "/ui/login"
        assert c.get("/docs", headers=bearer(ALICE)).status_code == 200


def sign_in(c: TestClient, key: str):
    return c.post("/ui/login", data={"key": key, "csrf": form_token(c, "/ui/login")}, follow_redirects=False)


def test_the_page_signs_in_with_a_key_and_records_the_holder(tmp_path):
    with keyed(tmp_path) as c:
        assert c.get("/", follow_redirects=False).headers["location"] == "/ui/login"
        assert c.post("/ui/reports", data={"notes": NOTES, "csrf": form_token(c, "/ui/login")}).status_code == 401
        assert sign_in(c, BOB[:-1]).status_code == 401
        signed = sign_in(c, BOB)
        assert signed.status_code == 303
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and BOB not in cookie
        r = c.post("/ui/reports", data={"notes": NOTES, "csrf": form_token(c)}, follow_redirects=False)
        rid = r.headers["location"].rsplit("/", 1)[-1]
        assert [x["author"] for x in c.get(f"/v1/reports/{rid}/revisions").json()] == ["bob"]  # the cookie works on /v1 too
        assert "Signed in as bob" in c.get(f"/ui/reports/{rid}").text
        c.post("/ui/logout", data={"csrf": form_token(c)})
        assert c.get("/v1/reports").status_code == 401


def test_a_forged_or_stale_session_is_refused(tmp_path):
    secret = "s" * 32
    with keyed(tmp_path, session_secret=secret) as c:
        sign_in(c, ALICE)
        session = c.cookies.get("ib_session")
        assert c.get("/v1/reports").status_code == 200
    # the same cookie, once the key is no longer configured: refused
    with keyed(tmp_path, f"bob={BOB}", session_secret=secret) as c:
        c.cookies.set("ib_session", session)
        assert c.get("/v1/reports").status_code == 401
    # a tampered cookie: refused
    with keyed(tmp_path, session_secret=secret) as c:
        c.cookies.set("ib_session", re.sub(r"[A-Za-z]", "A", session, count=3))
        assert c.get("/v1/reports").status_code == 401
