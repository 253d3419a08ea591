"""Studios in two buildings (Garnier, Bastille): a dancer needs the travel time between them."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from etoile.model import Season
from etoile.model.rulesets import week_rules_for
from etoile.model.schedule import STUDIOS, Call, CallKind, RehearsalSchedule, place_of
from etoile.solve.rehearsals.callsheet import make_call_sheet, studio_labels
from etoile.solve.rehearsals.requirements import derive_requirements
from etoile.solve.rehearsals.validate import validate_schedule
from etoile.solve.rehearsals.week_build import build_week
from etoile.solve.rehearsals.week_greedy import greedy_week
from etoile.solve.rehearsals.week_run import validate_week
from etoile.solve.rehearsals.week_solver import solve_week, to_schedule
from tests.solve.rehearsals.week_fixtures import MONDAY, synthetic_problem

TRAVEL = "time between places"


def _call(call_id: str, studio: str, start_hour: float, dancer: str) -> Call:
    start = datetime(MONDAY.year, MONDAY.month, MONDAY.day, tzinfo=ZoneInfo("Europe/Paris"))
    start += timedelta(hours=start_hour)
    return Call(
        id=call_id,
        kind=CallKind.REHEARSAL,
        start=start,
        end=start + timedelta(hours=1),
        studio_id=studio,
        dancer_ids=[dancer],
    )


def _with_sites(season: Season, sites: dict[str, str | None]) -> Season:
    studios = [s.model_copy(update={"site": sites.get(s.id)}) for s in season.studios]
    return season.model_copy(update={"studios": studios})


def test_the_place_of_a_call_is_its_theatre_or_its_room_s_building() -> None:
    sites = {"garnier-1": "Garnier", "annex": None}
    assert place_of(_call("a", "garnier-1", 10, "d1"), sites) == "Garnier"
    assert place_of(_call("b", "annex", 10, "d1"), sites) == STUDIOS
    on_stage = _call("c", "annex", 10, "d1").model_copy(
        update={"studio_id": None, "venue_id": "palais", "kind": CallKind.STAGE}
    )
    assert place_of(on_stage, sites) == "palais"


@pytest.mark.parametrize(
    ("second_site", "gap_hours", "broken"),
    [("Bastille", 0.5, True), ("Bastille", 1.5, False), ("Garnier", 0.0, False)],
)
def test_the_validator_asks_for_the_travel_time_between_two_buildings(
    second_site: str, gap_hours: float, broken: bool
) -> None:
    w, _ = synthetic_problem(3)
    dancer = w.season.dancers_of(w.company_id)[0].id
    season = _with_sites(w.season, {"studio1": "Garnier", "studio2": second_site})
    calls = [_call("a", "studio1", 10, dancer), _call("b", "studio2", 11 + gap_hours, dancer)]
    schedule = RehearsalSchedule(
        company_id=w.company_id, week_start=MONDAY, time_zone="Europe/Paris", calls=calls
    )
    found = [v for v in validate_schedule(season, schedule, travel_minutes=90) if v.rule == TRAVEL]
    assert bool(found) is broken
    assert all(v.who == dancer for v in found)


def _days_in_both_buildings(season: Season, schedule: RehearsalSchedule) -> int:
    sites = {s.id: s.site for s in season.studios}
    places: dict[tuple[str, object], set[str]] = defaultdict(set)
    for call in schedule.calls:
        if call.kind is CallKind.REHEARSAL:
            for dancer in call.dancer_ids:
                places[dancer, call.start.date()].add(place_of(call, sites))
    return sum(len(p) > 1 for p in places.values())


def test_the_week_leaves_dancers_time_to_go_from_one_building_to_the_other() -> None:
    w, problem = synthetic_problem(3, style="new_york", sites=2)
    assert problem.rules.minutes_between_locations == 90
    assert {s.site for s in problem.studios} == {"Garnier", "Bastille"}
    greedy = to_schedule(problem, greedy_week(problem))
    solved = to_schedule(problem, solve_week(problem, 15.0, seed=1).placements)
    for schedule in (greedy, solved):
        assert validate_week(w.season, problem, schedule) == []
    # the first-come week does send dancers to both buildings on one day, with the time to get
    # there (the solved week may keep everyone's day in one building: it owes nothing else)
    assert _days_in_both_buildings(w.season, greedy) > 0
    # the same week planned as if every room were in one building breaks the rule: it binds
    one_w, one_building = synthetic_problem(3, style="new_york")
    unaware = to_schedule(one_building, greedy_week(one_building))
    assert any(v.rule == TRAVEL for v in validate_week(w.season, problem, unaware))
    assert not any(v.rule == TRAVEL for v in validate_week(one_w.season, one_building, unaware))


def test_the_call_sheet_names_the_building_when_there_are_two() -> None:
    w, problem = synthetic_problem(3, sites=2)
    labels = studio_labels(w.season, w.company_id)
    assert labels["studio1"] == "Studio 1 (Garnier)" and labels["studio2"] == "Studio 2 (Bastille)"
    schedule = to_schedule(problem, greedy_week(problem))
    day = next(c.start.date() for c in schedule.calls if c.studio_id)
    places = {r.place for r in make_call_sheet(w.season, schedule, day).rows}
    assert places & set(labels.values())
    one = synthetic_problem(3)[0]  # one building: the room's name alone
    assert studio_labels(one.season, one.company_id)["studio1"] == "Studio 1"
    # a site that is a theatre's id reads as that theatre's name
    venue = w.season.venues[0]
    inside = _with_sites(w.season, {"studio1": venue.id, "studio2": "Annex"})
    assert studio_labels(inside, w.company_id)["studio1"] == f"Studio 1 ({venue.name})"


def test_a_week_in_two_buildings_without_a_travel_time_says_so() -> None:
    w, problem = synthetic_problem(3, sites=2)
    assert problem.rules.minutes_between_locations > 0
    assert not any("buildings" in note for note in problem.notes)
    rules = week_rules_for(w.season.company(w.company_id)).model_copy(
        update={"minutes_between_locations": 0}
    )
    requirements = derive_requirements(w.season, w.castings, w.week_start, rules)
    free = build_week(w.season, w.company_id, w.week_start, requirements, w.castings, rules)
    assert any("2 buildings (Bastille, Garnier)" in note for note in free.notes)
