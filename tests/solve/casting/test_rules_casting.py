"""Each hard rule: the solver respects it where it bites, and the validator catches a breach."""

from __future__ import annotations

import json
from datetime import date

import pytest

from etoile.errors import InfeasibleError
from etoile.model import Absence, AbsenceKind, RoleStatus, Season
from etoile.model.plan import CastingPlan
from etoile.ops.casting import cast_season, check_plan
from tests.solve.casting.casting_builders import build_season, dancer


def _solve(season: Season) -> CastingPlan:
    plan = cast_season(season, time_limit=5)
    assert check_plan(season, plan) == []
    return plan


def _swap(plan: CastingPlan, perf_index: int, role_id: str, dancer_ids: list[str]) -> CastingPlan:
    data = json.loads(plan.to_json())
    for rc in data["performances"][perf_index]["roles"]:
        if rc["role_id"] == role_id:
            rc["dancer_ids"] = dancer_ids
    return CastingPlan.model_validate(data)


def _rules(season: Season, plan: CastingPlan) -> set[str]:
    return {v.rule for v in check_plan(season, plan)}


def test_role_filled_catches_a_missing_swan(small_season: Season) -> None:
    plan = _solve(small_season)
    broken = _swap(plan, 0, "w0-wilis", plan.performances[0].dancers("w0-wilis")[:3])
    assert "role_filled" in _rules(small_season, broken)


def test_gender_and_tier(small_season: Season) -> None:
    plan = _solve(small_season)
    assert "gender" in _rules(small_season, _swap(plan, 0, "w0-heroine", ["etoile-m0"]))
    assert "tier_eligible" in _rules(small_season, _swap(plan, 0, "w0-heroine", ["quadrille-1"]))


def test_injured_dancer_is_not_cast_and_is_caught() -> None:
    season = build_season()
    season.dancers[0].absences = [
        Absence(start=date(2026, 3, 1), end=date(2026, 3, 31), kind=AbsenceKind.INJURY)
    ]
    plan = _solve(season)
    assert not plan.performances_of("etoile-f0")
    assert "available" in _rules(season, _swap(plan, 0, "w0-heroine", ["etoile-f0"]))


def test_one_role_per_performance(small_season: Season) -> None:
    plan = _solve(small_season)
    queen = plan.performances[0].dancers("w0-queen")
    wilis = plan.performances[0].dancers("w0-wilis")
    broken = _swap(plan, 0, "w0-wilis", [*wilis[:3], *queen])
    assert "one_role_per_performance" in _rules(small_season, broken)


def test_shows_per_week_and_day_limit_principals() -> None:
    season = build_season(
        heroines=2,
        heroes=2,
        rules={
            "casts_per_run": 2,
            "max_shows_per_week": {"principal": 2, "soloist": 5, "corps": 7},
        },
    )
    with pytest.raises(InfeasibleError):
        cast_season(season, time_limit=5)  # two heroines, 3 shows a week each needed
    ok = build_season(
        heroines=4,
        heroes=4,
        rules={
            "casts_per_run": 3,
            "max_shows_per_week": {"principal": 2, "soloist": 5, "corps": 7},
        },
    )
    plan = _solve(ok)
    one = plan.performances[0].dancers("w0-heroine")
    broken = _swap(plan, 1, "w0-heroine", one)
    broken = _swap(broken, 2, "w0-heroine", one)
    assert {"shows_per_week", "rest_after_high_intensity"} <= _rules(ok, broken)


def test_shows_per_day_catches_a_matinee_and_evening_lead(small_season: Season) -> None:
    plan = _solve(small_season)
    first = plan.performances[0].dancers("w0-hero")
    evening = small_season.performance(plan.performances[0].performance_id).starts_at
    matinee = small_season.model_copy(deep=True)
    second = matinee.performance(plan.performances[1].performance_id)
    second.starts_at = evening.replace(hour=14, minute=30)

    def twice(season: Season, p: CastingPlan) -> list[str]:
        """Who the validator says dances too many shows that day (one show for a principal)."""
        return [v.dancer_id or "" for v in check_plan(season, p) if v.rule == "shows_per_day"]

    # the hero (intensity 4) rests the day after a show, so the plan never has him in both
    assert first[0] not in twice(matinee, plan)
    broken = _swap(plan, 1, "w0-hero", first)
    assert first[0] in twice(matinee, broken)
    assert first[0] not in twice(small_season, broken)  # on two days it is no breach of this rule


def test_distinct_casts_catches_a_dancer_named_twice(small_season: Season) -> None:
    plan = _solve(small_season)
    data = json.loads(plan.to_json())
    casts = data["runs"][0]["casts"]
    heroine = next(rc for rc in casts[0]["roles"] if rc["role_id"] == "w0-heroine")["dancer_ids"]
    for rc in casts[1]["roles"]:
        if rc["role_id"] == "w0-heroine":
            rc["dancer_ids"] = heroine
    broken = CastingPlan.model_validate(data)
    assert "distinct_casts" in _rules(small_season, broken)
    assert "distinct_casts" not in _rules(small_season, plan)


