"""Compiled bounded double-ended search: the exact engine for days too large for the subset DP.

The algorithm is the bounded dynamic programme of Garcia de la Banda, Stuckey & Chu (2011) with
pieces placed alternately at the front and at the back of the unplaced block (as in their
double-ended search and Qin, Zhang, Lim & Liang 2016). A state is the block ``M`` of unplaced
pieces with ``L`` (players open at its front) and ``R`` (open at its back); a call with a budget
either returns the exact optimum below it or a lower bound at or above it, memoised per state.
The pure-Python version (:mod:`sequencer_search`) is the readable reference; this one is compiled
with numba so that 32-40-piece days are proven in seconds, with a lossy open-addressing memo in
numpy arrays (an evicted entry only costs time, never correctness).
"""

from __future__ import annotations

import numba
import numpy as np

from etoile.solve.rehearsals.sequencer_bounds import _cost, _estimate, cost_tables
from etoile.solve.rehearsals.sequencer_classes import (
    _both_waiting,
    _class_dp,
    _class_order,
    _project,
    class_scratch,
)
from etoile.solve.rehearsals.sequencer_triples import ranked_triples, signatures

EXACT = 1
LOWER = 2
INF = 1 << 62
PROBE = 8
BY_CLASSES = -2  # ``nexts`` of a state solved by the class DP
# stats slots: nodes expanded, node limit, aborted flag, most classes solved by the class DP.
NODES, LIMIT, ABORTED, CLASSES = 0, 1, 2, 3


@numba.njit(cache=True, inline="always")
def _home(k1: int, k2: int, size_mask: int) -> int:  # pragma: no cover - compiled
    h = k1 * 6364136223846793005 ^ k2 * 2862933555777941757
    h ^= h >> 29
    return h & size_mask


@numba.njit(cache=True)
def _lookup(keys: np.ndarray, kinds: np.ndarray, k1: int, k2: int) -> int:  # pragma: no cover
    """Slot of the state ``(k1, k2)`` or -1."""
    size_mask = kinds.shape[0] - 1
    home = _home(k1, k2, size_mask)
    for i in range(PROBE):
        j = (home + i) & size_mask
        if kinds[j] == 0:
            return -1
        if keys[j, 0] == k1 and keys[j, 1] == k2:
            return j
    return -1


@numba.njit(cache=True)
def _store(
    keys: np.ndarray,
    kinds: np.ndarray,
    vals: np.ndarray,
    nexts: np.ndarray,
    k1: int,
    k2: int,
    kind: int,
    val: int,
    nxt: int,
) -> None:  # pragma: no cover - compiled
    """Insert or update; a full probe window evicts its first slot."""
    size_mask = kinds.shape[0] - 1
    home = _home(k1, k2, size_mask)
    slot = home
    for i in range(PROBE):
        j = (home + i) & size_mask
        if kinds[j] == 0 or (keys[j, 0] == k1 and keys[j, 1] == k2):
            slot = j
            break
    keys[slot, 0] = k1
    keys[slot, 1] = k2
    kinds[slot] = kind
    vals[slot] = val
    nexts[slot] = nxt


@numba.njit(cache=True, inline="always")
def _front_next(block: int, n: int) -> bool:  # pragma: no cover - compiled
    """Alternate ends by the number of pieces placed, a function of the state: a state reached
    by different class placements must branch at the same end, or its memoised best move would
    be read at the wrong end."""
    left = 0
    while block:
        block &= block - 1
        left += 1
    return (n - left) % 2 == 0


@numba.njit(cache=True)
def _place_class(
    block: int,
    needed: int,
    near: int,
    far: int,
    key: int,
    both: int,
    first: int,
    dur: np.ndarray,
    cast: np.ndarray,
    scenes_of: np.ndarray,
    table: np.ndarray,
) -> tuple[int, int, int, int, int]:  # pragma: no cover - compiled
    """Place every piece of ``block`` whose players outside ``both`` are ``key`` at the near end.

    Players open at both ends wait through the whole block anyway, so pieces that agree on the
    other players are interchangeable and some optimal order keeps them together (de la Banda
    et al.'s merge rule, applied as the search goes). Returns the block, needed players, near
    and far open players after them, and the waiting they cost.
    """
    m = scenes_of.shape[0]
    step = 0
    for t in range(first, dur.shape[0]):
        if not (block >> t) & 1 or (cast[t] & ~both) != key:
            continue
        c = cast[t]
        block ^= 1 << t
        for a in range(m):
            if (c >> a) & 1 and not (scenes_of[a] & block):
                needed &= ~(1 << a)
        opened = near | c
        present = opened & (c | needed | far)
        step += dur[t] * _cost(table, present & ~c)
        near = opened & (needed | far)
        far = far & (needed | opened)
    return block, needed, near, far, step


