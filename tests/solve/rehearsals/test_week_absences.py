"""Absent dancers: the group is rehearsed without them, and they owe a named catch-up."""

from __future__ import annotations

from etoile.model import AbsenceKind
from etoile.model.schedule import CallKind
from etoile.solve.rehearsals.explain import explain_shortfalls
from etoile.solve.rehearsals.validate import validate_schedule
from tests.solve.rehearsals.week_fixtures import MONDAY, requirement, solve_tiny, tiny_season


def _rehearsals(solved):  # type: ignore[no-untyped-def]
    return [c for c in solved.schedule.calls if c.kind is CallKind.REHEARSAL]


def test_group_is_rehearsed_without_an_injured_dancer_who_owes_a_catch_up() -> None:
    # New York: Monday is a rest day; the master works Tuesday only; d1 is injured Mon–Tue
    season = tiny_season(
        absent={"d1": (0, 1)}, master_weekdays=[1], absence_kind=AbsenceKind.INJURY
    )
    solved = solve_tiny(season, [requirement(120)])
    calls = _rehearsals(solved)
    assert sum(c.minutes for c in calls) == 120  # the group got its hours…
    assert all((c.start.date() - MONDAY).days == 1 for c in calls)  # …on Tuesday
    assert all(c.dancer_ids == ["d2"] for c in calls)  # without d1
    assert solved.violations == []  # validated: no "rehearsal hours due" for the group
    assert solved.schedule.missing == []
    [catch_up] = solved.schedule.catch_ups
    assert catch_up.dancer_id == "d1" and catch_up.minutes_missing == 120
    assert "catch-up: Dancer 1" in catch_up.label
    [reason] = explain_shortfalls(solved.problem, solved.schedule)
    assert "Dancer 1 is injured until 2027-03-02; catch-up after return" in reason


def test_validator_still_flags_an_absent_dancer_and_an_unreported_catch_up() -> None:
    season = tiny_season(
        absent={"d1": (0, 1)}, master_weekdays=[1], absence_kind=AbsenceKind.INJURY
    )
    solved = solve_tiny(season, [requirement(120)])
    groups = {r.id: r.dancer_ids for r in solved.problem.requirements}
    calls = solved.schedule.calls
    with_d1 = [
        c.model_copy(update={"dancer_ids": ["d1", "d2"]}) if c.kind is CallKind.REHEARSAL else c
        for c in calls
    ]
    bad = solved.schedule.model_copy(update={"calls": with_d1})
    assert "dancer availability" in {v.rule for v in validate_schedule(season, bad)}
    unreported = solved.schedule.model_copy(update={"shortfalls": []})
    rules = {v.rule for v in validate_schedule(season, unreported, groups=groups)}
    assert rules == {"catch-up reported"}
    without_d2 = [
        c.model_copy(update={"dancer_ids": ["d2"]}) if c.kind is CallKind.REHEARSAL else c
        for c in calls
    ]
    left_out = solved.schedule.model_copy(update={"calls": without_d2})
    assert validate_schedule(season, left_out, groups={"prod:act1:first-cast": ("d1", "d3")})


def test_a_day_with_the_whole_group_is_preferred() -> None:
    season = tiny_season(absent={"d1": (1, 1)}, master_weekdays=[1, 2])  # d1 away Tuesday
    solved = solve_tiny(season, [requirement(120)])
    calls = _rehearsals(solved)
    assert calls and all(sorted(c.dancer_ids) == ["d1", "d2"] for c in calls)
    assert not solved.schedule.shortfalls and not solved.violations


def test_a_dancer_away_all_week_is_left_out_with_a_named_note() -> None:
    season = tiny_season(absent={"d1": (0, 6)}, absence_kind=AbsenceKind.INJURY)
    solved = solve_tiny(season, [requirement(120)])
    assert solved.problem.requirements[0].dancer_ids == ("d2",)
    assert all(c.dancer_ids == ["d2"] for c in _rehearsals(solved))
    assert sum(c.minutes for c in _rehearsals(solved)) == 120
    assert any(
        "Dancer 1 is injured until 2027-03-07" in n and "away all week" in n
        for n in solved.schedule.notes
    )
    assert not solved.schedule.missing and not solved.violations
    [owed] = solved.schedule.catch_ups  # what the group did without them, owed when back
    assert owed.dancer_id == "d1" and owed.minutes_missing == 120
    [reason] = explain_shortfalls(solved.problem, solved.schedule)
    assert "Dancer 1 is injured until 2027-03-07; catch-up after return" in reason


def test_a_group_all_away_is_a_named_shortfall() -> None:
    season = tiny_season(absent={"d1": (0, 6), "d2": (0, 6)}, absence_kind=AbsenceKind.INJURY)
    solved = solve_tiny(season, [requirement(120)])
    assert not _rehearsals(solved)
    [short] = solved.schedule.missing
    assert short.minutes_missing == 120
    [reason] = explain_shortfalls(solved.problem, solved.schedule)
    assert "none of its dancers is here" in reason and "Dancer 1 is injured" in reason
    assert {v.rule for v in solved.violations} == {"rehearsal hours due"}
