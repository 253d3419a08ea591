"""Compiled bounded double-ended search: the exact engine for days too large for the subset DP.

The algorithm is the bounded dynamic programme of Garcia de la Banda, Stuckey & Chu (2011) with
pieces placed at both ends of the unplaced block (their double-ended search, and Qin, Zhang,
Lim & Liang 2016). A state is the block ``M`` of unplaced pieces with ``L`` (players open at its
front) and ``R`` (open at its back); a call with a budget either returns the exact optimum below
it or a lower bound at or above it, memoised per state. Two rules shape the tree:

- the end: first front, then back, then the end whose held players (open there only) cost
  less. Placing there calls the players held at the other end, who then wait through the whole
  block, which the bound counts exactly; on random 24-28-piece days this needs 3-15x fewer
  nodes than strict alternation (and 100x fewer than the opposite rule);
- pieces that agree on the players not open at both ends are placed together as one class
  (15% fewer nodes);
- a class is not placed next at an end when another class that calls nobody new beats it
  there by an exchange (:func:`_never_first`: de la Banda et al.'s rule, generalised, and two
  more); some optimal order starts with a class that is kept (the argument is in ADR 0004).
  On random 24-32-piece days 2.7-4.8x faster. It is why the root's mirror symmetry is not
  broken: the two prunings can each keep a different one of two mirror optima.

On large days (see ``sequencer.SPLIT_FROM_PIECES``) a state is also bounded by the **split
bound**: the day's pieces are cut into two fixed halves, and the waiting during one half's
pieces is at least the least waiting of that half alone (taking pieces out never makes anyone
wait longer), so the two halves' optima, each with the players open at the block's ends, add
up to a bound on the block. Each half also keeps a few of the other half's pieces at zero
length (anchors): nobody waits during them, but their players must meet, which can only
lengthen stays during the half's own pieces. The halves are searched exactly by this same
kernel, on demand, each with its own memo; at the root of a 40-piece day this bound is 60-85 %
of the optimum where the ordinary one is about 20 %. A state hands its halves' optima down:
a child's half costs at least the parent's less the waiting of the moved pieces in that half
(:func:`_half_floor`), which starts each half's search with a tighter budget or spares it.

The memo is used three ways: a state's entry, its mirror's (front and back open players
swapped: the same optimum), and the searched states of the same block with fewer players open
(their values bound it too); together 1.5-2x fewer nodes on 28-piece days. Child estimates are
kept as guesses that make way first when the table is full (half the nodes on 32 pieces).
The best move of a state is stored with its end, so the order can be rebuilt from the memo;
the best complete order found is also kept as it is found, so a run stopped at its deadline
still returns it (the kernel runs in worker threads that the caller stops: numba cannot read
the clock). Two threads search at once and share the memo without locks (each entry checks
itself, see ``_lookup``).
The pure-Python version (:mod:`sequencer_search`) is a simpler reference (strict alternation,
one piece at a time, the held bound only) that proves the same optima more slowly; this one is
compiled with numba, with a lossy open-addressing memo in numpy arrays (an evicted entry only
costs time, never correctness).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numba
import numpy as np

from etoile.solve.rehearsals.sequencer_bounds import _cost, _estimate, cost_tables
from etoile.solve.rehearsals.sequencer_triples import ranked_triples, signatures
from etoile.solve.rehearsals.talent_reduce import cast_cost

EXACT = 1
LOWER = 2
GUESS = 3  # a child's estimate, never searched: the first to go when a probe window is full
INF = 1 << 62
PROBE = 8
BACK = 64  # added to an entry's best piece when it goes at the back
SIBS = 4  # searched states remembered per block for the dominance test
HALF_TABLE_BITS = 22  # memo entries of each half of a split day (2^20 thrashed on long proofs)
ANCHORS = 2  # pieces of the other half each half keeps at zero length (more: costlier halves)
NO_INDEX = np.zeros(0, dtype=np.int64)  # the piece index of a part that is the whole day
FLIP = 3  # the second thread tries children dearest first above this depth
TOP = 1 << 52  # values are kept below this (a lower bound may be lowered to it: still a bound)
# The day's arrays (durations, casts, costs, pieces of each player, cost table, two scratch
# arrays, ranked triples, triple signatures, a scratch for the linking bound's spare costs)
# and the memo (its entries, and per block the last searched open-player pairs), passed to the
# compiled kernels as tuples. An entry is three words: the state's two key words, each XORed
# with the third, which packs value, best move and kind (:func:`_pack`). Two search threads
# share the memo without locks: a reader checks the key against the data word it read, so an
# entry half-written by the other thread reads as absent, never as another state's value.
Day = tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
    np.ndarray, np.ndarray, np.ndarray,
]  # fmt: skip
Memo = tuple[np.ndarray, np.ndarray, np.ndarray]
# A part of the day the kernel searches: its arrays, memo and work rows, and the index of the
# whole day's pieces in it (-1 for a piece not in it; empty for the whole day itself). The
# kernel gets three: the day, then the two halves of the split bound (the day again, with
# empty indices, when the day is not split).
Part = tuple[Day, Memo, np.ndarray, np.ndarray]
Parts = tuple[Part, Part, Part]
# stats slots: nodes of the whole day expanded, node limit (on all nodes), aborted flag,
# waiting of the best order found and its number of moves (kept in the second of the two
# ``track`` arrays, see ``_record``), nodes of the halves expanded for the split bound.
NODES, LIMIT, ABORTED, BEST, MOVES, HALF_NODES = 0, 1, 2, 3, 4, 5


@numba.njit(cache=True, inline="always")
def _home(k1: int, k2: int, size_mask: int) -> int:  # pragma: no cover - compiled
    h = k1 * 6364136223846793005 ^ k2 * 2862933555777941757
    h ^= h >> 29
    return h & size_mask


@numba.njit(cache=True, inline="always")
def _pack(kind: int, val: int, nxt: int) -> int:  # pragma: no cover - compiled
    """One word: value (capped at ``TOP``), best move + 1 (8 bits), kind (2 bits); never 0."""
    return (min(val, TOP) << 10) | ((nxt + 1) << 2) | kind


@numba.njit(cache=True, inline="always")
def _kind(data: int) -> int:  # pragma: no cover - compiled
    return data & 3


@numba.njit(cache=True, inline="always")
def _value(data: int) -> int:  # pragma: no cover - compiled
    return data >> 10


@numba.njit(cache=True, inline="always")
def _move(data: int) -> int:  # pragma: no cover - compiled
    """The best piece (``+ BACK`` at the back), -1 if none."""
    return ((data >> 2) & 255) - 1


@numba.njit(cache=True)
def _lookup(slots: np.ndarray, k1: int, k2: int) -> int:  # pragma: no cover - compiled
    """The data word of the state ``(k1, k2)``, 0 if it is not there."""
    size_mask = slots.shape[0] - 1
    home = _home(k1, k2, size_mask)
    for i in range(PROBE):
        j = (home + i) & size_mask
        data = slots[j, 2]
        if data == 0:
            return 0
        if slots[j, 0] ^ data == k1 and slots[j, 1] ^ data == k2:
            return data
    return 0


@numba.njit(cache=True)
def _find_exact(
    slots: np.ndarray, block: int, left: int, right: int
) -> tuple[int, bool]:  # pragma: no cover - compiled
    """The data word holding the state's optimum, or its mirror's (then True: its best move
    goes at the other end); 0 if neither is there."""
    for mirrored in (False, True):
        key = right | (left << 32) if mirrored else left | (right << 32)
        data = _lookup(slots, block, key)
        if data != 0 and _kind(data) == EXACT:
            return data, mirrored
    return 0, False


@numba.njit(cache=True)
def _memo_floor(
    slots: np.ndarray, block: int, left: int, right: int
) -> tuple[int, bool]:  # pragma: no cover - compiled
    """What the memo knows of a state from its entry and its mirror's (the same optimum): the
    larger value, and whether it is exact; -1 if neither is there."""
    floor = -1
    for key in (left | (right << 32), right | (left << 32)):
        data = _lookup(slots, block, key)
        if data != 0:
            if _kind(data) == EXACT:
                return _value(data), True
            floor = max(floor, _value(data))
    return floor, False


@numba.njit(cache=True)
def _store(
    slots: np.ndarray, k1: int, k2: int, kind: int, val: int, nxt: int
) -> None:  # pragma: no cover - compiled
    """Insert or update; a full probe window evicts a guess if it holds one, else its first slot."""
    size_mask = slots.shape[0] - 1
    home = _home(k1, k2, size_mask)
    slot = -1
    guess = -1
    for i in range(PROBE):
        j = (home + i) & size_mask
        data = slots[j, 2]
        if data == 0 or (slots[j, 0] ^ data == k1 and slots[j, 1] ^ data == k2):
            slot = j
            break
        if guess < 0 and _kind(data) == GUESS:
            guess = j
    if slot < 0:
        if kind == GUESS and guess < 0:
            return  # keep searched values rather than an estimate
        slot = guess if guess >= 0 else home
    data = _pack(kind, val, nxt)
    slots[slot, 0] = k1 ^ data
    slots[slot, 1] = k2 ^ data
    slots[slot, 2] = data


@numba.njit(cache=True)
def _dominated(block: int, left: int, right: int, floor: int, memo: Memo) -> int:
    """``floor`` raised by searched states of the same block with fewer players open.

    With the same pieces left, a player open at an end can only wait longer, so the optimum of
    ``(block, L, R)`` is at least that of any ``(block, L', R')`` with ``L' ⊆ L``, ``R' ⊆ R``
    (or, by mirror symmetry, ``L' ⊆ R``, ``R' ⊆ L``): their memoised values bound it too.
    """
    slots, skeys, sibs = memo
    h = _home(block, 0, skeys.shape[0] - 1)
    if skeys[h] != block:
        return floor
    for i in range(SIBS):
        k = sibs[h, i]
        if k < 0:
            continue
        l2 = k & 0xFFFFFFFF
        r2 = k >> 32
        if ((l2 & ~left) == 0 and (r2 & ~right) == 0) or ((l2 & ~right) == 0 and (r2 & ~left) == 0):
            data = _lookup(slots, block, k)
            if data != 0 and _value(data) > floor:
                floor = _value(data)
    return floor


@numba.njit(cache=True)
def _remember(block: int, k2: int, memo: Memo) -> None:
    """Note a searched state among the last ``SIBS`` of its block, for :func:`_dominated`."""
    skeys, sibs = memo[1], memo[2]
    h = _home(block, 0, skeys.shape[0] - 1)
    if skeys[h] != block:
        skeys[h] = block
        for i in range(SIBS):
            sibs[h, i] = -1
    for i in range(SIBS):
        if sibs[h, i] == k2:
            return
    for i in range(SIBS - 1, 0, -1):
        sibs[h, i] = sibs[h, i - 1]
    sibs[h, 0] = k2


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
    pieces = 0
    for t in range(first, dur.shape[0]):
        if (block >> t) & 1 and (cast[t] & ~both) == key:
            pieces |= 1 << t
    return _place_pieces(block, needed, near, far, pieces, dur, cast, scenes_of, table)


@numba.njit(cache=True)
def _place_pieces(
    block: int,
    needed: int,
    near: int,
    far: int,
    pieces: int,
    dur: np.ndarray,
    cast: np.ndarray,
    scenes_of: np.ndarray,
    table: np.ndarray,
) -> tuple[int, int, int, int, int]:  # pragma: no cover - compiled
    """Place the ``pieces`` (a subset of ``block``) at the near end, in index order; returns
    the block, needed players, near and far open players after them, and their waiting."""
    m = scenes_of.shape[0]
    step = 0
    for t in range(dur.shape[0]):
        if not (pieces >> t) & 1:
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
def _half_floor(
    value: int,
    block: int,
    needed: int,
    left: int,
    right: int,
    placed: int,
    front: bool,
    half: Part,
) -> int:  # pragma: no cover - compiled
    """A bound on a half's optimum after the whole day's ``placed`` pieces go at one end, from
    its optimum ``value`` before (a half state of the parent, ``block``, ``needed``, ``left``,
    ``right``): placing the half's share of them there is one way on from the parent, so the
    optimum before is at most their waiting plus the optimum after; and the child's real half
    state has at least those players open (other pieces of the day may open more), which can
    only cost more."""
    index = half[3]
    dur, cast, scenes_of, table = half[0][0], half[0][1], half[0][3], half[0][4]
    pieces = 0
    for t in range(index.shape[0]):
        if index[t] >= 0 and (placed >> t) & 1:
            pieces |= 1 << index[t]
    if pieces == 0:
        return value  # the half's block is unchanged; more players open can only cost more
    near = left if front else right
    far = right if front else left
    step = _place_pieces(block, needed, near, far, pieces, dur, cast, scenes_of, table)[4]
    return max(0, value - step)


@numba.njit(cache=True)
def _never_first(
    block: int, key: int, held: int, far: int, both: int, cast: np.ndarray, table: np.ndarray
) -> bool:  # pragma: no cover - compiled
    """Whether some optimal order of the block does not start with the class ``key`` here.

    Players open at both ends are left out (they wait through the block anyway). ``held``
    and ``far`` are the players held at this end and at the other. Some other class must call
    no player that ``key`` does not (``other ⊆ held ∪ key``) and also (a) use every held
    player ``key`` uses while each player of ``key`` it lacks is held at the far end or has no
    other piece left, or (b) use every held player, or (c) lack held players who cost less than
    the far-held players of ``key`` it lacks. Then starting with ``other`` (or moving ``key``
    just after it) is no worse: de la Banda et al.'s rule, generalised; the exchange argument
    is in ADR 0004.
    """
    rest = 0  # players with a piece left outside the class
    for t in range(cast.shape[0]):
        if (block >> t) & 1 and (cast[t] & ~both) != key:
            rest |= cast[t]
    for t in range(cast.shape[0]):
        if not (block >> t) & 1:
            continue
        other = cast[t] & ~both
        if other == key or other & ~held & ~key:
            continue
        lacked = key & ~other
        if (key & held & ~other) == 0 and ((lacked & rest & ~far) == 0 or (held & ~other) == 0):
            return True
        if _cost(table, held & ~other) < _cost(table, lacked & far):
            return True
    return False


@numba.njit(cache=True)
def _children(
    block: int,
    needed: int,
    left: int,
    right: int,
    front: bool,
    w: np.ndarray,
    day: Day,
    memo: Memo,
) -> int:  # pragma: no cover - compiled
    """Rows ``(score, step, piece, needed, left, right, block)`` of the classes that can go
    next at one end, best score first; a forced move is the only row."""
    dur, cast, cost, scenes_of, table, ratio, order, triples, sigs, spare = day
    slots = memo[0]
    n = dur.shape[0]
    both = left & right
    near = left if front else right
    far = right if front else left
    count = 0
    for s in range(n):
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
        if _never_first(block, key, near & ~both, far & ~both, both, cast, table):
            continue
        rest, rest_needed, new_near, new_far, step = _place_class(
            block, needed, near, far, key, both, s, dur, cast, scenes_of, table
        )
        new_left = new_near if front else new_far
        new_right = new_far if front else new_near
        data = _lookup(slots, rest, new_left | (new_right << 32))
        if data == 0:  # the mirror state (open players swapped between the ends)
            data = _lookup(slots, rest, new_right | (new_left << 32))
        if data != 0:  # exact, or a bound at least the estimate
            known = _value(data)
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
                spare,
            )
            _store(slots, rest, new_left | (new_right << 32), GUESS, known, -1)
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
    return count


@numba.njit(cache=True)
def _record(
    depth: int,
    block: int,
    needed: int,
    left: int,
    right: int,
    total: int,
    day: Day,
    memo: Memo,
    track: tuple[np.ndarray, np.ndarray],
    stats: np.ndarray,
) -> None:  # pragma: no cover - compiled
    """Keep a better complete order: the moves down to a state just solved exactly, then its
    optimal moves from the memo. Skipped if an entry on the way was evicted (rare: they were
    stored moments ago)."""
    dur, cast, scenes_of, table = day[0], day[1], day[3], day[4]
    slots = memo[0]
    trail, best = track
    count = depth + 1
    while block:
        data, mirrored = _find_exact(slots, block, left, right)
        if data == 0:
            return
        s = _move(data) % BACK
        front = (_move(data) < BACK) != mirrored
        both = left & right
        near = left if front else right
        far = right if front else left
        block, needed, near, far, _ = _place_class(
            block, needed, near, far, cast[s] & ~both, both, s, dur, cast, scenes_of, table
        )
        left = near if front else far
        right = far if front else near
        trail[count, 0] = s
        trail[count, 1] = front
        count += 1
    for d in range(count):
        best[d, 0] = trail[d, 0]
        best[d, 1] = trail[d, 1]
    stats[BEST] = total
    stats[MOVES] = count


@numba.njit(cache=True)
def _half_state(
    block: int, left: int, right: int, half: Part
) -> tuple[int, int, int, int]:  # pragma: no cover - compiled
    """The state of a half of the day: its pieces left in ``block``, the players they call,
    and the players open at each end who still matter there (they have a piece in it or are
    open at the other end too)."""
    index = half[3]
    cast = half[0][1]
    sub = 0
    needed = 0
    for s in range(index.shape[0]):
        j = index[s]
        if j >= 0 and (block >> s) & 1:
            sub |= 1 << j
            needed |= cast[j]
    return sub, needed, left & (needed | right), right & (needed | left)


@numba.njit(cache=True)
def _known_floor(
    block: int, needed: int, left: int, right: int, part: Part
) -> int:  # pragma: no cover - compiled
    """The best bound at hand on a state, without searching: its memo entry, else the estimate."""
    if block == 0:
        return 0
    dur, cast, cost, _scenes_of, table, ratio, order, triples, sigs, spare = part[0]
    floor = _memo_floor(part[1][0], block, left, right)[0]
    if floor >= 0:
        return floor
    return _estimate(
        block, needed, left, right, dur, cast, cost, table, ratio, order, triples, sigs, spare
    )


@numba.njit(cache=True, nogil=True)  # nogil: runs in a worker thread (see ``run``)
def _solve(
    part: int,
    block: int,
    needed: int,
    left: int,
    right: int,
    budget: int,
    depth: int,
    spent: int,
    parts: Parts,
    track: tuple[np.ndarray, np.ndarray],
    stats: np.ndarray,
    flip: int,
    low1: int,
    low2: int,
) -> int:  # pragma: no cover - compiled
    """Exact optimum of the state if below ``budget``, else a lower bound ``>= budget``.

    ``part`` is 0 for the whole day, 1 or 2 for a half searched for the split bound.
    ``depth`` counts the placements above (it indexes the work and trail rows); ``spent`` is
    the waiting of the placements above, -1 when not known (then no order is recorded), so that
    a better complete order is kept even if the run is cut short. Above depth ``flip`` the
    children are tried dearest first: the second thread's walk, so that the two threads start
    in different parts of the tree and meet through the memo. ``low1`` and ``low2`` bound the
    two halves' optima at this state (from the parent's, see :func:`_half_floor`; 0 if none).
    """
    day, memo, work, _index = parts[part]
    dur, cast, cost, _scenes_of, table, ratio, order, triples, sigs, spare = day
    slots = memo[0]
    if block == 0:
        return 0
    k2 = left | (right << 32)
    floor, exact = _memo_floor(slots, block, left, right)
    if exact:
        return floor
    if floor < 0:
        floor = _estimate(
            block, needed, left, right, dur, cast, cost, table, ratio, order, triples, sigs, spare
        )
    if floor < budget:
        floor = _dominated(block, left, right, floor, memo)
    split_known = False  # the halves' optima at this state, when it is split and expanded
    b1 = n1 = l1 = r1 = b2 = n2 = l2 = r2 = first = second = 0
    if floor < budget and part == 0 and parts[1][3].shape[0] > 0:
        # the split bound: the waiting during one half's pieces is at least that half's own
        # optimum (the other half's pieces taken out), so the halves' optima add up; the
        # halves are searched exactly, each with its own memo, within what the budget needs
        b1, n1, l1, r1 = _half_state(block, left, right, parts[1])
        b2, n2, l2, r2 = _half_state(block, left, right, parts[2])
        rest = max(low2, _known_floor(b2, n2, l2, r2, parts[2]))
        first = low1
        # the small arguments are computed from ``part`` (0 here), not written as literals:
        # numba would compile a second specialisation of this recursive kernel for literal
        # arguments, and its on-disk cache then crashes when it reloads them
        zero = part
        if not b1:
            first = 0
        elif low1 + rest < budget:
            first = _solve(zero + 1, b1, n1, l1, r1, budget - rest, zero, zero - 1, parts,
                           track, stats, zero, zero, zero)  # fmt: skip
        split = first + rest
        second = rest
        if split < budget and b2:
            second = _solve(zero + 2, b2, n2, l2, r2, budget - first, zero, zero - 1, parts,
                            track, stats, zero, zero, zero)  # fmt: skip
            split = first + second
        if stats[ABORTED]:
            return budget
        if split > floor:
            floor = split
            if floor >= budget:
                _store(slots, block, k2, LOWER, floor, -1)
        split_known = True  # both exact if the state is expanded (else a bound prunes it)
    if floor >= budget:
        return floor
    stats[NODES if part == 0 else HALF_NODES] += 1
    if stats[NODES] + stats[HALF_NODES] > stats[LIMIT]:
        stats[ABORTED] = 1
        return budget
    both = left & right
    if right == 0:  # front first, then back
        front = left == 0
    else:  # then the end whose held players cost less
        front = _cost(table, left & ~both & needed) <= _cost(table, right & ~both & needed)
    w = work[depth]
    count = _children(block, needed, left, right, front, w, day, memo)
    best = budget
    best_piece = -1
    failed = INF
    dearest_first = depth < flip
    for k in range(count):
        i = count - 1 - k if dearest_first else k
        score = w[i, 0]
        if score >= best:
            failed = min(failed, score)
            if dearest_first:
                continue
            break
        step = w[i, 1]
        s = w[i, 2]
        if part == 0:
            track[0][depth, 0] = s
            track[0][depth, 1] = front
        child_low1 = child_low2 = 0
        if split_known:  # the halves' optima here bound theirs in the child
            placed = block & ~w[i, 6]
            child_low1 = _half_floor(first, b1, n1, l1, r1, placed, front, parts[1])
            child_low2 = _half_floor(second, b2, n2, l2, r2, placed, front, parts[2])
        value = step + _solve(
            part,
            w[i, 6],
            w[i, 3],
            w[i, 4],
            w[i, 5],
            best - step,
            depth + 1,
            -1 if spent < 0 else spent + step,
            parts,
            track,
            stats,
            flip,
            child_low1,
            child_low2,
        )
        if stats[ABORTED]:
            return budget
        if value < best:
            best = value
            best_piece = s if front else s + BACK
            if spent >= 0 and spent + value < stats[BEST]:
                _record(depth, w[i, 6], w[i, 3], w[i, 4], w[i, 5], spent + value, day, memo,
                        track, stats)  # fmt: skip
        else:
            failed = min(failed, value)
    _remember(block, k2, memo)
    if best_piece >= 0:
        _store(slots, block, k2, EXACT, best, best_piece)
        return best
    _store(slots, block, k2, LOWER, failed, -1)
    return failed


class Lane(NamedTuple):
    """One search thread's own arrays: scratch (in ``day``), work rows, trail and counters."""

    day: Day
    work: np.ndarray
    track: tuple[np.ndarray, np.ndarray]
    stats: np.ndarray
    flip: int


