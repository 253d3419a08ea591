"""The split bound: the day's pieces in two halves, each half's optimum counted exactly."""

from __future__ import annotations

import itertools
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from etoile.solve.rehearsals.sequencer import solve_talent, waiting_of
from etoile.solve.rehearsals.sequencer_bb import (
    HALF_NODES,
    INF,
    LIMIT,
    NODES,
    CompiledSearch,
    _half_floor,
    _half_state,
)
from etoile.solve.rehearsals.sequencer_heuristic import upper_order
from etoile.solve.rehearsals.talent_bench import random_talent
from etoile.solve.rehearsals.talent_reduce import reduce_instance


def _least_waiting(
    pieces: list[int], left: int, right: int, durs: list[int], casts: list[int], costs: list[int]
) -> int:
    """Brute force, no engine code: the least waiting over every order of ``pieces``, with the
    players ``left`` open before them and ``right`` open after them."""
    best = None
    for order in itertools.permutations(pieces):
        total = 0
        for i, s in enumerate(order):
            before = left
            for t in order[:i]:
                before |= casts[t]
            after = right
            for t in order[i + 1 :]:
                after |= casts[t]
            idle = before & after & ~casts[s]
            total += durs[s] * sum(c for a, c in enumerate(costs) if idle >> a & 1)
        best = total if best is None else min(best, total)
    return best or 0


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 7), st.integers(1, 5), st.integers(0, 10_000))
def test_the_halves_optima_never_exceed_the_optimum_of_the_state(n: int, m: int, seed: int) -> None:
    """Any block with any players open at its ends: the two halves' least waitings (each half
    with the players open at its ends that the kernel gives it) add up to at most the block's."""
    rng = random.Random(seed)
    durs = [rng.randint(1, 4) for _ in range(n)]
    costs = [rng.randint(1, 6) for _ in range(m)]
    casts = [rng.randint(0, (1 << m) - 1) for _ in range(n)]
    block = [s for s in range(n) if rng.random() < 0.8] or [0]
    left, right = rng.randint(0, (1 << m) - 1), rng.randint(0, (1 << m) - 1)
    order = list(range(n))
    rng.shuffle(order)
    search = CompiledSearch(tuple(durs), tuple(costs), tuple(casts), 16, 1, split=order)
    mask = sum(1 << s for s in block)
    total = 0
    for half, index in search.halves:
        sub, _needed, sub_left, sub_right = _half_state(
            mask, left, right, (half.day(), half.memo(), half.work, index)
        )
        pieces = [j for j in range(half.n) if sub >> j & 1]
        total += _least_waiting(pieces, sub_left, sub_right, [int(d) for d in half.dur],
                                [int(c) for c in half.cast], costs)  # fmt: skip
    assert total <= _least_waiting(block, left, right, durs, casts, costs)


@settings(max_examples=80, deadline=None)
@given(st.integers(3, 8), st.integers(1, 5), st.integers(0, 10_000))
def test_a_half_s_optimum_after_a_move_is_at_least_its_parent_s_less_the_move_s_waiting(
    n: int, m: int, seed: int
) -> None:
    """The bound the search hands a child for each half (:func:`_half_floor`), from the half's
    optimum at the parent, never exceeds the half's optimum at the child (brute force), on
    states the search really reaches (random moves from the whole day)."""
    rng = random.Random(seed)
    durs = [rng.randint(1, 4) for _ in range(n)]
    costs = [rng.randint(1, 6) for _ in range(m)]
    casts = [rng.randint(1, (1 << m) - 1) for _ in range(n)]
    order = list(range(n))
    rng.shuffle(order)
    search = CompiledSearch(tuple(durs), tuple(costs), tuple(casts), 16, 1, split=order)
    parent = (search.full, search.needed, 0, 0)
    for _ in range(rng.randint(0, n - 2)):  # a few moves down, at least two pieces left
        pieces = [s for s in range(n) if parent[0] >> s & 1]
        nxt, _ = search._apply(parent, rng.choice(pieces), rng.random() < 0.5)
        if nxt[0] == 0:
            break
        parent = nxt
    piece = rng.choice([s for s in range(n) if parent[0] >> s & 1])
    front = rng.random() < 0.5
    child, _ = search._apply(parent, piece, front)
    placed = parent[0] & ~child[0]
    for k in (1, 2):
        half = search.parts()[k]
        sub, needed, left, right = _half_state(parent[0], parent[2], parent[3], half)
        floor = _half_floor(_half_optimum(parent, half, costs), sub, needed, left, right,
                            placed, front, half)  # fmt: skip
        assert floor <= _half_optimum(child, half, costs)


