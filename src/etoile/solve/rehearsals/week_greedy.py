"""A naive first-come schedule: each call, in deadline order, takes the earliest free slot.

It is the baseline the benchmark compares waiting time against, and the CP-SAT hint. It keeps
every hard rule (it checks the same limits as the model) but never looks ahead. Like the model,
it calls only the dancers here that day (``WeekProblem.called``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from etoile.solve.rehearsals.week_model import CATCH_UP_WEIGHT
from etoile.solve.rehearsals.week_pianists import most_at_once
from etoile.solve.rehearsals.week_problem import CallSpec, WeekProblem


@dataclass(frozen=True)
class Placement:
    """Where and when a call went."""

    start: int
    block: int
    studio_id: str | None
    master_id: str | None


@dataclass
class _Book:
    """Busy intervals and running totals while placing calls."""

    busy: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    day_minutes: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    block_minutes: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    week_minutes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    days: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    spans: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)
    places: dict[str, list[tuple[int, int, str]]] = field(default_factory=lambda: defaultdict(list))
    studio_calls: dict[int, list[tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def free(self, key: str, start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e in self.busy[key])

    def pianist_free(self, problem: WeekProblem, day: int, start: int, end: int) -> bool:
        """One more studio call over ``[start, end)`` leaves a pianist for each (or no limit)."""
        if problem.pianists_on is None:
            return True
        overlapping = [(max(s, start), min(e, end)) for s, e in self.studio_calls[day]]
        busy = most_at_once((s, e) for s, e in overlapping if s < e)
        return busy < problem.pianists_on.get(day, 0)

    def can_travel(self, dancer: str, place: str, start: int, end: int, gap: int) -> bool:
        """The dancer's calls at other places leave ``gap`` minutes on either side."""
        return all(
            p == place or end + gap <= s or e + gap <= start for s, e, p in self.places[dancer]
        )


def _can_get_there(
    problem: WeekProblem, book: _Book, call: CallSpec, day: int, start: int, place: str
) -> bool:
    """Every dancer the call calls has the travel time from their calls elsewhere."""
    gap = problem.rules.minutes_between_locations
    end = start + call.minutes
    return all(book.can_travel(d, place, start, end, gap) for d in problem.called(call, day))


def _dancers_fit(problem: WeekProblem, book: _Book, call: CallSpec, block: int, start: int) -> bool:
    """The call fits its dancers' day and week (travel is checked with the room, ``_place``)."""
    day = problem.blocks[block].day
    end = start + call.minutes
    for dancer in problem.called(call, day):
        if not book.free(f"d:{dancer}", start, end):
            return False
        if book.day_minutes[dancer, day] + call.minutes > problem.day_cap(dancer, day):
            return False
        if book.block_minutes[dancer, block] + call.minutes > problem.stretch_cap:
            return False
        if book.week_minutes[dancer] + call.minutes > problem.week_cap:
            return False
        shows = {d for (who, d) in problem.performing if who == dancer}
        worked = book.days[dancer] | shows | {day}
        if len(worked) > max(problem.max_work_days, len(shows)):
            return False
    return True


def _added_waiting(
    problem: WeekProblem, book: _Book, call: CallSpec, block: int, start: int
) -> int:
    """Waiting the call adds to its dancers' day (0 for a dancer's first call of the day)."""
    day = problem.blocks[block].day
    end = start + call.minutes
    added = 0
    for dancer in problem.called(call, day):
        span = book.spans.get((dancer, day))
        if span is not None:
            added += max(span[1], end) - min(span[0], start) - (span[1] - span[0]) - call.minutes
    return added


