"""The seeding heuristic: its fast pricing of insertion moves must agree with plain recounting."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etoile.solve.rehearsals.sequencer import waiting_of
from etoile.solve.rehearsals.sequencer_heuristic import upper_order
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
