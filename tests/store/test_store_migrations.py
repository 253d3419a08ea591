"""Migrations create the schema: Alembic's head matches the tables, from an empty database."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from etoile.model import Season
from etoile.store.engine import (
    alembic_config,
    head_revision,
    open_store,
    schema_revision,
    session_scope,
)
from etoile.store.repositories import load_season, save_season
from etoile.store.tables import Base


def test_upgrade_creates_every_table_at_head(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= names
    assert "alembic_version" in names
    assert schema_revision(engine) == head_revision() is not None


def test_migrations_match_the_tables(engine: Engine) -> None:
    """Autogenerate finds nothing to do: nobody changed a table without a migration."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_is_idempotent_and_downgrade_empties(database_url: str) -> None:
    engine = open_store(database_url)
    engine.dispose()
    engine = open_store(database_url)  # second start: already at head
    try:
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert not set(Base.metadata.tables) & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_season_stored_before_pianists_survives_the_upgrade(
    engine: Engine, season: Season
) -> None:
    """0001 → 0002 adds the pianists table and keeps every stored row."""
    pianists = season.pianists
    studios = [s.model_copy(update={"site": None}) for s in season.studios]
    # what a 0001 database can hold: no pianists, no studio sites
    season = season.model_copy(update={"pianists": [], "studios": studios})
    with session_scope(engine) as session:
        save_season(session, season)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert "pianists" not in inspect(engine).get_table_names()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with session_scope(engine) as session:
        assert load_season(session) == season
        save_season(session, season.model_copy(update={"pianists": pianists}))
    with session_scope(engine) as session:
        assert pianists and load_season(session).pianists == pianists


def test_studio_sites_survive_a_downgrade_and_upgrade_of_their_column(
    engine: Engine, season: Season
) -> None:
    """0002 → 0003 adds ``studios.site``; rooms stored without a site read back with none."""
    assert any(s.site for s in season.studios)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert "site" not in {c["name"] for c in inspect(engine).get_columns("studios")}
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with session_scope(engine) as session:
        save_season(session, season)
    with session_scope(engine) as session:
        assert load_season(session).studios == season.studios
