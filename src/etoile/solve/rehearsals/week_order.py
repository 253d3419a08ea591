"""Order the calls of each studio day so that dancers wait as little as possible.

Within one studio and one block (between class and the meal, or after it), the calls form a
talent-scheduling instance: pieces with durations and the dancers in each. ``order_pieces`` is
the one place that picks the order: the exact talent-scheduling sequencer
(``sequencer.sequence_pieces``). A new order is kept only if the whole week still passes
the validator and the dancers' total waiting goes down, so the step can never break a schedule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from etoile.model import Season
from etoile.model.schedule import Call, CallKind, RehearsalSchedule
from etoile.solve.rehearsals.sequencer import sequence_pieces
from etoile.solve.rehearsals.validate import validate_schedule, waiting_minutes


def order_pieces(durations: Sequence[int], casts: Sequence[frozenset[str]]) -> list[int]:
    """The order of a studio day's calls minimising the dancers' waiting (exact sequencer)."""
    keys = [str(i) for i in range(len(durations))]
    day = sequence_pieces(
        dict(zip(keys, durations, strict=True)),
        dict(zip(keys, casts, strict=True)),
        time_limit=2.0,
    )
    return [int(k) for k in day.order]


def _studio_blocks(schedule: RehearsalSchedule, meal_gap: int) -> list[list[Call]]:
    """Runs of rehearsal calls in one studio on one day with no gap of a meal break or more."""
    by_room: dict[tuple[str, object], list[Call]] = defaultdict(list)
    for call in schedule.calls:
        if call.kind is CallKind.REHEARSAL and call.studio_id is not None:
            by_room[call.studio_id, call.start.date()].append(call)
    runs: list[list[Call]] = []
    for calls in by_room.values():
        calls.sort(key=lambda c: c.start)
        run = [calls[0]]
        for call in calls[1:]:
            if call.start - run[-1].end >= timedelta(minutes=meal_gap):
                runs.append(run)
                run = []
            run.append(call)
        runs.append(run)
    return [r for r in runs if len(r) > 1]


def sequence_studio_days(
    season: Season,
    schedule: RehearsalSchedule,
    shows: Mapping[str, Sequence[datetime]],
    show_call_minutes: int,
) -> RehearsalSchedule:
    """Reorder each studio block's calls with ``order_pieces`` where that lowers waiting."""
    meal_gap = season.company(schedule.company_id).labour_rules.meal_break_minutes
    current = schedule
    best = waiting_minutes(current)
    for run in _studio_blocks(schedule, meal_gap):
        run = [next(c for c in current.calls if c.id == r.id) for r in run]
        durations = [c.minutes for c in run]
        casts = [frozenset(c.dancer_ids) for c in run]
        order = order_pieces(durations, casts)
        if order == list(range(len(run))):
            continue
        moved: dict[str, Call] = {}
        t = run[0].start
        for index in order:
            call = run[index]
            moved[call.id] = call.model_copy(
                update={"start": t, "end": t + (call.end - call.start)}
            )
            t = moved[call.id].end
        trial = current.model_copy(update={"calls": [moved.get(c.id, c) for c in current.calls]})
        waiting = waiting_minutes(trial)
        if waiting < best and not validate_schedule(season, trial, shows, None, show_call_minutes):
            current, best = trial, waiting
    calls = sorted(current.calls, key=lambda c: (c.start, c.studio_id or c.venue_id or "", c.id))
    return current.model_copy(update={"calls": calls})
