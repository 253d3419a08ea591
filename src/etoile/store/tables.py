"""The store's tables: one per collection of the season document, plus versioned plans.

Ids, foreign keys and the fields that are queried (dates, ranks, tiers, curtain times) are real
columns; small owned values that are only ever read with their row (rule sets, price tiers,
preference lists) are JSON columns. Owned lists that other rows refer to or that are queried on
their own (ranks, pieces, roles, role knowledge, absences, cast members) are child tables.
Every row keeps its ``position`` in the document so that an export gives the document back in
its own order. See docs/decisions/0002-store.md.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID_LENGTH = 80  # etoile.model.common.Id allows at most 80 characters

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with named constraints, so Alembic can alter them on every backend."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        str: Text(),
        int: Integer(),
        float: Double(),
        bool: Boolean(),
        date: Date(),
        datetime: DateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


def _id(*foreign: str, primary: bool = False, index: bool = False) -> Mapped[Any]:
    """An id column (``String(80)``), optionally a foreign key or part of the primary key."""
    keys = [ForeignKey(target) for target in foreign]
    return mapped_column(String(ID_LENGTH), *keys, primary_key=primary, index=index)


class SeasonInfoRow(Base):
    """The document-level fields of the stored season (a single row, id 1)."""

    __tablename__ = "season_info"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    schema_version: Mapped[str] = mapped_column(String(16))
    name: Mapped[str]


class CompanyRow(Base):
    """A company; its labour and casting rules are JSON (read whole by every engine)."""

    __tablename__ = "companies"

    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    name: Mapped[str]
    city: Mapped[str]
    country: Mapped[str] = mapped_column(String(2))
    time_zone: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    language: Mapped[str] = mapped_column(String(35))
    labour_rules: Mapped[dict[str, Any]]
    casting_rules: Mapped[dict[str, Any]]


class RankRow(Base):
    """A rung of a company's ladder; rank ids are unique within their company only."""

    __tablename__ = "ranks"

    company_id: Mapped[str] = _id("companies.id", primary=True)
    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    name: Mapped[str]
    tier: Mapped[str] = mapped_column(String(16))
    seniority: Mapped[int] = mapped_column(doc="Rank.order: higher is more senior.")


class VenueRow(Base):
    """A theatre; its price tiers are JSON (always read with the venue)."""

    __tablename__ = "venues"

    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    name: Mapped[str]
    city: Mapped[str]
    capacity: Mapped[int]
    price_tiers: Mapped[list[Any]]


class WorkRow(Base):
    """A ballet of the repertoire."""

    __tablename__ = "works"

    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    title: Mapped[str]
    choreographer: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))


class PieceRow(Base):
    """A piece of a work; piece ids are unique within their work only."""

    __tablename__ = "pieces"

    work_id: Mapped[str] = _id("works.id", primary=True)
    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    name: Mapped[str]
    duration_minutes: Mapped[int]


class RoleRow(Base):
    """A role; role ids are unique across all works, so casts and dancers refer to them alone.

    ``partner_role_id`` has no foreign key: partners refer to each other, which a foreign key
    would turn into an insert-order cycle; the document check already guarantees it.
    """

    __tablename__ = "roles"

    id: Mapped[str] = _id(primary=True)
    work_id: Mapped[str] = _id("works.id", index=True)
    position: Mapped[int]
    name: Mapped[str]
    tier: Mapped[str] = mapped_column(String(16))
    count: Mapped[int]
    gender: Mapped[str | None] = mapped_column(String(16))
    partner_role_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    intensity: Mapped[int]
    piece_ids: Mapped[list[Any]]
    count_is_illustrative: Mapped[bool]


class DancerRow(Base):
    """A dancer; the rank is a composite foreign key into the home company's ladder."""

    __tablename__ = "dancers"
    __table_args__ = (
        ForeignKeyConstraint(["company_id", "rank_id"], ["ranks.company_id", "ranks.id"]),
    )

    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    company_id: Mapped[str] = _id("companies.id", index=True)
    rank_id: Mapped[str] = _id()
    name: Mapped[str]
    gender: Mapped[str] = mapped_column(String(16))
    height_cm: Mapped[int]
    joined: Mapped[date]
    contract_start: Mapped[date]
    contract_end: Mapped[date]
    preferred_partners: Mapped[list[Any]]
    preferred_roles: Mapped[list[Any]]
    star_draw: Mapped[float]


