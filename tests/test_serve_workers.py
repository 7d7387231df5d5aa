"""`serve --workers N`: more than one worker process needs PostgreSQL; SQLite refuses with a clear message."""

from .conftest import run_cli


def test_sqlite_refuses_more_than_one_worker(tmp_path):
    r = run_cli("serve", "--workers", "2", "--db", str(tmp_path / "r.db"), "--port", "1")
    assert r.returncode == 2
    assert "--workers 2 needs PostgreSQL" in r.stderr.decode() and "SQLite serves one worker process" in r.stderr.decode()
    assert not (tmp_path / "r.db").exists(), "refused before anything is created"
