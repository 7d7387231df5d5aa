"""The store's tables. The schema is created and changed only by the migrations in server/migrations/."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()
reports = Table(
    "reports", metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("title", Text),
    Column("status", String(16), nullable=False, index=True),
    Column("severity", String(16), nullable=False, index=True),
    Column("review_state", String(16), nullable=False, index=True),  # draft | approved
    Column("source_kind", String(16), nullable=False),
    Column("source_text", Text, nullable=False),
    Column("report_json", Text, nullable=False),
    Column("locked", Text, nullable=False, default="[]"),
    Column("revision", Integer, nullable=False),
    Column("deleted_at", DateTime(timezone=True)),  # soft delete (0004): hidden from reads and lists, revisions kept
)
revisions = Table(
    "revisions", metadata,
    Column("report_id", String(32), ForeignKey("reports.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("action", String(16), nullable=False),  # create | edit | facts | answer | regenerate | approve | reopen | delete
    Column("section", String(64)),
    Column("report_json", Text, nullable=False),
)

batches = Table(
    "batches", metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("total", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # running | done | interrupted
    Column("owner", String(200)),  # the process running it (database.PROCESS); null before 0003
)
batch_items = Table(
    "batch_items", metadata,
    Column("batch_id", String(32), ForeignKey("batches.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("status", String(16), nullable=False),  # pending | ok | failed
    Column("report_id", String(32)),
    Column("error", Text),
    Column("seconds", Float),
    Column("input", Text),  # the item as submitted (JSON) until it is done; claimed by any worker on PostgreSQL (0006)
)

report_jobs = Table(  # a report being drafted in the background (Prefer: respond-async); gone once the report exists
    "report_jobs", metadata,
    Column("id", String(32), primary_key=True),  # the report's id to be
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("state", String(16), nullable=False),  # pending | failed
    Column("error_status", Integer),
    Column("error_title", Text),
    Column("error_detail", Text),
)

deliveries = Table(  # every attempt to deliver an approved report to a target (0005)
    "deliveries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(32), ForeignKey("reports.id"), nullable=False, index=True),
    Column("delivery_id", String(32), nullable=False),  # the same on every attempt of one delivery to one target
    Column("revision", Integer, nullable=False),  # the approved revision delivered
    Column("target", String(16), nullable=False),  # slack | webhook | email
    Column("attempt", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # delivered | retrying | failed
    Column("code", Integer),  # the receiver's HTTP or SMTP status code
    Column("error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("owner", String(200)),  # the process that made the attempt (database.PROCESS; 0007, null before)
)
