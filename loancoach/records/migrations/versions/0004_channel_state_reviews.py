"""Channel state (WeChat / WeCom tokens, seen messages, cursors), conversation reviews and taught
examples.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database used while these tables were new may have them already (made by create_all): keep them.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "channel_tokens" not in existing:
        op.create_table(
            "channel_tokens",
            sa.Column("name", sa.String(128), primary_key=True),
            sa.Column("token", sa.Text(), nullable=False),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        )
    if "channel_seen" not in existing:
        op.create_table(
            "channel_seen",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("channel", sa.String(32), nullable=False),
            sa.Column("message_key", sa.String(128), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.UniqueConstraint("channel", "message_key", name="uq_channel_seen_message"),
        )
        op.create_index("ix_channel_seen_created_at", "channel_seen", ["created_at"])
    if "channel_cursors" not in existing:
        op.create_table(
            "channel_cursors",
            sa.Column("name", sa.String(128), primary_key=True),
            sa.Column("cursor", sa.String(256), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        )
    if "conversation_reviews" not in existing:
        op.create_table(
            "conversation_reviews",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("conversation", sa.String(64), nullable=False),
            sa.Column("tags", sa.String(400), nullable=False),
            sa.Column("notes", sa.Text(), nullable=False),
            sa.Column("done", sa.Integer(), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index(
            "ix_conversation_reviews_conversation", "conversation_reviews", ["conversation"], unique=True
        )
    if "taught_examples" not in existing:
        op.create_table(
            "taught_examples",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("conversation", sa.String(64), nullable=True),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("intent", sa.String(128), nullable=False),
            sa.Column("target", sa.String(16), nullable=False),
        )
        op.create_index("ix_taught_examples_conversation", "taught_examples", ["conversation"])


def downgrade() -> None:
    for table in (
        "taught_examples",
        "conversation_reviews",
        "channel_cursors",
        "channel_seen",
        "channel_tokens",
    ):
        op.drop_table(table)
