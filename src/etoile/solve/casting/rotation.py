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


MAX_EXTRA_CASTS = 3
"""At most this many casts beyond ``casts_per_run`` when the schedule needs them."""


def enough_casts(
    days: list[date], wanted: int, rest_days: int, needs_rest: bool
) -> tuple[int, list[int]]:
    """The company's number of casts, or the fewest more that keep the rest rule.

    Two shows a day on weekends with a day of rest after Odette cannot rotate through three
    casts; real companies add a cast for such runs (Nutcracker), so the engine does too.
    """
    count = max(1, min(wanted, len(days)))
    gap = rest_days + 1 if needs_rest else 1
    for extra in range(MAX_EXTRA_CASTS + 1):
        casts = assign_casts(days, min(count + extra, len(days)), rest_days, needs_rest)
        if _rested(days, casts, gap) or count + extra >= len(days):
            return min(count + extra, len(days)), casts
    return count, assign_casts(days, count, rest_days, needs_rest)


def _rested(days: list[date], casts: list[int], gap: int) -> bool:
    last: dict[int, date] = {}
    for day, cast in zip(days, casts, strict=True):
        if cast in last and (day - last[cast]).days < gap:
            return False
        last[cast] = day
    return True
