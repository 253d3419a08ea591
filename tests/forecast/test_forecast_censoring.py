"""Sell-outs are censored: demand ≥ capacity. Ignoring that underestimates the strongest nights."""

from __future__ import annotations

import math

import numpy as np

from etoile.forecast.model import BoxOfficeModel, ModelConfig
from tests.forecast.synthetic_history import make_history

CAPACITY = 2000.0


def _strong_nights_error(use_censoring: bool) -> tuple[float, float]:
    """Mean log error of latent demand on nights whose true demand exceeds the house."""
    truth = make_history(capacity=CAPACITY, base=math.log(CAPACITY) - 0.35)
    sold_out = [
        o for o in truth.observations if truth.log_demand[o.showing.id] > math.log(CAPACITY)
    ]
    assert 0.25 < len(sold_out) / len(truth.observations) < 0.6  # a real censoring problem
    config = ModelConfig(halflife_days=None, use_censoring=use_censoring)
    model = BoxOfficeModel.fit(truth.observations, truth.context, config)
    lat = model.latent([o.showing for o in sold_out])
    errors = lat.mu - np.array([truth.log_demand[o.showing.id] for o in sold_out])
    return float(errors.mean()), model.full_house


def test_ignoring_censoring_underestimates_sold_out_demand() -> None:
    naive, _ = _strong_nights_error(use_censoring=False)
    assert naive < -0.10  # demand read as "= capacity" is at least 10 % short


def test_censored_model_recovers_demand_beyond_capacity() -> None:
    censored, full_house = _strong_nights_error(use_censoring=True)
    assert abs(censored) < 0.05
    assert full_house == 1.0


def test_predicted_tickets_never_exceed_the_house_and_sell_outs_are_likely() -> None:
    truth = make_history(capacity=CAPACITY, base=math.log(CAPACITY) - 0.35)
    model = BoxOfficeModel.fit(truth.observations, truth.context, ModelConfig(halflife_days=None))
    forecasts = model.predict([o.showing for o in truth.observations])
    assert all(f.tickets is not None and f.tickets.upper <= CAPACITY + 1e-6 for f in forecasts)
    probability = {f.id: f.sell_out_probability for f in forecasts}
    strong = [
        o.showing.id
        for o in truth.observations
        if truth.log_demand[o.showing.id] > math.log(CAPACITY) + 0.2
    ]
    weak = [
        o.showing.id
        for o in truth.observations
        if truth.log_demand[o.showing.id] < math.log(CAPACITY) - 0.4
    ]
    assert np.mean([probability[i] for i in strong]) > 0.7
    assert np.mean([probability[i] for i in weak]) < 0.2
