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

EXACT = 1
LOWER = 2
INF = 1 << 62
PROBE = 8
# stats slots: nodes expanded, node limit, aborted flag.
NODES, LIMIT, ABORTED = 0, 1, 2


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


@numba.njit(cache=True)
def _held_bound(
    block: int,
    on: int,
    dur: np.ndarray,
    cast: np.ndarray,
    cost: np.ndarray,
    table: np.ndarray,
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
    own = 0
    for s in range(dur.shape[0]):
        if not (block >> s) & 1:
            continue
        here = cast[s] & on
        if here == 0:
            continue
        d = dur[s]
        weight = _cost(table, here)
        own += d * weight
        if weight == 0:
            continue
        squares = 0
        for a in range(m):
            if (here >> a) & 1:
                squares += cost[a] * cost[a]
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
    bound = total - correction - own
    return max(0, int(np.ceil(bound - 1e-6)))


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
) -> int:  # pragma: no cover - compiled
    """Admissible bound: players open at both ends wait through the whole block (exact), the
    others held at one end are bounded by :func:`_held_bound`."""
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
    held = _held_bound(block, front, dur, cast, cost, table, ratio, order)
    held += _held_bound(block, back, dur, cast, cost, table, ratio, order)
    if front and back:
        held = max(held, _link_bound(block, needed & ~both, front, back, dur, cast, cost, order))
    return value + held


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
) -> int:  # pragma: no cover - compiled
    """Waiting forced, piece by piece, by players who link the two ends of the block.

    During piece ``s`` every player not in ``s`` either waits, or has all its pieces on one
    side of ``s``. Players held at the front cannot all be after ``s``, players held at the
    back cannot all be before, and two players sharing a piece cannot be on opposite sides. So
    the players waiting through ``s`` separate the front-held from the back-held players in the
    graph "shares a piece" (players of ``s`` removed): their cost is at least a minimum vertex
    cut, hence at least the value of any flow, here found greedily along shortest paths.
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
        total += dur[s] * flow
    return total


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
    stats: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Exact optimum of the state if below ``budget``, else a lower bound ``>= budget``.

    ``depth`` pieces are placed (even: place at the front next); ``after`` breaks the mirror
    symmetry (the first piece at the back has a larger index than the first at the front).
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
        floor = _estimate(block, needed, left, right, dur, cast, cost, table, ratio, order)
    if floor >= budget:
        return floor
    stats[NODES] += 1
    if stats[NODES] > stats[LIMIT]:
        stats[ABORTED] = 1
        return budget
    n = dur.shape[0]
    m = cost.shape[0]
    front = depth % 2 == 0
    near = left if front else right
    far = right if front else left
    w = work[depth]
    count = 0
    for s in range(after + 1, n):
        if not (block >> s) & 1:
            continue
        c = cast[s]
        rest = block ^ (1 << s)
        rest_needed = needed
        for a in range(m):
            if (c >> a) & 1 and not (scenes_of[a] & rest):
                rest_needed &= ~(1 << a)
        opened = near | c
        present = opened & (c | rest_needed | far)
        step = dur[s] * _cost(table, present & ~c)
        new_near = opened & (rest_needed | far)
        new_far = far & (rest_needed | opened)
        new_left = new_near if front else new_far
        new_right = new_far if front else new_near
        jj = _lookup(keys, kinds, rest, new_left | (new_right << 32))
        if jj >= 0:  # exact, or a bound at least the estimate
            known = vals[jj]
        else:
            known = _estimate(
                rest, rest_needed, new_left, new_right, dur, cast, cost, table, ratio, order
            )
            _store(keys, kinds, vals, nexts, rest, new_left | (new_right << 32), LOWER, known, -1)
        slot = count
        if c == near:
            slot = 0  # exactly the players already here: nothing better can go first
        w[slot, 0] = step + known
        w[slot, 1] = step
        w[slot, 2] = s
        w[slot, 3] = rest_needed
        w[slot, 4] = new_left
        w[slot, 5] = new_right
        if c == near:
            count = 1
            break
        # insertion sort by (score, piece)
        i = count
        while i > 0 and w[i - 1, 0] > w[i, 0]:
            for f in range(6):
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
            block ^ (1 << s),
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
        self.work = np.zeros((n + 1, max(n, 1), 6), dtype=np.int64)
        self.ratio = np.zeros(max(m, 1), dtype=np.float64)
        self.order = np.zeros(max(m, 1), dtype=np.int64)
        self.stats = np.zeros(3, dtype=np.int64)
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
                self.work, self.ratio, self.order, self.stats,
            )
        )  # fmt: skip

    def path(self) -> list[int]:
        """The optimal order found by the last complete :meth:`run` below its budget."""
        self.stats[LIMIT] = INF
        head: list[int] = []
        tail: list[int] = []
        block, needed, left, right = self.full, self.needed, 0, 0
        while block:
            depth = len(head) + len(tail)
            k2 = left | right << 32
            j = _lookup(self.keys, self.kinds, block, k2)
            if j < 0 or self.kinds[j] != EXACT:  # evicted from the lossy memo: solve again
                after = head[0] if depth == 1 else -1
                self._solve(block, needed, left, right, INF, depth, after)
                j = _lookup(self.keys, self.kinds, block, k2)
            s = int(self.nexts[j])
            front = depth % 2 == 0
            cast = int(self.cast[s])
            block ^= 1 << s
            for a in range(len(self.cost)):
                if cast >> a & 1 and not int(self.scenes_of[a]) & block:
                    needed &= ~(1 << a)
            near, far = (left, right) if front else (right, left)
            opened = near | cast
            near, far = opened & (needed | far), far & (needed | opened)
            left, right = (near, far) if front else (far, near)
            (head if front else tail).append(s)
        return head + tail[::-1]


def cost_tables(costs: tuple[int, ...]) -> np.ndarray:
    """``table[k, x]``: summed cost of the players ``x`` among players 11k..11k+10."""
    chunks = max(1, -(-len(costs) // 11))
    table = np.zeros((chunks, 2048), dtype=np.int64)
    for a, cost in enumerate(costs):
        k, bit = divmod(a, 11)
        table[k] += ((np.arange(2048) >> bit) & 1) * cost
    return table