def _place(problem: WeekProblem, book: _Book, call: CallSpec, best_fit: bool) -> Placement | None:
    slot = problem.rules.slot_minutes
    best: tuple[int, Placement] | None = None
    for block, earliest, latest in sorted(call.windows, key=lambda w: w[1]):
        day = problem.blocks[block].day
        masters = [m for m in call.master_ids if day in problem.master_days[m]]
        if call.master_ids and not masters:
            continue
        for start in range(earliest, latest - call.minutes + 1, slot):
            end = start + call.minutes
            if not _dancers_fit(problem, book, call, block, start):
                continue
            if call.venue_id is not None:
                rooms: list[str | None] = (
                    [None]
                    if book.free(f"v:{call.venue_id}", start, end)
                    and _can_get_there(problem, book, call, day, start, call.venue_id)
                    else []
                )
            elif book.pianist_free(problem, day, start, end):
                reachable = {
                    site: _can_get_there(problem, book, call, day, start, site)
                    for site in problem.places_of(call)
                }
                rooms = [
                    s
                    for s in call.studio_ids
                    if book.free(f"s:{s}", start, end) and reachable[problem.site_of(s)]
                ]
            else:
                rooms = []
            chosen = [m for m in masters if book.free(f"m:{m}", start, end)]
            if not rooms or (call.master_ids and not chosen):
                continue
            placement = Placement(start, block, rooms[0], chosen[0] if chosen else None)
            if not best_fit:
                return placement
            cost = _added_waiting(problem, book, call, block, start)
            cost += CATCH_UP_WEIGHT * len(problem.missed_by(call, day)) * call.minutes
            if best is None or cost < best[0]:
                best = (cost, placement)
    return best[1] if best else None


def greedy_week(problem: WeekProblem, best_fit: bool = False) -> dict[str, Placement]:
    """Place calls first come, first served (theatre calls first, then by deadline).

    ``best_fit`` (the CP-SAT hint) puts each call where it adds least waiting instead of at
    the earliest free slot (the naive baseline).
    """
    book = _Book()
    placed: dict[str, Placement] = {}
    order = sorted(
        problem.calls, key=lambda c: (c.venue_id is None, c.deadline, c.requirement_id or "")
    )
    for call in order:
        found = _place(problem, book, call, best_fit)
        if found is None:
            continue
        placed[call.id] = found
        end = found.start + call.minutes
        day = problem.blocks[found.block].day
        place = call.venue_id or problem.site_of(found.studio_id or "")
        for dancer in problem.called(call, day):
            book.busy[f"d:{dancer}"].append((found.start, end))
            book.places[dancer].append((found.start, end, place))
            book.day_minutes[dancer, day] += call.minutes
            book.block_minutes[dancer, found.block] += call.minutes
            book.week_minutes[dancer] += call.minutes
            book.days[dancer].add(day)
            span = book.spans.get((dancer, day))
            book.spans[dancer, day] = (
                (min(span[0], found.start), max(span[1], end)) if span else (found.start, end)
            )
        if found.studio_id:
            book.studio_calls[day].append((found.start, end))
        for key in (
            f"s:{found.studio_id}" if found.studio_id else None,
            f"v:{call.venue_id}" if call.venue_id else None,
            f"m:{found.master_id}" if found.master_id else None,
        ):
            if key:
                book.busy[key].append((found.start, end))
    return in_call_order(problem, placed)


def in_call_order(problem: WeekProblem, placed: dict[str, Placement]) -> dict[str, Placement]:
    """Give a requirement's same-length calls its placements in time order, first calls first.

    Such calls are interchangeable (same dancers, windows, rooms, masters); the model breaks
    that symmetry by keeping them in order, so a hint that does not would be infeasible.
    """
    groups: dict[tuple[str, int], list[CallSpec]] = defaultdict(list)
    for call in problem.calls:
        if call.requirement_id is not None:
            groups[call.requirement_id, call.minutes].append(call)
    ordered = dict(placed)
    for calls in groups.values():
        got = sorted((placed[c.id] for c in calls if c.id in placed), key=lambda p: p.start)
        for call in calls:
            ordered.pop(call.id, None)
        for call, placement in zip(calls, got, strict=False):
            ordered[call.id] = placement
    return ordered
