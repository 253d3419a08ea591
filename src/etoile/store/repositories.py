"""Load and save model objects: the season document row by row, and versioned engine plans.

A season is written as a diff: the document is turned into rows keyed by stable ids, compared
with the rows already stored, and only what changed is inserted, updated or deleted. An import
owns its companies: rows of those companies that the document no longer has are deleted, rows
of other companies are kept, and the combined season is checked before anything is written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import delete, func, insert, inspect, select, tuple_, update
from sqlalchemy.orm import Session

from etoile.errors import InputError
from etoile.model.document import problems_from_validation
from etoile.model.integrity import check_integrity
from etoile.model.problems import DocumentError
from etoile.model.season import Season
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
    PieceRow,
    PlanRow,
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

DELETE_CHUNK = 500


def _pk_names(model: type[Base]) -> tuple[str, ...]:
    return tuple(str(column.key) for column in inspect(model).primary_key)


# --- season ⇄ rows ---------------------------------------------------------------------------


def season_rows(season: Season) -> Rows:
    """The rows that store ``season``; each keeps its position in the document."""
    rows: Rows = {model.__tablename__: {} for model in SEASON_TABLES}

    def add(model: type[Base], **values: Any) -> None:
        key = tuple(values[name] for name in _pk_names(model))
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
        )
    for i, master in enumerate(season.ballet_masters):
        add(
            BalletMasterRow,
            id=master.id,
            position=i,
            company_id=master.company_id,
            name=master.name,
            work_ids=list(master.work_ids),
            weekdays=list(master.weekdays),
            unavailable=[period.model_dump(mode="json") for period in master.unavailable],
        )
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
            {k: s[k] for k in ("id", "company_id", "name", "capacity")}
            for s in _in_order(rows["studios"].values())
        ],
        "ballet_masters": [
            {k: m[k] for k in ("id", "company_id", "name", "work_ids", "weekdays", "unavailable")}
            for m in _in_order(rows["ballet_masters"].values())
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


def read_rows(session: Session) -> Rows:
    """Every stored row of the season, keyed like ``season_rows``."""
    rows: Rows = {}
    for model in SEASON_TABLES:
        names = _pk_names(model)
        table = rows[model.__tablename__] = {}
        for mapping in session.execute(select(model.__table__)).mappings():
            row = dict(mapping)
            table[tuple(row[name] for name in names)] = row
    return rows


# --- merging a document into what is stored --------------------------------------------------


def merge_seasons(stored: Season | None, document: Season) -> Season:
    """The season after importing ``document``: its rows, plus stored rows it does not own.

    The document owns its companies and everything that belongs to them (dancers, studios,
    ballet masters, productions and their performances and sales, exchanges of their dancers).
    Venues and works belong to no company: one absent from the document is kept only while a
    kept row of another company still uses it. Document rows come first, in document order.
    """
    if stored is None:
        return document
    scope = {company.id for company in document.companies}
    production_owner = {p.id: p.company_id for p in stored.productions}
    performance_owner = {p.id: production_owner[p.production_id] for p in stored.performances}
    dancer_owner = {d.id: d.company_id for d in stored.dancers}

    def keep(
        stored_items: Sequence[Any],
        document_items: Sequence[Any],
        owner: Callable[[Any], str],
        key: str = "id",
    ) -> list[Any]:
        taken = {getattr(item, key) for item in document_items}
        return [x for x in stored_items if owner(x) not in scope and getattr(x, key) not in taken]

    companies = keep(stored.companies, document.companies, lambda c: c.id)
    dancers = keep(stored.dancers, document.dancers, lambda d: d.company_id)
    studios = keep(stored.studios, document.studios, lambda s: s.company_id)
    masters = keep(stored.ballet_masters, document.ballet_masters, lambda m: m.company_id)
    productions = keep(stored.productions, document.productions, lambda p: p.company_id)
    performances = keep(
        stored.performances, document.performances, lambda p: production_owner[p.production_id]
    )
    exchanges = keep(stored.exchanges, document.exchanges, lambda e: dancer_owner[e.dancer_id])
    sales = keep(
        stored.sales,
        document.sales,
        lambda s: performance_owner[s.performance_id],
        key="performance_id",
    )

    role_work = {role.id: work.id for work in stored.works for role in work.roles}
    role_refs = [
        *(k.role_id for d in dancers for k in d.roles),
        *(r for d in dancers for r in d.preferred_roles),
        *(m.role_id for p in performances for m in p.cast),
        *(r for e in exchanges for r in e.role_ids),
    ]
    used_works = {p.work_id for p in productions} | {w for m in masters for w in m.work_ids}
    used_works |= {role_work[r] for r in role_refs if r in role_work}
    used_venues = {p.venue_id for p in productions} | {
        p.venue_id for p in performances if p.venue_id
    }
    document_works = {w.id for w in document.works}
    document_venues = {v.id for v in document.venues}
    works = [w for w in stored.works if w.id not in document_works and w.id in used_works]
    venues = [v for v in stored.venues if v.id not in document_venues and v.id in used_venues]

    return Season(
        schema_version=document.schema_version,
        name=document.name,
        companies=[*document.companies, *companies],
        venues=[*document.venues, *venues],
        works=[*document.works, *works],
        dancers=[*document.dancers, *dancers],
        studios=[*document.studios, *studios],
        ballet_masters=[*document.ballet_masters, *masters],
        productions=[*document.productions, *productions],
        performances=[*document.performances, *performances],
        exchanges=[*document.exchanges, *exchanges],
        sales=[*document.sales, *sales],
    )


# --- writing ---------------------------------------------------------------------------------


@dataclass
class Changes:
    """How many rows of one collection an import created, updated and deleted."""

    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        """All changes together (0 when the collection is untouched)."""
        return self.created + self.updated + self.deleted


@dataclass
class SaveReport:
    """The changes of one save, by collection of the season document."""

    changes: dict[str, Changes] = field(
        default_factory=lambda: {name: Changes() for name in COLLECTIONS}
    )

    @property
    def created(self) -> int:
        """Rows created over all collections."""
        return sum(c.created for c in self.changes.values())

    @property
    def updated(self) -> int:
        """Rows updated over all collections (a changed child row updates its owner)."""
        return sum(c.updated for c in self.changes.values())

    @property
    def deleted(self) -> int:
        """Rows deleted over all collections."""
        return sum(c.deleted for c in self.changes.values())


def write_table(
    session: Session, model: type[Base], inserts: list[Row], updates: list[Row]
) -> None:
    """Insert and update one table's rows (ORM bulk statements: one round trip per kind)."""
    if inserts:
        session.execute(insert(model), inserts)
    if updates:
        session.execute(update(model), updates)


