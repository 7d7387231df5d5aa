"""Reports drafted in the background (Prefer: respond-async): their pending or failed state.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "report_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("error_status", sa.Integer()),
        sa.Column("error_title", sa.Text()),
        sa.Column("error_detail", sa.Text()),
    )


def downgrade() -> None:
    op.drop_table("report_jobs")
