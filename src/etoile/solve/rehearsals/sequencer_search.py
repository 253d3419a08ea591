"""Bounded double-ended search for blocks too large for the full subset DP.

The bounded dynamic programme of Garcia de la Banda, Stuckey & Chu (2011): a call with a budget
``U`` either returns the exact optimum below ``U`` or a proven lower bound ``≥ U``; both are
memoised per state. Pieces are placed alternately at the front and at the back (Qin, Zhang, Lim
& Liang 2016); children are tried in order of step cost plus admissible bound
(:mod:`talent_bound`), and a piece whose players are exactly those on location is forced next.
"""

from __future__ import annotations

import time

from etoile.solve.rehearsals.talent_bound import WaitingBound
from etoile.solve.rehearsals.talent_reduce import ReducedInstance

# (score, step cost, piece, block, needed, left, right) of one placement.
Child = tuple[int, int, int, int, int, int, int]


class SearchTimeout(Exception):
    """Raised inside the search when the time limit is reached."""


def _cost_function(costs: tuple[int, ...]) -> list[list[int]]:
    """Lookup tables (11 players each) so that the cost of a set of players is a few indexings."""
    tables = []
    for start in range(0, max(len(costs), 1), 11):
        chunk = costs[start : start + 11]
        table = [0] * (1 << len(chunk))
        for mask in range(1, len(table)):
            low = mask & -mask
            table[mask] = table[mask ^ low] + chunk[low.bit_length() - 1]
        tables.append(table)
    return tables


