"""Pianists: the rehearsal pianists each studio call needs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pianists",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("unavailable", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_pianists_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pianists")),
    )
    op.create_index(op.f("ix_pianists_company_id"), "pianists", ["company_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_pianists_company_id"), table_name="pianists")
    op.drop_table("pianists")
