"""Triple bound: waiting forced among three players not yet called (none of their pieces placed).

Two players can always be chained without waiting, three cannot: restricted to the pieces of
three players, the pieces fall into seven classes by which of the three they need, and some
player waits through some class in every order (the "3-grouping" idea of Lin et al. on talent
hold cost). The minimum over the 5040 class orders is a minimum over a short list of
Pareto-minimal "who waits through which classes" signatures, precomputed once; per state only
the class durations change. Disjoint triples add up, and they count only free players, so they
add to the bound of held players (:func:`sequencer_bounds._held_bound`).
"""

from __future__ import annotations

import functools
import itertools

import numba
import numpy as np


def _pareto(found: set[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    return sorted(
        s
        for s in found
        if not any(t != s and all(t[i] & ~s[i] == 0 for i in range(3)) for t in found)
    )


def _waits(line: np.ndarray, i: int) -> np.ndarray:
    """Per row of class orders, the mask of classes player ``i`` waits through."""
    member = (line >> i) & 1
    pos = np.arange(line.shape[1])
    first = np.where(member, pos, line.shape[1]).min(axis=1)
    last = np.where(member, pos, -1).max(axis=1)
    inside = (pos > first[:, None]) & (pos < last[:, None]) & (member == 0)
    return np.where(inside, 1 << line, 0).sum(axis=1)


def _signatures() -> np.ndarray:
    """``sigs[code, present, j]``: Pareto-minimal ``(classes waited by player 0, 1, 2)``.

    Only the classes in ``present`` (a mask over classes 1-7) have pieces, and only they are
    ordered (an empty class must not force waiting). ``code`` = sum of ``status_i * 3**i`` with
    status 0 (not called), 1 (held open at the front: a virtual class before every order) or 2
    (held open at the back: one after). Rows are padded with -1.
    """
    table: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for present in range(1, 128):
        classes = [k for k in range(1, 8) if (present >> (k - 1)) & 1]
        perms = np.array(list(itertools.permutations(classes)), dtype=np.int64)
        for code in range(27):
            status = (code % 3, code // 3 % 3, code // 9)
            head = sum(1 << i for i in range(3) if status[i] == 1)
            tail = sum(1 << i for i in range(3) if status[i] == 2)
            rows = len(perms)
            line = np.hstack([np.full((rows, 1), head), perms, np.full((rows, 1), tail)])
            masks = np.stack([_waits(line, i) for i in range(3)], axis=1)
            found = {(int(a), int(b), int(c)) for a, b, c in np.unique(masks, axis=0)}
            table[code, present] = _pareto(found)
    width = max(len(t) for t in table.values())
    out = np.full((27, 128, width, 3), -1, dtype=np.int64)
    for (code, present), rows_ in table.items():
        out[code, present, : len(rows_)] = rows_
    return out


@functools.cache
def signatures() -> np.ndarray:
    """The signature table, built on first use (about a second)."""
    return _signatures()


@numba.njit(cache=True)
def _triple_value(
    block: int,
    a: int,
    b: int,
    c: int,
    dur: np.ndarray,
    cast: np.ndarray,
    cost: np.ndarray,
    code: int,
    sigs: np.ndarray,
    span: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """Least waiting of players ``a, b, c`` (statuses in ``code``) among the pieces of ``block``."""
    span[:] = 0
    for s in range(dur.shape[0]):
        if (block >> s) & 1:
            x = cast[s]
            k = ((x >> a) & 1) | (((x >> b) & 1) << 1) | (((x >> c) & 1) << 2)
            span[k] += dur[s]
    present = 0
    for k in range(1, 8):
        if span[k] > 0:
            present |= 1 << (k - 1)
    if present == 0:
        return 0
    who = (a, b, c)
    best = -1
    for j in range(sigs.shape[2]):
        if sigs[code, present, j, 0] < 0:
            break
        total = 0
        for i in range(3):
            mask = sigs[code, present, j, i]
            if mask:
                waited = 0
                for k in range(1, 8):
                    if (mask >> k) & 1:
                        waited += span[k]
                total += cost[who[i]] * waited
        if best < 0 or total < best:
            best = total
            if best == 0:
                break
    return max(best, 0)


@numba.njit(cache=True)
def _triple_bound(
    block: int,
    free: int,
    front: int,
    back: int,
    dur: np.ndarray,
    cast: np.ndarray,
    cost: np.ndarray,
    triples: np.ndarray,
    sigs: np.ndarray,
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Sum over disjoint triples of players not yet called or held at one end, taken greedily
    from ``triples`` (best first); also the players used."""
    allowed = free | front | back
    span = np.zeros(8, dtype=np.int64)
    used = 0
    total = 0
    for t in range(triples.shape[0]):
        mask = triples[t, 3]
        if (mask & allowed) != mask or (mask & used):
            continue
        used |= mask
        code = 0
        scale = 1
        for i in range(3):
            bit = 1 << triples[t, i]
            code += scale * (1 if front & bit else 2 if back & bit else 0)
            scale *= 3
        total += _triple_value(
            block, triples[t, 0], triples[t, 1], triples[t, 2], dur, cast, cost, code, sigs, span
        )
        if allowed & ~used == 0:
            break
    return total, used


def ranked_triples(
    durations: tuple[int, ...], costs: tuple[int, ...], players: tuple[int, ...]
) -> np.ndarray:
    """Rows ``(a, b, c, mask)`` of the triples that force waiting on the whole day, best first."""
    m, n = len(costs), len(durations)
    dur = np.array(durations, dtype=np.int64).reshape(n)
    cast = np.array(players, dtype=np.int64).reshape(n)
    cost = np.array(costs, dtype=np.int64).reshape(m)
    full = (1 << n) - 1
    rows = []
    for a, b, c in itertools.combinations(range(m), 3):
        value = int(
            _triple_value(
                full, a, b, c, dur, cast, cost, 0, signatures(), np.zeros(8, dtype=np.int64)
            )
        )
        if value > 0:
            rows.append((value, a, b, c))
    rows.sort(key=lambda r: -r[0])
    out = np.array(
        [(a, b, c, (1 << a) | (1 << b) | (1 << c)) for _, a, b, c in rows], dtype=np.int64
    )
    return out.reshape(len(rows), 4)
