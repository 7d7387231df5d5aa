"""CLI polish: every command has a description and every option a help text; --engine help says which endpoint auto
calls and that notes go there; serve prints its URL, database and engine before it listens."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys

from incident_brief.cli import build_parser, engine_help, startup_lines
from incident_brief.settings import Settings

from .conftest import ROOT


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_and_option_has_help():
    parser = build_parser()
    missing = []
    for name, command in {"(top)": parser, **_commands(parser)}.items():
        if name != "(top)" and not command.description:
            missing.append(f"{name}: no description")
        for action in command._actions:
            if not isinstance(action, argparse._SubParsersAction) and not action.help:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}: no help")
    assert not missing, missing


def test_engine_help_names_the_endpoint_auto_calls(monkeypatch):
    from incident_brief import settings as settings_module

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    settings_module.get_settings.cache_clear()
    try:
        text = engine_help()
        assert "https://api.openai.com/v1" in text and "notes are sent" in text
        assert "auto means llm: the notes are sent to https://api.openai.com/v1" in text
        monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
        settings_module.get_settings.cache_clear()
        assert "auto means llm: the notes are sent to http://127.0.0.1:9/v1" in engine_help()
        monkeypatch.delenv("OPENAI_API_KEY")
        monkeypatch.delenv("OPENAI_BASE_URL")
        settings_module.get_settings.cache_clear()
        assert "auto means offline: nothing leaves this machine" in engine_help()
    finally:
        settings_module.get_settings.cache_clear()
    for command in ("summarize", "batch", "eval"):
        action = next(a for a in _commands(build_parser())[command]._actions if "--engine" in a.option_strings)
        assert "OPENAI_BASE_URL" in action.help and "sent" in action.help


def test_startup_lines_hide_a_database_password_and_name_the_engine():
    s = Settings(database_url="postgresql://app:s3cret@db.internal/briefs", openai_base_url="http://127.0.0.1:9/v1")
    lines = startup_lines(s, "0.0.0.0", 8080)
    assert lines[0].endswith("serving on http://0.0.0.0:8080/ (API docs at /docs)")
    assert "s3cret" not in "\n".join(lines) and "db.internal/briefs" in lines[1]
    assert "notes are sent to http://127.0.0.1:9/v1" in lines[2] and "API keys: none" in lines[3]
    assert startup_lines(Settings(), "::1", 8000)[0].endswith("http://[::1]:8000/ (API docs at /docs)")


def test_serve_prints_url_database_and_engine_at_start(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "service")}
    env.pop("INCIDENT_BRIEF_API_KEYS", None)
    proc = subprocess.Popen([sys.executable, "-m", "incident_brief", "serve", "--port", str(port), "--db",
                             str(tmp_path / "r.db")], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            text=True)
    try:
        lines = [proc.stdout.readline() for _ in range(4)]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert f"serving on http://127.0.0.1:{port}/" in lines[0]
    assert f"database: sqlite:///{tmp_path / 'r.db'}" in lines[1]
    assert "engine: offline" in lines[2] and "API keys: none" in lines[3]
