"""The round-trip property: for any valid season, import → export → import is lossless."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, delete

from etoile.model import Season, season_to_json, write_season
from etoile.ops.seasons import export_season, import_season
from etoile.store.engine import session_scope
from etoile.store.tables import SEASON_TABLES
from tests.store.store_strategies import seasons


def clear(engine: Engine) -> None:
    with session_scope(engine) as session:
        for model in reversed(SEASON_TABLES):
            session.execute(delete(model))


@settings(
    max_examples=25,
    deadline=None,
    # One database per test, emptied at the start of every example.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(season=seasons())
def test_import_export_import_is_lossless(engine: Engine, tmp_path: Path, season: Season) -> None:
    clear(engine)
    path = tmp_path / "generated.json"
    write_season(season, path)
    with session_scope(engine) as session:
        first = import_season(session, path)
    assert first.updated == first.deleted == 0
    with session_scope(engine) as session:
        exported = export_season(session)
    assert exported.model_dump() == season.model_dump()
    assert season_to_json(exported) == season_to_json(season)

    write_season(exported, path)
    with session_scope(engine) as session:
        second = import_season(session, path)
    assert second.unchanged
    with session_scope(engine) as session:
        assert season_to_json(export_season(session)) == season_to_json(season)
