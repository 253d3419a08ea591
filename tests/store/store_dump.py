"""A whole database as plain tuples, to compare before and after an import."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from etoile.store.tables import Base


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two dumps are equal when the databases are."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table)).all()
            tables[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return tables
