"""A talent-scheduling instance: pieces with durations, players with costs, who is in what.

Kept free of any solver so that the tests can check costs independently of the sequencer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TalentInstance:
    """One studio day: ``appears[p][s]`` is true when player ``p`` is in piece ``s``."""

    name: str
    durations: tuple[int, ...]
    costs: tuple[int, ...]
    appears: tuple[tuple[bool, ...], ...]
    piece_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.appears) != len(self.costs):
            raise ValueError("appears must have one row per player")
        if any(len(row) != len(self.durations) for row in self.appears):
            raise ValueError("each appears row must have one entry per piece")
        if self.piece_names and len(self.piece_names) != len(self.durations):
            raise ValueError("piece_names must name every piece")

    @property
    def n_pieces(self) -> int:
        return len(self.durations)

    @property
    def n_players(self) -> int:
        return len(self.costs)

    @property
    def density(self) -> float:
        """Share of (player, piece) pairs where the player is called: what decides how hard
        the day is for the exact search (sparse days, where players meet few others, are the
        hard ones; see ``docs/benchmarks.md``)."""
        cells = self.n_players * self.n_pieces
        return sum(map(sum, self.appears)) / cells if cells else 0.0

    def name_of(self, piece: int) -> str:
        """The piece's name, or its 1-based number as in the literature."""
        return self.piece_names[piece] if self.piece_names else str(piece + 1)

    def players_of(self, piece: int) -> frozenset[int]:
        return frozenset(p for p, row in enumerate(self.appears) if row[piece])

    def base_cost(self) -> int:
        """The part of any order's cost paid while players are actually on stage."""
        return sum(
            d * sum(c for c, row in zip(self.costs, self.appears, strict=True) if row[s])
            for s, d in enumerate(self.durations)
        )

    def total_cost(self, order: Sequence[int]) -> int:
        """Each player is paid from the start of their first piece to the end of their last."""
        self._check_order(order)
        start: list[int] = []
        t = 0
        for s in order:
            start.append(t)
            t += self.durations[s]
        total = 0
        for cost, row in zip(self.costs, self.appears, strict=True):
            slots = [i for i, s in enumerate(order) if row[s]]
            if slots:
                first, last = slots[0], slots[-1]
                total += cost * (start[last] + self.durations[order[last]] - start[first])
        return total

    def waiting_cost(self, order: Sequence[int]) -> int:
        """Total cost minus the unavoidable on-stage cost: the paid idle time."""
        return self.total_cost(order) - self.base_cost()

    def _check_order(self, order: Sequence[int]) -> None:
        if sorted(order) != list(range(self.n_pieces)):
            raise ValueError(f"order must be a permutation of 0..{self.n_pieces - 1}")
