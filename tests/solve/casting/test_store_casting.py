"""A casting plan stored as versions: a new solve is a draft and never erases the published one."""

from __future__ import annotations

from pathlib import Path

from etoile.ops.casting import cast_season, load_stored_plan, store_plan
from etoile.store.engine import open_store, session_scope
from tests.solve.casting.casting_builders import build_season


def test_new_solve_keeps_the_published_plan(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'etoile.db'}")
    season = build_season()
    first = cast_season(season, time_limit=3)
    second = cast_season(build_season(seed=5), time_limit=3)
    with session_scope(engine) as session:
        assert store_plan(session, first, publish=True) == 1
        assert store_plan(session, second) == 2
    with session_scope(engine) as session:
        assert load_stored_plan(session, ["opera"]) == first
        assert load_stored_plan(session, ["opera"], None) == second
        assert load_stored_plan(session, ["nobody"]) is None
    engine.dispose()
