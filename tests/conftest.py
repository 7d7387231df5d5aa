from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .databases import BACKENDS, database

ROOT = Path(__file__).resolve().parent.parent
# Tests are hermetic: a developer's own endpoint settings must not switch `--engine auto` to a live model.
for _name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "INCIDENT_BRIEF_MODEL"):
    os.environ.pop(_name, None)
# Starlette's TestClient sends Host: testserver; the service answers only the hosts it is told to (DNS rebinding)
os.environ.setdefault("INCIDENT_BRIEF_ALLOWED_HOSTS", "testserver")
EXAMPLES = ROOT / "examples"


def corpus_dir() -> Path:
    from incident_brief.settings import Settings

    return Path(os.environ.get("INCIDENT_BRIEF_CORPUS_DIR", Settings().corpus_dir))


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    """A fresh store database on each backend: SQLite, and PostgreSQL when INCIDENT_BRIEF_TEST_POSTGRES_URL is set."""
    with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = corpus_dir()
    if not (path / "texts").is_dir():
        pytest.skip(f"real-postmortem corpus not found at {path} (set INCIDENT_BRIEF_CORPUS_DIR to run these tests)")
    return path


def corpus_texts() -> list[Path]:
    path = corpus_dir() / "texts"
    return sorted(path.glob("*.md")) if path.is_dir() else []


def form_token(client, path: str = "/") -> str:
    """The web page's form token (CSRF) from a page the client fetched (the client keeps the cookie)."""
    import re

    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "service"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "incident_brief", *args], input=stdin, capture_output=True,
                          cwd=cwd or ROOT, env=env, timeout=60)


# --- cassettes (pytest-recording / vcrpy) ---
# Replay is the default (pytest-recording's record mode "none"); never set record_mode here.
# Re-record against a live local server: see README, "Re-recording cassettes".

def pytest_recording_configure(config, vcr):
    from incident_brief.evals.cassettes import configure

    configure(vcr)


@pytest.fixture(scope="module")
def vcr_config():
    from incident_brief.evals.cassettes import DROP_REQUEST_HEADERS, MATCH_ON, scrub_response

    return {
        "serializer": "yaml",
        "filter_headers": DROP_REQUEST_HEADERS,
        "decode_compressed_response": True,
        "before_record_response": scrub_response,
        "match_on": MATCH_ON,
    }


@pytest.fixture(autouse=True)
def _every_recorded_interaction_is_played(request):
    """A cassette holding interactions the test never asked for means the prompts changed: re-record."""
    yield
    if request.node.get_closest_marker("vcr") is None or request.config.getoption("--record-mode") != "none":
        return
    cassette = request.getfixturevalue("vcr")
    if cassette is not None:
        assert cassette.all_played, f"{cassette._path}: {len(cassette.data) - cassette.play_count} recorded interactions were not replayed"