class CompiledSearch:
    """Arrays and memo of one compiled search on a reduced instance (players ≤ 31)."""

    def __init__(
        self,
        durations: tuple[int, ...],
        costs: tuple[int, ...],
        players: tuple[int, ...],
        table_bits: int = 22,
        threads: int = 2,
        split: Sequence[int] | None = None,
        literature: bool = False,
    ) -> None:
        """``split``, an order of the pieces (a good one), turns on the split bound: its pieces
        in odd and in even places make the two halves, each searched exactly on demand; each
        half also keeps ``ANCHORS`` pieces of the other (the costliest casts) at zero length.

        ``literature`` keeps only the bound the published methods use (Garcia de la Banda et
        al. 2011, also Qin et al. 2016: players open at both ends exactly, the held players'
        weighted-completion bound at each end), without the linking and triple bounds; the
        search itself (ends, classes, dominance, memo) is unchanged. It is the benchmark's
        baseline, a stand-in for the published engines on our own random days."""
        n, m = len(durations), len(costs)
        if m > 31 or n > 62:
            raise ValueError("the compiled search handles at most 62 pieces and 31 players")
        if literature and split is not None:
            raise ValueError("the literature's bound has no split")
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
        self.slots = np.zeros((size, 3), dtype=np.int64)  # lazily mapped: untouched is empty
        # zeros (lazily mapped): no block is 0, and a bucket's slots are reset when claimed
        self.skeys = np.zeros(size >> 2, dtype=np.int64)
        self.sibs = np.zeros((size >> 2, SIBS), dtype=np.int64)
        self.work = np.zeros((n + 1, max(n, 1), 7), dtype=np.int64)
        self.ratio = np.zeros(max(m, 1), dtype=np.float64)
        self.order = np.zeros(max(m, 1), dtype=np.int64)
        # empty scratch for the linking flows: that bound off (see ``_estimate``)
        self.spare = np.zeros(0 if literature else max(m, 1), dtype=np.int64)
        self.stats = np.zeros(6, dtype=np.int64)
        self.track = (np.zeros((n + 1, 2), dtype=np.int64), np.zeros((n + 1, 2), dtype=np.int64))
        self.triples = (
            np.zeros((0, 4), dtype=np.int64)
            if literature
            else ranked_triples(durations, costs, players)
        )
        self.sigs = signatures()
        self.full = (1 << n) - 1
        self.needed = 0
        for cast in players:
            self.needed |= cast
        # one lane per search thread: its own scratch, work rows, trail and counters; the
        # first lane is this object's own arrays (``day()``, ``work``, ``track``, ``stats``)
        self.lanes = [Lane(self.day(), self.work, self.track, self.stats, 0)]
        for _ in range(1, threads):
            day = (self.dur, self.cast, self.cost, self.scenes_of, self.table,
                   np.zeros_like(self.ratio), np.zeros_like(self.order), self.triples,
                   self.sigs, np.zeros_like(self.spare))  # fmt: skip
            track = (np.zeros_like(self.track[0]), np.zeros_like(self.track[1]))
            self.lanes.append(Lane(day, np.zeros_like(self.work), track,
                                   np.zeros_like(self.stats), FLIP))  # fmt: skip
        self.halves: list[tuple[CompiledSearch, np.ndarray]] = []
        if split is not None and n >= 2:
            halves = (sorted(split[0::2]), sorted(split[1::2]))
            for own, other in (halves, halves[::-1]):
                anchors = sorted(other, key=lambda s: -cast_cost(costs, players[s]))[:ANCHORS]
                pieces = own + anchors
                half = CompiledSearch(
                    tuple(durations[s] for s in own) + (0,) * len(anchors),
                    costs,
                    tuple(players[s] for s in pieces),
                    HALF_TABLE_BITS,
                    threads,
                )
                index = np.full(n, -1, dtype=np.int64)
                index[pieces] = np.arange(len(pieces))
                self.halves.append((half, index))

    def parts(self, lane: int = 0) -> Parts:
        """What the kernel searches in one lane: the day, then its two halves (the day again
        when it is not split; its empty piece index tells the kernel)."""
        own = (self.lanes[lane].day, self.memo(), self.lanes[lane].work, NO_INDEX)
        if not self.halves:
            return own, own, own
        first, second = (
            (half.lanes[lane].day, half.memo(), half.lanes[lane].work, index)
            for half, index in self.halves
        )
        return own, first, second

    @property
    def nodes(self) -> int:
        """States expanded so far, the halves' (split bound) included."""
        return sum(int(lane.stats[NODES] + lane.stats[HALF_NODES]) for lane in self.lanes)

    def run(
        self,
        budget: int,
        node_limit: int | None = None,
        deadline: float | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> int | None:
        """Value of the whole day if below ``budget`` (else a bound ≥ it); None when cut short.

        The kernel runs in ``threads`` worker threads (it releases the GIL) that share the
        memo: the second tries children dearest first near the root, so the two start in
        different parts of the tree and each skips what the other has settled; the first to
        answer for the whole day stops the other (1.3-2.0x faster on 28-32-piece days on two
        cores). numba code cannot read the clock, so this thread waits; at the ``deadline``
        (``time.monotonic()``) or on Ctrl-C it lowers the node limits, which the kernel reads
        at every node. One uninterrupted run keeps the budgets its improvements lowered, which
        restarting in slices of nodes threw away (50 % more nodes on a 28-piece day).
        ``progress(nodes, best waiting so far)`` is called about ten times a second.
        """
        outcome: list[int] = []
        failure: list[BaseException] = []
        for lane in self.lanes:
            done = lane.stats[NODES] + lane.stats[HALF_NODES]
            lane.stats[LIMIT] = INF if node_limit is None else done + node_limit
            lane.stats[ABORTED] = 0
            lane.stats[BEST] = budget
            lane.stats[MOVES] = 0

        def stop() -> None:
            for lane in self.lanes:
                lane.stats[LIMIT] = -1

        def search(parts: Parts, track: tuple[np.ndarray, np.ndarray], stats: np.ndarray,
                   flip: int) -> None:  # fmt: skip
            try:
                value = _solve(0, self.full, self.needed, 0, 0, budget, 0, 0, parts, track,
                               stats, flip, 0, 0)  # fmt: skip
                if not stats[ABORTED]:
                    outcome.append(int(value))
                    stop()  # the whole day is answered: the other thread may stop
            except BaseException as exc:  # handed to the waiting thread
                failure.append(exc)
                stop()

        workers = [
            threading.Thread(
                target=search, args=(self.parts(k), lane.track, lane.stats, lane.flip), daemon=True
            )
            for k, lane in enumerate(self.lanes)
        ]
        for worker in workers:
            worker.start()
        try:
            while alive := [worker for worker in workers if worker.is_alive()]:
                wait = 0.1
                if deadline is not None:
                    wait = min(wait, deadline - time.monotonic())
                    if wait <= 0:
                        stop()
                alive[0].join(max(wait, 0.01))
                if progress is not None:
                    progress(self.nodes, self._best()[0])
        except KeyboardInterrupt:
            stop()
            for worker in workers:
                worker.join()
            raise
        if failure:
            raise failure[0]
        return outcome[0] if outcome else None

    def _best(self) -> tuple[int, int]:
        """The best waiting any thread recorded, and that thread's lane."""
        return min((int(lane.stats[BEST]), k) for k, lane in enumerate(self.lanes))

    def _solve(
        self,
        block: int,
        needed: int,
        left: int,
        right: int,
        budget: int,
        depth: int,
        spent: int = -1,
    ) -> int:
        value = _solve(0, block, needed, left, right, budget, depth, spent, self.parts(),
                       self.track, self.stats, 0, 0, 0)  # fmt: skip
        return int(value)

    def day(self) -> Day:
        return (self.dur, self.cast, self.cost, self.scenes_of, self.table, self.ratio,
                self.order, self.triples, self.sigs, self.spare)  # fmt: skip

    def memo(self) -> Memo:
        return (self.slots, self.skeys, self.sibs)

    def _apply(
        self, state: tuple[int, int, int, int], s: int, front: bool
    ) -> tuple[tuple[int, int, int, int], list[int]]:
        """The state after placing the class of piece ``s`` at one end, and its pieces."""
        block, needed, left, right = state
        both = left & right
        near, far = (left, right) if front else (right, left)
        rest, needed, near, far, _ = _place_class(
            block, needed, near, far, int(self.cast[s]) & ~both, both, s,
            self.dur, self.cast, self.scenes_of, self.table,
        )  # fmt: skip
        placed = [t for t in range(self.n) if (block & ~rest) >> t & 1]
        left, right = (near, far) if front else (far, near)
        return (int(rest), int(needed), int(left), int(right)), placed

    def best_found(self) -> tuple[int, list[int]] | None:
        """Waiting and order of the best order the last :meth:`run` found below its budget,
        even if it was cut short; None if it found none."""
        best, k = self._best()
        track, stats = self.lanes[k].track, self.lanes[k].stats
        count = int(stats[MOVES])
        if count == 0:
            return None
        head: list[int] = []
        tail: list[int] = []
        state = (self.full, self.needed, 0, 0)
        for s, front in track[1][:count]:
            state, placed = self._apply(state, int(s), bool(front))
            (head if front else tail).extend(placed)
        return best, head + tail[::-1]

    def path(self) -> list[int]:
        """The optimal order found by the last complete :meth:`run` below its budget."""
        self.stats[LIMIT] = INF
        self.stats[ABORTED] = 0  # this lane may have been stopped when the other one answered
        head: list[int] = []
        tail: list[int] = []
        block, needed, left, right = self.full, self.needed, 0, 0
        depth = 0
        while block:
            data, mirrored = _find_exact(self.slots, block, left, right)
            if data == 0:  # evicted from the lossy memo: solve again
                self._solve(block, needed, left, right, INF, depth)
                data, mirrored = _find_exact(self.slots, block, left, right)
                if data == 0:
                    raise RuntimeError("the search left no optimum to rebuild the order from")
            s = int(_move(data))
            front = (s < BACK) != mirrored
            (block, needed, left, right), placed = self._apply(
                (block, needed, left, right), s % BACK, front
            )
            (head if front else tail).extend(placed)
            depth += 1
        return head + tail[::-1]
