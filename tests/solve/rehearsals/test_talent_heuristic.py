"""The seeding heuristic: its fast pricing of insertion moves must agree with plain recounting."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from etoile.solve.rehearsals.sequencer import waiting_of
from etoile.solve.rehearsals.sequencer_heuristic import RESTART_SEEDS, upper_order
from etoile.solve.rehearsals.talent_bench import random_talent
from etoile.solve.rehearsals.talent_reduce import reduce_instance


def _moved(order: list[int], i: int, j: int) -> list[int]:
    rest = order[:i] + order[i + 1 :]
    return [*rest[:j], order[i], *rest[j:]]


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 24), st.integers(1, 14), st.integers(0, 10_000), st.sampled_from([0.5, 1.0]))
def test_no_single_move_improves_the_order_it_returns(
    n: int, m: int, seed: int, share: float
) -> None:
    red = reduce_instance(random_talent(n, m, seed, share))
    order = upper_order(red.durations, red.costs, red.players)
    assert sorted(order) == list(range(red.n))
    value = waiting_of(red, order)  # recounted from scratch, not with the heuristic's sums
    for i in range(red.n):
        for j in range(red.n):
            assert waiting_of(red, _moved(order, i, j)) >= value, (i, j)


def test_the_same_day_always_gets_the_same_order() -> None:
    red = reduce_instance(random_talent(30, 14, 3))
    first = upper_order(red.durations, red.costs, red.players)
    assert first == upper_order(red.durations, red.costs, red.players)


def test_the_order_is_the_best_of_the_restarts() -> None:
    """On 40 x 14 seed 3 the first restart stops at 1318 and another reaches the optimum, 1289
    (the search proves it): the restarts' best is returned, whichever found it."""
    red = reduce_instance(random_talent(40, 14, 3))
    alone = []
    for seed in RESTART_SEEDS:
        with patch("etoile.solve.rehearsals.sequencer_heuristic.RESTART_SEEDS", (seed,)):
            alone.append(waiting_of(red, upper_order(red.durations, red.costs, red.players)))
    assert alone[0] > min(alone)
    assert waiting_of(red, upper_order(red.durations, red.costs, red.players)) == min(alone)
