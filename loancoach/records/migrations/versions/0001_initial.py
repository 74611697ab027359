"""The schema before migrations existed: handoff requests, calculations, ad checks, feedback.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_index("ix_handoff_requests_conversation", "handoff_requests", ["conversation"])
    op.create_table(
        "calculations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("conversation", sa.String(64), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("principal", sa.Numeric(14, 2), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("rate_kind", sa.String(24), nullable=False),
        sa.Column("rate_value", sa.Numeric(12, 6), nullable=False),
        sa.Column("upfront_fee", sa.Numeric(14, 2), nullable=False),
        sa.Column("income", sa.Numeric(14, 2), nullable=True),
        sa.Column("monthly_debts", sa.Numeric(14, 2), nullable=True),
        sa.Column("monthly_payment", sa.Numeric(14, 2), nullable=False),
        sa.Column("total_repayment", sa.Numeric(14, 2), nullable=False),
        sa.Column("total_cost", sa.Numeric(14, 2), nullable=False),
        sa.Column("apr", sa.Numeric(10, 4), nullable=False),
        sa.Column("effective_annual_rate", sa.Numeric(10, 4), nullable=False),
        sa.Column("dti", sa.Numeric(10, 4), nullable=True),
        sa.Column("verdict", sa.String(16), nullable=True),
    )
    op.create_index("ix_calculations_conversation", "calculations", ["conversation"])
    op.create_table(
        "ad_checks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("conversation", sa.String(64), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("categories", sa.String(400), nullable=False),
    )
    op.create_index("ix_ad_checks_conversation", "ad_checks", ["conversation"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation", sa.String(64), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("helpful", sa.Integer(), nullable=False),
    )
    op.create_index("ix_feedback_conversation", "feedback", ["conversation"])


def downgrade() -> None:
    for table in ("feedback", "ad_checks", "calculations", "handoff_requests"):
        op.drop_table(table)
