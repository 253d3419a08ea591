"""The subset DP meets in the middle: its two halves must add up to a real order's waiting."""

from __future__ import annotations

import pytest

from etoile.solve.rehearsals.sequencer import solve_talent, waiting_of
from etoile.solve.rehearsals.sequencer_dp import solve_by_dp
from etoile.solve.rehearsals.talent_bench import random_talent
from etoile.solve.rehearsals.talent_reduce import reduce_instance


@pytest.mark.parametrize(
    ("n", "m", "seed"),
    [(n, 8, seed) for n in (9, 10, 11, 12, 13) for seed in (0, 1)]
    + [(n, 28, seed) for n in (10, 12) for seed in (0, 1)],  # > 22 players: a third cost lookup
)
def test_the_split_order_costs_what_the_dp_says_and_the_search_agrees(
    n: int, m: int, seed: int
) -> None:
    red = reduce_instance(random_talent(n, m, seed))
    assert m < 22 or len(red.costs) > 22
    order, waiting = solve_by_dp(red)
    assert sorted(order) == list(range(red.n))
    assert waiting_of(red, order) == waiting  # recomputed from the order, not from the tables
    day = random_talent(n, m, seed)
    searched, by_dp = solve_talent(day, method="search"), solve_talent(day, method="dp")
    assert searched.optimal and by_dp.optimal
    assert by_dp.waiting_cost == searched.waiting_cost
