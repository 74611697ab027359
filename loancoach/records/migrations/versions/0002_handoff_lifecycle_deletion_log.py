"""Handoff lifecycle (claimed by, claimed/closed at, note) and the deletion log.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoff_requests") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    # Before the lifecycle a request was "open" or (set by hand) "done": done is closed now.
    op.execute("UPDATE handoff_requests SET status = 'closed' WHERE status = 'done'")
    op.create_table(
        "deletion_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("tracker_rows", sa.Integer(), nullable=False),
        sa.Column("record_rows", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(400), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("deletion_log")
    with op.batch_alter_table("handoff_requests") as batch:
        for column in ("note", "closed_at", "claimed_at", "claimed_by"):
            batch.drop_column(column)
