"""The store: SQLAlchemy tables, repositories and Alembic migrations (the only SQL-aware package).

Interfaces open a store with ``open_store`` and run one command in ``session_scope`` (or both
at once with ``store_session``); ops functions take the session and never commit.
"""

from etoile.store.engine import open_store, session_scope, store_session, upgrade
from etoile.store.plans import (
    StoredPlan,
    list_plans,
    load_plan,
    plan_scopes,
    publish_plan,
    save_plan,
)
from etoile.store.repositories import Changes, SaveReport, load_season, save_season
from etoile.store.settings import ENV_VAR, StoreSettings, default_database_path, load_settings

__all__ = [
    "ENV_VAR",
    "Changes",
    "SaveReport",
    "StoreSettings",
    "StoredPlan",
    "default_database_path",
    "list_plans",
    "load_plan",
    "load_season",
    "load_settings",
    "open_store",
    "plan_scopes",
    "publish_plan",
    "save_plan",
    "save_season",
    "session_scope",
    "store_session",
    "upgrade",
]
