"""Admissible bounds of the compiled search on the waiting still to come in a block.

Players open at both ends wait through the whole block (exact); players held at one end are
bounded by a weighted-completion-time relaxation (de la Banda et al. 2011, §4); and a per-piece
vertex-cut argument links the two ends (see :func:`_link_bound`). The two may count the same
players, so the one-end bounds only get the part of each player's cost the linking flows leave
unused (waiting is linear in the costs, so the parts add up).
"""

from __future__ import annotations

import numba
import numpy as np

from etoile.solve.rehearsals.sequencer_triples import _triple_bound


@numba.njit(cache=True, inline="always")
def _cost(table: np.ndarray, mask: int) -> int:  # pragma: no cover - compiled
    """Summed cost of the players in ``mask`` (one lookup per 11 players)."""
    total = 0
    k = 0
    while mask:
        total += table[k, mask & 2047]
        mask >>= 11
        k += 1
    return total


@numba.njit(cache=True)
def _held_bound(
    block: int,
    on: int,
    dur: np.ndarray,
    cast: np.ndarray,
    cost: np.ndarray,
    ratio: np.ndarray,
    order: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Waiting of players ``on`` held open at one end until their last piece in ``block``.

    Weighted completion time on one machine: each piece's duration is shared among its held
    players in proportion to cost, players ordered by Smith's ratio (de la Banda et al. 2011, §4).
    """
    if on == 0:
        return 0
    m = cost.shape[0]
    for a in range(m):
        ratio[a] = 0.0
    correction = 0.0
    for s in range(dur.shape[0]):
        if not (block >> s) & 1:
            continue
        here = cast[s] & on
        if here == 0:
            continue
        d = dur[s]
        weight = 0
        squares = 0
        for a in range(m):
            if (here >> a) & 1:
                weight += cost[a]
                squares += cost[a] * cost[a]
        if weight == 0:
            continue
        correction += d * (weight + squares / weight) / 2.0
        share = d / weight
        for a in range(m):
            if (here >> a) & 1:
                ratio[a] += share
    count = 0
    for a in range(m):
        if (on >> a) & 1 and cost[a] > 0:
            i = count
            while i > 0 and ratio[order[i - 1]] > ratio[a]:
                order[i] = order[i - 1]
                i -= 1
            order[i] = a
            count += 1
    elapsed = 0.0
    total = 0.0
    for i in range(count):
        a = order[i]
        elapsed += ratio[a] * cost[a]
        total += cost[a] * elapsed
    bound = total - correction
    return max(0, int(np.ceil(bound - 1e-6)))


@numba.njit(cache=True)
def _one_end_bound(
    block: int,
    idle: int,
    front: int,
    back: int,
    dur: np.ndarray,
    cast: np.ndarray,
    cost: np.ndarray,
    ratio: np.ndarray,
    order: np.ndarray,
    triples: np.ndarray,
    sigs: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Disjoint triples, then the held bound at each end for players in no chosen triple."""
    grouped, used = _triple_bound(block, idle, front, back, dur, cast, cost, triples, sigs)
    held = grouped + _held_bound(block, front & ~used, dur, cast, cost, ratio, order)
    return held + _held_bound(block, back & ~used, dur, cast, cost, ratio, order)


@numba.njit(cache=True)
def _estimate(
    block: int,
    needed: int,
    left: int,
    right: int,
    dur: np.ndarray,
    cast: np.ndarray,
    cost: np.ndarray,
    table: np.ndarray,
    ratio: np.ndarray,
    order: np.ndarray,
    triples: np.ndarray,
    sigs: np.ndarray,
    spare: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Admissible bound: players open at both ends wait through the whole block (exact); with
    players held at both ends, the linking bound plus the one-end bound (triples, then held
    players) on the costs its flows leave unused; otherwise the one-end bound alone. An empty
    ``spare`` (no scratch for the flows) turns the linking bound off and empty ``triples`` the
    triple bound: the literature's bound, for the benchmark's baseline."""
    both = left & right
    value = 0
    if both:
        span = 0
        for s in range(dur.shape[0]):
            if (block >> s) & 1:
                span += dur[s]
                value -= dur[s] * _cost(table, cast[s] & both)
        value += span * _cost(table, both)
    front = left & ~right & needed
    back = right & ~left & needed
    idle = needed & ~(left | right)
    if front and back and spare.shape[0]:
        link = _link_bound(block, needed & ~both, front, back, dur, cast, cost, order, spare)
        if link:  # the link flows use part of each player's cost; the rest still counts
            rest = _one_end_bound(
                block, idle, front, back, dur, cast, spare, ratio, order, triples, sigs
            )
            return value + link + rest
    return value + _one_end_bound(
        block, idle, front, back, dur, cast, cost, ratio, order, triples, sigs
    )


@numba.njit(cache=True)
def _link_bound(
    block: int,
    free: int,
    front: int,
    back: int,
    dur: np.ndarray,
    cast: np.ndarray,
    cost: np.ndarray,
    adj: np.ndarray,
    spare: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Waiting forced, piece by piece, by players who link the two ends of the block.

    During piece ``s`` every player not in ``s`` either waits, or has all its pieces on one
    side of ``s``. Players held at the front cannot all be after ``s``, players held at the
    back cannot all be before, and two players sharing a piece cannot be on opposite sides. So
    the players waiting through ``s`` separate the front-held from the back-held players in the
    graph "shares a piece" (players of ``s`` removed): their cost is at least a minimum vertex
    cut, hence at least the value of any flow, here found greedily along shortest paths.

    ``spare[a]`` is set to the cost of ``a`` that no piece's flow used: the flows stay feasible
    with capacities ``cost - spare``, and waiting is linear in the costs, so any bound computed
    with the costs ``spare`` adds to this one.
    """
    m = cost.shape[0]
    for a in range(m):
        adj[a] = 0
    for t in range(dur.shape[0]):
        if (block >> t) & 1:
            c = cast[t] & free
            for a in range(m):
                if (c >> a) & 1:
                    adj[a] |= c
    total = 0
    parent = np.empty(m, dtype=np.int64)
    cap = np.empty(m, dtype=np.int64)
    for a in range(m):
        spare[a] = cost[a]
    for s in range(dur.shape[0]):
        if not (block >> s) & 1:
            continue
        keep = free & ~cast[s]
        sources = front & keep
        sinks = back & keep
        if not sources or not sinks:
            continue
        for a in range(m):
            cap[a] = cost[a]
        alive = keep
        flow = 0
        while True:
            visited = sources & alive
            frontier = visited
            hit = 0
            while frontier and not hit:
                reach = 0
                for v in range(m):
                    if (frontier >> v) & 1:
                        new = adj[v] & alive & ~visited & ~reach
                        if new:
                            for w in range(m):
                                if (new >> w) & 1:
                                    parent[w] = v
                            reach |= new
                visited |= reach
                frontier = reach
                hit = reach & sinks
            if not hit:
                break
            v = 0
            while not (hit >> v) & 1:
                v += 1
            bottleneck = cap[v]
            w = v
            while not (sources >> w) & 1:
                w = parent[w]
                bottleneck = min(bottleneck, cap[w])
            w = v
            while True:
                cap[w] -= bottleneck
                if cap[w] == 0:
                    alive &= ~(1 << w)
                if (sources >> w) & 1:
                    break
                w = parent[w]
            flow += bottleneck
        for a in range(m):
            spare[a] = min(spare[a], cap[a])
        total += dur[s] * flow
    return total


def cost_tables(costs: tuple[int, ...]) -> np.ndarray:
    """``table[k, x]``: summed cost of the players ``x`` among players 11k..11k+10; at least
    two rows, which the subset DP reads unconditionally."""
    chunks = max(2, -(-len(costs) // 11))
    table = np.zeros((chunks, 2048), dtype=np.int64)
    for a, cost in enumerate(costs):
        k, bit = divmod(a, 11)
        table[k] += ((np.arange(2048) >> bit) & 1) * cost
    return table
