"""Keep a group together: when a group's call follows its previous call straight on, it stays in
the same studio with the same ballet master.

The solver picks any free studio that is big enough and any free ballet master who knows the
work, so a cast may rehearse 11:15–12:15 with one master in one studio and 12:15–12:45 with
another master in the next studio along. A ballet master would keep them where they are, and
the call sheet can then post one call (11:15–12:45). Only studios and masters change, never a
time or a dancer, so nobody's day changes. The move: two studios (or two masters) exchange a
stretch of their day that starts or ends at the hand-over, for instance everything from 12:15
on; a single call taking a free studio, or two calls at the same hour trading, are the shortest
such stretches. A move is kept only if every moved call fits (size; the master knows the work
and works that day) and it lowers the number of changes, and the week must still pass the
validator, else nothing is moved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Literal

from etoile.model import Season
from etoile.model.schedule import Call, CallKind, RehearsalSchedule
from etoile.solve.rehearsals.validate import validate_schedule

Field = Literal["studio_id", "ballet_master_id"]
Fits = Callable[[Call, str], bool]  # may this call have this studio / master?


def _follows(previous: Call, call: Call) -> bool:
    """``call`` carries on ``previous``'s rehearsal with the same dancers, straight after it."""
    return (
        previous.end == call.start
        and previous.kind is CallKind.REHEARSAL is call.kind
        and (previous.label, previous.piece_ids, previous.dancer_ids)
        == (call.label, call.piece_ids, call.dancer_ids)
    )


def _pairs(calls: Sequence[Call]) -> list[tuple[int, int]]:
    """``(j, i)`` for every call ``i`` that carries on call ``j`` (moves never change these)."""
    ending: dict[datetime, list[int]] = defaultdict(list)
    for j, call in enumerate(calls):
        ending[call.end].append(j)
    return [
        (j, i)
        for i, call in enumerate(calls)
        for j in ending.get(call.start, ())
        if _follows(calls[j], call)
    ]


def _changes(calls: Sequence[Call], pairs: Sequence[tuple[int, int]], field: Field) -> int:
    return sum(getattr(calls[j], field) != getattr(calls[i], field) for j, i in pairs)


def room_changes(calls: Sequence[Call]) -> int:
    """How many times a group walks to another studio between two calls that follow on."""
    return _changes(calls, _pairs(calls), "studio_id")


def master_changes(calls: Sequence[Call]) -> int:
    """How many times a group gets another ballet master between two calls that follow on."""
    return _changes(calls, _pairs(calls), "ballet_master_id")


def _swap(
    calls: list[Call], field: Field, a: str, b: str, start: datetime, end: datetime, fits: Fits
) -> list[Call] | None:
    """The calls with ``a`` and ``b`` exchanged on ``field`` for every call inside
    ``[start, end]``: each timeline hands the other that stretch of its day. None if a call of
    either straddles ``start`` or ``end`` (it would overlap) or a moved call does not fit."""
    trial = list(calls)
    for k, call in enumerate(calls):
        value = getattr(call, field)
        if value != a and value != b:
            continue
        if call.start < start < call.end or call.start < end < call.end:
            return None
        if start <= call.start and call.end <= end:
            other = b if value == a else a
            if not fits(call, other):
                return None
            trial[k] = call.model_copy(update={field: other})
    return trial


def _windows(calls: list[Call], field: Field, j: int, i: int) -> list[tuple[datetime, datetime]]:
    """Stretches of the day whose exchange gives ``calls[i]`` the value of ``calls[j]`` (from
    the hand-over on) or the other way round (up to it), shortest first."""
    previous, call = calls[j], calls[i]
    values = {getattr(previous, field), getattr(call, field)}
    day = call.start.date()
    theirs = [c for c in calls if getattr(c, field) in values and c.start.date() == day]
    after = [(call.start, e) for e in {c.end for c in theirs if c.end >= call.end}]
    starts = {c.start for c in theirs if c.start <= previous.start}
    before = [(s, call.start) for s in starts]
    return sorted(after + before, key=lambda w: (w[1] - w[0], w))  # deterministic ties


def _tidy(calls: list[Call], field: Field, fits: Fits) -> list[Call]:
    """Fewer changes of ``field`` between calls that follow on, one kept exchange at a time
    (each lowers the count, so this ends)."""
    pairs = _pairs(calls)
    best = _changes(calls, pairs, field)
    improved = True
    while improved and best:
        improved = False
        for j, i in pairs:
            a, b = getattr(calls[j], field), getattr(calls[i], field)
            if a == b or a is None or b is None:
                continue
            for start, end in _windows(calls, field, j, i):
                trial = _swap(calls, field, a, b, start, end, fits)
                if trial is not None and (changes := _changes(trial, pairs, field)) < best:
                    calls, best, improved = trial, changes, True
                    break
    return calls


def _fits_room(season: Season) -> Fits:
    capacity = {s.id: s.capacity for s in season.studios}
    return lambda call, room: capacity.get(room, 0) >= len(call.dancer_ids)


def _fits_master(season: Season) -> Fits:
    masters = {m.id: m for m in season.ballet_masters}

    def fits(call: Call, master_id: str) -> bool:
        master = masters.get(master_id)
        return (
            master is not None
            and (call.work_id is None or call.work_id in master.work_ids)
            and master.available_on(call.start.date())
        )

    return fits


def keep_groups_together(
    season: Season,
    schedule: RehearsalSchedule,
    shows: Mapping[str, Sequence[datetime]],
    show_call_minutes: int,
) -> RehearsalSchedule:
    """The schedule with back-to-back calls of one group in one studio with one ballet master
    where possible."""
    calls = sorted(schedule.calls, key=lambda c: (c.start, c.studio_id or "", c.id))
    tidy = _tidy(calls, "studio_id", _fits_room(season))
    tidy = _tidy(tidy, "ballet_master_id", _fits_master(season))
    if tidy == calls:
        return schedule
    kept = schedule.model_copy(update={"calls": tidy})
    if validate_schedule(season, kept, shows, None, show_call_minutes):
        return schedule  # never trade a valid week for a tidier one
    return kept