def _half_optimum(state: tuple[int, int, int, int], half: tuple, costs: list[int]) -> int:
    """Brute force: a half's least waiting at a state of the whole day."""
    sub, _needed, left, right = _half_state(state[0], state[2], state[3], half)
    durs, casts = [int(d) for d in half[0][0]], [int(c) for c in half[0][1]]
    pieces = [j for j in range(len(durs)) if sub >> j & 1]
    return _least_waiting(pieces, left, right, durs, casts, costs)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 7), st.integers(1, 5), st.integers(0, 10_000))
def test_the_kernel_is_exact_on_blocks_with_pieces_of_zero_length(
    n: int, m: int, seed: int
) -> None:
    """The halves keep some of the other half's pieces at zero length (anchors): the kernel,
    its dominance rules included, must still find the least waiting of such a block exactly,
    or the split bound could exceed the optimum."""
    rng = random.Random(seed)
    durs = [rng.choice((0, 0, 1, 3)) for _ in range(n)]
    costs = [rng.randint(1, 6) for _ in range(m)]
    casts = [rng.randint(1, (1 << m) - 1) for _ in range(n)]
    left, right = rng.randint(0, (1 << m) - 1), rng.randint(0, (1 << m) - 1)
    search = CompiledSearch(tuple(durs), tuple(costs), tuple(casts), 16, 1)
    needed = 0
    for cast in casts:
        needed |= cast
    exact = _least_waiting(list(range(n)), left, right, durs, casts, costs)
    search.stats[LIMIT] = INF
    assert search._solve(search.full, needed, left, right, 10**9, 0) == exact


def test_each_half_keeps_the_other_half_s_costliest_pieces_at_zero_length() -> None:
    durs, costs = (2, 3, 1, 4, 2), (5, 1, 2)
    casts = (0b001, 0b010, 0b111, 0b100, 0b011)  # cast costs 5, 1, 8, 2, 6
    search = CompiledSearch(durs, costs, casts, 16, 1, split=[0, 1, 2, 3, 4])
    (first, first_index), (second, second_index) = search.halves
    # halves 0, 2, 4 and 1, 3, then the other half's two costliest casts at zero length
    assert list(first_index) == [0, 4, 1, 3, 2] and list(first.dur) == [2, 1, 2, 0, 0]
    assert list(second_index) == [-1, 0, 2, 1, 3] and list(second.dur) == [3, 4, 0, 0]


@settings(max_examples=25, deadline=None)
@given(st.integers(10, 16), st.integers(4, 14), st.integers(0, 10_000), st.randoms())
def test_a_split_search_proves_the_dp_optimum_and_rebuilds_its_order(
    n: int, m: int, seed: int, rng: random.Random
) -> None:
    """Whatever the split, from a poor incumbent: the optimum of the subset DP, and an order
    rebuilt from the memo that costs exactly that."""
    inst = random_talent(n, m, seed)
    red = reduce_instance(inst)
    split = list(range(red.n))
    rng.shuffle(split)
    search = CompiledSearch(red.durations, red.costs, red.players, split=split)
    worst = waiting_of(red, list(range(red.n))) + 1
    value = search.run(worst, 10**9)
    order = search.path()
    assert sorted(order) == list(range(red.n))
    assert value == waiting_of(red, order) == solve_talent(inst, method="dp").waiting_cost


def test_the_split_bound_spares_more_than_half_of_the_day_s_nodes() -> None:
    """On a 28-piece day the whole day's search expands fewer than half as many states with
    the split bound as without (the halves' own searches counted apart)."""
    red = reduce_instance(random_talent(28, 14, 0))
    order = upper_order(red.durations, red.costs, red.players)
    upper = waiting_of(red, order) + 1
    counts = {}
    for split in (None, order):
        search = CompiledSearch(red.durations, red.costs, red.players, threads=1, split=split)
        assert search.run(upper) == upper - 1  # the heuristic's order is optimal here
        counts[split is None] = (int(search.stats[NODES]), int(search.stats[HALF_NODES]))
    assert counts[False][1] > 0 and counts[True][1] == 0
    assert counts[False][0] * 2 < counts[True][0]


def test_an_empty_piece_index_turns_the_split_off() -> None:
    search = CompiledSearch((1, 2, 3), (1, 1), (0b11, 0b01, 0b11), 16, 1)
    assert all(part[3].shape == (0,) for part in search.parts())
    assert np.array_equal(search.parts()[1][0][0], search.dur)


def test_one_thread_expands_the_same_nodes_on_every_run() -> None:
    """With one thread the search is deterministic (how engine changes are compared); two
    threads race but must prove the same optimum."""
    day = random_talent(28, 14, 0)
    first, second = (solve_talent(day, threads=1) for _ in range(2))
    assert first.optimal and second.optimal
    assert (first.nodes, first.waiting_cost, first.order) == (
        second.nodes,
        second.waiting_cost,
        second.order,
    )
    assert solve_talent(day, threads=2).waiting_cost == first.waiting_cost
