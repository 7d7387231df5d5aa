from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def corpus_dir() -> Path:
    from service.settings import Settings

    return Path(os.environ.get("INCIDENT_BRIEF_CORPUS_DIR", Settings().corpus_dir))


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = corpus_dir()
    if not (path / "texts").is_dir():
        pytest.skip(f"real-postmortem corpus not found at {path} (set INCIDENT_BRIEF_CORPUS_DIR to run these tests)")
    return path


def corpus_texts() -> list[Path]:
    path = corpus_dir() / "texts"
    return sorted(path.glob("*.md")) if path.is_dir() else []


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "service", *args], input=stdin, capture_output=True,
                          cwd=cwd or ROOT, env=env, timeout=60)
