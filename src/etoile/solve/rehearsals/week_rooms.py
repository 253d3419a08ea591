"""Keep a group in one room: when a group's call follows its previous call straight on in another
studio, move one of the two so the group stays put.

The solver picks any free studio that is big enough, so a cast may rehearse 11:15–12:15 in one
studio and 12:15–12:45 in the next one along. A ballet master would keep them where they are,
and the call sheet can then post one call (11:15–12:45). Only studios change, never a time, a
ballet master or a dancer, so nobody's day changes. A call moves into a studio that is free and
big enough then, or trades studios with the one call holding it at exactly the same time; a move
is kept only if it lowers the number of such room changes, and the week must still pass the
validator, else nothing is moved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from etoile.model import Season
from etoile.model.schedule import Call, CallKind, RehearsalSchedule
from etoile.solve.rehearsals.validate import validate_schedule


def _follows(previous: Call, call: Call) -> bool:
    """``call`` carries on ``previous``'s rehearsal with the same dancers, straight after it (a
    new ballet master may take over: the dancers stay)."""
    return (
        previous.end == call.start
        and previous.kind is CallKind.REHEARSAL is call.kind
        and (previous.label, previous.piece_ids, previous.dancer_ids)
        == (call.label, call.piece_ids, call.dancer_ids)
    )


def room_changes(calls: Sequence[Call]) -> int:
    """How many times a group walks to another studio between two calls that follow on."""
    return sum(
        1
        for previous in calls
        for call in calls
        if previous.studio_id != call.studio_id and _follows(previous, call)
    )


def _move(calls: list[Call], i: int, room: str, capacity: Mapping[str, int]) -> list[Call] | None:
    """The calls with ``calls[i]`` put in ``room``: it is free then, or its one call at the very
    same time trades rooms (each call fitting the other's room); None if neither."""
    call = calls[i]
    if capacity.get(room, 0) < len(call.dancer_ids):
        return None
    there = [
        k
        for k, c in enumerate(calls)
        if k != i and c.studio_id == room and c.start < call.end and call.start < c.end
    ]
    if not there:
        trial = list(calls)
        trial[i] = call.model_copy(update={"studio_id": room})
        return trial
    other = calls[there[0]]
    here = call.studio_id or ""
    if (
        len(there) == 1
        and (other.start, other.end) == (call.start, call.end)
        and capacity.get(here, 0) >= len(other.dancer_ids)
    ):
        trial = list(calls)
        trial[i] = call.model_copy(update={"studio_id": room})
        trial[there[0]] = other.model_copy(update={"studio_id": here})
        return trial
    return None


def keep_groups_in_their_rooms(
    season: Season,
    schedule: RehearsalSchedule,
    shows: Mapping[str, Sequence[datetime]],
    show_call_minutes: int,
) -> RehearsalSchedule:
    """The schedule with back-to-back calls of one group moved into one studio where possible."""
    capacity = {s.id: s.capacity for s in season.studios}
    calls = sorted(schedule.calls, key=lambda c: (c.start, c.studio_id or "", c.id))
    best = start = room_changes(calls)
    for _ in range(start):  # each kept move removes at least one room change
        improved = False
        for i, call in enumerate(calls):
            for j, previous in enumerate(calls):
                if call.studio_id is None or previous.studio_id is None:
                    continue
                if previous.studio_id == call.studio_id or not _follows(previous, call):
                    continue
                tries = (_move(calls, i, previous.studio_id, capacity),
                         _move(calls, j, call.studio_id, capacity))  # fmt: skip
                for trial in tries:
                    if trial is None:
                        continue
                    changes = room_changes(trial)
                    if changes < best:
                        calls, best, improved = trial, changes, True
                        break
                if improved:
                    break
            if improved:
                break
        if not improved:
            break
    if best == start:
        return schedule
    kept = schedule.model_copy(update={"calls": calls})
    if validate_schedule(season, kept, shows, None, show_call_minutes):
        return schedule  # never trade a valid week for a tidier one
    return kept
