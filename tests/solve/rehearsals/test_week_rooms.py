"""A group that carries on straight after its previous call stays in (or is moved to) one room."""

from __future__ import annotations

import pytest

from etoile.model.schedule import Call, CallKind, RehearsalSchedule
from etoile.solve.rehearsals.week_rooms import keep_groups_in_their_rooms, room_changes
from etoile.solve.rehearsals.week_run import WeekResult, run_week, shows_of, validate_week
from etoile.solve.rehearsals.week_synthetic import SyntheticWeek, synthetic_week


@pytest.fixture(scope="module")
def solved() -> tuple[SyntheticWeek, WeekResult]:
    w = synthetic_week(3, "paris", dancers=80, studios=4, masters=6, productions=2)
    return w, run_week(w.season, w.castings, w.week_start, w.company_id, time_limit=5)


def _tidy(w: SyntheticWeek, result: WeekResult, schedule: RehearsalSchedule) -> RehearsalSchedule:
    rules = result.problem.rules
    return keep_groups_in_their_rooms(
        w.season, schedule, shows_of(result.problem), rules.show_call_before_curtain_minutes
    )


def _only_rooms_differ(a: RehearsalSchedule, b: RehearsalSchedule) -> bool:
    def key(c: Call) -> tuple[object, ...]:
        return (c.id, c.start, c.end, c.ballet_master_id, tuple(c.dancer_ids), c.label)

    return sorted(map(key, a.calls)) == sorted(map(key, b.calls))


def test_the_week_comes_out_valid_with_few_room_changes(solved) -> None:  # type: ignore[no-untyped-def]
    w, result = solved
    assert result.violations == []
    again = _tidy(w, result, result.schedule)
    assert room_changes(again.calls) == room_changes(result.schedule.calls)  # nothing left to do


def test_a_group_sent_to_another_free_room_is_brought_back(solved) -> None:  # type: ignore[no-untyped-def]
    w, result = solved
    calls = result.schedule.calls
    studios = {s.id: s.capacity for s in w.season.studios}

    def carries_on(call: Call) -> bool:
        return any(
            p.end == call.start and p.kind is CallKind.REHEARSAL is call.kind
            and (p.label, p.dancer_ids) == (call.label, call.dancer_ids)
            and p.studio_id == call.studio_id
            for p in calls
        )  # fmt: skip

    def free_rooms(call: Call) -> list[str]:
        return [
            room for room, size in studios.items()
            if room != call.studio_id and size >= len(call.dancer_ids)
            and not any(c.studio_id == room and c.start < call.end and call.start < c.end
                        for c in calls)
        ]  # fmt: skip

    candidates = [c for c in calls if carries_on(c) and free_rooms(c)]
    assert candidates  # the seeded week has groups carrying on with a free room beside them
    call = candidates[0]
    i = calls.index(call)
    elsewhere = free_rooms(call)
    scattered = list(calls)
    scattered[i] = call.model_copy(update={"studio_id": elsewhere[0]})
    messy = result.schedule.model_copy(update={"calls": scattered})
    assert validate_week(w.season, result.problem, messy) == []  # a valid, untidy week
    tidy = _tidy(w, result, messy)
    assert room_changes(tidy.calls) < room_changes(messy.calls)
    assert _only_rooms_differ(tidy, messy)  # nobody's times, ballet master or dancers change
    assert validate_week(w.season, result.problem, tidy) == []
