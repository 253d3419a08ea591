"""Each labour rule bites in a tiny week, and the validator names a hand-made breach of it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from etoile.model import LabourRules
from etoile.model.rulesets import RULESET_IDS, load_ruleset
from etoile.model.schedule import CallKind
from etoile.solve.rehearsals.validate import validate_schedule
from tests.solve.rehearsals.week_fixtures import (
    CASTING,
    MONDAY,
    requirement,
    solve_tiny,
    tiny_season,
)


@pytest.mark.parametrize("ruleset_id", RULESET_IDS)
def test_shipped_rule_sets_are_data_with_sources(ruleset_id: str) -> None:
    ruleset = load_ruleset(ruleset_id)
    assert isinstance(ruleset.labour_rules, LabourRules)
    assert ruleset.labour_rules.max_rehearsal_hours_per_day == 6.0
    assert "max_rehearsal_hours_per_week" in ruleset.sources
    assert 7 - len(ruleset.week.rest_weekdays) <= 7 - ruleset.labour_rules.free_days_per_week


def test_paris_and_new_york_differ_where_the_agreements_do() -> None:
    paris, ny = load_ruleset("paris").labour_rules, load_ruleset("new_york").labour_rules
    assert paris.max_danced_hours_per_day == 7.0 and ny.max_danced_hours_per_day is None
    assert paris.max_service_hours == 3.0 and ny.max_service_hours is None
    assert ny.max_rehearsal_hours_per_week == 30.0
    assert ny.free_days_per_week == 2 and paris.free_days_per_week == 1


@pytest.mark.parametrize("style", ["new_york", "paris"])
def test_tiny_week_is_scheduled_in_full_and_validates(style: str) -> None:
    solved = solve_tiny(
        tiny_season(style), [requirement(120), requirement(60, ("d5", "d6"), "act2", "corps")]
    )
    assert solved.violations == []
    assert solved.minutes() == 180
    assert not solved.schedule.shortfalls
    assert any(c.kind is CallKind.CLASS for c in solved.schedule.calls)


def test_max_hours_per_day_bites() -> None:
    # one working day for the master: at most the daily cap fits
    season = tiny_season(labour={"max_rehearsal_hours_per_day": 4.0}, master_weekdays=[1])
    solved = solve_tiny(season, [requirement(480)])
    assert solved.minutes() == 240
    assert solved.schedule.shortfalls[0].minutes_missing == 240
    assert solved.violations and {v.rule for v in solved.violations} == {"rehearsal hours due"}


def test_max_hours_per_week_bites() -> None:
    season = tiny_season(labour={"max_rehearsal_hours_per_week": 5.0})
    solved = solve_tiny(season, [requirement(480)])
    assert solved.minutes() == 300
    assert not solved.broken("max rehearsal hours per week")


def test_show_day_limit_and_rest_before_show_bite() -> None:
    season = tiny_season(show_on=1, master_weekdays=[1])  # d1 dances Tuesday 19:30
    solved = solve_tiny(season, [requirement(240)])
    assert solved.minutes() == 120  # NY: 2 h on a show day
    latest = max(c.end for c in solved.schedule.calls if c.kind is CallKind.REHEARSAL)
    assert latest.hour * 60 + latest.minute <= 19 * 60 + 30 - 60 - 90
    assert [v.rule for v in solved.violations] == ["rehearsal hours due"]


def test_span_bites() -> None:
    season = tiny_season(labour={"day_end": "22:00:00", "max_span_hours": 6.0}, master_weekdays=[2])
    solved = solve_tiny(season, [requirement(360)])
    assert all(
        c.end.hour < 16 or (c.end.hour == 16 and c.end.minute == 0) for c in solved.schedule.calls
    )
    assert not solved.broken("span of the working day")


def test_meal_break_bites() -> None:
    season = tiny_season(master_weekdays=[2])
    solved = solve_tiny(season, [requirement(360)])
    runs = sorted(
        (c for c in solved.schedule.calls if c.kind is CallKind.REHEARSAL), key=lambda c: c.start
    )
    assert solved.minutes() == 360 and not solved.violations
    # hand-made: four hours without a break
    first = runs[0]
    long_call = first.model_copy(
        update={"end": first.start + timedelta(hours=4), "break_minutes": 20}
    )
    bad = solved.schedule.model_copy(update={"calls": [long_call]})
    rules = {v.rule for v in validate_schedule(season, bad)}
    assert "meal break" in rules


def test_danced_time_bites_in_paris() -> None:
    season = tiny_season("paris", labour={"max_danced_hours_per_day": 4.0}, master_weekdays=[2])
    solved = solve_tiny(season, [requirement(360)])
    assert solved.minutes() == 180  # 4 h danced minus 1 h class
    assert not solved.broken("danced time per day")


def test_service_length_and_breaks() -> None:
    season = tiny_season("paris", labour={"max_service_hours": 1.0})
    solved = solve_tiny(season, [requirement(180)])
    calls = [c for c in solved.schedule.calls if c.kind is CallKind.REHEARSAL]
    assert all(c.minutes <= 60 and c.break_minutes >= 8 for c in calls)
    assert not solved.violations
    bad_call = calls[0].model_copy(
        update={"end": calls[0].start + timedelta(hours=2), "break_minutes": 0}
    )
    bad = solved.schedule.model_copy(update={"calls": [bad_call]})
    rules = {v.rule for v in validate_schedule(season, bad)}
    assert {"service length", "breaks per hour"} <= rules


def test_free_days_bite() -> None:
    season = tiny_season(labour={"free_days_per_week": 4})
    solved = solve_tiny(season, [requirement(600)], week={"rest_weekdays": [6]})
    days = {c.start.date() for c in solved.schedule.calls if "d1" in c.dancer_ids}
    assert len(days) <= 3
    assert not solved.broken("free days per week")


def test_dancer_absence_is_kept() -> None:
    season = tiny_season(absent={"d1": (0, 2)})
    solved = solve_tiny(season, [requirement(240)])
    assert all(
        (c.start.date() - MONDAY).days >= 3 for c in solved.schedule.calls if "d1" in c.dancer_ids
    )
    assert not solved.violations


def test_studio_one_call_at_a_time_and_dancer_one_place() -> None:
    reqs = [
        requirement(120),
        requirement(120, ("d3", "d4"), "act1", "second cast"),
        requirement(120, ("d1", "d5"), "act2", "mixed"),
    ]
    solved = solve_tiny(tiny_season(master_weekdays=[2]), reqs)  # Monday is a NY rest day
    assert solved.minutes() == 360 and not solved.violations
    calls = [c for c in solved.schedule.calls if c.kind is CallKind.REHEARSAL]
    clash = calls[1].model_copy(update={"start": calls[0].start, "end": calls[0].end})
    bad = solved.schedule.model_copy(update={"calls": [calls[0], clash]})
    rules = {v.rule for v in validate_schedule(tiny_season(), bad)}
    assert {"studio one call at a time", "ballet master one call at a time"} <= rules


def test_validator_names_master_studio_and_availability_breaches() -> None:
    season = tiny_season(studio_capacity=1, absent={"d2": (0, 6)}, master_weekdays=[3])
    solved = solve_tiny(tiny_season(), [requirement(60)])
    call = next(c for c in solved.schedule.calls if c.kind is CallKind.REHEARSAL)
    monday = call.model_copy(
        update={
            "start": call.start.replace(day=1),
            "end": call.end.replace(day=1),
            "work_id": "sylphide",
        }
    )
    bad = solved.schedule.model_copy(update={"calls": [monday]})
    rules = {v.rule for v in validate_schedule(season, bad)}
    assert {
        "studio size",
        "ballet master works",
        "ballet master availability",
        "dancer availability",
    } <= rules


def test_time_between_the_studios_and_the_theatre_bites_in_new_york() -> None:
    # opening on Saturday: stage Thursday, dress Friday (3 h each, all six dancers); the master
    # works Thursday and Friday only, so the first cast's studio calls share those days
    season = tiny_season(opening_in_days=5, master_weekdays=[3, 4])
    solved = solve_tiny(season, [requirement(120)], castings=(CASTING,))
    assert solved.violations == [] and solved.minutes() == 120
    theatre = [c for c in solved.schedule.calls if c.venue_id is not None]
    studio = [c for c in solved.schedule.calls if c.kind is CallKind.REHEARSAL]
    pairs = [(s, t) for s in studio for t in theatre if s.start.date() == t.start.date()]
    assert pairs  # the rule has something to bite on
    gap = timedelta(minutes=90)
    assert all(s.end + gap <= t.start or t.end + gap <= s.start for s, t in pairs)
    # the validator names a studio call moved to just after the stage call
    stage = next(t for t in theatre if t.kind is CallKind.STAGE)
    moved = studio[0].model_copy(
        update={"start": stage.end, "end": stage.end + (studio[0].end - studio[0].start)}
    )
    bad = solved.schedule.model_copy(update={"calls": [*theatre, moved]})
    broken = [v for v in validate_schedule(season, bad) if v.rule == "time between places"]
    assert broken and "at least 1 h 30" in broken[0].message
    assert load_ruleset("paris").week.minutes_between_locations == 30  # Garnier ↔ Bastille
    assert not [
        v
        for v in validate_schedule(season, bad, travel_minutes=0)
        if v.rule == "time between places"
    ]
