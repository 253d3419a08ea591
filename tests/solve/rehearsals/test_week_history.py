"""Earlier weeks carry into the next: delivered hours count, owed catch-ups get their own calls."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etoile.errors import InputError
from etoile.model import AbsenceKind
from etoile.model.rulesets import load_ruleset
from etoile.model.schedule import Call, CallKind, RehearsalSchedule, Shortfall
from etoile.solve.rehearsals.history import (
    RehearsalHistory,
    catch_up_id,
    history_of,
    is_catch_up_id,
)
from etoile.solve.rehearsals.requirements import derive_requirements
from etoile.solve.rehearsals.week_run import run_week
from tests.solve.rehearsals.week_fixtures import CASTING, MONDAY, tiny_season

RULES = load_ruleset("new_york").week
ZONE = ZoneInfo("America/New_York")
FIRST_CAST = "prod:act1:first-cast"


def _call(req_id: str, week: date, minutes: int, dancers: list[str], n: int = 0) -> Call:
    start = datetime.combine(week + timedelta(days=1), datetime.min.time(), ZONE)
    start += timedelta(hours=10 + 2 * n)
    return Call(
        id=f"{req_id}:{n}", kind=CallKind.REHEARSAL, start=start,
        end=start + timedelta(minutes=minutes), studio_id="s1", requirement_id=req_id,
        dancer_ids=dancers, production_id="prod", work_id="giselle",
    )  # fmt: skip


def _week(week: date, calls: list[Call], missed: dict[str, int] | None = None) -> RehearsalSchedule:
    catch_ups = [
        Shortfall(
            requirement_id=FIRST_CAST,
            label="Giselle · Act 1 · first cast · catch-up",
            production_id="prod",
            minutes_missing=m,
            deadline=MONDAY + timedelta(days=14),
            dancer_id=d,
        )
        for d, m in (missed or {}).items()
    ]
    return RehearsalSchedule(
        company_id="co", week_start=week, time_zone=str(ZONE), calls=calls, shortfalls=catch_ups
    )


def _first_cast(history: RehearsalHistory | None) -> dict[str, int]:
    reqs = derive_requirements(tiny_season(), [CASTING], MONDAY, RULES, history)
    return {r.id: r.due_minutes for r in reqs if r.id.startswith(FIRST_CAST)}


def test_history_counts_delivered_minutes_and_catch_ups_still_owed() -> None:
    last_week = MONDAY - timedelta(weeks=1)
    week1 = _week(last_week, [_call(FIRST_CAST, last_week, 90, ["d2"])], missed={"d1": 90})
    history = history_of([("w1.json", week1)], "co", MONDAY)
    assert history.weeks == {last_week}
    assert history.delivered == {FIRST_CAST: 90}
    assert history.owed == {(FIRST_CAST, "d1"): 90}
    # a later catch-up call pays part of it back; its own shortfall is not owed twice
    owed = catch_up_id(FIRST_CAST, "d1")
    week2 = _week(MONDAY, [_call(owed, MONDAY, 60, ["d1"])])
    week2.shortfalls.append(
        Shortfall(requirement_id=owed, label="catch-up", production_id="prod",
                  minutes_missing=30, deadline=MONDAY + timedelta(days=14), dancer_id="d1")
    )  # fmt: skip
    later = history_of([("w1.json", week1), ("w2.json", week2)], "co", MONDAY + timedelta(weeks=1))
    assert later.owed == {(FIRST_CAST, "d1"): 30}
    assert is_catch_up_id(owed) and not is_catch_up_id(FIRST_CAST)


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        (_week(MONDAY, []), r"w\.json: week_start 2027-03-01 is not before"),
        (_week(MONDAY - timedelta(weeks=1), []).model_copy(update={"company_id": "other"}),
         r"w\.json: company_id 'other' is not the company being scheduled"),
    ],
)  # fmt: skip
def test_history_refuses_a_schedule_of_another_company_or_a_later_week(
    schedule: RehearsalSchedule, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        history_of([("w.json", schedule)], "co", MONDAY)


def test_history_refuses_the_same_week_twice() -> None:
    week = _week(MONDAY - timedelta(weeks=1), [])
    with pytest.raises(InputError, match=re.escape("b.json: week_start 2027-02-22 is given twice")):
        history_of([("a.json", week), ("b.json", week)], "co", MONDAY)


def test_delivered_hours_replace_the_even_share_assumption() -> None:
    # a three-week revival opening in two weeks: one week is past
    assumed = _first_cast(None)[FIRST_CAST]
    last_week = MONDAY - timedelta(weeks=1)
    total = next(
        r.total_minutes
        for r in derive_requirements(tiny_season(), [CASTING], MONDAY, RULES)
        if r.id == FIRST_CAST
    )
    nothing = _first_cast(RehearsalHistory(weeks=frozenset({last_week})))
    assert nothing[FIRST_CAST] == pytest.approx(total / 2, abs=1)  # short: made up now
    assert nothing[FIRST_CAST] > assumed
    ahead = RehearsalHistory(weeks=frozenset({last_week}), delivered={FIRST_CAST: total - 30})
    assert _first_cast(ahead)[FIRST_CAST] == 15 < assumed  # ahead: lighter week
    done = RehearsalHistory(weeks=frozenset({last_week}), delivered={FIRST_CAST: total})
    assert FIRST_CAST not in _first_cast(done)  # nothing left to rehearse
    # a schedule of a week outside the preparation counts its calls but no assumed share
    old = RehearsalHistory(weeks=frozenset({MONDAY - timedelta(weeks=9)}))
    assert _first_cast(old)[FIRST_CAST] == assumed


def test_an_owed_catch_up_is_due_in_full_for_its_dancer_only() -> None:
    history = RehearsalHistory(
        weeks=frozenset({MONDAY - timedelta(weeks=1)}),
        owed={(FIRST_CAST, "d1"): 75, (FIRST_CAST, "d9"): 40},  # d9 is no longer in the cast
    )
    reqs = derive_requirements(tiny_season(), [CASTING], MONDAY, RULES, history)
    [catch_up] = [r for r in reqs if r.catch_up_for is not None]
    assert catch_up.id == catch_up_id(FIRST_CAST, "d1")
    assert catch_up.dancer_ids == ("d1",) and catch_up.due_minutes == 75
    assert catch_up.piece_id == "act1" and "catch-up: Dancer 1" in catch_up.label


def test_the_week_after_an_injury_schedules_the_catch_up_and_validates() -> None:
    # d1 is injured Monday to Wednesday of the week before; the master works Tuesday, Wednesday
    week1_start = MONDAY - timedelta(weeks=1)
    season = tiny_season(
        absent={"d1": (-7, -5)}, master_weekdays=[1, 2], absence_kind=AbsenceKind.INJURY
    )
    week1 = run_week(season, [CASTING], week1_start, "co", time_limit=5)
    owed = {
        (s.requirement_id, s.dancer_id or ""): s.minutes_missing for s in week1.schedule.catch_ups
    }
    assert set(owed) == {("prod:act1:first-cast", "d1"), ("prod:act2:first-cast", "d1")}
    season.ballet_masters[0].weekdays[:] = [1, 2, 3, 4]
    history = history_of([("w1.json", week1.schedule)], "co", MONDAY)
    week2 = run_week(season, [CASTING], MONDAY, "co", time_limit=5, history=history)
    assert week2.violations == [] and week2.schedule.shortfalls == []
    for (req_id, dancer), minutes in owed.items():
        calls = [c for c in week2.schedule.calls if c.requirement_id == catch_up_id(req_id, dancer)]
        assert sum(c.minutes for c in calls) == minutes
        assert all(c.dancer_ids == [dancer] for c in calls)
    # the first cast's group need is what week 1 left, spread over the two weeks left
    group = next(r for r in week2.requirements if r.id == FIRST_CAST)
    assert group.remaining_minutes == group.total_minutes - history.delivered[FIRST_CAST]
    # and the week after that owes nothing more
    after = history_of(
        [("w1.json", week1.schedule), ("w2.json", week2.schedule)],
        "co",
        MONDAY + timedelta(weeks=1),
    )
    assert after.owed == {}


def test_a_catch_up_that_cannot_happen_yet_stays_owed_without_failing_the_week() -> None:
    season = tiny_season(absent={"d1": (0, 6)}, absence_kind=AbsenceKind.INJURY)  # away all week
    history = RehearsalHistory(
        weeks=frozenset({MONDAY - timedelta(weeks=1)}), owed={(FIRST_CAST, "d1"): 75}
    )
    week = run_week(season, [CASTING], MONDAY, "co", time_limit=5, history=history)
    [owed] = [
        s for s in week.schedule.shortfalls if s.requirement_id == catch_up_id(FIRST_CAST, "d1")
    ]
    assert owed.dancer_id == "d1" and owed.minutes_missing >= 75  # whole calls
    assert owed not in week.schedule.missing  # a catch-up, not the group's shortfall
    assert "Dancer 1 is injured until 2027-03-07" in owed.reason
    # the group rehearsed without d1 this week: that is owed too; the unmet catch-up is not a
    # new debt (the earlier week's still counts it)
    later = history_of([("w.json", week.schedule)], "co", MONDAY + timedelta(weeks=1))
    without_d1: dict[tuple[str, str], int] = {}
    for call in week.schedule.calls:
        if call.kind is CallKind.REHEARSAL and "d1" not in call.dancer_ids and call.requirement_id:
            key = (call.requirement_id, "d1")
            without_d1[key] = without_d1.get(key, 0) + call.minutes
    assert later.owed and later.owed == {
        k: m for k, m in without_d1.items() if k[0].endswith("first-cast")
    }


@given(delivered=st.integers(0, 2000), more=st.integers(0, 500))
@settings(max_examples=60, deadline=None)
def test_more_delivered_never_means_more_due_and_the_weeks_left_cover_the_rest(
    delivered: int, more: int
) -> None:
    last_week = MONDAY - timedelta(weeks=1)

    def group(minutes: int) -> tuple[int, int]:
        history = RehearsalHistory(weeks=frozenset({last_week}), delivered={FIRST_CAST: minutes})
        reqs = derive_requirements(tiny_season(), [CASTING], MONDAY, RULES, history)
        found = [r for r in reqs if r.id == FIRST_CAST]
        return (found[0].due_minutes, found[0].remaining_minutes) if found else (0, 0)

    due, remaining = group(delivered)
    assert group(delivered + more)[0] <= due
    assert due * 2 >= remaining  # two weeks left (opening in 14 days): they cover what is left
