"""The season-document adapter and the ops use cases the engines call."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from etoile.errors import InputError
from etoile.forecast import season_adapter
from etoile.generate import demo_season
from etoile.model import Season, Tier
from etoile.ops.forecasting import (
    ForecastDemand,
    SeasonForecaster,
    exchange_box_office,
    fit_season,
    predict_season,
    revenue_gain,
)


@pytest.fixture(scope="module")
def season() -> Season:
    return demo_season()


@pytest.fixture(scope="module")
def fitted(season: Season) -> SeasonForecaster:
    return fit_season(season)


def test_paris_history_fits_in_30_s_and_a_season_predicts_in_1_s(season: Season) -> None:
    started = time.perf_counter()
    history = season_adapter.history(season, "bnp")
    assert 500 <= len(history) <= 600  # three seasons, Paris scale
    fitted = fit_season(season)
    assert time.perf_counter() - started < 30
    started = time.perf_counter()
    rows = predict_season(season, fitted)
    assert time.perf_counter() - started < 5.0  # ≈ 0.05 s measured; generous on a shared box
    assert len(rows) == sum(1 for p in season.performances if season.sales_of(p.id) is None)


def test_history_marks_sell_outs_and_keeps_only_lead_casts(season: Season) -> None:
    history = season_adapter.history(season, "bnp")
    assert any(o.sold_out for o in history) and not all(o.sold_out for o in history)
    with_cast = next(o for o in history if o.showing.cast)
    perf = season.performance(with_cast.showing.id)
    corps = {m.dancer_id for m in perf.cast if season.role(m.role_id).tier is Tier.CORPS}
    assert not corps & set(with_cast.showing.cast or ())
    assert with_cast.showing.extra["star_power"] > 0


def test_forecasts_stay_within_the_house_and_follow_the_history(
    season: Season, fitted: SeasonForecaster
) -> None:
    rows = predict_season(season, fitted)
    for r in rows:
        f = r.forecast
        assert f.tickets is not None and f.revenue is not None and f.capacity
        assert 0 <= f.tickets.lower <= f.tickets.median <= f.tickets.upper <= f.capacity + 1e-6
        assert f.revenue.lower <= f.revenue.median <= f.revenue.upper
    history = season_adapter.history(season, "bnp")
    past = [o.tickets / (o.showing.capacity or 1) for o in history if o.tickets is not None]
    assert len(past) == len(history)  # every past show has its sales
    future = [
        r.forecast.tickets.median / (r.forecast.capacity or 1)
        for r in rows
        if r.company_id == "bnp" and r.forecast.tickets
    ]
    assert abs(sum(future) / len(future) - sum(past) / len(past)) < 0.15


def test_a_star_is_worth_more_than_a_newcomer_and_a_weak_night_gains_more(
    season: Season, fitted: SeasonForecaster
) -> None:
    demand = ForecastDemand(season, fitted)
    future = [
        p
        for p in season.performances
        if season.sales_of(p.id) is None and season.company_of(p).id == "bnp"
    ]
    perf = future[0]
    role = next(r for r in season.work_of(perf).roles if r.tier is Tier.PRINCIPAL)
    dancers = sorted(season.dancers_of("bnp"), key=lambda d: d.star_draw)
    star, nobody = dancers[-1], dancers[0]
    assert demand.gain(star.id, role.id, perf.id) > 0 > demand.gain(nobody.id, role.id, perf.id)
    assert revenue_gain(season, fitted, star.id, role.id, perf.id) == pytest.approx(
        demand.gain(star.id, role.id, perf.id)
    )
    assert demand.value(nobody.id, role.id, perf.id) == 0.0
    corps = next(r for r in season.work_of(perf).roles if r.tier is Tier.CORPS)
    assert demand.gain(star.id, corps.id, perf.id) == 0.0
    # through the censored demand: on a night that sells out anyway the same star adds little
    model = fitted.for_company("bnp")
    lat = model.latent([season_adapter.showing(season, perf)])
    dv, dp = model.member_shift(star.id, star.star_draw)
    weak, full = lat.shifted(-0.6, 0.0), lat.shifted(1.5, 0.0)
    gain_weak = model.expected_revenue(weak.shifted(dv, dp))[0] - model.expected_revenue(weak)[0]
    gain_full = model.expected_revenue(full.shifted(dv, dp))[0] - model.expected_revenue(full)[0]
    assert gain_weak > 0 and gain_full < 0.5 * gain_weak


def test_exchange_box_office_grows_with_star_power(season: Season) -> None:
    box = exchange_box_office(season)
    perf = next(p for p in season.performances if season.sales_of(p.id) is None)
    low, high = box.expected(perf.id, 0.0), box.expected(perf.id, 0.9)
    assert high.demand > low.demand and high.revenue > low.revenue
    assert high.tickets <= high.capacity


def test_saved_model_predicts_the_same(
    season: Season, fitted: SeasonForecaster, tmp_path: Path
) -> None:
    path = tmp_path / "model.json"
    fitted.save(path)
    again = SeasonForecaster.load(path)
    a, b = predict_season(season, fitted)[:20], predict_season(season, again)[:20]
    assert [x.forecast.revenue.median for x in a if x.forecast.revenue] == pytest.approx(
        [y.forecast.revenue.median for y in b if y.forecast.revenue]
    )


def test_unknown_ids_and_foreign_files_are_input_errors(
    season: Season, fitted: SeasonForecaster, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="unknown performance"):
        revenue_gain(season, fitted, season.dancers[0].id, season.works[0].roles[0].id, "nope")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(InputError, match="not a saved forecast model"):
        SeasonForecaster.load(bad)
    with pytest.raises(InputError, match="no model for company"):
        SeasonForecaster({}).for_company("bnp")


def test_planned_casts_reach_the_forecast() -> None:
    from etoile.generate import GeneratorConfig, generate_season
    from etoile.ops.casting import greedy_plan
    from etoile.ops.forecasting import fit_season, predict_season, with_planned_casts

    season = generate_season(GeneratorConfig(dancers=60, performances=20, productions=2, seed=4))
    plan = greedy_plan(season)
    cast = with_planned_casts(season, plan)
    planned = [p.id for p in season.performances if season.sales_of(p.id) is None]
    assert all(cast.performance(p).cast for p in planned)
    assert all(
        cast.performance(p.id).cast == p.cast for p in season.performances if p.id not in planned
    )
    forecaster = fit_season(season)
    before = {r.performance_id: r.forecast.revenue for r in predict_season(season, forecaster)}
    after = {r.performance_id: r.forecast.revenue for r in predict_season(cast, forecaster)}
    assert before.keys() == after.keys() == set(planned)
    assert any(before[p] != after[p] for p in planned)