@numba.njit(cache=True)
def _solve(
    block: int,
    needed: int,
    left: int,
    right: int,
    budget: int,
    depth: int,
    after: int,
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
    masks: np.ndarray,
    durs: np.ndarray,
    values: np.ndarray,
    unions: np.ndarray,
    stats: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Exact optimum of the state if below ``budget``, else a lower bound ``>= budget``.

    ``depth`` counts the placements above (it indexes the work rows; the end comes from
    :func:`_front_next`); ``after`` breaks the mirror symmetry (the first piece at the back has
    a larger index than the first at the front).
    """
    if block == 0:
        return 0
    k2 = left | (right << 32)
    j = _lookup(keys, kinds, block, k2)
    if j >= 0:
        if kinds[j] == EXACT:
            return vals[j]
        floor = vals[j]
    else:
        floor = _estimate(
            block, needed, left, right, dur, cast, cost, table, ratio, order, triples, sigs
        )
    if floor >= budget:
        return floor
    both = left & right
    others = needed & ~both
    k = _project(block, others, dur, cast, masks, durs, stats[CLASSES])
    if k >= 0:  # few enough classes: solve exactly instead of branching
        exact = _both_waiting(block, both, dur, cast, table) + _class_dp(
            masks, durs, k, left & others, right & others, table, values, unions
        )
        _store(keys, kinds, vals, nexts, block, k2, EXACT, exact, BY_CLASSES)
        return exact
    stats[NODES] += 1
    if stats[NODES] > stats[LIMIT]:
        stats[ABORTED] = 1
        return budget
    n = dur.shape[0]
    front = _front_next(block, n)
    near = left if front else right
    far = right if front else left
    w = work[depth]
    count = 0
    for s in range(after + 1, n):
        if not (block >> s) & 1:
            continue
        key = cast[s] & ~both
        seen = False
        for t in range(s):
            if (block >> t) & 1 and (cast[t] & ~both) == key:
                seen = True  # the class was placed with its first piece
                break
        if seen:
            continue
        rest, rest_needed, new_near, new_far, step = _place_class(
            block, needed, near, far, key, both, s, dur, cast, scenes_of, table
        )
        new_left = new_near if front else new_far
        new_right = new_far if front else new_near
        jj = _lookup(keys, kinds, rest, new_left | (new_right << 32))
        if jj >= 0:  # exact, or a bound at least the estimate
            known = vals[jj]
        else:
            known = _estimate(
                rest,
                rest_needed,
                new_left,
                new_right,
                dur,
                cast,
                cost,
                table,
                ratio,
                order,
                triples,
                sigs,
            )
            _store(keys, kinds, vals, nexts, rest, new_left | (new_right << 32), LOWER, known, -1)
        # the class's own players outside ``both`` are exactly the ones open here: it can go
        # next at no extra waiting for anyone, so nothing better can (a forced move)
        forced = key == near & ~both
        slot = 0 if forced else count
        w[slot, 0] = step + known
        w[slot, 1] = step
        w[slot, 2] = s
        w[slot, 3] = rest_needed
        w[slot, 4] = new_left
        w[slot, 5] = new_right
        w[slot, 6] = rest
        if forced:
            count = 1
            break
        # insertion sort by (score, piece)
        i = count
        while i > 0 and w[i - 1, 0] > w[i, 0]:
            for f in range(7):
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
            w[i, 6],
            w[i, 3],
            w[i, 4],
            w[i, 5],
            best - step,
            depth + 1,
            s if depth == 0 else -1,
            dur,
            cast,
            cost,
            scenes_of,
            table,
            keys,
            kinds,
            vals,
            nexts,
            work,
            ratio,
            order,
            triples,
            sigs,
            masks,
            durs,
            values,
            unions,
            stats,
        )
        if stats[ABORTED]:
            return budget
        if value < best:
            best = value
            best_piece = s
        else:
            failed = min(failed, value)
    if best_piece >= 0:
        _store(keys, kinds, vals, nexts, block, k2, EXACT, best, best_piece)
        return best
    _store(keys, kinds, vals, nexts, block, k2, LOWER, failed, -1)
    return failed


class CompiledSearch:
    """Arrays and memo of one compiled search on a reduced instance (players ≤ 31)."""

    def __init__(
        self,
        durations: tuple[int, ...],
        costs: tuple[int, ...],
        players: tuple[int, ...],
        table_bits: int = 22,
        class_limit: int = 12,
    ) -> None:
        n, m = len(durations), len(costs)
        if m > 31 or n > 62:
            raise ValueError("the compiled search handles at most 62 pieces and 31 players")
        self.n = n
        self.dur = np.array(durations, dtype=np.int64)
        self.cast = np.array(players, dtype=np.int64)
        self.cost = np.array(costs, dtype=np.int64)
        self.scenes_of = np.array(
            [sum(1 << s for s in range(n) if players[s] >> a & 1) for a in range(m)],
            dtype=np.int64,
        ).reshape(m)
        self.table = cost_tables(costs)
        size = 1 << table_bits
        self.keys = np.zeros((size, 2), dtype=np.int64)
        self.kinds = np.zeros(size, dtype=np.int8)
        self.vals = np.zeros(size, dtype=np.int64)
        self.nexts = np.zeros(size, dtype=np.int8)
        self.work = np.zeros((n + 1, max(n, 1), 7), dtype=np.int64)
        self.ratio = np.zeros(max(m, 1), dtype=np.float64)
        self.order = np.zeros(max(m, 1), dtype=np.int64)
        self.stats = np.zeros(4, dtype=np.int64)
        self.stats[CLASSES] = class_limit
        self.masks, self.durs, self.values, self.unions = class_scratch()
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
        value = self._solve(self.full, self.needed, 0, 0, budget, 0, -1)
        return None if self.stats[ABORTED] else value

    def _solve(
        self, block: int, needed: int, left: int, right: int, budget: int, depth: int, after: int
    ) -> int:
        return int(
            _solve(
                block, needed, left, right, budget, depth, after,
                self.dur, self.cast, self.cost, self.scenes_of, self.table,
                self.keys, self.kinds, self.vals, self.nexts,
                self.work, self.ratio, self.order, self.triples, self.sigs,
                self.masks, self.durs, self.values, self.unions, self.stats,
            )
        )  # fmt: skip

    def path(self) -> list[int]:
        """The optimal order found by the last complete :meth:`run` below its budget."""
        self.stats[LIMIT] = INF
        head: list[int] = []
        tail: list[int] = []
        block, needed, left, right = self.full, self.needed, 0, 0
        depth = 0
        while block:
            k2 = left | right << 32
            j = _lookup(self.keys, self.kinds, block, k2)
            if j < 0 or self.kinds[j] != EXACT:  # evicted from the lossy memo: solve again
                after = head[0] if depth == 1 else -1
                self._solve(block, needed, left, right, INF, depth, after)
                j = _lookup(self.keys, self.kinds, block, k2)
            s = int(self.nexts[j])
            if s == BY_CLASSES:
                return head + self._class_path(block, needed, left, right) + tail[::-1]
            front = bool(_front_next(block, self.n))
            both = left & right
            near, far = (left, right) if front else (right, left)
            rest, needed, near, far, _ = _place_class(
                block, needed, near, far, int(self.cast[s]) & ~both, both, s,
                self.dur, self.cast, self.scenes_of, self.table,
            )  # fmt: skip
            placed = [t for t in range(self.n) if (block & ~rest) >> t & 1]
            (head if front else tail).extend(placed)
            block = int(rest)
            left, right = (near, far) if front else (far, near)
            depth += 1
        return head + tail[::-1]

    def _class_path(self, block: int, needed: int, left: int, right: int) -> list[int]:
        """The pieces of a block solved by the class DP, in an optimal order."""
        others = needed & ~(left & right)
        k = int(_project(block, others, self.dur, self.cast, self.masks, self.durs, 64))
        _class_dp(self.masks, self.durs, k, left & others, right & others, self.table,
                  self.values, self.unions)  # fmt: skip
        classes = _class_order(self.masks, self.durs, k, left & others, right & others,
                               self.table, self.values, self.unions)  # fmt: skip
        pieces = [s for s in range(self.n) if block >> s & 1]
        return [s for j in classes for s in pieces if int(self.cast[s]) & others == self.masks[j]]
