"""The compiled bounded search against the exact subset DP, and its bounds and time limit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from etoile.solve.rehearsals.sequencer import solve_talent, waiting_of
from etoile.solve.rehearsals.sequencer_bb import CompiledSearch
from etoile.solve.rehearsals.sequencer_heuristic import upper_order
from etoile.solve.rehearsals.sequencer_triples import _triple_value, signatures
from etoile.solve.rehearsals.talent_bench import random_talent
from etoile.solve.rehearsals.talent_reduce import reduce_instance


@settings(max_examples=25, deadline=None)
@given(st.integers(12, 14), st.integers(4, 14), st.integers(0, 10_000))
def test_compiled_search_equals_the_dp(n: int, m: int, seed: int) -> None:
    inst = random_talent(n, m, seed)
    dp = solve_talent(inst, method="dp")
    res = solve_talent(inst, method="search")
    assert res.optimal
    assert sorted(res.order) == list(range(n))
    assert res.total_cost == dp.total_cost == inst.total_cost(res.order)


def test_search_from_a_poor_upper_bound_still_finds_the_optimum() -> None:
    """The bounded search must improve on its incumbent, not only prove it."""
    inst = random_talent(14, 10, 7)
    red = reduce_instance(inst)
    best = solve_talent(inst, method="dp").waiting_cost
    search = CompiledSearch(red.durations, red.costs, red.players)
    worst = waiting_of(red, list(range(red.n))) + 1
    value = search.run(worst, 10**9)
    assert value is not None
    assert value == waiting_of(red, search.path()) == best  # reduction keeps the waiting


def test_heuristic_order_is_a_permutation_no_worse_than_identity() -> None:
    red = reduce_instance(random_talent(40, 14, 1))
    order = upper_order(red.durations, red.costs, red.players)
    assert sorted(order) == list(range(red.n))
    assert waiting_of(red, order) <= waiting_of(red, list(range(red.n)))


def test_seeded_medium_day_is_proven_within_a_generous_limit() -> None:
    inst = random_talent(24, 14, 0)
    res = solve_talent(inst, time_limit=60)
    assert res.optimal
    assert res.total_cost == inst.total_cost(res.order)


@settings(max_examples=20, deadline=None)
@given(st.integers(5, 9), st.integers(0, 10_000))
def test_triple_bound_is_exact_for_three_players(n: int, seed: int) -> None:
    """With three players the triple relaxation is the whole problem, so it must be exact."""
    inst = random_talent(n, 3, seed)
    red = reduce_instance(inst)
    best = solve_talent(inst, method="dp").waiting_cost
    if len(red.costs) < 3:
        return
    value = _triple_value(
        (1 << red.n) - 1,
        0,
        1,
        2,
        np.array(red.durations, dtype=np.int64),
        np.array(red.players, dtype=np.int64),
        np.array(red.costs, dtype=np.int64),
        0,
        signatures(),
        np.zeros(8, dtype=np.int64),
    )
    assert value == best
