"""Recast: the absent dancer is replaced with the fewest changes, and the result is valid."""

from __future__ import annotations

from datetime import timedelta

import pytest

from etoile.errors import InfeasibleError
from etoile.model import Absence, AbsenceKind, Season
from etoile.ops.casting import cast_season, check_plan, recast
from tests.solve.casting.casting_builders import build_season


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


def test_a_place_nobody_can_take_is_named_with_the_reasons_and_a_way_forward(
    small_season: Season,
) -> None:
    plan = cast_season(small_season, time_limit=5)
    star = plan.performances[0].dancers("w0-heroine")[0]
    nights = sorted(
        (small_season.local_day(small_season.performance(p)), p)
        for p, _role in plan.performances_of(star)
    )
    assert len(nights) >= 2, "the star dances more than one night"
    last, last_id = nights[-1]
    # on the star's last night everyone outside that night's cast is injured: without her the
    # night is a dancer short whatever the plan (and its covers are out too)
    cast_that_night = plan.performance(last_id).all_dancers()
    ankle = Absence(start=last, end=last, kind=AbsenceKind.INJURY, note="ankle")
    injured = [
        d if d.id in cast_that_night else d.model_copy(update={"absences": [*d.absences, ankle]})
        for d in small_season.dancers
    ]
    season = small_season.model_copy(update={"dancers": injured})
    with pytest.raises(InfeasibleError) as caught:
        recast(season, plan, star, nights[0][0], None)
    error = caught.value
    assert f"1 of {len(nights)} performance(s)" in str(error)
    assert "nothing was changed" in str(error)
    short = [r for r in error.reasons if "nobody can dance" in r or "cover(s) short" in r]
    assert short and all(f", {last.day} {last:%B} " in r for r in short)  # that night only
    assert any("injury (ankle)" in r for r in short)
    assert error.reasons[-1].endswith(f"--to {last - timedelta(days=1)}")
    # and the way forward works: the nights before are recast on their own
    result = recast(season, plan, star, nights[0][0], last - timedelta(days=1))
    broken = check_plan(season, plan)  # the injuries took that night's covers, nothing else
    assert all(v.rule == "cover_depth" and v.performance_id == last_id for v in broken)
    assert check_plan(season, result.plan) == broken  # and the recast added no problem
    replaced = {c.performance_id for c in result.changes if c.removed == star}
    assert replaced == {p for _day, p in nights[:-1]}
