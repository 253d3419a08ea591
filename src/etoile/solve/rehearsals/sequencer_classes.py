"""Class DP: the exact waiting of a few players, solved over the classes of pieces they see.

Players open at both ends of a block wait through all of it whatever the order, so only the
others matter. Restricted to a set ``X`` of players, two pieces whose casts agree on ``X`` are
interchangeable (de la Banda et al.'s merge rule), so the pieces collapse into at most
``2^|X|`` classes, usually far fewer. The subset DP over those classes, with players held at the
front (back) of the block present from its start (until its end), gives the least waiting of
``X``, which is

- the **exact** value of the block when ``X`` is every player not open at both ends: the
  compiled search then stops branching there (most of its nodes used to be below that point);
- otherwise a **lower bound** for ``X``, to which any bound on the other players adds, since
  waiting is a sum over players.
"""

from __future__ import annotations

import numba
import numpy as np

from etoile.solve.rehearsals.sequencer_bounds import _cost

# The DP costs ~2^k * k steps; k is capped per use (exact solve vs bound).
MAX_CLASSES = 16


@numba.njit(cache=True)
def _project(
    block: int,
    keep: int,
    dur: np.ndarray,
    cast: np.ndarray,
    masks: np.ndarray,
    durs: np.ndarray,
    limit: int,
) -> int:  # pragma: no cover - compiled
    """Classes of the pieces of ``block`` by their players in ``keep``; -1 above ``limit``."""
    k = 0
    for s in range(dur.shape[0]):
        if not (block >> s) & 1:
            continue
        x = cast[s] & keep
        j = 0
        while j < k and masks[j] != x:
            j += 1
        if j == k:
            if k == limit:
                return -1
            masks[k] = x
            durs[k] = 0
            k += 1
        durs[j] += dur[s]
    return k


@numba.njit(cache=True, inline="always")
def _class_step(
    masks: np.ndarray,
    durs: np.ndarray,
    unions: np.ndarray,
    table: np.ndarray,
    placed: int,
    j: int,
    full: int,
    front: int,
    back: int,
) -> int:  # pragma: no cover - compiled
    """Waiting while class ``j`` is rehearsed right after the classes ``placed``."""
    c = masks[j]
    started = front | unions[placed]
    later = unions[full ^ placed ^ (1 << j)] | back
    present = (started | c) & (c | later)
    return durs[j] * _cost(table, present & ~c)


@numba.njit(cache=True)
def _class_dp(
    masks: np.ndarray,
    durs: np.ndarray,
    k: int,
    front: int,
    back: int,
    table: np.ndarray,
    values: np.ndarray,
    unions: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Least waiting over all class orders; ``values[T]`` = best cost once ``T`` is placed."""
    full = (1 << k) - 1
    unions[0] = 0
    for t in range(1, full + 1):
        low = t & -t
        j = 0
        while not (low >> j) & 1:
            j += 1
        unions[t] = unions[t ^ low] | masks[j]
    values[full] = 0
    for t in range(full - 1, -1, -1):
        best = 1 << 62
        for j in range(k):
            if (t >> j) & 1:
                continue
            v = _class_step(masks, durs, unions, table, t, j, full, front, back)
            v += values[t | (1 << j)]
            if v < best:
                best = v
        values[t] = best
    return values[0]


@numba.njit(cache=True)
def _class_order(
    masks: np.ndarray,
    durs: np.ndarray,
    k: int,
    front: int,
    back: int,
    table: np.ndarray,
    values: np.ndarray,
    unions: np.ndarray,
) -> np.ndarray:  # pragma: no cover - compiled
    """An optimal class order (indices into ``masks``), after :func:`_class_dp` filled the arrays."""
    full = (1 << k) - 1
    out = np.empty(k, dtype=np.int64)
    t = 0
    for i in range(k):
        for j in range(k):
            if (t >> j) & 1:
                continue
            v = _class_step(masks, durs, unions, table, t, j, full, front, back)
            if v + values[t | (1 << j)] == values[t]:
                out[i] = j
                t |= 1 << j
                break
    return out


@numba.njit(cache=True)
def _both_waiting(
    block: int, both: int, dur: np.ndarray, cast: np.ndarray, table: np.ndarray
) -> int:  # pragma: no cover - compiled
    """Exact waiting of the players open at both ends: the whole block minus their own pieces."""
    if both == 0:
        return 0
    span = 0
    own = 0
    for s in range(dur.shape[0]):
        if (block >> s) & 1:
            span += dur[s]
            own += dur[s] * _cost(table, cast[s] & both)
    return span * _cost(table, both) - own


def class_scratch() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Work arrays for the class DP: masks, durations, values, unions."""
    size = 1 << MAX_CLASSES
    return (
        np.zeros(64, dtype=np.int64),
        np.zeros(64, dtype=np.int64),
        np.zeros(size, dtype=np.int64),
        np.zeros(size, dtype=np.int64),
    )
