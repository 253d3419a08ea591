"""Rehearsal pianists: how many studio calls a day can hold at once, and who plays for which.

Every studio rehearsal needs a pianist (domain notes §3.4). Pianists are interchangeable, so
the solvers only keep the number of studio calls at any moment within the pianists working that
day (a cumulative constraint in the model, a count in the greedy week). Names are given
afterwards, call by call in time order, which always succeeds when the count holds (interval
partitioning); each call goes to the pianist who played the studio's previous call if they are
free, so a studio keeps its pianist through the day. A company that lists no pianists is
scheduled without them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime

from etoile.model import Pianist, Season
from etoile.model.schedule import Call, CallKind, RehearsalSchedule


def needs_pianist(call: Call) -> bool:
    """Studio rehearsals are played for; company class (before the rehearsal blocks, with its
    own accompanist) and stage calls (the theatre's music) are not counted."""
    return call.kind is CallKind.REHEARSAL and call.studio_id is not None


def company_pianists(season: Season, company_id: str) -> list[Pianist]:
    return [p for p in season.pianists if p.company_id == company_id]


def most_at_once(spans: Iterable[tuple[int, int]]) -> int:
    """The largest number of the half-open spans ``[start, end)`` that share a moment."""
    events = sorted((t, step) for start, end in spans for t, step in ((start, 1), (end, -1)))
    load = most = 0
    for _t, step in events:  # at equal times ends (-1) sort first: back to back is not overlap
        load += step
        most = max(most, load)
    return most


def _rested(free_from: dict[str, datetime | None]) -> Callable[[str], tuple[bool, datetime]]:
    """Sort key: pianists not yet playing today first, then the one free the longest."""
    floor = datetime.min.replace(tzinfo=UTC)
    return lambda p: (free_from[p] is not None, free_from[p] or floor)


def assign_pianists(season: Season, schedule: RehearsalSchedule) -> RehearsalSchedule:
    """Every studio rehearsal with a pianist who works that day and plays one call at a time.

    A call is left without one only when more studio calls overlap than pianists work that day
    (the validator names it).
    """
    pianists = company_pianists(season, schedule.company_id)
    if not pianists:
        return schedule
    by_day: dict[date, list[Call]] = defaultdict(list)
    for call in schedule.calls:
        if needs_pianist(call):
            by_day[call.start.date()].append(call)
    chosen: dict[str, str | None] = {}
    for day, calls in by_day.items():
        free_from: dict[str, datetime | None] = {
            p.id: None for p in pianists if p.available_on(day)
        }
        last_in_studio: dict[str, str] = {}
        for call in sorted(calls, key=lambda c: (c.start, c.studio_id or "", c.id)):
            free = [p for p, at in free_from.items() if at is None or at <= call.start]
            previous = last_in_studio.get(call.studio_id or "")
            # the studio's own pianist, else one not yet playing today, else who waited longest
            pick = previous if previous in free else min(free, key=_rested(free_from), default=None)
            chosen[call.id] = pick
            if pick is not None:
                free_from[pick] = call.end
                last_in_studio[call.studio_id or ""] = pick
    calls = [
        c.model_copy(update={"pianist_id": chosen[c.id]}) if c.id in chosen else c
        for c in schedule.calls
    ]
    return schedule.model_copy(update={"calls": calls})
