"""Compiled single-ended bounded DP (Garcia de la Banda, Stuckey & Chu 2011), as published.

A state is only the set ``Q`` of pieces still to rehearse: the players on location are those
with pieces both before and in ``Q``, so the waiting of rehearsing ``s`` next depends on ``Q``
alone and the memo is keyed by one bitmask (the double-ended search of :mod:`sequencer_bb`
needs the front/back open sets too, so it has more states but a tighter bound). A call with a
budget returns the exact optimum of ``Q`` below it or a lower bound at or above it; both are
memoised (flag ``EXACT``/``LOWER``) and a state is re-solved only when a later call brings a
larger budget than its stored bound. Children are tried best-first by step + bound, a piece
that adds no waiting is rehearsed at once without branching, and the bound is the one of the
double-ended search with nobody held at the back (held players + triples, :mod:`sequencer_bounds`).
"""

from __future__ import annotations

import numba
import numpy as np

from etoile.solve.rehearsals.sequencer_bounds import _cost, _estimate, cost_tables
from etoile.solve.rehearsals.sequencer_triples import ranked_triples, signatures

EXACT = 1
LOWER = 2
INF = 1 << 62
PROBE = 8
# stats slots: nodes expanded, node limit, aborted flag, forced moves.
NODES, LIMIT, ABORTED, FORCED = 0, 1, 2, 3


@numba.njit(cache=True, inline="always")
def _home(key: int, size_mask: int) -> int:  # pragma: no cover - compiled
    h = key * 6364136223846793005
    h ^= h >> 29
    return h & size_mask


@numba.njit(cache=True)
def _lookup(keys: np.ndarray, kinds: np.ndarray, key: int) -> int:  # pragma: no cover
    """Slot of the state ``key`` or -1."""
    size_mask = kinds.shape[0] - 1
    home = _home(key, size_mask)
    for i in range(PROBE):
        j = (home + i) & size_mask
        if kinds[j] == 0:
            return -1
        if keys[j] == key:
            return j
    return -1


@numba.njit(cache=True)
def _store(
    keys: np.ndarray,
    kinds: np.ndarray,
    vals: np.ndarray,
    nexts: np.ndarray,
    key: int,
    kind: int,
    val: int,
    nxt: int,
) -> None:  # pragma: no cover - compiled
    """Insert or update; a full probe window evicts its first slot (costs time, not truth)."""
    size_mask = kinds.shape[0] - 1
    home = _home(key, size_mask)
    slot = home
    for i in range(PROBE):
        j = (home + i) & size_mask
        if kinds[j] == 0 or keys[j] == key:
            slot = j
            break
    keys[slot] = key
    kinds[slot] = kind
    vals[slot] = val
    nexts[slot] = nxt


@numba.njit(cache=True, inline="always")
def _drop_finished(
    c: int, rest: int, needed: int, scenes_of: np.ndarray
) -> int:  # pragma: no cover - compiled
    """Players still needed once the pieces ``rest`` are all that is left."""
    a = 0
    while c:
        if c & 1 and not (scenes_of[a] & rest):
            needed &= ~(1 << a)
        c >>= 1
        a += 1
    return needed


