"""Forecast accuracy: the same four figures for the model and every baseline, so they compare."""

from __future__ import annotations

import numpy as np


def scores(
    actual: np.ndarray, predicted: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> dict[str, float]:
    """MAE, MAPE (% of actual, over non-zero actuals), RMSE and coverage of [lower, upper]."""
    a, p = np.asarray(actual, float), np.asarray(predicted, float)
    lo, hi = np.asarray(lower, float), np.asarray(upper, float)
    if not (a.shape == p.shape == lo.shape == hi.shape):
        raise ValueError("actual, predicted, lower and upper must have the same length")
    if a.size == 0:
        raise ValueError("no predictions to score")
    err = p - a
    nz = a != 0
    mape = float(np.mean(np.abs(err[nz]) / np.abs(a[nz])) * 100) if nz.any() else float("nan")
    return {
        "n": int(a.size),
        "mae": float(np.mean(np.abs(err))),
        "mape": mape,
        "rmse": float(np.sqrt(np.mean(err**2))),
        "coverage": float(np.mean((a >= lo) & (a <= hi))),
    }
