"""Exact subset dynamic programme over every prefix set, compiled with numba.

After preprocessing, the published instances have at most 20 pieces, so the plain DP of
Garcia de la Banda, Stuckey & Chu (2011) over all ``2^n`` prefix sets is both the simplest proof
of optimality and, compiled, the fastest (tens of milliseconds). Above ``MAX_DP_PIECES`` the
tables no longer fit comfortably in memory and the bounded search takes over.
"""

from __future__ import annotations

import numba
import numpy as np

from etoile.solve.rehearsals.talent_reduce import ReducedInstance

MAX_DP_PIECES = 22


@numba.njit(cache=True)
def _prefix_dp(
    durations: np.ndarray, players: np.ndarray, table: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """``best[P]``: least waiting to rehearse the set ``P`` first; ``last[P]``: its last piece."""
    n = durations.shape[0]
    size = 1 << n
    full = size - 1
    union = np.zeros(size, dtype=np.int64)
    for mask in range(1, size):
        low = mask & -mask
        s = 0
        while (low >> s) != 1:
            s += 1
        union[mask] = union[mask ^ low] | players[s]
    best = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.zeros(size, dtype=np.int8)
    best[0] = 0
    for prefix in range(size):
        base = best[prefix]
        if base == np.iinfo(np.int64).max:
            continue
        started = union[prefix]
        for s in range(n):
            bit = 1 << s
            if prefix & bit:
                continue
            after = full ^ prefix ^ bit
            idle = started & union[after] & ~players[s]
            wait = 0
            for chunk in range(table.shape[0]):
                wait += table[chunk, (idle >> (11 * chunk)) & 2047]
            value = base + durations[s] * wait
            nxt = prefix | bit
            if value < best[nxt]:
                best[nxt] = value
                last[nxt] = s
    return best, last


def _cost_tables(costs: tuple[int, ...]) -> np.ndarray:
    """``table[k, x]``: cost of the players ``x`` among players 11k..11k+10 (one lookup each)."""
    chunks = max(1, -(-len(costs) // 11))
    table = np.zeros((chunks, 2048), dtype=np.int64)
    for a, cost in enumerate(costs):
        k, bit = divmod(a, 11)
        has = (np.arange(2048) >> bit) & 1
        table[k] += has * cost
    return table


def solve_by_dp(red: ReducedInstance) -> tuple[list[int], int]:
    """Optimal order of the merged pieces and its waiting cost."""
    n = red.n
    if n == 0:
        return [], 0
    best, last = _prefix_dp(
        np.array(red.durations, dtype=np.int64),
        np.array(red.players, dtype=np.int64),
        _cost_tables(red.costs),
    )
    prefix = (1 << n) - 1
    order: list[int] = []
    while prefix:
        s = int(last[prefix])
        order.append(s)
        prefix ^= 1 << s
    return order[::-1], int(best[(1 << n) - 1])
