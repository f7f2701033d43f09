"""Operator statistics: the anonymous daily counters (stats_daily) and, on each check, the
events it has counted already (checks.counted), so none counts twice (web/stats.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stats_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("act", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("metric", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "act", "channel", "lang", "metric", "key",
                                name=op.f("pk_stats_daily")),
    )
    # Rows saved before this revision have no marks: they count as having counted nothing.
    with op.batch_alter_table("checks") as batch_op:
        batch_op.add_column(sa.Column("counted", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checks") as batch_op:
        batch_op.drop_column("counted")
    op.drop_table("stats_daily")
