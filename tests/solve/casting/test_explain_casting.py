"""Infeasible seasons name the performance, the role and why each dancer who knows it is out."""

from __future__ import annotations

from datetime import date

import pytest

from etoile.errors import InfeasibleError
from etoile.model import Absence, AbsenceKind
from etoile.ops.casting import cast_season
from etoile.solve.casting.eligibility import prepare
from etoile.solve.casting.explain import diagnose, objective_breakdown
from tests.solve.casting.casting_builders import build_season


def test_nobody_free_knows_the_queen() -> None:
    season = build_season(
        soloists=2, rules={"learning_hours": {"principal": 30.0, "soloist": 5000.0, "corps": 10.0}}
    )
    for d in season.dancers:
        if d.id.startswith("sujet"):
            d.absences = [
                Absence(
                    start=date(2026, 2, 1),
                    end=date(2026, 4, 1),
                    kind=AbsenceKind.INJURY,
                    note="ankle",
                )
            ]
    for d in season.dancers:  # étoiles could step down; make sure they do not know the queen
        assert d.knows("w0-queen") is None or d.id.startswith("sujet")
    with pytest.raises(InfeasibleError) as caught:
        cast_season(season, time_limit=5)
    text = str(caught.value)
    assert "W0, 2 March 19:30: nobody free knows Queen" in text
    assert "the two who know it" in text
    assert "injury (ankle)" in text


def test_exchange_period_is_named() -> None:
    from etoile.model import ExchangeAgreement, Season
    from tests.solve.casting.casting_builders import company

    no_learning = {"principal": 5000.0, "soloist": 20.0, "corps": 10.0}
    season = build_season(heroines=1, soloists=1, rules={"learning_hours": no_learning})
    data = season.model_dump()
    data["companies"].append(company("nycb", city="New York", tz="America/New_York").model_dump())
    data["companies"][-1]["country"] = "US"
    data["exchanges"] = [
        ExchangeAgreement(
            id="x1",
            dancer_id="etoile-f0",
            host_company_id="nycb",
            start=date(2026, 2, 1),
            end=date(2026, 4, 1),
        ).model_dump()
    ]
    season = Season.model_validate(data)
    reasons = diagnose(prepare(season, ["opera"]))
    assert any("dancing with Nycb" in r and "Heroine" in r for r in reasons)


def test_feasible_plan_breaks_objective_down() -> None:
    season = build_season()
    plan = cast_season(season, time_limit=5)
    rows = objective_breakdown(plan)
    assert {name for name, _label, _value in rows} >= {"audience", "cover_load"}
    assert plan.solve.objective is not None
    assert abs(sum(v for _n, _l, v in rows) - plan.solve.objective) < 1.0