class DoubleEndedSearch:
    """State of one exact double-ended search on a reduced instance.

    A state is the block ``M`` of unplaced pieces with ``L`` (players called before the block who
    are still needed in or after it) and ``R`` (players called after it who are needed in or
    before it). The waiting still to come depends on ``(M, L, R)`` only. Pieces are placed
    alternately at the front and at the back of the block (Qin, Zhang, Lim & Liang 2016): players
    open at both ends wait through the whole block, which makes the bound tight quickly.
    """

    def __init__(self, red: ReducedInstance, deadline: float | None) -> None:
        self.n = red.n
        self.m = len(red.costs)
        self.durations = red.durations
        self.players = red.players
        self.costs = red.costs
        self.actor_scenes = [
            sum(1 << s for s in range(red.n) if red.players[s] >> a & 1) for a in range(self.m)
        ]
        self.tables = _cost_function(red.costs)
        self.bound = WaitingBound(red.durations, red.costs, red.players)
        self.deadline = deadline
        self.exact: dict[int, int] = {}
        self.best_next: dict[int, int] = {}
        self.lower: dict[int, int] = {}
        self.nodes = 0

    def cost(self, mask: int) -> int:
        tables = self.tables
        if len(tables) == 1:
            return tables[0][mask]
        total = 0
        for table in tables:
            total += table[mask & 2047]
            mask >>= 11
        return total

    def waiting(self, order: list[int]) -> int:
        """Waiting cost of a complete order of merged pieces (prefix and suffix unions)."""
        suffix = [0] * (len(order) + 1)
        for i in range(len(order) - 1, -1, -1):
            suffix[i] = suffix[i + 1] | self.players[order[i]]
        started = 0
        total = 0
        for i, s in enumerate(order):
            cast = self.players[s]
            started |= cast
            total += self.durations[s] * self.cost(started & suffix[i + 1] & ~cast)
        return total

    def union(self, block: int) -> int:
        mask = 0
        for s in range(self.n):
            if block >> s & 1:
                mask |= self.players[s]
        return mask

    def key(self, block: int, left: int, right: int) -> int:
        return block | (left | right << self.m) << self.n

    def estimate(self, block: int, needed: int, left: int, right: int) -> int:
        """Lower bound on the waiting still to come in state (block, left, right)."""
        both = left & right
        value = 0
        if both:
            span = 0
            for s in range(self.n):
                if block >> s & 1:
                    span += self.durations[s]
                    value -= self.durations[s] * self.cost(self.players[s] & both)
            value += span * self.cost(both)
        return (
            value
            + self.bound(block, left & ~right & needed)
            + self.bound(block, right & ~left & needed)
        )

    def shrink(self, block: int, cast: int, needed: int) -> int:
        """Players still needed in ``block`` once a piece with ``cast`` has left it."""
        leaving = cast
        while leaving:
            low = leaving & -leaving
            if not self.actor_scenes[low.bit_length() - 1] & block:
                needed &= ~low
            leaving ^= low
        return needed

    def children(
        self, block: int, needed: int, left: int, right: int, front: bool, after: int
    ) -> list[Child]:
        """(score, step cost, piece, block, needed, left, right) for each placement."""
        near, far = (left, right) if front else (right, left)
        out: list[Child] = []
        for s in range(after + 1, self.n):
            bit = 1 << s
            if not block & bit:
                continue
            cast = self.players[s]
            rest = block ^ bit
            rest_needed = self.shrink(rest, cast, needed)
            opened = near | cast
            present = opened & (cast | rest_needed | far)
            step = self.durations[s] * self.cost(present & ~cast)
            new_near = opened & (rest_needed | far)
            new_far = far & (rest_needed | opened)
            new_left, new_right = (new_near, new_far) if front else (new_far, new_near)
            key = self.key(rest, new_left, new_right)
            known = self.exact.get(key)
            if known is None:
                known = max(
                    self.estimate(rest, rest_needed, new_left, new_right), self.lower.get(key, 0)
                )
            child = (step + known, step, s, rest, rest_needed, new_left, new_right)
            if cast == near:
                return [child]  # exactly the players already here: nothing better can go first
            out.append(child)
        out.sort()
        return out

    def solve(self, block: int, needed: int, left: int, right: int, budget: int) -> int:
        """Exact optimum of the state if below ``budget``, else a lower bound ``≥ budget``."""
        if not block:
            return 0
        key = self.key(block, left, right)
        known = self.exact.get(key)
        if known is not None:
            return known
        floor = self.lower.get(key)
        if floor is None:
            floor = self.estimate(block, needed, left, right)
        if floor >= budget:
            return floor
        self.nodes += 1
        if self.deadline is not None and self.nodes & 255 == 0 and time.monotonic() > self.deadline:
            raise SearchTimeout
        placed = self.n - block.bit_count()
        front = placed % 2 == 0
        # Mirror symmetry: the first piece at the back has a larger index than the first at the front.
        after = -1
        if placed == 1:
            after = (((1 << self.n) - 1) ^ block).bit_length() - 1
        best = budget
        best_piece = -1
        failed = 1 << 62
        for score, step, s, rest, rest_needed, new_left, new_right in self.children(
            block, needed, left, right, front, after
        ):
            if score >= best:
                failed = min(failed, score)
                break
            value = step + self.solve(rest, rest_needed, new_left, new_right, best - step)
            if value < best:
                best, best_piece = value, s
            else:
                failed = min(failed, value)
        if best_piece >= 0:
            self.exact[key] = best
            self.best_next[key] = best_piece
            return best
        self.lower[key] = failed
        return failed

    def path(self) -> list[int]:
        """Rebuild the optimal order from the memoised choices."""
        head: list[int] = []
        tail: list[int] = []
        block = (1 << self.n) - 1
        needed = self.union(block)
        left = right = 0
        while block:
            front = len(head) == len(tail)
            s = self.best_next[self.key(block, left, right)]
            cast = self.players[s]
            block ^= 1 << s
            needed = self.shrink(block, cast, needed)
            near, far = (left, right) if front else (right, left)
            opened = near | cast
            near, far = opened & (needed | far), far & (needed | opened)
            left, right = (near, far) if front else (far, near)
            (head if front else tail).append(s)
        return head + tail[::-1]

    def heuristic(self) -> list[int]:
        """Greedy (least waiting next, ties to the piece closing most players), then moves."""
        block = (1 << self.n) - 1
        started = 0
        order: list[int] = []
        while block:
            needed = self.union(block)
            best = min(
                (s for s in range(self.n) if block >> s & 1),
                key=lambda s: (
                    self.durations[s] * self.cost(started & needed & ~self.players[s]),
                    -self.cost(self.players[s] & started),
                ),
            )
            order.append(best)
            started |= self.players[best]
            block ^= 1 << best
        value = self.waiting(order)
        improved = True
        while improved:
            improved = False
            for i in range(len(order)):
                for j in range(len(order)):
                    if i == j:
                        continue
                    trial = order[:i] + order[i + 1 :]
                    trial.insert(j, order[i])
                    trial_value = self.waiting(trial)
                    if trial_value < value:
                        value, order, improved = trial_value, trial, True
            if self.deadline is not None and time.monotonic() > self.deadline:
                break
        return order
