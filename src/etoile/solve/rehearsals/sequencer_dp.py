"""Exact subset dynamic programme over prefix sets, compiled with numba.

After preprocessing, the published instances have at most 20 pieces, so the plain DP of
Garcia de la Banda, Stuckey & Chu (2011) over the ``2^n`` prefix sets is both the simplest proof
of optimality and, compiled, the fastest (under 50 ms). Waiting reads the same backwards, so only
the sets of at most half the pieces are filled and the day is joined at its best middle
(``solve_by_dp``). Above ``MAX_DP_PIECES`` the tables no longer fit comfortably in memory and the
bounded search takes over.
"""

from __future__ import annotations

import numba
import numpy as np

from etoile.solve.rehearsals.sequencer_bounds import cost_tables
from etoile.solve.rehearsals.talent_reduce import ReducedInstance

MAX_DP_PIECES = 22


@numba.njit(cache=True)
def _prefix_dp(
    durations: np.ndarray, players: np.ndarray, table: np.ndarray, deepest: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """``best[P]``: least waiting during the pieces of ``P`` when they are rehearsed first, for
    every set of at most ``deepest`` pieces; ``last[P]``: its last piece; ``count[P]``: |P|.

    A piece ``s`` placed after ``P`` waits for the players of ``P`` who also have a piece left
    after it; leaving out its own players, that is ``union[P] & union[rest] & ~players[s]``
    with ``rest`` the pieces not in ``P`` (``s`` included: its own players are left out anyway),
    so each prefix reads the players of its rest once, not once per piece.
    """
    n = durations.shape[0]
    size = 1 << n
    full = size - 1
    union = np.zeros(size, dtype=np.int64)
    count = np.zeros(size, dtype=np.int8)
    for s in range(n):  # the sets whose highest piece is s, from those below it
        top = 1 << s
        for mask in range(top, top << 1):
            union[mask] = union[mask ^ top] | players[s]
            count[mask] = count[mask ^ top] + 1
    best = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.zeros(size, dtype=np.int8)
    best[0] = 0
    chunks = table.shape[0]
    low, high = table[0], table[1]  # up to 22 players: two lookups, written out (a loop is slower)
    for prefix in range(size):
        if count[prefix] >= deepest:
            continue
        base = best[prefix]
        held = union[prefix] & union[full ^ prefix]
        for s in range(n):
            bit = 1 << s
            if prefix & bit:
                continue
            idle = held & ~players[s]
            wait = low[idle & 2047] + high[(idle >> 11) & 2047]
            for chunk in range(2, chunks):
                wait += table[chunk, (idle >> (11 * chunk)) & 2047]
            value = base + durations[s] * wait
            nxt = prefix | bit
            if value < best[nxt]:
                best[nxt] = value
                last[nxt] = s
    return best, last, count


@numba.njit(cache=True)
def _best_split(best: np.ndarray, count: np.ndarray, half: int) -> int:  # pragma: no cover
    """The set ``P`` of ``half`` pieces that minimises ``best[P] + best[rest]``."""
    full = best.shape[0] - 1
    chosen = -1
    lowest = np.iinfo(np.int64).max
    for prefix in range(best.shape[0]):
        if count[prefix] == half:
            value = best[prefix] + best[full ^ prefix]
            if value < lowest:
                lowest = value
                chosen = prefix
    return chosen


def solve_by_dp(red: ReducedInstance) -> tuple[list[int], int]:
    """Optimal order of the merged pieces and its waiting cost.

    Meets in the middle: a piece waits for the players who have a piece before it and one after
    it, which reads the same backwards, so the least waiting during a set ``S`` rehearsed last
    equals ``best[S]`` for ``S`` rehearsed first. The DP therefore only fills the sets of at
    most half the pieces (60 % of the table at 20 pieces) and the answer is the best split of
    the day into a first half and a second half.
    """
    n = red.n
    if n == 0:
        return [], 0
    half = n // 2
    best, last, count = _prefix_dp(
        np.array(red.durations, dtype=np.int64),
        np.array(red.players, dtype=np.int64),
        cost_tables(red.costs),
        n - half,
    )
    first = int(_best_split(best, count, half))
    rest = ((1 << n) - 1) ^ first
    return _chain(last, first) + _chain(last, rest)[::-1], int(best[first] + best[rest])


def _chain(last: np.ndarray, prefix: int) -> list[int]:
    """The order of the pieces of ``prefix`` that ``best[prefix]`` was reached by."""
    order: list[int] = []
    while prefix:
        s = int(last[prefix])
        order.append(s)
        prefix ^= 1 << s
    return order[::-1]
