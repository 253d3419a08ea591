"""One backtest protocol for every dataset: fit on the past, predict a later window, score.

Nothing after the training cut is seen by any method — not the model, not the baselines — so a
backtest measures what a planner would have known when the season was drawn up.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from etoile.forecast.baselines import GradientBoosted, SeasonalNaive, Target
from etoile.forecast.metrics import scores
from etoile.forecast.model import BoxOfficeModel, ModelConfig, _weights
from etoile.forecast.records import Context, Observation, Showing

Step = Callable[[str], None]


@dataclass(frozen=True)
class PredictionRow:
    """One line of the predictions CSV."""

    id: str
    date: str
    actual: float
    predicted: float
    lower: float
    upper: float


def revenue_target(o: Observation) -> float | None:
    """The quantity both real-data backtests predict: the takings."""
    return o.revenue


def run_backtest(
    dataset: str,
    train: Sequence[Observation],
    test: Sequence[Observation],
    context: Context,
    naive_key: Callable[[Showing], str],
    config: ModelConfig,
    step: Step | None = None,
    target: Target = revenue_target,
) -> tuple[dict[str, Any], list[PredictionRow]]:
    """Fit the model and both baselines on ``train``; score all three on ``test``."""
    say = step or (lambda _msg: None)
    test = [o for o in test if (v := target(o)) is not None and v > 0]
    if not train or not test:
        raise ValueError(f"empty split: {len(train)} training and {len(test)} test records")
    showings = [o.showing for o in test]
    actual = np.array([target(o) for o in test], dtype=float)
    horizon = max((max(s.day for s in showings) - min(s.day for s in showings)).days, 28)

    say("fitting the demand model")
    t0 = time.perf_counter()
    model = BoxOfficeModel.fit(train, context, config)
    fit_s = time.perf_counter() - t0
    say("predicting")
    t0 = time.perf_counter()
    forecasts = model.predict(showings)
    predict_s = time.perf_counter() - t0
    money = [f.revenue for f in forecasts]
    if any(m is None for m in money):
        raise ValueError("the training history has no revenue, so revenue cannot be predicted")
    pred = np.array([m.median for m in money if m is not None])
    lower = np.array([m.lower for m in money if m is not None])
    upper = np.array([m.upper for m in money if m is not None])

    report: dict[str, Any] = {
        "dataset": dataset,
        "target": "revenue",
        "n_train": len(train),
        "n_test": len(test),
        "train_from": min(o.showing.day for o in train).isoformat(),
        "train_until": max(o.showing.day for o in train).isoformat(),
        "test_from": min(s.day for s in showings).isoformat(),
        "test_to": max(s.day for s in showings).isoformat(),
        "interval": config.level,
        "model": {
            **scores(actual, pred, lower, upper),
            "fit_seconds": round(fit_s, 2),
            "predict_seconds": round(predict_s, 2),
        },
        "baselines": {},
    }
    weigh = lambda obs: _weights([o.showing.day for o in obs], config.halflife_days)  # noqa: E731
    for method in (SeasonalNaive(naive_key, horizon_days=horizon), GradientBoosted(weights=weigh)):
        say(f"baseline {method.name}")
        method.fit(train, target, context)
        p, lo, hi = method.predict(showings)
        report["baselines"][method.name] = scores(actual, p, lo, hi)
    best = min(v["mae"] for v in report["baselines"].values())
    report["model_beats_baselines_on_mae"] = bool(report["model"]["mae"] < best)
    rows = [
        PredictionRow(s.id, s.day.isoformat(), float(a), float(p), float(lo), float(hi))
        for s, a, p, lo, hi in zip(showings, actual, pred, lower, upper, strict=True)
    ]
    return report, rows


def write_predictions(path: Path, rows: Sequence[PredictionRow]) -> None:
    """The predictions CSV: ``id, date, actual, predicted, lower, upper`` (80 % interval)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "date", "actual", "predicted", "lower", "upper"])
        for r in rows:
            out.writerow(
                [
                    r.id,
                    r.date,
                    f"{r.actual:.2f}",
                    f"{r.predicted:.2f}",
                    f"{r.lower:.2f}",
                    f"{r.upper:.2f}",
                ]
            )
