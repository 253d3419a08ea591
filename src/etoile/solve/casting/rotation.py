"""The rotation of named casts through a run: first cast opens, casts alternate, rest is kept.

Fixing the rotation before solving keeps the casting model linear: a dancer in cast 2 dances
exactly the performances that cast 2 is given here.
"""

from __future__ import annotations

from datetime import date


def assign_casts(days: list[date], casts: int, rest_days: int, needs_rest: bool) -> list[int]:
    """Cast number (1-based) per performance, in curtain order.

    Each performance goes to the cast with the fewest performances so far (ties: the lower
    number, so the first cast opens) among those that danced neither the same day nor, when the
    work has high-intensity lead roles, within ``rest_days`` before. If none qualifies, the cast
    that has rested longest takes it (the rest rule will then say so).
    """
    if casts < 1:
        raise ValueError("a run needs at least one cast")
    gap = rest_days + 1 if needs_rest else 1
    counts = [0] * casts
    last: list[date | None] = [None] * casts
    chosen: list[int] = []
    for day in days:
        order = sorted(range(casts), key=lambda c: (counts[c], c))
        rested = [c for c in order if last[c] is None or (day - last[c]).days >= gap]  # type: ignore[operator]
        pick = rested[0] if rested else min(order, key=lambda c: (last[c] or day, counts[c], c))
        counts[pick] += 1
        last[pick] = day
        chosen.append(pick + 1)
    return chosen
