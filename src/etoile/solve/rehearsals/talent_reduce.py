"""Preprocessing that shrinks a talent instance without changing its optimal orders.

Following Garcia de la Banda, Stuckey & Chu (2011): a player in one piece only (or free of
charge) never waits, so they are dropped; pieces with the same players are always rehearsed
back to back, so they are merged; players in exactly the same pieces are merged into one with
the summed cost. Pieces left with nobody can go first at no cost. Merging pieces can leave a
player in one merged piece, who is then dropped too, which can make more casts equal: the rules
are applied until nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from etoile.solve.rehearsals.talent_instance import TalentInstance


def cast_cost(costs: tuple[int, ...], cast: int) -> int:
    """Summed cost of the players in ``cast``, a bitmask as in :class:`ReducedInstance`."""
    return sum(c for a, c in enumerate(costs) if cast >> a & 1)


@dataclass(frozen=True)
class ReducedInstance:
    """The core the search works on, with the way back to the original pieces."""

    durations: tuple[int, ...]
    costs: tuple[int, ...]
    players: tuple[int, ...]  # bitmask of (merged) players per merged piece
    groups: tuple[tuple[int, ...], ...]  # original pieces behind each merged piece
    free: tuple[int, ...]  # original pieces with nobody left: rehearsed first

    @property
    def n(self) -> int:
        return len(self.durations)

    def expand(self, order: list[int]) -> list[int]:
        """Original piece order for an order of merged pieces."""
        return list(self.free) + [piece for g in order for piece in self.groups[g]]


def reduce_instance(inst: TalentInstance) -> ReducedInstance:
    """Drop, merge and group as described in the module docstring, to a fixpoint."""
    red = _reduce_once(inst)
    while red.n and _has_single_piece_player(red):
        again = _reduce_once(
            TalentInstance(
                name=inst.name,
                durations=red.durations,
                costs=red.costs,
                appears=tuple(
                    tuple(bool(cast >> a & 1) for cast in red.players)
                    for a in range(len(red.costs))
                ),
            )
        )
        red = ReducedInstance(
            durations=again.durations,
            costs=again.costs,
            players=again.players,
            groups=tuple(tuple(p for g in group for p in red.groups[g]) for group in again.groups),
            free=red.free + tuple(p for g in again.free for p in red.groups[g]),
        )
    return red


def _has_single_piece_player(red: ReducedInstance) -> bool:
    """Whether some player is left in one merged piece (another pass would drop them)."""
    seen = twice = 0
    for cast in red.players:
        twice |= seen & cast
        seen |= cast
    return seen != twice


def _reduce_once(inst: TalentInstance) -> ReducedInstance:
    """One pass of the rules."""
    pieces_of: dict[frozenset[int], int] = {}
    for p, row in enumerate(inst.appears):
        scenes = frozenset(s for s, on in enumerate(row) if on)
        if len(scenes) >= 2 and inst.costs[p] > 0:
            pieces_of[scenes] = pieces_of.get(scenes, 0) + inst.costs[p]
    kept = sorted(pieces_of.items(), key=lambda item: sorted(item[0]))
    costs = tuple(cost for _, cost in kept)
    cast = [0] * inst.n_pieces
    for bit, (scenes, _) in enumerate(kept):
        for s in scenes:
            cast[s] |= 1 << bit
    free = tuple(s for s in range(inst.n_pieces) if cast[s] == 0)
    groups: dict[int, list[int]] = {}
    for s in range(inst.n_pieces):
        if cast[s]:
            groups.setdefault(cast[s], []).append(s)
    masks = tuple(groups)
    return ReducedInstance(
        durations=tuple(sum(inst.durations[s] for s in groups[mask]) for mask in masks),
        costs=costs,
        players=masks,
        groups=tuple(tuple(groups[mask]) for mask in masks),
        free=free,
    )
