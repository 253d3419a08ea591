"""Admissible lower bound on the waiting of players held open at one end of the unplaced pieces.

Players already on location at the start of the unplaced block (they rehearsed before it and
still have pieces in it) stay until their last piece in it; the mirror holds at the end. Their cost is a weighted-completion-time problem on one machine; sharing
each piece's duration among its players in proportion to cost and ordering players by Smith's
ratio gives the bound of Garcia de la Banda, Stuckey & Chu (2011, §4). Players not yet called
are bounded by zero.
"""

from __future__ import annotations

import math


class WaitingBound:
    """Memoised bound for a set ``R`` of merged pieces and the players held open at one end."""

    def __init__(
        self, durations: tuple[int, ...], costs: tuple[int, ...], players: tuple[int, ...]
    ):
        self.durations = durations
        self.costs = costs
        self.players = players
        self.scene_bits = [(s, 1 << s) for s in range(len(durations))]
        self.actor_bits = [(a, 1 << a) for a in range(len(costs))]
        self.shift = len(durations)
        self.cache: dict[int, int] = {}

    def __call__(self, remaining: int, on_location: int) -> int:
        """Lower bound on the waiting of ``on_location`` players during the ``remaining`` pieces."""
        if not on_location:
            return 0
        key = remaining | on_location << self.shift
        cached = self.cache.get(key)
        if cached is None:
            cached = self.cache[key] = self._compute(remaining, on_location)
        return cached

    def _compute(self, remaining: int, on_location: int) -> int:
        costs = self.costs
        ratio = [0.0] * len(costs)
        correction = 0.0
        for s, bit in self.scene_bits:
            if not remaining & bit:
                continue
            here = self.players[s] & on_location
            if not here:
                continue
            d = self.durations[s]
            weight = 0
            squares = 0
            members = []
            for a, abit in self.actor_bits:
                if here & abit:
                    c = costs[a]
                    weight += c
                    squares += c * c
                    members.append(a)
            if weight == 0:
                continue
            correction += d * (weight + squares / weight) / 2.0
            share = d / weight
            for a in members:
                ratio[a] += share
        actors = [a for a, abit in self.actor_bits if on_location & abit and costs[a] > 0]
        actors.sort(key=ratio.__getitem__)
        elapsed = 0.0
        total = 0.0
        for a in actors:
            elapsed += ratio[a] * costs[a]
            total += costs[a] * elapsed
        bound = total - correction
        return max(0, math.ceil(bound - 1e-6))
