"""Preprocessing that shrinks a talent instance without changing its optimal orders.

Following Garcia de la Banda, Stuckey & Chu (2011): a player in one piece only (or free of
charge) never waits, so they are dropped; pieces with the same players are always rehearsed
back to back, so they are merged; players in exactly the same pieces are merged into one with
the summed cost. Pieces left with nobody can go first at no cost.
"""

from __future__ import annotations

from dataclasses import dataclass

from etoile.solve.rehearsals.talent_instance import TalentInstance


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
    """Drop, merge and group as described in the module docstring."""
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
