"""The model recovers known star effects, and shrinks a thin history toward the rank average."""

from __future__ import annotations

import numpy as np

from etoile.forecast.model import BoxOfficeModel, ModelConfig
from tests.forecast.synthetic_history import Truth, make_history

TOLERANCE = 0.05
"""Largest error allowed on a regular dancer's draw (log demand, i.e. about ±5 % of tickets)."""


def _fit() -> tuple[BoxOfficeModel, Truth]:
    truth = make_history()
    model = BoxOfficeModel.fit(truth.observations, truth.context, ModelConfig(halflife_days=None))
    return model, truth


def test_star_draws_are_recovered_within_tolerance() -> None:
    model, truth = _fit()
    learned = model.member_draws()
    errors, pairs = [], []
    for rank in ("principal", "soloist"):
        members = [d for d in truth.rank if truth.rank[d] == rank and truth.appearances[d] >= 50]
        centre = np.mean([truth.draw[d] for d in truth.rank if truth.rank[d] == rank])
        for d in members:
            true_dev = truth.draw[d] - centre
            errors.append(abs(learned[d][0] - true_dev))
            pairs.append((learned[d][0], true_dev))
    assert len(errors) >= 25
    assert max(errors) < TOLERANCE, f"worst draw error {max(errors):.3f}"
    est, true = np.array(pairs).T
    assert np.corrcoef(est, true)[0, 1] > 0.97
    # the clear star and the non-draw come out in the right order, far apart
    assert learned["d00"][0] - learned["d01"][0] > 0.4


def test_thin_history_is_shrunk_toward_the_rank_average() -> None:
    model, truth = _fit()
    learned = model.member_draws()
    assert truth.appearances["d29"] == 2
    centre = np.mean([truth.draw[d] for d in truth.rank if truth.rank[d] == "soloist"])
    estimate, sd = learned["d29"]
    assert 0.0 < estimate < truth.draw["d29"] - centre  # pulled in, but still seen as a draw
    regular_sd = learned["d05"][1]
    assert sd > 2 * regular_sd  # and the model knows it knows little


def test_fit_is_deterministic_and_predicts_the_known_level() -> None:
    model, truth = _fit()
    again, _ = _fit()
    assert model.volume.sigma == again.volume.sigma
    assert abs(model.volume.sigma - 0.10) < 0.02
    forecasts = model.predict([o.showing for o in truth.observations[:200]])
    got = np.log([f.tickets.median for f in forecasts if f.tickets])
    want = np.array([truth.log_demand[f.id] for f in forecasts])
    assert np.mean(np.abs(got - want)) < 0.12
