"""Where the database lives: ``ETOILE_DATABASE_URL`` or a SQLite file in the user's data folder.

The URL is read once, when a command starts (``load_settings``), never at import, so tests and
tools can set the environment before they open a store.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from etoile.errors import InputError

ENV_VAR = "ETOILE_DATABASE_URL"


def default_database_path(env: Mapping[str, str] | None = None) -> Path:
    """The default SQLite file: ``$XDG_DATA_HOME/etoile/etoile.db`` (``~/.local/share/...``).

    One file per user, not per working directory, so every command sees the same season
    wherever it is run from.
    """
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "etoile" / "etoile.db"


@dataclass(frozen=True)
class StoreSettings:
    """The store's configuration for one run of a command."""

    database_url: str

    @property
    def url(self) -> URL:
        """The parsed URL (an ``InputError`` if it is not one)."""
        return parse_url(self.database_url)

    def display_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return self.url.render_as_string(hide_password=True)


def parse_url(text: str) -> URL:
    """A SQLAlchemy URL, or an ``InputError`` naming what is wrong with it."""
    try:
        return make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise InputError(f"not a database URL: {text!r} ({exc})") from None


def load_settings(
    database_url: str | None = None, env: Mapping[str, str] | None = None
) -> StoreSettings:
    """Settings from, in order: an explicit ``--database`` URL, ``ETOILE_DATABASE_URL``, the default."""
    env = os.environ if env is None else env
    url = database_url or env.get(ENV_VAR) or f"sqlite:///{default_database_path(env)}"
    parse_url(url)
    return StoreSettings(database_url=url)
