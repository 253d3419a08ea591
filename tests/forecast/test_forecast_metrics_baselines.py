"""Accuracy figures and the two yardsticks."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from etoile.forecast.baselines import GradientBoosted, SeasonalNaive
from etoile.forecast.metrics import scores
from etoile.forecast.records import Context, Observation, Showing
from tests.forecast.synthetic_history import make_history


def test_scores_by_hand() -> None:
    got = scores(
        np.array([100.0, 200.0, 0.0]),
        np.array([110.0, 150.0, 10.0]),
        np.array([90.0, 160.0, -5.0]),
        np.array([120.0, 190.0, 5.0]),
    )
    assert got["mae"] == pytest.approx((10 + 50 + 10) / 3)
    assert got["mape"] == pytest.approx((0.1 + 0.25) / 2 * 100)  # zero actuals left out
    assert got["rmse"] == pytest.approx(np.sqrt((100 + 2500 + 100) / 3))
    assert got["coverage"] == pytest.approx(2 / 3)
    assert got["n"] == 3


def test_scores_reject_mismatched_or_empty_input() -> None:
    with pytest.raises(ValueError, match="same length"):
        scores(np.ones(2), np.ones(3), np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="no predictions"):
        scores(np.ones(0), np.ones(0), np.ones(0), np.ones(0))


def _weekday_history() -> list[Observation]:
    """Two years of nightly takings: Saturday 2000 then 3000 in the last ten weeks, else 1000."""
    out = []
    start = date(2020, 1, 1)
    for i in range(730):
        day = start + timedelta(days=i)
        level = 1000.0
        if day.weekday() == 5:
            level = 3000.0 if i >= 730 - 70 else 2000.0
        s = Showing(id=f"n{i}", when=day, titles=("t",))
        out.append(Observation(s, revenue=level * (1 + 0.05 * ((i % 3) - 1))))
    return out


def test_seasonal_naive_uses_the_recent_level_of_the_same_key() -> None:
    history = _weekday_history()
    naive = SeasonalNaive(lambda s: str(s.day.weekday()), recent=8, horizon_days=60)
    naive.fit(history, lambda o: o.revenue, Context())
    saturday = Showing(id="x", when=date(2022, 1, 8), titles=("t",))
    tuesday = Showing(id="y", when=date(2022, 1, 4), titles=("t",))
    unknown = SeasonalNaive(lambda s: "never seen" if s.id == "z" else "k", recent=8)
    point, lower, upper = naive.predict([saturday, tuesday])
    assert point[0] == pytest.approx(3000.0, rel=0.06)
    assert point[1] == pytest.approx(1000.0, rel=0.06)
    assert np.all(lower <= point) and np.all(point <= upper)
    unknown.fit(history, lambda o: o.revenue, Context())
    fallback = unknown.predict([Showing(id="z", when=date(2022, 1, 8), titles=("t",))])[0]
    assert 900 < fallback[0] < 3100  # the recent overall median, not zero


def test_gradient_boosting_learns_a_strong_driver_and_gives_intervals() -> None:
    truth = make_history(n=600)
    train, test = truth.observations[:450], truth.observations[450:]
    model = GradientBoosted()
    model.fit(train, lambda o: o.tickets, truth.context)
    point, lower, upper = model.predict([o.showing for o in test])
    actual = np.array([o.tickets for o in test])
    flat = np.full_like(actual, np.median([o.tickets for o in train]))
    assert np.mean(np.abs(point - actual)) < 0.8 * np.mean(np.abs(flat - actual))
    assert np.all(lower <= point) and np.all(point <= upper)
