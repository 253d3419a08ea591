"""The single-ended bounded DP (``method="bdp"``) against the exact subset DP."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etoile.solve.rehearsals.sequencer import solve_talent, waiting_of
from etoile.solve.rehearsals.sequencer_bdp import FORCED, BoundedDP
from etoile.solve.rehearsals.talent_bench import random_talent
from etoile.solve.rehearsals.talent_instance import TalentInstance
from etoile.solve.rehearsals.talent_reduce import reduce_instance


@settings(max_examples=30, deadline=None)
@given(st.integers(10, 14), st.integers(3, 14), st.integers(0, 10_000))
def test_bounded_dp_equals_the_dp(n: int, m: int, seed: int) -> None:
    inst = random_talent(n, m, seed)
    dp = solve_talent(inst, method="dp")
    res = solve_talent(inst, method="bdp")
    assert res.optimal
    assert sorted(res.order) == list(range(n))
    assert res.total_cost == dp.total_cost == inst.total_cost(res.order)


def test_bounded_dp_from_a_poor_upper_bound_still_finds_the_optimum() -> None:
    """With a loose budget the DP must find a better order, and its path must cost its value."""
    inst = random_talent(14, 10, 7)
    red = reduce_instance(inst)
    best = solve_talent(inst, method="dp").waiting_cost
    bdp = BoundedDP(red.durations, red.costs, red.players, table_bits=16)
    value = bdp.run(waiting_of(red, list(range(red.n))) + 1, 10**9)
    assert value is not None
    assert value == waiting_of(red, bdp.path()) == best


def test_no_extra_cost_piece_is_rehearsed_without_branching() -> None:
    """After pieces 0 and 1, piece 2 has exactly the players on location: it is forced."""
    casts = ({0, 2}, {1, 2}, {0, 1}, {0, 3}, {1, 3})
    inst = TalentInstance(
        name="forced",
        durations=(2, 3, 1, 4, 2),
        costs=(3, 2, 5, 1),
        appears=tuple(tuple(p in c for c in casts) for p in range(4)),
    )
    red = reduce_instance(inst)
    bdp = BoundedDP(red.durations, red.costs, red.players, table_bits=10)
    value = bdp.run(10**9, 10**9)
    assert int(bdp.stats[FORCED]) > 0
    assert value == waiting_of(red, bdp.path()) == solve_talent(inst, method="dp").waiting_cost


def test_bounded_dp_honours_its_time_limit() -> None:
    inst = random_talent(32, 14, 0)
    res = solve_talent(inst, time_limit=1.0, method="bdp")
    assert sorted(res.order) == list(range(32))
    assert res.wall_s < 60  # the limit is honoured (generous: numba may compile on first call)
