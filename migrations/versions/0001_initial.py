"""The initial schema: checks (web and SMS), sms_inbound, sms_optout.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checks",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("act_id", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("phone_hmac", sa.LargeBinary(length=32), nullable=True),
        sa.Column("conversation", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checks")),
        sa.UniqueConstraint("code", name=op.f("uq_checks_code")),
        sa.UniqueConstraint("phone_hmac", name=op.f("uq_checks_phone_hmac")),
    )
    with op.batch_alter_table("checks") as batch:
        batch.create_index(batch.f("ix_checks_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "sms_inbound",
        sa.Column("message_id", sa.String(length=64), nullable=False),
        sa.Column("phone_hmac", sa.LargeBinary(length=32), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reply", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_sms_inbound")),
    )
    with op.batch_alter_table("sms_inbound") as batch:
        batch.create_index(batch.f("ix_sms_inbound_expires_at"), ["expires_at"], unique=False)
        batch.create_index(batch.f("ix_sms_inbound_phone_hmac"), ["phone_hmac"], unique=False)

    op.create_table(
        "sms_optout",
        sa.Column("phone_hmac", sa.LargeBinary(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("phone_hmac", name=op.f("pk_sms_optout")),
    )


def downgrade() -> None:
    op.drop_table("sms_optout")
    with op.batch_alter_table("sms_inbound") as batch:
        batch.drop_index(batch.f("ix_sms_inbound_phone_hmac"))
        batch.drop_index(batch.f("ix_sms_inbound_expires_at"))
    op.drop_table("sms_inbound")
    with op.batch_alter_table("checks") as batch:
        batch.drop_index(batch.f("ix_checks_expires_at"))
    op.drop_table("checks")
