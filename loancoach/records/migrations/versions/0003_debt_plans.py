"""Debt plans (repayment plans for several loans, numbers only).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database used while the table was new may have it already (made by create_all): keep it.
    if "debt_plans" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "debt_plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("conversation", sa.String(64), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("loans", sa.Integer(), nullable=False),
        sa.Column("overdue_loans", sa.Integer(), nullable=False),
        sa.Column("strategy", sa.String(16), nullable=False),
        sa.Column("budget", sa.Numeric(14, 2), nullable=False),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("total_interest", sa.Numeric(14, 2), nullable=True),
        sa.Column("saving_vs_minimums", sa.Numeric(14, 2), nullable=True),
        sa.Column("shortfall", sa.Numeric(14, 2), nullable=False),
    )
    op.create_index("ix_debt_plans_conversation", "debt_plans", ["conversation"])


def downgrade() -> None:
    op.drop_table("debt_plans")