@numba.njit(cache=True)
def _solve(
    block: int,
    needed: int,
    started: int,
    budget: int,
    depth: int,
    dur: np.ndarray,
    cast: np.ndarray,
    cost: np.ndarray,
    scenes_of: np.ndarray,
    table: np.ndarray,
    keys: np.ndarray,
    kinds: np.ndarray,
    vals: np.ndarray,
    nexts: np.ndarray,
    work: np.ndarray,
    ratio: np.ndarray,
    order: np.ndarray,
    triples: np.ndarray,
    sigs: np.ndarray,
    stats: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Exact least waiting of rehearsing ``block`` last if below ``budget``, else a bound ≥ it.

    ``needed`` is the players with a piece in ``block``, ``started`` those called before it.
    """
    if block == 0:
        return 0
    j = _lookup(keys, kinds, block)
    if j >= 0:
        if kinds[j] == EXACT:
            return vals[j]
        floor = vals[j]
    else:
        floor = _estimate(
            block, needed, started & needed, 0, dur, cast, cost, table, ratio, order, triples, sigs
        )
    if floor >= budget:
        return floor
    stats[NODES] += 1
    if stats[NODES] > stats[LIMIT]:
        stats[ABORTED] = 1
        return budget
    n = dur.shape[0]
    on = started & needed
    # No extra cost: a piece with every on-location player, whose other players have no other
    # piece left, costs nothing now and can only lengthen stays later, so it goes first.
    for s in range(n):
        if not (block >> s) & 1:
            continue
        c = cast[s]
        if on & ~c:
            continue
        rest = block ^ (1 << s)
        fresh = c & ~on
        a = 0
        alone = True
        while fresh:
            if fresh & 1 and scenes_of[a] & rest:
                alone = False
                break
            fresh >>= 1
            a += 1
        if not alone:
            continue
        stats[FORCED] += 1
        rest_needed = _drop_finished(c, rest, needed, scenes_of)
        value = _solve(
            rest, rest_needed, started | c, budget, depth + 1,
            dur, cast, cost, scenes_of, table, keys, kinds, vals, nexts,
            work, ratio, order, triples, sigs, stats,
        )  # fmt: skip
        if stats[ABORTED]:
            return budget
        _store(keys, kinds, vals, nexts, block, EXACT if value < budget else LOWER, value, s)
        return value
    w = work[depth]
    count = 0
    for s in range(n):
        if not (block >> s) & 1:
            continue
        c = cast[s]
        rest = block ^ (1 << s)
        rest_needed = _drop_finished(c, rest, needed, scenes_of)
        new_started = started | c
        step = dur[s] * _cost(table, new_started & rest_needed & ~c)
        jj = _lookup(keys, kinds, rest)
        if jj >= 0:  # exact, or a bound at least the estimate
            known = vals[jj]
        else:
            known = _estimate(
                rest, rest_needed, new_started & rest_needed, 0,
                dur, cast, cost, table, ratio, order, triples, sigs,
            )  # fmt: skip
            _store(keys, kinds, vals, nexts, rest, LOWER, known, -1)
        w[count, 0] = step + known
        w[count, 1] = step
        w[count, 2] = s
        w[count, 3] = rest_needed
        i = count
        while i > 0 and w[i - 1, 0] > w[i, 0]:  # insertion sort by score, best first
            for f in range(4):
                w[i - 1, f], w[i, f] = w[i, f], w[i - 1, f]
            i -= 1
        count += 1
    best = budget
    best_piece = -1
    failed = INF
    for i in range(count):
        score = w[i, 0]
        if score >= best:
            failed = min(failed, score)
            break
        step = w[i, 1]
        s = w[i, 2]
        value = step + _solve(
            block ^ (1 << s), w[i, 3], started | cast[s], best - step, depth + 1,
            dur, cast, cost, scenes_of, table, keys, kinds, vals, nexts,
            work, ratio, order, triples, sigs, stats,
        )  # fmt: skip
        if stats[ABORTED]:
            return budget
        if value < best:
            best = value
            best_piece = s
        else:
            failed = min(failed, value)
    if best_piece >= 0:
        _store(keys, kinds, vals, nexts, block, EXACT, best, best_piece)
        return best
    _store(keys, kinds, vals, nexts, block, LOWER, failed, -1)
    return failed


class BoundedDP:
    """Arrays and memo of one single-ended bounded DP on a reduced instance (players ≤ 31).

    Same interface as :class:`sequencer_bb.CompiledSearch`, so :mod:`sequencer` can run either
    in slices of nodes under a time limit.
    """

    def __init__(
        self,
        durations: tuple[int, ...],
        costs: tuple[int, ...],
        players: tuple[int, ...],
        table_bits: int = 23,
    ) -> None:
        n, m = len(durations), len(costs)
        if m > 31 or n > 62:
            raise ValueError("the bounded DP handles at most 62 pieces and 31 players")
        self.n = n
        self.dur = np.array(durations, dtype=np.int64).reshape(n)
        self.cast = np.array(players, dtype=np.int64).reshape(n)
        self.cost = np.array(costs, dtype=np.int64).reshape(m)
        self.scenes_of = np.array(
            [sum(1 << s for s in range(n) if players[s] >> a & 1) for a in range(m)],
            dtype=np.int64,
        ).reshape(m)
        self.table = cost_tables(costs)
        size = 1 << min(table_bits, n + 2)  # at most 2^n states
        self.keys = np.zeros(size, dtype=np.int64)
        self.kinds = np.zeros(size, dtype=np.int8)
        self.vals = np.zeros(size, dtype=np.int64)
        self.nexts = np.zeros(size, dtype=np.int8)
        self.work = np.zeros((n + 1, max(n, 1), 4), dtype=np.int64)
        self.ratio = np.zeros(max(m, 1), dtype=np.float64)
        self.order = np.zeros(max(m, 1), dtype=np.int64)
        self.stats = np.zeros(4, dtype=np.int64)
        self.triples = ranked_triples(durations, costs, players)
        self.sigs = signatures()
        self.full = (1 << n) - 1
        self.needed = 0
        for cast in players:
            self.needed |= cast

    @property
    def nodes(self) -> int:
        return int(self.stats[NODES])

    def run(self, budget: int, node_limit: int) -> int | None:
        """Value of the whole day if below ``budget`` (else a bound ≥ it); None when cut short."""
        self.stats[LIMIT] = self.stats[NODES] + node_limit
        self.stats[ABORTED] = 0
        value = self._solve(self.full, self.needed, 0, budget, 0)
        return None if self.stats[ABORTED] else value

    def _solve(self, block: int, needed: int, started: int, budget: int, depth: int) -> int:
        return int(
            _solve(
                block, needed, started, budget, depth,
                self.dur, self.cast, self.cost, self.scenes_of, self.table,
                self.keys, self.kinds, self.vals, self.nexts,
                self.work, self.ratio, self.order, self.triples, self.sigs, self.stats,
            )
        )  # fmt: skip

    def path(self) -> list[int]:
        """The optimal order found by the last complete :meth:`run` below its budget."""
        self.stats[LIMIT] = INF
        self.stats[ABORTED] = 0
        order: list[int] = []
        block, needed, started = self.full, self.needed, 0
        while block:
            j = _lookup(self.keys, self.kinds, block)
            if j < 0 or self.kinds[j] != EXACT:  # evicted from the lossy memo: solve again
                self._solve(block, needed, started, INF, len(order))
                j = _lookup(self.keys, self.kinds, block)
            s = int(self.nexts[j])
            cast = int(self.cast[s])
            block ^= 1 << s
            for a in range(len(self.cost)):
                if cast >> a & 1 and not int(self.scenes_of[a]) & block:
                    needed &= ~(1 << a)
            started |= cast
            order.append(s)
        return order
