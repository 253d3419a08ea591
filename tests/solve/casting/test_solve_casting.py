"""Solve → validate on small seasons; the plan document, the scorer and the baseline agree."""

from __future__ import annotations

import itertools

from etoile.model import Season
from etoile.model.plan import CastingPlan
from etoile.ops.casting import cast_season, check_plan, greedy_plan
from etoile.solve.casting.blocks import split_blocks
from etoile.solve.casting.demand import StarDrawDemand
from etoile.solve.casting.eligibility import prepare
from etoile.solve.casting.rotation import assign_casts
from etoile.solve.casting.score import score_plan
from tests.solve.casting.casting_builders import build_season


def test_solve_then_validate(small_season: Season) -> None:
    plan = cast_season(small_season, time_limit=10)
    assert check_plan(small_season, plan) == []
    assert plan.solve.status in ("OPTIMAL", "FEASIBLE")
    assert plan.solve.bound is not None and plan.solve.objective is not None
    assert plan.solve.bound <= plan.solve.objective + 1e-6
    run = plan.runs[0]
    assert [c.number for c in run.casts] == [1, 2, 3]
    assert all(rc.dancer_ids for rc in run.covers)  # cover depth 1 for every lead role
    first = plan.performances[0]
    assert first.cast_number == 1
    assert len(first.dancers("w0-wilis")) == 4


def test_plan_round_trips_and_lookups(small_season: Season) -> None:
    plan = cast_season(small_season, time_limit=5)
    again = CastingPlan.from_json(plan.to_json())
    assert again == plan
    perf = plan.performances[0]
    heroine = plan.dancers_at(perf.performance_id)["w0-heroine"][0]
    assert (perf.performance_id, "w0-heroine") in plan.performances_of(heroine)
    assert plan.covers_of(perf.production_id, "w0-heroine")


def test_debuts_are_marked_once() -> None:
    season = build_season(seed=3)
    plan = cast_season(season, time_limit=5)
    marked = [(d.dancer_id, d.role_id) for p in plan.performances for d in p.debuts]
    assert len(marked) == len(set(marked))
    for dancer_id, role_id in marked:
        assert season.dancer(dancer_id).knows(role_id) != "performed"


def test_scorer_matches_the_solver(small_season: Season) -> None:
    plan = cast_season(small_season, time_limit=10)
    scored = score_plan(small_season, plan, StarDrawDemand(small_season))
    for name, value in scored.items():
        assert abs(plan.solve.penalties.get(name, 0.0) - value) <= 0.05 * max(1.0, value) + 0.5


def test_greedy_baseline_is_scored_and_no_better(small_season: Season) -> None:
    base = greedy_plan(small_season)
    plan = cast_season(small_season, time_limit=10)
    assert base.solve.engine == "greedy"
    assert base.solve.objective is not None
    if not check_plan(small_season, base):
        assert plan.solve.objective is not None
        assert plan.solve.objective <= base.solve.objective + 0.5


def test_rotation_first_cast_opens_and_rests() -> None:
    from datetime import date, timedelta

    days = [date(2026, 3, 2) + timedelta(days=i) for i in range(6)]
    casts = assign_casts(days, 3, rest_days=1, needs_rest=True)
    assert casts[0] == 1
    for cast in (1, 2, 3):
        mine = [d for d, c in zip(days, casts, strict=True) if c == cast]
        assert all((b - a).days >= 2 for a, b in itertools.pairwise(mine))


def test_blocks_split_distant_runs() -> None:
    season = build_season(works=2)  # runs two weeks apart: 6 shows then 8 idle days
    inp = prepare(season)
    assert len(split_blocks(inp)) == 2
