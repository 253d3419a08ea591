"""Load and save the season document row by row (versioned engine plans live in ``plans``).

A season is written as a diff: the document is turned into rows keyed by stable ids, compared
with the rows already stored, and only what changed is inserted, updated or deleted. An import
owns its companies: rows of those companies that the document no longer has are deleted, rows
of other companies are kept, and the combined season is checked before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, insert, select, tuple_, update
from sqlalchemy.orm import Session

from etoile.errors import InputError
from etoile.model.document import problems_from_validation
from etoile.model.integrity import check_integrity
from etoile.model.problems import DocumentError
from etoile.model.season import Season
from etoile.store.engine import serialise_writes
from etoile.store.season_rows import (
    CHILD_OWNERS,
    COLLECTIONS,
    Key,
    Row,
    Rows,
    pk_names,
    season_from_rows,
    season_rows,
)
from etoile.store.tables import (
    SEASON_TABLES,
    Base,
)

DELETE_CHUNK = 500


def read_rows(session: Session) -> Rows:
    """Every stored row of the season, keyed like ``season_rows``."""
    rows: Rows = {}
    for model in SEASON_TABLES:
        names = pk_names(model)
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
    pianists = keep(stored.pianists, document.pianists, lambda p: p.company_id)
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
        pianists=[*document.pianists, *pianists],
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
    columns = [table.c[name] for name in pk_names(model)]
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
    return tuple(row[name] for name in pk_names(model))


def save_season(session: Session, season: Season, source: str = "<document>") -> SaveReport:
    """Store ``season`` in place by stable ids (see ``merge_seasons``); nothing is committed.

    The combined season is checked before any row is written, so an import that would leave
    another company's rows pointing at something gone is refused with a ``DocumentError``.
    Concurrent imports wait for each other (``serialise_writes``).
    """
    serialise_writes(session)
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
