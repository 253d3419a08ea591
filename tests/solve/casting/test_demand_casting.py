"""The casting objective values stars with the forecaster where there is sales history."""

from __future__ import annotations

import pytest

from etoile.generate import GeneratorConfig, generate_season
from etoile.model import Tier
from etoile.ops.casting import default_demand
from etoile.ops.forecasting import fit_season, revenue_gain
from etoile.solve.casting.demand import REVENUE_UNIT, RevenueDemand, StarDrawDemand


def test_history_switches_the_hook_to_forecast_revenue() -> None:
    season = generate_season(GeneratorConfig(dancers=60, performances=20, productions=2, seed=4))
    hook = default_demand(season)
    assert isinstance(hook, RevenueDemand)
    company = season.companies[0]
    planned = [p for p in season.performances if season.sales_of(p.id) is None]
    show = planned[0]
    lead = next(r for r in season.work_of(show).roles if r.tier is Tier.PRINCIPAL)
    knowers = [
        d for d in season.dancers_of(company.id) if d.knows(lead.id) and d.gender == lead.gender
    ]
    forecaster = fit_season(season)
    values = [hook.value(d.id, lead.id, show.id) for d in knowers]
    expected = [
        max(revenue_gain(season, forecaster, d.id, lead.id, show.id), 0.0) / REVENUE_UNIT
        for d in knowers
    ]
    assert values == pytest.approx(expected)
    assert len(set(values)) > 1  # dancers differ in learned draw
    strongest = knowers[0]
    corps = next(r for r in season.work_of(show).roles if r.tier is Tier.CORPS)
    assert hook.value(strongest.id, corps.id, show.id) == 0.0


def test_no_history_keeps_the_star_draw_proxy() -> None:
    config = GeneratorConfig(dancers=30, performances=6, productions=1, history_seasons=0)
    assert isinstance(default_demand(generate_season(config)), StarDrawDemand)
