"""Random small seasons through solve → validate: zero violations, or a named infeasibility."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etoile.errors import InfeasibleError
from etoile.ops.casting import cast_season, check_plan
from tests.solve.casting.casting_builders import build_season


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    heroines=st.integers(1, 5),
    heroes=st.integers(1, 5),
    soloists=st.integers(0, 4),
    corps=st.integers(4, 14),
    shows=st.integers(1, 8),
    works=st.integers(1, 2),
    casts=st.integers(1, 3),
    depth=st.integers(0, 2),
)
def test_solve_validate_or_named_infeasibility(
    seed: int,
    heroines: int,
    heroes: int,
    soloists: int,
    corps: int,
    shows: int,
    works: int,
    casts: int,
    depth: int,
) -> None:
    season = build_season(
        seed=seed, heroines=heroines, heroes=heroes, soloists=soloists, corps=corps, shows=shows,
        works=works, corps_count=3, rules={"casts_per_run": casts, "cover_depth": depth},
    )  # fmt: skip
    try:
        plan = cast_season(season, time_limit=3)
    except InfeasibleError as exc:
        assert exc.reasons, "an infeasible season must say what cannot be met"
        assert all(isinstance(r, str) and r for r in exc.reasons)
        return
    assert check_plan(season, plan) == []
