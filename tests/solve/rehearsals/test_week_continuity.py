"""A group that carries on straight after its previous call keeps (or gets back) its studio and
its ballet master."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from itertools import combinations, pairwise
from typing import Literal

import pytest

from etoile.model.schedule import Call, CallKind, RehearsalSchedule
from etoile.solve.rehearsals.week_continuity import (
    _tidy,
    keep_groups_together,
    master_changes,
    room_changes,
)
from etoile.solve.rehearsals.week_run import WeekResult, run_week, shows_of, validate_week
from etoile.solve.rehearsals.week_synthetic import SyntheticWeek, synthetic_week


@pytest.fixture(scope="module")
def solved() -> tuple[SyntheticWeek, WeekResult]:
    w = synthetic_week(3, "paris", dancers=80, studios=4, masters=6, productions=2)
    return w, run_week(w.season, w.castings, w.week_start, w.company_id, time_limit=5)


def _tidy_week(
    w: SyntheticWeek, result: WeekResult, schedule: RehearsalSchedule
) -> RehearsalSchedule:
    rules = result.problem.rules
    return keep_groups_together(
        w.season, schedule, shows_of(result.problem), rules.show_call_before_curtain_minutes
    )


def _same_except(a: RehearsalSchedule, b: RehearsalSchedule, field: str) -> bool:
    """The two weeks differ at most in ``field``: nobody's times or calls change."""

    def key(c: Call) -> tuple[object, ...]:
        kept = c.model_dump(exclude={field})
        return tuple(sorted((k, repr(v)) for k, v in kept.items()))

    return sorted(map(key, a.calls)) == sorted(map(key, b.calls))


def _carries_on(calls: list[Call], call: Call, field: str) -> bool:
    """``call`` follows a call of the same group with the same studio / master."""
    return any(
        p.end == call.start and p.kind is CallKind.REHEARSAL is call.kind
        and (p.label, p.dancer_ids) == (call.label, call.dancer_ids)
        and getattr(p, field) == getattr(call, field)
        for p in calls
    )  # fmt: skip


def _busy(calls: list[Call], call: Call, field: str, value: str) -> bool:
    return any(
        getattr(c, field) == value and c.start < call.end and call.start < c.end for c in calls
    )


def _moved_back(
    w: SyntheticWeek,
    result: WeekResult,
    call: Call,
    field: str,
    value: str,
    changes: Callable[[Sequence[Call]], int],
) -> None:
    """Give ``call`` another (free, suitable) ``value``: a valid week with one more change,
    which the pass takes back without touching anything else."""
    calls = list(result.schedule.calls)
    calls[calls.index(call)] = call.model_copy(update={field: value})
    messy = result.schedule.model_copy(update={"calls": calls})
    assert validate_week(w.season, result.problem, messy) == []  # a valid, untidy week
    tidy = _tidy_week(w, result, messy)
    assert changes(tidy.calls) < changes(messy.calls)
    assert _same_except(tidy, messy, field)
    assert validate_week(w.season, result.problem, tidy) == []


def test_the_week_comes_out_valid_and_together(solved) -> None:  # type: ignore[no-untyped-def]
    w, result = solved
    assert result.violations == []
    again = _tidy_week(w, result, result.schedule)
    assert room_changes(again.calls) == room_changes(result.schedule.calls)  # nothing left to do
    assert master_changes(again.calls) == master_changes(result.schedule.calls)


def test_a_group_sent_to_another_free_room_is_brought_back(solved) -> None:  # type: ignore[no-untyped-def]
    w, result = solved
    calls = result.schedule.calls
    studios = {s.id: s.capacity for s in w.season.studios}

    def free_rooms(call: Call) -> list[str]:
        return [
            room
            for room, size in studios.items()
            if room != call.studio_id
            and size >= len(call.dancer_ids)
            and not _busy(calls, call, "studio_id", room)
        ]

    candidates = [c for c in calls if _carries_on(calls, c, "studio_id") and free_rooms(c)]
    assert candidates  # the seeded week has groups carrying on with a free room beside them
    _moved_back(w, result, candidates[0], "studio_id", free_rooms(candidates[0])[0], room_changes)


def test_a_group_handed_to_another_free_master_gets_its_own_back(solved) -> None:  # type: ignore[no-untyped-def]
    w, result = solved
    calls = result.schedule.calls

    def free_masters(call: Call) -> list[str]:
        day = call.start.date()
        return [
            m.id
            for m in w.season.ballet_masters
            if m.id != call.ballet_master_id
            and call.work_id in m.work_ids
            and m.available_on(day)
            and not _busy(calls, call, "ballet_master_id", m.id)
        ]

    candidates = [c for c in calls if _carries_on(calls, c, "ballet_master_id") and free_masters(c)]
    assert candidates  # the seeded week has groups carrying on with another master free
    call = candidates[0]
    _moved_back(w, result, call, "ballet_master_id", free_masters(call)[0], master_changes)


