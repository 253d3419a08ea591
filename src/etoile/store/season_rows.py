"""A season document as plain table rows and back: the mapping between the contract and tables.

Every collection becomes rows keyed by stable ids, so that the repositories can diff a document
against what is stored and write only what changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import inspect

from etoile.model.season import Season
from etoile.model.venue import StaffMember
from etoile.store.tables import (
    SEASON_TABLES,
    AbsenceRow,
    BalletMasterRow,
    Base,
    CastMemberRow,
    CompanyRow,
    DancerRoleRow,
    DancerRow,
    ExchangeRow,
    PerformanceRow,
    PianistRow,
    PieceRow,
    ProductionRow,
    RankRow,
    RoleRow,
    SalesRow,
    SeasonInfoRow,
    StudioRow,
    VenueRow,
    WorkRow,
)

Key = tuple[Any, ...]
Row = dict[str, Any]
Rows = dict[str, dict[Key, Row]]
"""Table name → primary key → column values: a whole season as plain rows."""

# Top-level collections of the season document, in document order, with their tables.
COLLECTIONS: dict[str, type[Base]] = {
    "companies": CompanyRow,
    "venues": VenueRow,
    "works": WorkRow,
    "dancers": DancerRow,
    "studios": StudioRow,
    "ballet_masters": BalletMasterRow,
    "pianists": PianistRow,
    "productions": ProductionRow,
    "performances": PerformanceRow,
    "exchanges": ExchangeRow,
    "sales": SalesRow,
}

# Child tables and the top-level row (collection, key column) each of their rows belongs to:
# a change to a child row counts as an update of its owner in the import report.
CHILD_OWNERS: dict[str, tuple[str, str]] = {
    "ranks": ("companies", "company_id"),
    "pieces": ("works", "work_id"),
    "roles": ("works", "work_id"),
    "dancer_roles": ("dancers", "dancer_id"),
    "absences": ("dancers", "dancer_id"),
    "cast_members": ("performances", "performance_id"),
}


def pk_names(model: type[Base]) -> tuple[str, ...]:
    return tuple(str(column.key) for column in inspect(model).primary_key)


# --- season ⇄ rows ---------------------------------------------------------------------------


def _staff_columns(member: StaffMember, position: int) -> Row:
    """The columns every staff row has (a ballet master's row adds the works they know)."""
    return {
        "id": member.id,
        "position": position,
        "company_id": member.company_id,
        "name": member.name,
        "weekdays": list(member.weekdays),
        "unavailable": [period.model_dump(mode="json") for period in member.unavailable],
    }


def season_rows(season: Season) -> Rows:
    """The rows that store ``season``; each keeps its position in the document."""
    rows: Rows = {model.__tablename__: {} for model in SEASON_TABLES}

    def add(model: type[Base], **values: Any) -> None:
        key = tuple(values[name] for name in pk_names(model))
        rows[model.__tablename__][key] = values

    add(SeasonInfoRow, id=1, schema_version=season.schema_version, name=season.name)
    for i, company in enumerate(season.companies):
        add(
            CompanyRow,
            id=company.id,
            position=i,
            name=company.name,
            city=company.city,
            country=company.country,
            time_zone=company.time_zone,
            currency=company.currency,
            language=company.language,
            labour_rules=company.labour_rules.model_dump(mode="json"),
            casting_rules=company.casting_rules.model_dump(mode="json"),
        )
        for j, rank in enumerate(company.ranks):
            add(
                RankRow,
                company_id=company.id,
                id=rank.id,
                position=j,
                name=rank.name,
                tier=rank.tier.value,
                seniority=rank.order,
            )
    for i, venue in enumerate(season.venues):
        add(
            VenueRow,
            id=venue.id,
            position=i,
            name=venue.name,
            city=venue.city,
            capacity=venue.capacity,
            price_tiers=[tier.model_dump(mode="json") for tier in venue.price_tiers],
        )
    for i, work in enumerate(season.works):
        add(
            WorkRow,
            id=work.id,
            position=i,
            title=work.title,
            choreographer=work.choreographer,
            kind=work.kind.value,
        )
        for j, piece in enumerate(work.pieces):
            add(
                PieceRow,
                work_id=work.id,
                id=piece.id,
                position=j,
                name=piece.name,
                duration_minutes=piece.duration_minutes,
            )
        for j, role in enumerate(work.roles):
            add(
                RoleRow,
                id=role.id,
                work_id=work.id,
                position=j,
                name=role.name,
                tier=role.tier.value,
                count=role.count,
                gender=role.gender,
                partner_role_id=role.partner_role_id,
                intensity=role.intensity,
                piece_ids=list(role.piece_ids),
                count_is_illustrative=role.count_is_illustrative,
            )
    for i, dancer in enumerate(season.dancers):
        add(
            DancerRow,
            id=dancer.id,
            position=i,
            company_id=dancer.company_id,
            rank_id=dancer.rank_id,
            name=dancer.name,
            gender=dancer.gender,
            height_cm=dancer.height_cm,
            joined=dancer.joined,
            contract_start=dancer.contract.start,
            contract_end=dancer.contract.end,
            preferred_partners=list(dancer.preferred_partners),
            preferred_roles=list(dancer.preferred_roles),
            star_draw=dancer.star_draw,
        )
        for j, known in enumerate(dancer.roles):
            add(
                DancerRoleRow,
                dancer_id=dancer.id,
                position=j,
                role_id=known.role_id,
                status=known.status.value,
            )
        for j, absence in enumerate(dancer.absences):
            add(
                AbsenceRow,
                dancer_id=dancer.id,
                position=j,
                start_day=absence.start,
                end_day=absence.end,
                kind=absence.kind.value,
                note=absence.note,
            )
    for i, studio in enumerate(season.studios):
        add(
            StudioRow,
            id=studio.id,
            position=i,
            company_id=studio.company_id,
            name=studio.name,
            capacity=studio.capacity,
            site=studio.site,
        )
    for i, master in enumerate(season.ballet_masters):
        add(BalletMasterRow, **_staff_columns(master, i), work_ids=list(master.work_ids))
    for i, pianist in enumerate(season.pianists):
        add(PianistRow, **_staff_columns(pianist, i))
    for i, production in enumerate(season.productions):
        add(
            ProductionRow,
            id=production.id,
            position=i,
            company_id=production.company_id,
            work_id=production.work_id,
            season=production.season,
            venue_id=production.venue_id,
            kind=production.kind.value,
            tour=production.tour,
        )
    for i, perf in enumerate(season.performances):
        offset = perf.starts_at.utcoffset() or timedelta(0)
        add(
            PerformanceRow,
            id=perf.id,
            position=i,
            production_id=perf.production_id,
            starts_at_utc=perf.starts_at.astimezone(UTC).replace(tzinfo=None),
            utc_offset_seconds=round(offset.total_seconds()),
            venue_id=perf.venue_id,
            price_level=perf.price_level,
        )
        for j, member in enumerate(perf.cast):
            add(
                CastMemberRow,
                performance_id=perf.id,
                position=j,
                role_id=member.role_id,
                dancer_id=member.dancer_id,
            )
    for i, agreement in enumerate(season.exchanges):
        add(
            ExchangeRow,
            id=agreement.id,
            position=i,
            dancer_id=agreement.dancer_id,
            host_company_id=agreement.host_company_id,
            start_day=agreement.start,
            end_day=agreement.end,
            role_ids=list(agreement.role_ids),
            performance_ids=list(agreement.performance_ids),
            home_cover_ids=list(agreement.home_cover_ids),
        )
    for i, record in enumerate(season.sales):
        add(
            SalesRow,
            performance_id=record.performance_id,
            position=i,
            tickets=record.tickets,
            revenue=record.revenue,
            currency=record.currency,
        )
    return rows


def _in_order(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: row["position"])


def _by_parent(rows: Iterable[Row], parent: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in _in_order(rows):
        grouped[row[parent]].append(row)
    return grouped


def season_from_rows(rows: Rows) -> Season:
    """Rebuild the season document from its rows (the inverse of ``season_rows``)."""
    ranks = _by_parent(rows["ranks"].values(), "company_id")
    pieces = _by_parent(rows["pieces"].values(), "work_id")
    roles = _by_parent(rows["roles"].values(), "work_id")
    known = _by_parent(rows["dancer_roles"].values(), "dancer_id")
    absences = _by_parent(rows["absences"].values(), "dancer_id")
    casts = _by_parent(rows["cast_members"].values(), "performance_id")
    info = rows["season_info"].get((1,), {"schema_version": "1.0", "name": ""})

    def start(row: Row) -> datetime:
        offset = timezone(timedelta(seconds=row["utc_offset_seconds"]))
        return row["starts_at_utc"].replace(tzinfo=UTC).astimezone(offset)

    data = {
        "schema_version": info["schema_version"],
        "name": info["name"],
        "companies": [
            {
                "id": c["id"],
                "name": c["name"],
                "city": c["city"],
                "country": c["country"],
                "time_zone": c["time_zone"],
                "currency": c["currency"],
                "language": c["language"],
                "ranks": [
                    {"id": r["id"], "name": r["name"], "tier": r["tier"], "order": r["seniority"]}
                    for r in ranks[c["id"]]
                ],
                "labour_rules": c["labour_rules"],
                "casting_rules": c["casting_rules"],
            }
            for c in _in_order(rows["companies"].values())
        ],
        "venues": [
            {k: v[k] for k in ("id", "name", "city", "capacity", "price_tiers")}
            for v in _in_order(rows["venues"].values())
        ],
        "works": [
            {
                "id": w["id"],
                "title": w["title"],
                "choreographer": w["choreographer"],
                "kind": w["kind"],
                "pieces": [
                    {k: p[k] for k in ("id", "name", "duration_minutes")} for p in pieces[w["id"]]
                ],
                "roles": [
                    {
                        k: r[k]
                        for k in (
                            "id",
                            "name",
                            "tier",
                            "count",
                            "gender",
                            "partner_role_id",
                            "intensity",
                            "piece_ids",
                            "count_is_illustrative",
                        )
                    }
                    for r in roles[w["id"]]
                ],
            }
            for w in _in_order(rows["works"].values())
        ],
        "dancers": [
            {
                "id": d["id"],
                "name": d["name"],
                "company_id": d["company_id"],
                "rank_id": d["rank_id"],
                "gender": d["gender"],
                "height_cm": d["height_cm"],
                "joined": d["joined"],
                "contract": {"start": d["contract_start"], "end": d["contract_end"]},
                "roles": [{"role_id": k["role_id"], "status": k["status"]} for k in known[d["id"]]],
                "preferred_partners": d["preferred_partners"],
                "preferred_roles": d["preferred_roles"],
                "star_draw": d["star_draw"],
                "absences": [
                    {
                        "start": a["start_day"],
                        "end": a["end_day"],
                        "kind": a["kind"],
                        "note": a["note"],
                    }
                    for a in absences[d["id"]]
                ],
            }
            for d in _in_order(rows["dancers"].values())
        ],
        "studios": [
            {k: s[k] for k in ("id", "company_id", "name", "capacity", "site")}
            for s in _in_order(rows["studios"].values())
        ],
        "ballet_masters": [
            {k: m[k] for k in ("id", "company_id", "name", "work_ids", "weekdays", "unavailable")}
            for m in _in_order(rows["ballet_masters"].values())
        ],
        "pianists": [
            {k: p[k] for k in ("id", "company_id", "name", "weekdays", "unavailable")}
            for p in _in_order(rows["pianists"].values())
        ],
        "productions": [
            {k: p[k] for k in ("id", "company_id", "work_id", "season", "venue_id", "kind", "tour")}
            for p in _in_order(rows["productions"].values())
        ],
        "performances": [
            {
                "id": p["id"],
                "production_id": p["production_id"],
                "starts_at": start(p),
                "venue_id": p["venue_id"],
                "price_level": p["price_level"],
                "cast": [
                    {"role_id": m["role_id"], "dancer_id": m["dancer_id"]} for m in casts[p["id"]]
                ],
            }
            for p in _in_order(rows["performances"].values())
        ],
        "exchanges": [
            {
                "id": e["id"],
                "dancer_id": e["dancer_id"],
                "host_company_id": e["host_company_id"],
                "start": e["start_day"],
                "end": e["end_day"],
                "role_ids": e["role_ids"],
                "performance_ids": e["performance_ids"],
                "home_cover_ids": e["home_cover_ids"],
            }
            for e in _in_order(rows["exchanges"].values())
        ],
        "sales": [
            {k: s[k] for k in ("performance_id", "tickets", "revenue", "currency")}
            for s in _in_order(rows["sales"].values())
        ],
    }
    return Season.model_validate(data)