def delete_rows(session: Session, model: type[Base], keys: list[Key]) -> None:
    """Delete one table's rows by primary key, in chunks that every backend accepts."""
    table = Base.metadata.tables[model.__tablename__]
    columns = [table.c[name] for name in _pk_names(model)]
    target = columns[0] if len(columns) == 1 else tuple_(*columns)
    for start in range(0, len(keys), DELETE_CHUNK):
        chunk = keys[start : start + DELETE_CHUNK]
        values = [key[0] for key in chunk] if len(columns) == 1 else chunk
        session.execute(delete(table).where(target.in_(values)))


def _content(row: Row) -> Row:
    """A row without its position: moving in the document is not a change worth reporting."""
    return {name: value for name, value in row.items() if name != "position"}


def write_rows(session: Session, old: Rows, new: Rows) -> SaveReport:
    """Bring the stored rows from ``old`` to ``new``: parents are written before the rows that
    refer to them, and deletions run last, children first, once nothing refers to them.

    Every differing row is written; the report counts a row as updated only when its content
    changed (or a child row of it did), not when it merely moved in the document.
    """
    report = SaveReport()
    touched: dict[str, set[Key]] = defaultdict(set)
    deletions: list[tuple[type[Base], list[Key]]] = []
    for model in SEASON_TABLES:
        name = model.__tablename__
        before, after = old[name], new[name]
        inserts = [row for key, row in after.items() if key not in before]
        updates = [row for key, row in after.items() if key in before and before[key] != row]
        gone = [key for key in before if key not in after]
        write_table(session, model, inserts, updates)
        deletions.append((model, gone))
        changed = [row for row in updates if _content(row) != _content(before[_key(model, row)])]
        if name in COLLECTIONS:
            counts = report.changes[name]
            counts.created, counts.deleted = len(inserts), len(gone)
            touched[name].update(_key(model, row) for row in changed)
        elif name in CHILD_OWNERS:
            owner, column = CHILD_OWNERS[name]
            moved = [before[_key(model, row)] for row in changed]  # e.g. a role changing work
            for row in (*inserts, *changed, *moved, *(before[key] for key in gone)):
                touched[owner].add((row[column],))
    for model, gone in reversed(deletions):
        if gone:
            delete_rows(session, model, gone)
    for name, keys in touched.items():
        report.changes[name].updated = sum(
            1 for key in keys if key in old[name] and key in new[name]
        )
    return report


def _key(model: type[Base], row: Row) -> Key:
    return tuple(row[name] for name in _pk_names(model))


