"""Exact rehearsal sequencer: the order of a studio day's pieces that minimises paid waiting.

This is talent scheduling. The instance is first reduced (:mod:`talent_reduce`); a reduced
instance of at most ``MAX_DP_PIECES`` pieces is solved by the compiled subset DP
(:mod:`sequencer_dp`), which is a proof by exhaustion. Larger ones go to the compiled bounded
double-ended search (:mod:`sequencer_bb`; :mod:`sequencer_search` is a simpler pure-Python one),
seeded by :mod:`sequencer_heuristic`; it is exact when it finishes within the time limit and
otherwise returns its best order with ``optimal=False``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from etoile.errors import InputError
from etoile.solve.rehearsals.sequencer_bb import CompiledSearch
from etoile.solve.rehearsals.sequencer_dp import MAX_DP_PIECES, solve_by_dp
from etoile.solve.rehearsals.sequencer_heuristic import upper_order
from etoile.solve.rehearsals.sequencer_search import DoubleEndedSearch, SearchTimeout
from etoile.solve.rehearsals.talent_instance import TalentInstance
from etoile.solve.rehearsals.talent_reduce import ReducedInstance, cast_cost, reduce_instance

SearchProgress = Callable[[int, int], None]  # (nodes so far, best waiting so far)
# From this many merged pieces the compiled search also bounds a state by the optima of the
# day's two halves (the heuristic order's pieces in odd and in even places); below it, the
# halves' own searches cost more than they save (ADR 0004).
SPLIT_FROM_PIECES = 28


@dataclass(frozen=True)
class SequenceResult:
    """An order of the original pieces (0-based indices) and what it costs."""

    order: tuple[int, ...]
    total_cost: int
    waiting_cost: int
    optimal: bool
    nodes: int
    wall_s: float


@dataclass(frozen=True)
class DayOrder:
    """The sequencer's answer for the weekly scheduler: piece ids in rehearsal order."""

    order: list[str]
    total_cost: int
    waiting_cost: int
    optimal: bool


def solve_talent(
    inst: TalentInstance,
    time_limit: float | None = None,
    method: Literal["auto", "dp", "search", "search-py", "literature"] = "auto",
    progress: SearchProgress | None = None,
    threads: int = 2,
) -> SequenceResult:
    """Minimise the total (equivalently the waiting) cost; ``optimal`` only when proven.

    ``method`` forces one engine (the tests check each against brute force); ``search-py`` is
    the simpler pure-Python search, also used above 31 merged players; ``literature`` is the
    compiled search with only the published methods' bound, the benchmark's baseline.
    ``progress(nodes, best waiting so far)`` hears from the compiled search about ten times a
    second. ``threads``: the compiled search's worker threads; with one, its node count is the
    same on every run (two race, so their times and counts vary), which is how engine changes
    are compared.
    """
    t0 = time.monotonic()
    red = reduce_instance(inst)
    nodes = 0
    fits = red.n <= MAX_DP_PIECES and len(red.costs) <= 62
    compiled = red.n <= 62 and len(red.costs) <= 31
    deadline = None if time_limit is None else t0 + time_limit
    if method == "dp" or (method == "auto" and fits):
        order, _ = solve_by_dp(red)
        nodes = 1 << red.n
        optimal = True
    elif method == "search-py" or not compiled:
        order, optimal, nodes = _python_search(red, deadline)
    else:
        order, optimal, nodes = _compiled_search(
            red, deadline, progress, threads, literature=method == "literature"
        )
    original = tuple(red.expand(order))
    return SequenceResult(
        order=original,
        total_cost=inst.total_cost(original),
        waiting_cost=inst.waiting_cost(original),
        optimal=optimal,
        nodes=nodes,
        wall_s=time.monotonic() - t0,
    )


def sequence_pieces(
    durations: Mapping[str, int],
    cast: Mapping[str, Collection[str]],
    dancer_costs: Mapping[str, int] | None = None,
    time_limit: float | None = None,
) -> DayOrder:
    """Order one studio day's pieces so that the called dancers wait as little as possible.

    ``durations`` maps piece id to length (any integer unit, e.g. minutes); ``cast`` maps piece
    id to the dancers called for it; ``dancer_costs`` weights dancers (default 1 each, i.e.
    minimise the plain waiting time).
    """
    pieces = list(durations)
    unknown = sorted(set(cast) - set(pieces))
    if unknown:
        raise InputError(f"cast: piece {unknown[0]!r} has no duration")
    dancers = sorted({d for p in pieces for d in cast.get(p, ())})
    costs = dancer_costs or {}
    for p in pieces:
        if durations[p] < 0:
            raise InputError(f"durations: piece {p!r} has a negative duration {durations[p]}")
    inst = TalentInstance(
        name="day",
        durations=tuple(int(durations[p]) for p in pieces),
        costs=tuple(int(costs.get(d, 1)) for d in dancers),
        appears=tuple(tuple(d in cast.get(p, ()) for p in pieces) for d in dancers),
        piece_names=tuple(pieces),
    )
    result = solve_talent(inst, time_limit)
    return DayOrder(
        order=[pieces[i] for i in result.order],
        total_cost=result.total_cost,
        waiting_cost=result.waiting_cost,
        optimal=result.optimal,
    )


def _python_search(red: ReducedInstance, deadline: float | None) -> tuple[list[int], bool, int]:
    search = DoubleEndedSearch(red, deadline)
    order = search.heuristic()
    upper = search.waiting(order)
    try:
        full = (1 << red.n) - 1
        if search.solve(full, search.union(full), 0, 0, upper) < upper:
            order = search.path()
        return order, True, search.nodes
    except SearchTimeout:
        return order, False, search.nodes


def _compiled_search(
    red: ReducedInstance,
    deadline: float | None,
    progress: SearchProgress | None = None,
    threads: int = 2,
    literature: bool = False,
) -> tuple[list[int], bool, int]:
    """Seeded upper bound, then the compiled bounded search until it proves or the deadline
    (then the best order found so far); ``literature``: the published bound only."""
    order = upper_order(red.durations, red.costs, red.players)
    split = order if red.n >= SPLIT_FROM_PIECES and not literature else None
    search = CompiledSearch(
        red.durations, red.costs, red.players, threads=threads, split=split, literature=literature
    )
    upper = waiting_of(red, order)
    value = search.run(upper, deadline=deadline, progress=progress)
    if value is None:  # cut short: the best order it found, if better than the heuristic's
        found = search.best_found()
        return (order if found is None else found[1]), False, search.nodes
    if value < upper:
        order = search.path()
    return order, True, search.nodes


def waiting_of(red: ReducedInstance, order: list[int]) -> int:
    """Paid waiting of an order of merged pieces."""
    total = 0
    started = 0
    for i, s in enumerate(order):
        later = 0
        for t in order[i + 1 :]:
            later |= red.players[t]
        started |= red.players[s]
        idle = started & later & ~red.players[s]
        total += red.durations[s] * cast_cost(red.costs, idle)
    return total
