"""Season tables and plans: the first schema of the store.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("city", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("labour_rules", sa.JSON(), nullable=False),
        sa.Column("casting_rules", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("kind", "scope", "version", name=op.f("uq_plans_kind_scope_version")),
    )
    op.create_index(op.f("ix_plans_kind_scope_status"), "plans", ["kind", "scope", "status"])

    op.create_table(
        "season_info",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("schema_version", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_info")),
    )
    op.create_table(
        "venues",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("city", sa.Text(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("price_tiers", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venues")),
    )
    op.create_table(
        "works",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("choreographer", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_works")),
    )
    op.create_table(
        "ballet_masters",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("work_ids", sa.JSON(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("unavailable", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_ballet_masters_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballet_masters")),
    )
    op.create_index(op.f("ix_ballet_masters_company_id"), "ballet_masters", ["company_id"])

    op.create_table(
        "pieces",
        sa.Column("work_id", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name=op.f("fk_pieces_work_id_works")),
        sa.PrimaryKeyConstraint("work_id", "id", name=op.f("pk_pieces")),
    )
    op.create_table(
        "productions",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.String(length=80), nullable=False),
        sa.Column("work_id", sa.String(length=80), nullable=False),
        sa.Column("season", sa.String(length=7), nullable=False),
        sa.Column("venue_id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("tour", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_productions_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_productions_venue_id_venues")
        ),
        sa.ForeignKeyConstraint(
            ["work_id"], ["works.id"], name=op.f("fk_productions_work_id_works")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_productions")),
    )
    op.create_index(op.f("ix_productions_company_id"), "productions", ["company_id"])
    op.create_index(op.f("ix_productions_season"), "productions", ["season"])
    op.create_index(op.f("ix_productions_work_id"), "productions", ["work_id"])

    op.create_table(
        "ranks",
        sa.Column("company_id", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("seniority", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_ranks_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_ranks")),
    )
    op.create_table(
        "roles",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("work_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("gender", sa.String(length=16), nullable=True),
        sa.Column("partner_role_id", sa.String(length=80), nullable=True),
        sa.Column("intensity", sa.Integer(), nullable=False),
        sa.Column("piece_ids", sa.JSON(), nullable=False),
        sa.Column("count_is_illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name=op.f("fk_roles_work_id_works")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
    )
    op.create_index(op.f("ix_roles_work_id"), "roles", ["work_id"])

    op.create_table(
        "studios",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_studios_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studios")),
    )
    op.create_index(op.f("ix_studios_company_id"), "studios", ["company_id"])

    op.create_table(
        "dancers",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.String(length=80), nullable=False),
        sa.Column("rank_id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("gender", sa.String(length=16), nullable=False),
        sa.Column("height_cm", sa.Integer(), nullable=False),
        sa.Column("joined", sa.Date(), nullable=False),
        sa.Column("contract_start", sa.Date(), nullable=False),
        sa.Column("contract_end", sa.Date(), nullable=False),
        sa.Column("preferred_partners", sa.JSON(), nullable=False),
        sa.Column("preferred_roles", sa.JSON(), nullable=False),
        sa.Column("star_draw", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "rank_id"],
            ["ranks.company_id", "ranks.id"],
            name=op.f("fk_dancers_company_id_rank_id_ranks"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_dancers_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dancers")),
    )
    op.create_index(op.f("ix_dancers_company_id"), "dancers", ["company_id"])

    op.create_table(
        "performances",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("production_id", sa.String(length=80), nullable=False),
        sa.Column("starts_at_utc", sa.DateTime(), nullable=False),
        sa.Column("utc_offset_seconds", sa.Integer(), nullable=False),
        sa.Column("venue_id", sa.String(length=80), nullable=True),
        sa.Column("price_level", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["productions.id"],
            name=op.f("fk_performances_production_id_productions"),
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_performances_venue_id_venues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_performances")),
    )
    op.create_index(op.f("ix_performances_production_id"), "performances", ["production_id"])
    op.create_index(op.f("ix_performances_starts_at_utc"), "performances", ["starts_at_utc"])

    op.create_table(
        "absences",
        sa.Column("dancer_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dancer_id"], ["dancers.id"], name=op.f("fk_absences_dancer_id_dancers")
        ),
        sa.PrimaryKeyConstraint("dancer_id", "position", name=op.f("pk_absences")),
    )
    op.create_index(op.f("ix_absences_start_day"), "absences", ["start_day"])

    op.create_table(
        "cast_members",
        sa.Column("performance_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.String(length=80), nullable=False),
        sa.Column("dancer_id", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["dancer_id"], ["dancers.id"], name=op.f("fk_cast_members_dancer_id_dancers")
        ),
        sa.ForeignKeyConstraint(
            ["performance_id"],
            ["performances.id"],
            name=op.f("fk_cast_members_performance_id_performances"),
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_cast_members_role_id_roles")
        ),
        sa.PrimaryKeyConstraint("performance_id", "position", name=op.f("pk_cast_members")),
    )
    op.create_index(op.f("ix_cast_members_dancer_id"), "cast_members", ["dancer_id"])
    op.create_index(op.f("ix_cast_members_role_id"), "cast_members", ["role_id"])

    op.create_table(
        "dancer_roles",
        sa.Column("dancer_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["dancer_id"], ["dancers.id"], name=op.f("fk_dancer_roles_dancer_id_dancers")
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_dancer_roles_role_id_roles")
        ),
        sa.PrimaryKeyConstraint("dancer_id", "position", name=op.f("pk_dancer_roles")),
    )
    op.create_index(op.f("ix_dancer_roles_role_id"), "dancer_roles", ["role_id"])

    op.create_table(
        "exchanges",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("dancer_id", sa.String(length=80), nullable=False),
        sa.Column("host_company_id", sa.String(length=80), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("role_ids", sa.JSON(), nullable=False),
        sa.Column("performance_ids", sa.JSON(), nullable=False),
        sa.Column("home_cover_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dancer_id"], ["dancers.id"], name=op.f("fk_exchanges_dancer_id_dancers")
        ),
        sa.ForeignKeyConstraint(
            ["host_company_id"],
            ["companies.id"],
            name=op.f("fk_exchanges_host_company_id_companies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchanges")),
    )
    op.create_index(op.f("ix_exchanges_dancer_id"), "exchanges", ["dancer_id"])
    op.create_index(op.f("ix_exchanges_host_company_id"), "exchanges", ["host_company_id"])

    op.create_table(
        "sales",
        sa.Column("performance_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Double(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["performance_id"],
            ["performances.id"],
            name=op.f("fk_sales_performance_id_performances"),
        ),
        sa.PrimaryKeyConstraint("performance_id", name=op.f("pk_sales")),
    )


def downgrade() -> None:
    op.drop_table("sales")
    op.drop_index(op.f("ix_exchanges_host_company_id"), table_name="exchanges")
    op.drop_index(op.f("ix_exchanges_dancer_id"), table_name="exchanges")

    op.drop_table("exchanges")
    op.drop_index(op.f("ix_dancer_roles_role_id"), table_name="dancer_roles")

    op.drop_table("dancer_roles")
    op.drop_index(op.f("ix_cast_members_role_id"), table_name="cast_members")
    op.drop_index(op.f("ix_cast_members_dancer_id"), table_name="cast_members")

    op.drop_table("cast_members")
    op.drop_index(op.f("ix_absences_start_day"), table_name="absences")

    op.drop_table("absences")
    op.drop_index(op.f("ix_performances_starts_at_utc"), table_name="performances")
    op.drop_index(op.f("ix_performances_production_id"), table_name="performances")

    op.drop_table("performances")
    op.drop_index(op.f("ix_dancers_company_id"), table_name="dancers")

    op.drop_table("dancers")
    op.drop_index(op.f("ix_studios_company_id"), table_name="studios")

    op.drop_table("studios")
    op.drop_index(op.f("ix_roles_work_id"), table_name="roles")

    op.drop_table("roles")
    op.drop_table("ranks")
    op.drop_index(op.f("ix_productions_work_id"), table_name="productions")
    op.drop_index(op.f("ix_productions_season"), table_name="productions")
    op.drop_index(op.f("ix_productions_company_id"), table_name="productions")

    op.drop_table("productions")
    op.drop_table("pieces")
    op.drop_index(op.f("ix_ballet_masters_company_id"), table_name="ballet_masters")

    op.drop_table("ballet_masters")
    op.drop_table("works")
    op.drop_table("venues")
    op.drop_table("season_info")
    op.drop_index(op.f("ix_plans_kind_scope_status"), table_name="plans")

    op.drop_table("plans")
    op.drop_table("companies")
