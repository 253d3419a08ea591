"""Recast: the absent dancer is replaced with the fewest changes, and the result is valid."""

from __future__ import annotations

from datetime import timedelta

from casting_builders import build_season

from etoile.model import Season
from etoile.ops.casting import cast_season, check_plan, recast


def test_one_show_replacement_is_minimal(small_season: Season) -> None:
    plan = cast_season(small_season, time_limit=5)
    first = plan.performances[0]
    heroine = first.dancers("w0-heroine")[0]
    day = small_season.local_day(small_season.performance(first.performance_id))
    result = recast(small_season, plan, heroine, day, day)  # speed: `etoile bench casting`
    assert check_plan(small_season, result.plan) == []
    assert len(result.changes) == 1
    change = result.changes[0]
    assert change.removed == heroine and change.role_id == "w0-heroine"
    absent, newcomer = small_season.dancer(heroine), small_season.dancer(change.added or "")
    assert change.reason.startswith(f"{absent.name} is absent; {newcomer.name} ")
    new = result.plan.performance(first.performance_id)
    assert heroine not in new.all_dancers()
    assert new.replacements and new.replacements[0].replaces == heroine
    # Nothing else moved.
    for before, after in zip(plan.performances[1:], result.plan.performances[1:], strict=True):
        assert before.roles == after.roles


def test_whole_run_absence() -> None:
    season = build_season(seed=2, heroes=6)
    plan = cast_season(season, time_limit=5)
    hero = plan.performances[0].dancers("w0-hero")[0]
    start = season.local_day(season.performance(plan.performances[0].performance_id))
    result = recast(season, plan, hero, start, start + timedelta(days=30))
    assert check_plan(season, result.plan) == []
    assert not result.plan.performances_of(hero)
    assert len([c for c in result.changes if c.performance_id]) == len(plan.performances_of(hero))


def test_absent_on_a_free_day_changes_nothing(small_season: Season) -> None:
    plan = cast_season(small_season, time_limit=5)
    someone = plan.performances[0].dancers("w0-heroine")[0]
    result = recast(
        small_season,
        plan,
        someone,
        plan_day := small_season.local_day(small_season.performances[0]) - timedelta(days=10),
        plan_day,
    )
    assert result.changes == [] and result.plan == plan