def save_season(session: Session, season: Season, source: str = "<document>") -> SaveReport:
    """Store ``season`` in place by stable ids (see ``merge_seasons``); nothing is committed.

    The combined season is checked before any row is written, so an import that would leave
    another company's rows pointing at something gone is refused with a ``DocumentError``.
    """
    old = read_rows(session)
    stored = _stored_season(old) if old["companies"] else None
    merged = merge_seasons(stored, season)
    problems = check_integrity(merged)
    if problems:
        raise DocumentError(source, problems)
    return write_rows(session, old, season_rows(merged))


def load_season(session: Session) -> Season:
    """The stored season, exactly as it was imported (an ``InputError`` if nothing is stored)."""
    rows = read_rows(session)
    if not rows["companies"]:
        raise InputError("the database holds no season yet: run `etoile import FILE` first")
    return _stored_season(rows)


def _stored_season(rows: Rows) -> Season:
    try:
        return season_from_rows(rows)
    except ValidationError as exc:  # a hand-edited database: say what is wrong, no traceback
        raise DocumentError("<database>", problems_from_validation(exc)) from None


# --- plans -----------------------------------------------------------------------------------

PlanStatus = Literal["draft", "published"]
DRAFT: PlanStatus = "draft"
PUBLISHED: PlanStatus = "published"


@dataclass(frozen=True)
class StoredPlan:
    """One stored version of an engine's plan."""

    id: int
    kind: str
    scope: str
    version: int
    status: PlanStatus
    created_at: datetime
    document_json: str

    @property
    def document(self) -> Any:
        """The plan document, decoded from its JSON text."""
        return json.loads(self.document_json)


def _stored_plan(row: PlanRow) -> StoredPlan:
    status = PUBLISHED if row.status == PUBLISHED else DRAFT
    return StoredPlan(
        id=row.id,
        kind=row.kind,
        scope=row.scope,
        version=row.version,
        status=status,
        created_at=row.created_at.replace(tzinfo=UTC),
        document_json=row.document,
    )


def save_plan(
    session: Session, kind: str, document_json: str, scope: str, publish: bool = False
) -> int:
    """Store a new version of a plan and return its number (1, 2, …); nothing is overwritten.

    ``kind`` names the engine ('casting', 'rehearsals', 'exchange'); ``scope`` the companies it
    plans for (e.g. a company id). A draft leaves the published plan as it is.
    """
    if not kind or not scope:
        raise InputError("a plan needs a kind and a scope")
    try:
        json.loads(document_json)
    except json.JSONDecodeError as exc:
        raise InputError(f"{kind} plan for {scope}: not valid JSON ({exc.msg})") from None
    latest = session.scalar(
        select(func.max(PlanRow.version)).where(PlanRow.kind == kind, PlanRow.scope == scope)
    )
    version = (latest or 0) + 1
    session.add(
        PlanRow(
            kind=kind,
            scope=scope,
            version=version,
            status=PUBLISHED if publish else DRAFT,
            created_at=datetime.now(UTC).replace(tzinfo=None),
            document=document_json,
        )
    )
    session.flush()
    return version


def publish_plan(session: Session, kind: str, scope: str, version: int) -> None:
    """Publish an existing version; it becomes the plan ``load_plan(..., 'published')`` gives."""
    row = session.scalar(
        select(PlanRow).where(
            PlanRow.kind == kind, PlanRow.scope == scope, PlanRow.version == version
        )
    )
    if row is None:
        raise InputError(f"no {kind} plan version {version} for {scope}")
    row.status = PUBLISHED
    session.flush()


def load_plan(
    session: Session,
    kind: str,
    scope: str,
    version: int | Literal["published"] | None = None,
) -> StoredPlan | None:
    """A plan version: a number, ``'published'`` (the newest published) or None (the newest).

    Returns None when there is no such plan.
    """
    query = select(PlanRow).where(PlanRow.kind == kind, PlanRow.scope == scope)
    if version == PUBLISHED:
        query = query.where(PlanRow.status == PUBLISHED)
    elif isinstance(version, int):
        query = query.where(PlanRow.version == version)
    row = session.scalar(query.order_by(PlanRow.version.desc()).limit(1))
    return None if row is None else _stored_plan(row)


def list_plans(session: Session, kind: str, scope: str) -> list[StoredPlan]:
    """Every version of a plan, oldest first."""
    rows = session.scalars(
        select(PlanRow)
        .where(PlanRow.kind == kind, PlanRow.scope == scope)
        .order_by(PlanRow.version)
    )
    return [_stored_plan(row) for row in rows]