def test_rest_after_high_intensity_keeps_a_day_between_odettes(small_season: Season) -> None:
    plan = _solve(small_season)
    days: dict[str, list[date]] = {}
    for perf in plan.performances:
        for d in perf.dancers("w0-heroine"):
            day = small_season.local_day(small_season.performance(perf.performance_id))
            assert all(abs((day - other).days) > 1 for other in days.get(d, []))
            days.setdefault(d, []).append(day)
    first = plan.performances[0].dancers("w0-heroine")
    assert "rest_after_high_intensity" in _rules(small_season, _swap(plan, 1, "w0-heroine", first))


def test_partner_height_rule() -> None:
    season = build_season(rules={"max_partner_height_gap_cm": 20, "min_partner_height_gap_cm": 5})
    season.dancers[0].height_cm = 178  # etoile-f0: too tall for any hero (175–187) at ≥ 5 cm
    plan = _solve(season)
    for perf in plan.performances:
        if perf.dancers("w0-heroine") == ["etoile-f0"]:
            hero = season.dancer(perf.dancers("w0-hero")[0])
            assert hero.height_cm - 178 >= 5
    short = next(
        d.id
        for d in season.dancers
        if d.gender == "male"
        and d.height_cm < 183
        and d.company_id == "opera"
        and d.rank_id.endswith("etoile")
    )
    broken = _swap(_swap(plan, 0, "w0-heroine", ["etoile-f0"]), 0, "w0-hero", [short])
    assert "partner_compatibility" in _rules(season, broken)


def test_declared_pair_overrides_height() -> None:
    season = build_season(rules={"max_partner_height_gap_cm": 0})
    # No height gap is allowed, so only declared pairs can dance together.
    for i in range(4):
        season.dancers[i].preferred_partners = [f"etoile-m{i}"]
        season.dancers[4 + i].preferred_partners = [f"etoile-f{i}"]
    plan = _solve(season)
    for perf in plan.performances:
        her, him = perf.dancers("w0-heroine")[0], perf.dancers("w0-hero")[0]
        assert him in season.dancer(her).preferred_partners


def test_cover_depth_needs_free_knowers() -> None:
    no_learning = {"principal": 5000.0, "soloist": 20.0, "corps": 10.0}
    season = build_season(heroines=2, rules={"cover_depth": 1, "learning_hours": no_learning})
    with pytest.raises(InfeasibleError, match="cover_depth"):
        cast_season(season, time_limit=5)  # the 3 who know the heroine are all in her casts
    plan = _solve(build_season())
    data = json.loads(plan.to_json())
    for rc in data["runs"][0]["covers"]:
        rc["dancer_ids"] = []
    assert "cover_depth" in _rules(build_season(), CastingPlan.model_validate(data))


def test_learning_must_fit_before_opening() -> None:
    season = build_season(
        rules={"learning_hours": {"principal": 5000.0, "soloist": 20.0, "corps": 10.0}}
    )
    plan = _solve(season)  # nobody can learn a principal role: only those who know it dance it
    for perf in plan.performances:
        for d in perf.dancers("w0-heroine"):
            assert season.dancer(d).knows("w0-heroine") is not None
    stranger = dancer("newcomer", "sujet", "female", {})
    season = Season.model_validate(
        {**season.model_dump(), "dancers": [*season.model_dump()["dancers"], stranger.model_dump()]}
    )
    assert "knows_role" in _rules(season, _swap(plan, 0, "w0-heroine", ["newcomer"]))


def test_travel_buffer_between_cities() -> None:
    from datetime import timedelta

    from etoile.model import Production, Venue
    from tests.solve.casting.casting_builders import OPENING, performances

    season = build_season()
    season.venues.append(Venue(id="lyon", name="Opéra de Lyon", city="Lyon", capacity=1100))
    season.productions.append(
        Production(
            id="tour",
            company_id="opera",
            work_id="w0",
            season="2025-26",
            venue_id="lyon",
            tour=True,
        )
    )
    season.performances.extend(performances("tour", OPENING, 1, step=1))
    season.performances[-1] = season.performances[-1].model_copy(
        update={"starts_at": season.performances[-1].starts_at + timedelta(hours=-5)}
    )
    season = Season.model_validate(season.model_dump())
    plan = _solve(season)
    lyon = {d for p in plan.performances if p.production_id == "tour" for d in p.all_dancers()}
    paris = {d for p in plan.performances[:2] if p.production_id != "tour" for d in p.all_dancers()}
    same_day = {
        d
        for p in plan.performances
        if p.production_id != "tour"
        and season.local_day(season.performance(p.performance_id)) == OPENING
        for d in p.all_dancers()
    }
    assert not (lyon & same_day)
    assert paris  # both runs were cast


def test_learning_status_counts_as_known_for_covers() -> None:
    season = build_season()
    for d in season.dancers:
        d.roles = [r.model_copy(update={"status": RoleStatus.LEARNING}) for r in d.roles]
    _solve(season)
