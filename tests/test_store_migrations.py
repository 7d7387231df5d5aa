"""The store's schema comes from Alembic migrations: an empty database, and one made by the release before them."""

import json
import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from incident_brief.server import migrate
from incident_brief.server.app import create_app
from incident_brief.server.store import Store
from incident_brief.server.tables import metadata
from incident_brief.settings import Settings

from .conftest import EXAMPLES

HEAD = "0007"
# What the previous release's create_all made in SQLite (tables and indexes, verbatim from its sqlite_master).
PREVIOUS_RELEASE_DDL = """
CREATE TABLE batches (id VARCHAR(32) NOT NULL, created_at DATETIME NOT NULL, author VARCHAR(200) NOT NULL,
    total INTEGER NOT NULL, status VARCHAR(16) NOT NULL, PRIMARY KEY (id));
CREATE TABLE reports (id VARCHAR(32) NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, title TEXT,
    status VARCHAR(16) NOT NULL, severity VARCHAR(16) NOT NULL, review_state VARCHAR(16) NOT NULL,
    source_kind VARCHAR(16) NOT NULL, source_text TEXT NOT NULL, report_json TEXT NOT NULL, locked TEXT NOT NULL,
    revision INTEGER NOT NULL, PRIMARY KEY (id));
CREATE INDEX ix_reports_status ON reports (status);
CREATE INDEX ix_reports_severity ON reports (severity);
CREATE INDEX ix_reports_review_state ON reports (review_state);
CREATE TABLE batch_items (batch_id VARCHAR(32) NOT NULL, idx INTEGER NOT NULL, status VARCHAR(16) NOT NULL,
    report_id VARCHAR(32), error TEXT, seconds FLOAT, PRIMARY KEY (batch_id, idx),
    FOREIGN KEY(batch_id) REFERENCES batches (id));
CREATE TABLE revisions (report_id VARCHAR(32) NOT NULL, number INTEGER NOT NULL, created_at DATETIME NOT NULL,
    author VARCHAR(200) NOT NULL, action VARCHAR(16) NOT NULL, section VARCHAR(64), report_json TEXT NOT NULL,
    PRIMARY KEY (report_id, number), FOREIGN KEY(report_id) REFERENCES reports (id));
"""


def tables(db) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}


def version(db) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("select version_num from alembic_version").fetchone()[0]


def test_an_empty_database_gets_every_revision_and_matches_the_tables(database_url):
    store = Store(database_url)
    assert set(inspect(store.engine).get_table_names()) == {
        "reports", "revisions", "batches", "batch_items", "report_jobs", "deliveries", "alembic_version"}
    assert migrate.current(store.engine) == HEAD
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == [], "migrations and tables.py agree"
    again = Store(database_url)  # a second start is a no-op
    assert migrate.current(again.engine) == HEAD
    with again.engine.connect() as conn:
        assert conn.execute(text("select count(*) from alembic_version")).scalar() == 1


def test_every_migration_downgrades_to_nothing_and_up_again(database_url):
    from alembic import command

    store = Store(database_url)
    with store.engine.begin() as conn:
        command.downgrade(migrate.config(conn), "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(store.engine)
    assert migrate.current(store.engine) == HEAD


def test_a_previous_release_database_is_stamped_then_upgraded_and_keeps_its_reports(tmp_path):
    db = tmp_path / "old.db"
    notes = (EXAMPLES / "payment-outage.md").read_text()
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'donor.db'}"))) as c:
        report = c.get(f"/v1/reports/{c.post('/v1/reports', json={'notes': notes}).json()['id']}/revisions/1").json()
    with sqlite3.connect(db) as conn:
        conn.executescript(PREVIOUS_RELEASE_DDL)
        conn.execute("insert into reports values ('old1', '2024-01-15 15:00:00', '2024-01-15 15:00:00', 'Old outage',"
                     " 'resolved', 'critical', 'draft', 'text', ?, ?, '[]', 1)", (notes, json.dumps(report)))
        conn.execute("insert into revisions values ('old1', 1, '2024-01-15 15:00:00', 'alice', 'create', null, ?)",
                     (json.dumps(report),))
    assert "alembic_version" not in tables(db)
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        assert version(db) == HEAD and "report_jobs" in tables(db)
        old = c.get("/v1/reports/old1").json()
        assert old["title"] == "Payment Processing Service Outage" and old["revision"] == 1
        assert c.get("/v1/reports").json()["total"] == 1
        c.patch("/v1/reports/old1/sections/title", json={"text": "Checkout outage"})
        assert [r["author"] for r in c.get("/v1/reports/old1/revisions").json()] == ["alice", "anonymous"]
        r = c.post("/v1/reports", json={"notes": notes}, headers={"Prefer": "respond-async"})
        assert r.status_code == 202
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from reports").fetchone()[0] == 2
