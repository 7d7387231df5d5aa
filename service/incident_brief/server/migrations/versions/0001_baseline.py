"""Baseline: the schema the previous release created with create_all (reports, revisions, batches, batch_items).

A database made by that release has these tables and no alembic_version: the store stamps it at this revision.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("review_state", sa.String(16), nullable=False),
        sa.Column("source_kind", sa.String(16), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("report_json", sa.Text(), nullable=False),
        sa.Column("locked", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
    )
    for column in ("status", "severity", "review_state"):
        op.create_index(f"ix_reports_{column}", "reports", [column])
    op.create_table(
        "revisions",
        sa.Column("report_id", sa.String(32), sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("section", sa.String(64)),
        sa.Column("report_json", sa.Text(), nullable=False),
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "batch_items",
        sa.Column("batch_id", sa.String(32), sa.ForeignKey("batches.id"), primary_key=True),
        sa.Column("idx", sa.Integer(), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("report_id", sa.String(32)),
        sa.Column("error", sa.Text()),
        sa.Column("seconds", sa.Float()),
    )


def downgrade() -> None:
    for table in ("batch_items", "batches", "revisions", "reports"):
        op.drop_table(table)
