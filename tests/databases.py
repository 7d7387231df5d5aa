"""The store's two backends for tests: a SQLite file, or a fresh PostgreSQL database (CREATE DATABASE per test,
dropped after it) on the cluster named by INCIDENT_BRIEF_TEST_POSTGRES_URL. `.ci/run` starts that cluster with
`.ci/postgres.sh`; without the variable the PostgreSQL cases are skipped with one reason."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ENV = "INCIDENT_BRIEF_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
NO_POSTGRES = f"PostgreSQL not configured: {ENV} is not set (.ci/run starts a throwaway cluster with .ci/postgres.sh)"


def postgres_admin_url() -> str | None:
    return os.environ.get(ENV) or None


def _dsn(url) -> str:
    """A libpq connection string for psycopg from a SQLAlchemy URL."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test; dropped (its sessions ended) afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(postgres_admin_url())
    name = f"ib_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_dsn(admin), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name, drivername="postgresql+psycopg").render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_dsn(admin), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A database URL for `backend`: a new SQLite file in `folder`, or a fresh PostgreSQL database (skipped when
    no cluster is configured)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'reports.db'}"
        return
    if postgres_admin_url() is None:
        pytest.skip(NO_POSTGRES)
    with fresh_postgres() as url:
        yield url
