"""The store's schema, brought up to date with the Alembic migrations shipped in server/migrations/.

An empty database gets every revision. A database made by the release before migrations (tables created with
create_all, no alembic_version) is stamped at the baseline first, then upgraded.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

SCRIPTS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"  # the schema of the release before migrations


def config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        cfg = config(conn)
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables and "reports" in tables:
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, "head")


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
