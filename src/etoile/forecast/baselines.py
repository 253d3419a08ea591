"""The two yardsticks every backtest reports beside the model.

* Seasonal naive: the recent level of the same key (the same weekday at the Comédie-Française,
  the same show on Broadway), per performance, times the performances in the period.
* Gradient boosting: scikit-learn's HistGradientBoosting on the same drivers as the model, the
  effect blocks given as out-of-fold target encodings; quantile losses give its 80 % interval.

Neither knows about censoring: that is part of what they are measured against.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from etoile.forecast.features import BLOCKS, Design, FeatureBuilder
from etoile.forecast.records import Context, Observation, Showing

Target = Callable[[Observation], float | None]
Prediction = tuple[np.ndarray, np.ndarray, np.ndarray]


def _usable(train: Sequence[Observation], target: Target) -> list[tuple[Observation, float]]:
    out = []
    for o in train:
        v = target(o)
        if v is not None and v > 0:
            out.append((o, float(v)))
    return out


class SeasonalNaive:
    """Median per-performance value of the last ``recent`` periods with the same key."""

    name = "seasonal_naive"

    def __init__(self, key: Callable[[Showing], str], recent: int = 8, horizon_days: int = 365):
        self.key, self.recent, self.horizon_days = key, recent, horizon_days
        self.levels: dict[str, float] = {}
        self.fallback = 0.0
        self.log_q = (0.0, 0.0)

    def _levels(self, rows: list[tuple[Observation, float]]) -> tuple[dict[str, float], float]:
        by_key: dict[str, list[tuple[object, float]]] = {}
        for o, v in sorted(rows, key=lambda r: r[0].showing.day):
            by_key.setdefault(self.key(o.showing), []).append(
                (o, v / max(o.showing.performances, 1))
            )
        levels = {
            k: float(np.median([v for _, v in vs[-self.recent :]])) for k, vs in by_key.items()
        }
        last = max(o.showing.day for o, _ in rows)
        tail = [
            v / max(o.showing.performances, 1)
            for o, v in rows
            if (last - o.showing.day).days <= 365
        ]
        return levels, float(np.median(tail))

    def _point(
        self, showings: Sequence[Showing], levels: dict[str, float], fallback: float
    ) -> np.ndarray:
        return np.array(
            [levels.get(self.key(s), fallback) * max(s.performances, 1) for s in showings]
        )

    def fit(self, train: Sequence[Observation], target: Target, context: Context) -> None:
        rows = _usable(train, target)
        last = max(o.showing.day for o, _ in rows)
        cut = last - timedelta(days=self.horizon_days)
        early = [r for r in rows if r[0].showing.day <= cut]
        late = [r for r in rows if r[0].showing.day > cut]
        if early and late:
            lv, fb = self._levels(early)
            pred = self._point([o.showing for o, _ in late], lv, fb)
            resid = np.log(np.array([v for _, v in late]) / pred)
            self.log_q = (float(np.quantile(resid, 0.1)), float(np.quantile(resid, 0.9)))
        self.levels, self.fallback = self._levels(rows)

    def predict(self, showings: Sequence[Showing]) -> Prediction:
        p = self._point(showings, self.levels, self.fallback)
        return p, p * np.exp(self.log_q[0]), p * np.exp(self.log_q[1])


def _encode(design: Design, tables: dict[str, np.ndarray]) -> np.ndarray:
    """Sum of the entities' encoded levels per block, and the count of unknown entities."""
    cols = [design.dense]
    for b in BLOCKS:
        z = design.blocks[b]
        cols.append(
            np.asarray(z @ tables[b]).reshape(-1, 1) if z.shape[1] else np.zeros((design.n, 1))
        )
        cols.append(design.unseen[b].reshape(-1, 1))
    return np.hstack(cols)


def _tables(design: Design, resid: np.ndarray, m: float = 5.0) -> dict[str, np.ndarray]:
    """Smoothed mean residual of each entity (an m-estimate toward zero)."""
    out = {}
    for b in BLOCKS:
        z = design.blocks[b]
        total = np.asarray(z.T @ resid).ravel()
        count = np.asarray(z.sum(axis=0)).ravel()
        out[b] = total / (count + m)
    return out


class GradientBoosted:
    """HistGradientBoosting on log value: squared loss for the point, quantile loss for bounds."""

    name = "gradient_boosting"

    def __init__(
        self,
        folds: int = 5,
        seed: int = 0,
        weights: Callable[[Sequence[Observation]], np.ndarray] | None = None,
    ):
        self.folds, self.seed, self.weights = folds, seed, weights
        self.features = FeatureBuilder()
        self.models: list[HistGradientBoostingRegressor] = []
        self.tables: dict[str, np.ndarray] = {}
        self.mean = 0.0

    def fit(self, train: Sequence[Observation], target: Target, context: Context) -> None:
        rows = _usable(train, target)
        showings = [o.showing for o, _ in rows]
        y = np.log([v for _, v in rows])
        self.features = FeatureBuilder(context=context).fit(showings)
        design = self.features.transform(showings)
        self.mean = float(y.mean())
        resid = y - self.mean
        # out-of-fold encodings, so the trees cannot read a row's own value in its encoding
        fold = np.random.default_rng(self.seed).integers(0, self.folds, len(rows))
        x: np.ndarray | None = None
        for k in range(self.folds):
            inside = fold != k
            tab = _tables(
                Design(design.dense[inside], {b: design.blocks[b][inside] for b in BLOCKS}, {}),
                resid[inside],
            )
            part = Design(
                design.dense[~inside],
                {b: design.blocks[b][~inside] for b in BLOCKS},
                {b: design.unseen[b][~inside] for b in BLOCKS},
            )
            enc = _encode(part, tab)
            if x is None:
                x = np.zeros((len(rows), enc.shape[1]))
            x[~inside] = enc
        self.tables = _tables(design, resid)
        w = self.weights([o for o, _ in rows]) if self.weights else None
        self.models = []
        # one thread: OpenMP spinning on a shared 2-core machine is slower than no parallelism
        assert x is not None  # folds ≥ 1
        with threadpool_limits(limits=1):
            self._fit_models(x, y, w)

    def _fit_models(self, x: np.ndarray, y: np.ndarray, w: np.ndarray | None) -> None:
        for loss, q in (("squared_error", None), ("quantile", 0.1), ("quantile", 0.9)):
            kwargs = {"quantile": q} if q is not None else {}
            model = HistGradientBoostingRegressor(
                loss=loss, max_iter=300, learning_rate=0.05, random_state=self.seed, **kwargs
            )
            self.models.append(model.fit(x, y, sample_weight=w))

    def predict(self, showings: Sequence[Showing]) -> Prediction:
        x = _encode(self.features.transform(showings), self.tables)
        p, lo, hi = (np.exp(m.predict(x)) for m in self.models)
        return p, np.minimum(lo, p), np.maximum(hi, p)
