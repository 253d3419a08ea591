"""Re-timing each day on its own keeps every call on its day, keeps the week valid and never
makes the dancers wait longer."""

from __future__ import annotations

from datetime import date

from etoile.model.schedule import RehearsalSchedule, Shortfall
from etoile.solve.rehearsals.validate import waiting_minutes
from etoile.solve.rehearsals.week_greedy import greedy_week
from etoile.solve.rehearsals.week_run import settled, validate_week
from etoile.solve.rehearsals.week_solver import WeekSolution, retime_days, to_schedule
from tests.solve.rehearsals.week_fixtures import synthetic_problem


def test_days_re_timed_from_the_first_come_week_wait_less_and_stay_valid() -> None:
    w, problem = synthetic_problem(5)
    first_come = greedy_week(problem)
    before = to_schedule(problem, first_come)
    assert validate_week(w.season, problem, before) == []
    retimed = retime_days(problem, WeekSolution(first_come, "FEASIBLE", 0.0), 20.0)
    assert retimed.placements.keys() == first_come.keys()  # nothing dropped, nothing added
    for call_id, placed in retimed.placements.items():
        day = problem.blocks[placed.block].day
        assert day == problem.blocks[first_come[call_id].block].day
    after = to_schedule(problem, retimed.placements)
    assert validate_week(w.season, problem, after) == []
    assert waiting_minutes(after) < waiting_minutes(before)


def test_a_week_with_nothing_left_to_pay_for_is_reported_optimal() -> None:
    monday = date(2027, 3, 1)
    empty = RehearsalSchedule(company_id="co", week_start=monday, time_zone="Europe/Paris")
    assert settled("FEASIBLE", empty) == "OPTIMAL"
    assert settled("GREEDY (UNKNOWN)", empty) == "GREEDY (UNKNOWN)"
    short = Shortfall(
        requirement_id="r",
        label="Giselle · Act I",
        production_id="p",
        minutes_missing=60,
        deadline=monday,
    )
    assert settled("FEASIBLE", empty.model_copy(update={"shortfalls": [short]})) == "FEASIBLE"