def test_counting_changes_needs_a_group_that_carries_on(solved) -> None:  # type: ignore[no-untyped-def]
    _, result = solved
    calls = [c for c in result.schedule.calls if c.kind is CallKind.REHEARSAL]
    first = calls[0]
    later = first.model_copy(
        update={"id": "later", "start": first.end, "end": first.end + (first.end - first.start)}
    )
    elsewhere = later.model_copy(update={"studio_id": "elsewhere", "ballet_master_id": "other"})
    assert (room_changes([first, later]), master_changes([first, later])) == (0, 0)
    assert (room_changes([first, elsewhere]), master_changes([first, elsewhere])) == (1, 1)
    apart = elsewhere.model_copy(update={"dancer_ids": first.dancer_ids[1:]})  # another group
    assert (room_changes([first, apart]), master_changes([first, apart])) == (0, 0)


def _tail_swaps(calls: list[Call], field: str) -> Iterator[list[Call]]:
    """Every week where two studios (or masters) exchange the rest of a day from a time at which
    neither is in the middle of a call: the same calls, differently housed or run."""
    for day in sorted({c.start.date() for c in calls}):
        todays = [c for c in calls if c.start.date() == day and getattr(c, field)]
        for a, b in combinations(sorted({getattr(c, field) for c in todays}), 2):
            theirs = [c.id for c in todays if getattr(c, field) in (a, b)]
            spans = [c for c in todays if c.id in theirs]
            for t in sorted({c.start for c in spans}):
                if any(c.start < t < c.end for c in spans) or all(c.start >= t for c in spans):
                    continue
                yield [
                    c.model_copy(update={field: b if getattr(c, field) == a else a})
                    if c.id in theirs and c.start >= t
                    else c
                    for c in calls
                ]


@pytest.mark.parametrize(
    ("field", "changes"), [("studio_id", room_changes), ("ballet_master_id", master_changes)]
)
def test_two_timelines_that_swap_the_rest_of_a_day_are_swapped_back(
    solved: tuple[SyntheticWeek, WeekResult],
    field: str,
    changes: Callable[[Sequence[Call]], int],
) -> None:
    w, result = solved
    calls = list(result.schedule.calls)
    tried = 0
    for swapped in _tail_swaps(calls, field):
        if changes(swapped) <= changes(calls):
            continue
        messy = result.schedule.model_copy(update={"calls": swapped})
        if validate_week(w.season, result.problem, messy):
            continue  # e.g. the other master does not know the work
        tidy = _tidy_week(w, result, messy)
        assert changes(tidy.calls) < changes(messy.calls)
        assert _same_except(tidy, messy, field)
        assert validate_week(w.season, result.problem, tidy) == []
        tried += 1
    assert tried  # the seeded week has valid swaps that split a group


def _tidy_calls(calls: list[Call], field: Literal["studio_id", "ballet_master_id"]) -> list[Call]:
    return _tidy(calls, field, lambda call, value: True)  # any room fits, any master knows it


def _call(name: str, start: str, end: str, studio: str, master: str) -> Call:
    day = "2027-08-17T{}:00-04:00"
    return Call(
        id=f"{name}-{start}",
        kind=CallKind.REHEARSAL,
        start=datetime.fromisoformat(day.format(start)),
        end=datetime.fromisoformat(day.format(end)),
        studio_id=studio,
        ballet_master_id=master,
        work_id="crossing-lines",
        piece_ids=["central-duet"],
        dancer_ids=[f"{name}-1", f"{name}-2"],
        label=f"Crossing Lines · Central duet · {name}",
    )


def test_interleaved_casts_are_untangled_by_exchanging_the_rest_of_the_day() -> None:
    """The demo's Tuesday: three casts each split between two studios and two masters, where
    no single call can move (nothing is free and no two calls share their hours)."""
    tangled = [
        _call("first", "11:15", "12:15", "C", "roman"),
        _call("fourth", "12:15", "13:15", "C", "roman"),
        _call("second", "13:15", "14:15", "C", "roman"),
        _call("covers", "11:15", "12:00", "B", "tyler"),
        _call("first", "12:15", "12:45", "B", "tyler"),
        _call("second", "12:45", "13:15", "B", "tyler"),
        _call("fourth", "13:15", "13:45", "B", "tyler"),
    ]
    assert (room_changes(tangled), master_changes(tangled)) == (3, 3)
    untangled = _tidy_calls(_tidy_calls(tangled, "studio_id"), "ballet_master_id")
    assert (room_changes(untangled), master_changes(untangled)) == (0, 0)
    for before, after in zip(tangled, untangled, strict=True):  # only rooms and masters move
        assert (before.id, before.start, before.end) == (after.id, after.start, after.end)
    for room in ("B", "C"):  # one call at a time per room and per master
        mine = sorted((c.start, c.end) for c in untangled if c.studio_id == room)
        assert all(a[1] <= b[0] for a, b in pairwise(mine))
    pairs = {(c.studio_id, c.ballet_master_id) for c in untangled}
    assert pairs == {("C", "roman"), ("B", "tyler")}  # each room keeps its master all day