class DancerRoleRow(Base):
    """One role a dancer knows: the repertoire engines cast from, queried by role."""

    __tablename__ = "dancer_roles"

    dancer_id: Mapped[str] = _id("dancers.id", primary=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[str] = _id("roles.id", index=True)
    status: Mapped[str] = mapped_column(String(16))


class AbsenceRow(Base):
    """A period a dancer cannot dance, queried by date."""

    __tablename__ = "absences"

    dancer_id: Mapped[str] = _id("dancers.id", primary=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    start_day: Mapped[date] = mapped_column(index=True)
    end_day: Mapped[date]
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str]


class StudioRow(Base):
    """A rehearsal room."""

    __tablename__ = "studios"

    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    company_id: Mapped[str] = _id("companies.id", index=True)
    name: Mapped[str]
    capacity: Mapped[int]
    site: Mapped[str | None]


class BalletMasterRow(Base):
    """A ballet master; works, weekdays and unavailable days are JSON lists read with the row."""

    __tablename__ = "ballet_masters"

    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    company_id: Mapped[str] = _id("companies.id", index=True)
    name: Mapped[str]
    work_ids: Mapped[list[Any]]
    weekdays: Mapped[list[Any]]
    unavailable: Mapped[list[Any]]


class PianistRow(Base):
    """A rehearsal pianist; weekdays and unavailable days are JSON lists read with the row."""

    __tablename__ = "pianists"

    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    company_id: Mapped[str] = _id("companies.id", index=True)
    name: Mapped[str]
    weekdays: Mapped[list[Any]]
    unavailable: Mapped[list[Any]]


class ProductionRow(Base):
    """A company's staging of a work at a venue in a season."""

    __tablename__ = "productions"

    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    company_id: Mapped[str] = _id("companies.id", index=True)
    work_id: Mapped[str] = _id("works.id", index=True)
    season: Mapped[str] = mapped_column(String(7), index=True)
    venue_id: Mapped[str] = _id("venues.id")
    kind: Mapped[str] = mapped_column(String(16))
    tour: Mapped[bool]


class PerformanceRow(Base):
    """A curtain-up: the instant in UTC (sortable on every backend) plus the original offset.

    PostgreSQL ``timestamptz`` and SQLite both lose the offset a time was written with; keeping
    it in its own column is what makes the export give back ``19:30+02:00`` and not ``17:30Z``.
    """

    __tablename__ = "performances"

    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    production_id: Mapped[str] = _id("productions.id", index=True)
    starts_at_utc: Mapped[datetime] = mapped_column(index=True)
    utc_offset_seconds: Mapped[int]
    venue_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), ForeignKey("venues.id"))
    price_level: Mapped[float]


class CastMemberRow(Base):
    """One dancer in one role at one performance (history the forecaster learns from)."""

    __tablename__ = "cast_members"

    performance_id: Mapped[str] = _id("performances.id", primary=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[str] = _id("roles.id", index=True)
    dancer_id: Mapped[str] = _id("dancers.id", index=True)


class ExchangeRow(Base):
    """An exchange agreement; its role, performance and cover lists are JSON."""

    __tablename__ = "exchanges"

    id: Mapped[str] = _id(primary=True)
    position: Mapped[int]
    dancer_id: Mapped[str] = _id("dancers.id", index=True)
    host_company_id: Mapped[str] = _id("companies.id", index=True)
    start_day: Mapped[date]
    end_day: Mapped[date]
    role_ids: Mapped[list[Any]]
    performance_ids: Mapped[list[Any]]
    home_cover_ids: Mapped[list[Any]]


class SalesRow(Base):
    """What one past performance sold (at most one record per performance)."""

    __tablename__ = "sales"

    performance_id: Mapped[str] = _id("performances.id", primary=True)
    position: Mapped[int]
    tickets: Mapped[int]
    revenue: Mapped[float]
    currency: Mapped[str] = mapped_column(String(3))


class PlanRow(Base):
    """One version of an engine's plan (casting, rehearsals, exchange) for a scope.

    Versions only ever grow: a new solve adds a draft and never touches the published plan.
    """

    __tablename__ = "plans"
    __table_args__ = (
        UniqueConstraint("kind", "scope", "version"),
        Index("ix_plans_kind_scope_status", "kind", "scope", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(200))
    version: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(doc="UTC, without time zone.")
    document: Mapped[str] = mapped_column(doc="The plan as JSON text, stored verbatim.")


# The season's tables in dependency order: parents before the rows that refer to them.
SEASON_TABLES: tuple[type[Base], ...] = (
    SeasonInfoRow,
    CompanyRow,
    RankRow,
    VenueRow,
    WorkRow,
    PieceRow,
    RoleRow,
    DancerRow,
    DancerRoleRow,
    AbsenceRow,
    StudioRow,
    BalletMasterRow,
    PianistRow,
    ProductionRow,
    PerformanceRow,
    CastMemberRow,
    ExchangeRow,
    SalesRow,
)
