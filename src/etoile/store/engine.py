"""Engines, sessions and schema upgrades: how a command opens the store.

``open_store`` connects, runs the Alembic migrations up to head (the schema is never created any
other way) and turns an unreachable database into one clear ``InputError`` line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from etoile.errors import InputError
from etoile.store.settings import StoreSettings, load_settings, parse_url


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """SQLite ignores foreign keys unless each connection asks for them."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database or "")


def create_store_engine(database_url: str) -> Engine:
    """An engine for the URL; for a SQLite file, its folder is created and foreign keys are on."""
    url = parse_url(database_url)
    sqlite_file = _sqlite_file(url)
    if sqlite_file is not None:
        try:
            sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"cannot create the database folder {sqlite_file.parent}: {exc}"
            ) from None
    try:
        engine = create_engine(url)
    except (NoSuchModuleError, ImportError) as exc:
        raise InputError(f"no database driver for {_display(url)}: {exc}") from None
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def _display(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def alembic_config(engine: Engine | None = None) -> Config:
    """The packaged Alembic configuration (migrations live in ``etoile/store/migrations``)."""
    location = files("etoile.store").joinpath("migrations")
    config = Config(str(location.joinpath("alembic.ini")))
    config.set_main_option("script_location", str(location))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return config


def upgrade(engine: Engine) -> None:
    """Migrate the schema to the newest revision (a no-op when it is already there)."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision this version of Étoile ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _first_line(exc: BaseException) -> str:
    detail = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(detail).strip().splitlines()
    return lines[0] if lines else type(detail).__name__


def open_store(settings: StoreSettings | str | None = None) -> Engine:
    """Connect to the store and bring its schema to head; an ``InputError`` if it cannot."""
    if not isinstance(settings, StoreSettings):
        settings = load_settings(settings)
    engine = create_store_engine(settings.database_url)
    try:
        upgrade(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise InputError(
            f"cannot use the database at {settings.display_url()}: {_first_line(exc)}"
        ) from None
    return engine


WRITE_LOCK = 0x45746F696C65  # the PostgreSQL advisory lock key every writer takes ("Etoile")


def serialise_writes(session: Session) -> None:
    """Make this transaction wait for any other writer of the store, and hold it to the end.

    Imports read the stored season, merge and write it back (plan saves read the last
    version): two at once would both work from the same old state and the second would fail
    on the first's rows. So a writer first takes the store's write lock, as its first statement:
    a transaction-scoped advisory lock on PostgreSQL, SQLite's own write lock on SQLite (an
    update that changes nothing still takes it; a second writer waits up to the driver's busy
    timeout, 5 s).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
    else:
        session.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0"))


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to the engine; objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction for one command: commit when the block ends, roll back on any error.

    A database error becomes an ``InputError`` with the database's own one-line reason.
    """
    with session_factory(engine)() as session:
        try:
            with session.begin():
                yield session
        except DBAPIError as exc:
            raise InputError(f"the database refused the change: {_first_line(exc)}") from None


@contextmanager
def store_session(settings: StoreSettings | str | None = None) -> Iterator[Session]:
    """Open the store, run one transaction in it and close it: what a one-off command needs."""
    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()
