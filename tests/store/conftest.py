"""Store test fixtures: a clean database per test on SQLite, and on PostgreSQL when
ETOILE_TEST_DATABASE_URL is set (each test in its own schema, dropped afterwards)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from etoile.model import Season
from etoile.store.engine import open_store

TEST_URL_ENV = "ETOILE_TEST_DATABASE_URL"


def _postgres_schema_url(base_url: str) -> Iterator[str]:
    """A URL whose connections use a fresh schema; the schema is dropped when done."""
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base_url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # pragma: no cover - only when the server is down
        admin.dispose()
        pytest.fail(f"{TEST_URL_ENV} is set but PostgreSQL cannot be used: {exc}")
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'etoile.db'}"
        return
    base = os.environ.get(TEST_URL_ENV)
    if not base:
        pytest.skip(f"{TEST_URL_ENV} is not set")
    yield from _postgres_schema_url(base)


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per run; copying it is much faster than migrating again."""
    path = tmp_path_factory.mktemp("template") / "etoile.db"
    open_store(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def engine(database_url: str, migrated_sqlite_template: Path) -> Iterator[Engine]:
    """An engine on a database migrated to head (``open_store`` upgrades it if needed)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        shutil.copyfile(migrated_sqlite_template, url.database)
    store = open_store(database_url)
    yield store
    store.dispose()


def sample_season() -> Season:
    """Two companies with every collection filled: an exchange, a cast, sales, absences."""
    return Season.model_validate(
        {
            "name": "Sample 2026-27",
            "companies": [
                {
                    "id": "abt",
                    "name": "American Ballet Theatre",
                    "city": "New York",
                    "country": "US",
                    "time_zone": "America/New_York",
                    "currency": "USD",
                    "language": "en-US",
                    "ranks": [
                        {"id": "principal", "name": "Principal", "tier": "principal", "order": 3},
                        {"id": "soloist", "name": "Soloist", "tier": "soloist", "order": 2},
                        {"id": "corps", "name": "Corps de ballet", "tier": "corps", "order": 1},
                    ],
                    "labour_rules": {"name": "AGMA-style", "max_rehearsal_hours_per_day": 6.5},
                    "casting_rules": {"cover_depth": 2, "weights": {"partner": 2.5}},
                },
                {
                    "id": "pob",
                    "name": "Ballet de l'Opéra de Paris",
                    "city": "Paris",
                    "country": "FR",
                    "time_zone": "Europe/Paris",
                    "currency": "EUR",
                    "language": "fr-FR",
                    "ranks": [
                        {"id": "etoile", "name": "Étoile", "tier": "principal", "order": 5},
                        {"id": "quadrille", "name": "Quadrille", "tier": "corps", "order": 1},
                    ],
                    "labour_rules": {
                        "name": "Convention collective",
                        "max_danced_hours_per_day": 7.0,
                        "max_service_hours": 3.0,
                        "day_start": "10:30:00",
                    },
                },
            ],
            "venues": [
                {
                    "id": "met",
                    "name": "Metropolitan Opera House",
                    "city": "New York",
                    "capacity": 3800,
                    "price_tiers": [
                        {"name": "Orchestra", "seats": 1500, "price": 145.5},
                        {"name": "Balcony", "seats": 2300, "price": 35.0},
                    ],
                },
                {"id": "garnier", "name": "Palais Garnier", "city": "Paris", "capacity": 1979},
            ],
            "works": [
                {
                    "id": "swan-lake",
                    "title": "Swan Lake",
                    "choreographer": "Petipa/Ivanov",
                    "pieces": [
                        {"id": "act1", "name": "Act I", "duration_minutes": 35},
                        {"id": "act2", "name": "Act II", "duration_minutes": 30},
                    ],
                    "roles": [
                        {
                            "id": "odette",
                            "name": "Odette/Odile",
                            "tier": "principal",
                            "gender": "female",
                            "partner_role_id": "siegfried",
                            "intensity": 5,
                            "piece_ids": ["act2"],
                        },
                        {
                            "id": "siegfried",
                            "name": "Siegfried",
                            "tier": "principal",
                            "gender": "male",
                            "partner_role_id": "odette",
                            "piece_ids": ["act1", "act2"],
                        },
                        {
                            "id": "swans",
                            "name": "Swans",
                            "tier": "corps",
                            "count": 24,
                            "count_is_illustrative": True,
                            "piece_ids": ["act2"],
                        },
                    ],
                },
                {
                    "id": "giselle",
                    "title": "Giselle",
                    "kind": "classic",
                    "pieces": [{"id": "act1", "name": "Act I", "duration_minutes": 50}],
                    "roles": [{"id": "giselle-role", "name": "Giselle", "tier": "principal"}],
                },
            ],
            "dancers": [
                {
                    "id": "d-misty",
                    "name": "Misty C.",
                    "company_id": "abt",
                    "rank_id": "principal",
                    "gender": "female",
                    "height_cm": 160,
                    "joined": "2001-09-01",
                    "contract": {"start": "2026-09-01", "end": "2027-08-31"},
                    "roles": [
                        {"role_id": "odette", "status": "performed"},
                        {"role_id": "giselle-role", "status": "learning"},
                    ],
                    "preferred_partners": ["d-james"],
                    "preferred_roles": ["odette"],
                    "star_draw": 0.9,
                    "absences": [
                        {
                            "start": "2026-12-01",
                            "end": "2026-12-10",
                            "kind": "injury",
                            "note": "ankle",
                        }
                    ],
                },
                {
                    "id": "d-james",
                    "name": "James W.",
                    "company_id": "abt",
                    "rank_id": "principal",
                    "gender": "male",
                    "height_cm": 183,
                    "joined": "2005-09-01",
                    "contract": {"start": "2026-09-01", "end": "2027-08-31"},
                    "roles": [{"role_id": "siegfried"}],
                },
                {
                    "id": "d-corps",
                    "name": "Ana P.",
                    "company_id": "abt",
                    "rank_id": "corps",
                    "gender": "female",
                    "height_cm": 165,
                    "joined": "2022-09-01",
                    "contract": {"start": "2026-09-01", "end": "2027-08-31"},
                    "roles": [{"role_id": "swans", "status": "rehearsed"}],
                },
                {
                    "id": "d-mathieu",
                    "name": "Mathieu G.",
                    "company_id": "pob",
                    "rank_id": "etoile",
                    "gender": "male",
                    "height_cm": 185,
                    "joined": "2010-09-01",
                    "contract": {"start": "2026-09-01", "end": "2027-07-15"},
                    "roles": [{"role_id": "siegfried"}],
                    "star_draw": 0.7,
                },
            ],
            "studios": [
                {"id": "abt-a", "company_id": "abt", "name": "Studio A", "capacity": 40},
                {
                    "id": "pob-petipa",
                    "company_id": "pob",
                    "name": "Salle Petipa",
                    "capacity": 60,
                    "site": "Garnier",
                },
            ],
            "ballet_masters": [
                {
                    "id": "bm-irina",
                    "company_id": "abt",
                    "name": "Irina K.",
                    "work_ids": ["swan-lake"],
                    "weekdays": [0, 1, 2, 3, 4],
                    "unavailable": [{"start": "2026-11-01", "end": "2026-11-03"}],
                }
            ],
            "pianists": [
                {
                    "id": "pn-ida",
                    "company_id": "abt",
                    "name": "Ida M.",
                    "weekdays": [0, 1, 2, 3, 4, 5],
                    "unavailable": [{"start": "2026-12-24", "end": "2026-12-26"}],
                }
            ],
            "productions": [
                {
                    "id": "abt-swan",
                    "company_id": "abt",
                    "work_id": "swan-lake",
                    "season": "2026-27",
                    "venue_id": "met",
                },
                {
                    "id": "pob-giselle",
                    "company_id": "pob",
                    "work_id": "giselle",
                    "season": "2026-27",
                    "venue_id": "garnier",
                    "kind": "new_production",
                },
            ],
            "performances": [
                {
                    "id": "abt-swan-1",
                    "production_id": "abt-swan",
                    "starts_at": "2027-06-01T19:30:00-04:00",
                    "price_level": 1.25,
                    "cast": [
                        {"role_id": "odette", "dancer_id": "d-misty"},
                        {"role_id": "siegfried", "dancer_id": "d-mathieu"},
                        {"role_id": "swans", "dancer_id": "d-corps"},
                    ],
                },
                {
                    "id": "abt-swan-2",
                    "production_id": "abt-swan",
                    "starts_at": "2027-01-09T14:00:00.250000-05:00",
                },
                {
                    "id": "pob-giselle-1",
                    "production_id": "pob-giselle",
                    "starts_at": "2026-12-31T19:30:00+01:00",
                },
            ],
            "exchanges": [
                {
                    "id": "x-mathieu",
                    "dancer_id": "d-mathieu",
                    "host_company_id": "abt",
                    "start": "2027-05-25",
                    "end": "2027-06-05",
                    "role_ids": ["siegfried"],
                    "performance_ids": ["abt-swan-1"],
                    "home_cover_ids": [],
                }
            ],
            "sales": [
                {
                    "performance_id": "abt-swan-1",
                    "tickets": 3650,
                    "revenue": 301234.75,
                    "currency": "USD",
                }
            ],
        }
    )


@pytest.fixture
def season() -> Season:
    """The sample season (a fresh copy per test)."""
    return sample_season()
