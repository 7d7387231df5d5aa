"""Batch items keep their input until done, so on PostgreSQL any worker process can claim and draft them
(SELECT ... FOR UPDATE SKIP LOCKED, server/claims.py); null for items of SQLite batches and of earlier releases.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("batch_items") as batch:
        batch.add_column(sa.Column("input", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("batch_items") as batch:
        batch.drop_column("input")
