"""The schedule validator names each rule it is shown breaking, and nothing on a clean week.

The solver tests check that solved weeks break nothing, which a validator that said nothing
would pass too; here every rule is broken on purpose in a hand-written week (no solver), one
at a time, so each check is seen to fire and to name the call or dancer at fault.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from etoile.model.schedule import Call, CallKind, RehearsalSchedule
from etoile.solve.rehearsals.validate import Violation, validate_schedule
from tests.solve.rehearsals.week_fixtures import MONDAY, ZONES, tiny_season

NEW_YORK = ZoneInfo(ZONES["new_york"])
TUESDAY = 1
# Limits every case is measured against (set explicitly, not read from a shipped rule set).
LABOUR: dict[str, Any] = {
    "day_start": time(10, 0),
    "day_end": time(19, 0),
    "max_span_hours": 9.0,
    "max_rehearsal_hours_per_day": 6.0,
    "max_rehearsal_hours_per_week": 30.0,
    "max_danced_hours_per_day": None,
    "break_minutes_per_hour": 5,
    "meal_break_after_hours": 5.0,
    "meal_break_minutes": 60,
    "max_rehearsal_hours_show_day": 2.0,
    "rest_before_show_minutes": 90,
    "free_days_per_week": 2,
    "max_service_hours": None,
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), time(hour, minute), tzinfo=NEW_YORK)


def call(
    call_id: str,
    start: datetime,
    minutes: int,
    dancers: tuple[str, ...] = ("d1", "d2"),
    **fields: Any,
) -> Call:
    """A studio rehearsal of Giselle in Studio A with its breaks, unless ``fields`` say else."""
    values: dict[str, Any] = {
        "id": call_id,
        "kind": CallKind.REHEARSAL,
        "start": start,
        "end": start + timedelta(minutes=minutes),
        "studio_id": "s1",
        "ballet_master_id": "bm1",
        "production_id": "prod",
        "work_id": "giselle",
        "piece_ids": ["act1"],
        "dancer_ids": list(dancers),
        "break_minutes": -(-minutes // 60) * LABOUR["break_minutes_per_hour"],
        **fields,
    }
    return Call(**values)


def stage(call_id: str, start: datetime, minutes: int, dancers: tuple[str, ...]) -> Call:
    return call(
        call_id, start, minutes, dancers, kind=CallKind.STAGE, studio_id=None, venue_id="house"
    )


def validate(calls: list[Call], setup: dict[str, Any]) -> list[Violation]:
    """The validator's findings on ``calls``; ``setup`` may hold ``labour`` overrides,
    ``season`` arguments (:func:`tiny_season`) and ``context`` (shows, dues, groups)."""
    season = tiny_season(labour={**LABOUR, **setup.get("labour", {})}, **setup.get("season", {}))
    schedule = RehearsalSchedule(
        company_id="co", week_start=MONDAY, time_zone=ZONES["new_york"], calls=calls
    )
    return validate_schedule(season, schedule, travel_minutes=90, **setup.get("context", {}))


def test_a_clean_week_breaks_nothing() -> None:
    calls = [
        call("a", at(TUESDAY, 11), 60, requirement_id="req"),
        call("b", at(TUESDAY, 12), 90, ("d3", "d4")),
        stage("c", at(TUESDAY, 15), 60, ("d5",)),
    ]
    context = {"dues": {"req": ("Giselle · Act 1", 60)}, "groups": {"req": ["d1", "d2"]}}
    assert validate(calls, {"context": context}) == []


CASES: list[tuple[str, str, list[Call], dict[str, Any]]] = [
    (
        "studio one call at a time",
        "s1",
        [call("a", at(TUESDAY, 11), 60), call("b", at(TUESDAY, 11, 30), 60, ("d3",))],
        {},
    ),
    (
        "theatre one call at a time",
        "house",
        [stage("a", at(TUESDAY, 11), 60, ("d1",)), stage("b", at(TUESDAY, 11, 30), 60, ("d2",))],
        {},
    ),
    (
        "dancer one place at a time",
        "d1",
        [call("a", at(TUESDAY, 11), 60), stage("b", at(TUESDAY, 11, 30), 60, ("d1",))],
        {},
    ),
    (
        "time between places",
        "d1",
        [call("a", at(TUESDAY, 11), 60), stage("b", at(TUESDAY, 12, 30), 60, ("d1",))],
        {},
    ),
    (
        "studio size",
        "s1",
        [call("a", at(TUESDAY, 11), 60, tuple(f"d{i}" for i in range(1, 7)))],
        {"season": {"studio_capacity": 4}},
    ),
    ("ballet master required", "a", [call("a", at(TUESDAY, 11), 60, ballet_master_id=None)], {}),
    ("ballet master works", "bm1", [call("a", at(TUESDAY, 11), 60, work_id="sylphide")], {}),
    (
        "ballet master one call at a time",
        "bm1",
        [call("a", at(TUESDAY, 11), 60), stage("b", at(TUESDAY, 11, 30), 60, ("d3",))],
        {},
    ),
    ("working day", "a", [call("a", at(TUESDAY, 18, 30), 60)], {}),
    ("breaks per hour", "a", [call("a", at(TUESDAY, 11), 120, break_minutes=5)], {}),
    (
        "service length",
        "a",
        [call("a", at(TUESDAY, 11), 240)],
        {"labour": {"max_service_hours": 3.0}},
    ),
    (
        "span of the working day",
        "d1",
        [call("a", at(TUESDAY, 10), 60), call("b", at(TUESDAY, 17, 30), 60)],
        {"labour": {"max_span_hours": 7.0}},
    ),
    (
        "max rehearsal hours per day",
        "d1",
        [call("a", at(TUESDAY, 10), 240), call("b", at(TUESDAY, 15), 180)],
        {},
    ),
    (
        "danced time per day",
        "d1",
        [call("a", at(TUESDAY, 10), 240), call("b", at(TUESDAY, 15), 180)],
        {"labour": {"max_danced_hours_per_day": 6.0, "max_rehearsal_hours_per_day": 8.0}},
    ),
    (
        "meal break",
        "d1",
        [call("a", at(TUESDAY, 10), 180), call("b", at(TUESDAY, 13, 30), 150)],
        {},
    ),
    (
        "show-day rehearsal limit",
        "d1",
        [call("a", at(TUESDAY, 11), 180)],
        {"context": {"shows": {"d1": [at(TUESDAY, 19, 30)]}}},
    ),
    (
        "rest before show",
        "d1",
        [call("a", at(TUESDAY, 16, 30), 60)],
        {"context": {"shows": {"d1": [at(TUESDAY, 19, 30)]}}},
    ),
    (
        "max rehearsal hours per week",
        "d1",
        [call(f"c{day}", at(day, 10), 240) for day in range(5)],
        {"labour": {"max_rehearsal_hours_per_week": 16.0}},
    ),
    (
        "free days per week",
        "d1",
        [call(f"c{day}", at(day, 11), 60) for day in range(6)],
        {},
    ),
    (
        "dancer availability",
        "d1",
        [call("a", at(TUESDAY, 11), 60)],
        {"season": {"absent": {"d1": (0, 2)}}},
    ),
    (
        "rehearsal hours due",
        "Giselle · Act 1",
        [call("a", at(TUESDAY, 11), 60, requirement_id="req")],
        {"context": {"dues": {"req": ("Giselle · Act 1", 90)}}},
    ),
    (
        "group member left out",
        "d3",
        [call("a", at(TUESDAY, 11), 60, requirement_id="req")],
        {"context": {"groups": {"req": ["d1", "d2", "d3"]}}},
    ),
    (
        "catch-up reported",
        "d3",
        [call("a", at(TUESDAY, 11), 60, requirement_id="req")],
        {
            "season": {"absent": {"d3": (0, 6)}},
            "context": {"groups": {"req": ["d1", "d2", "d3"]}},
        },
    ),
]


@pytest.mark.parametrize(("rule", "culprit", "calls", "setup"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_is_named_when_broken(
    rule: str, culprit: str, calls: list[Call], setup: dict[str, Any]
) -> None:
    named = [v for v in validate(calls, setup) if v.rule == rule]
    assert named, f"{rule} not reported"
    assert any(v.who == culprit for v in named), named
    if len(calls) > 1:  # the first call alone is within the rule: the others broke it
        assert not [v for v in validate(calls[:1], setup) if v.rule == rule]
