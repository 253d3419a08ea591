"""Requirements follow the season's deadlines and the rule set's hours; infeasible weeks explain."""

from __future__ import annotations

from datetime import timedelta

import pytest

from etoile.errors import InfeasibleError
from etoile.model import ProductionKind, RoleKnowledge, RoleStatus
from etoile.model.rulesets import load_ruleset
from etoile.model.schedule import CallKind, CallPurpose
from etoile.ops.rehearsals import schedule_week
from etoile.solve.rehearsals.explain import precheck
from etoile.solve.rehearsals.history import RehearsalHistory
from etoile.solve.rehearsals.requirements import derive_requirements
from tests.solve.rehearsals.week_fixtures import (
    CASTING,
    MONDAY,
    requirement,
    solve_tiny,
    tiny_season,
)

RULES = load_ruleset("new_york").week


def _by_group(season, week=MONDAY, history=None):  # type: ignore[no-untyped-def]
    reqs = derive_requirements(season, [CASTING], week, RULES, history)
    return {(r.piece_id, r.group): r for r in reqs}


def test_groups_are_casts_corps_and_covers() -> None:
    casting = CASTING.__class__(CASTING.production_id, CASTING.casts, {"giselle": ("d4",)})
    reqs = derive_requirements(tiny_season(), [casting], MONDAY, RULES)
    groups = {(r.piece_id, r.group, r.purpose) for r in reqs}
    assert ("act1", "first cast", CallPurpose.CAST) in groups
    assert ("act2", "corps", CallPurpose.CAST) in groups
    assert ("act1", "corps", CallPurpose.CAST) not in groups  # the wilis are not in act 1
    assert ("act1", "covers", CallPurpose.COVER) in groups
    cover = next(r for r in reqs if r.group == "covers" and r.piece_id == "act1")
    cast = next(r for r in reqs if r.group == "second cast" and r.piece_id == "act1")
    assert cover.total_minutes == pytest.approx(cast.total_minutes * RULES.cover_share, abs=1)


def test_hours_grow_with_production_kind_and_deadline_drives_the_share() -> None:
    season = tiny_season(opening_in_days=14)
    revival = _by_group(season)[("act1", "first cast")]
    premiere_season = season.model_validate(
        season.model_dump()
        | {
            "productions": [
                season.productions[0].model_copy(update={"kind": ProductionKind.PREMIERE}),
                season.productions[1],
            ]
        }
    )
    premiere = _by_group(premiere_season)[("act1", "first cast")]
    assert premiere.total_minutes > revival.total_minutes
    # two weeks left of a three-week revival: a third is done, the rest spread over two weeks
    assert revival.due_minutes == pytest.approx(revival.total_minutes / 3, abs=1)
    nothing_done = RehearsalHistory(weeks=frozenset({MONDAY - timedelta(weeks=1)}))
    late = _by_group(season, history=nothing_done)[("act1", "first cast")]
    assert late.due_minutes == pytest.approx(revival.total_minutes / 2, abs=1)
    # too early: not yet in preparation
    assert _by_group(season, week=MONDAY - timedelta(weeks=3)) == {}


def test_debut_and_visiting_dancer_need_more_hours() -> None:
    season = tiny_season()
    base = _by_group(season)[("act1", "second cast")]
    d3 = season.dancer("d3")
    d3.roles[:] = [RoleKnowledge(role_id="giselle", status=RoleStatus.LEARNING)]
    debut = _by_group(season)[("act1", "second cast")]
    assert debut.total_minutes > base.total_minutes
    season.dancers[2] = d3.model_copy(update={"company_id": "guest"})  # a visiting debutant
    visiting = _by_group(season.model_validate(season.model_dump() | {"dancers": season.dancers}))
    assert visiting[("act1", "second cast")].total_minutes > debut.total_minutes


def test_stage_and_dress_rehearsals_before_an_opening_in_the_week() -> None:
    season = tiny_season(opening_in_days=5)  # Saturday
    solved = solve_tiny(season, [], castings=(CASTING,))
    theatre = {c.kind: c for c in solved.schedule.calls if c.venue_id == "house"}
    assert set(theatre) == {CallKind.STAGE, CallKind.DRESS}
    assert theatre[CallKind.DRESS].start.date() == MONDAY + timedelta(days=4)
    assert theatre[CallKind.STAGE].start.date() == MONDAY + timedelta(days=3)
    assert set(theatre[CallKind.STAGE].dancer_ids) == {f"d{i}" for i in range(1, 7)}
    assert not solved.violations


def test_infeasible_week_names_what_cannot_fit() -> None:
    season = tiny_season(master_weekdays=[2])
    solved = solve_tiny(season, [requirement(480)])
    reasons = precheck(solved.problem)
    assert any("ballet masters are free only" in r and "Giselle" in r for r in reasons)
    short = solved.schedule.shortfalls[0]
    assert short.minutes_missing == 120 and short.label == "Giselle · act1 · first cast"


def test_too_big_a_group_for_any_studio_is_explained() -> None:
    solved = solve_tiny(tiny_season(studio_capacity=1), [requirement(60)])
    assert any("largest studio holds 1" in r for r in precheck(solved.problem))


def test_schedule_week_raises_with_reasons_unless_partial() -> None:
    season = tiny_season(master_weekdays=[2], opening_in_days=8)
    with pytest.raises(InfeasibleError) as caught:
        schedule_week(season, None, MONDAY, time_limit=3)
    assert caught.value.reasons
    partial = schedule_week(season, None, MONDAY, time_limit=3, partial=True)
    assert partial.shortfalls and all(s.reason for s in partial.shortfalls)


def test_a_week_with_nothing_due_says_when_the_next_opening_is() -> None:
    season = tiny_season(opening_in_days=14 + 7 * 10)  # ten weeks beyond the rehearsal period
    week = MONDAY
    assert derive_requirements(season, [CASTING], week, RULES) == []
    solved = solve_tiny(season, [], castings=(CASTING,))
    rehearsals = [c for c in solved.schedule.calls if c.kind is not CallKind.CLASS]
    assert rehearsals == []
    (note,) = solved.schedule.notes
    opening = MONDAY + timedelta(days=14 + 7 * 10)
    assert note == f"no rehearsal due this week (next opening: Giselle on {opening:%a %d %b %Y})"


def test_a_week_after_the_last_opening_says_so() -> None:
    season = tiny_season(opening_in_days=0)  # opens on the Monday: nothing later
    solved = solve_tiny(season, [])
    assert solved.schedule.notes == [
        f"no rehearsal due this week: co has no opening after {MONDAY}"
    ]
