"""The box-office model: demand (censored at capacity) times yield, with prediction intervals.

Tickets are modelled as latent demand D, observed as min(D, house). Revenue is tickets times the
revenue per ticket P (a second regression on the same drivers, its noise correlated with D's).
When a history has revenue only (the Comédie-Française registers), revenue itself is the modelled
quantity. Intervals come from quasi-Monte-Carlo draws of (D, P), so the cap at capacity and the
product are exact rather than approximated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import special
from scipy.stats import qmc

from etoile.forecast.censored import CensoredRidge
from etoile.forecast.features import FeatureBuilder
from etoile.forecast.records import Context, Forecast, Interval, Observation, Showing

_CHUNK = 2000


@dataclass(frozen=True)
class ModelConfig:
    """Settings of a fit. ``halflife_days`` down-weights old history (tastes and prices drift)."""

    halflife_days: float | None = 730.0
    sellout_threshold: float = 0.98
    use_censoring: bool = True
    min_weight: float = 0.01
    draws: int = 512
    level: float = 0.8


def _weights(days: Sequence[date], halflife: float | None) -> np.ndarray:
    if not halflife:
        return np.ones(len(days))
    last = max(days)
    age = np.array([(last - d).days for d in days], dtype=float)
    return np.asarray(0.5 ** (age / halflife))


@dataclass(frozen=True)
class Latent:
    """Per-showing log-normal parameters of demand (capped at the house) and of yield."""

    mu: np.ndarray
    sd: np.ndarray
    caps: np.ndarray
    yield_mu: np.ndarray | None
    yield_sd: np.ndarray | None

    def shifted(self, volume: float, yield_: float) -> Latent:
        """The same nights with log demand and log yield moved (a different dancer, say)."""
        ym = None if self.yield_mu is None else self.yield_mu + yield_
        return Latent(self.mu + volume, self.sd, self.caps, ym, self.yield_sd)


@dataclass
class BoxOfficeModel:
    """A fitted model; build it with :meth:`fit`, use :meth:`predict` and :meth:`member_draws`."""

    features: FeatureBuilder
    volume: CensoredRidge
    volume_kind: str
    yield_model: CensoredRidge | None = None
    rho: float = 0.0
    full_house: float = 1.0
    config: ModelConfig = field(default_factory=ModelConfig)
    n_train: int = 0

    @classmethod
    def fit(
        cls,
        observations: Sequence[Observation],
        context: Context | None = None,
        config: ModelConfig | None = None,
    ) -> BoxOfficeModel:
        """Learn from a sales history; raises ``ValueError`` when nothing usable is in it."""
        cfg = config or ModelConfig()
        ctx = context or Context()
        with_tickets = [o for o in observations if o.tickets is not None and o.tickets > 0]
        with_revenue = [o for o in observations if o.revenue is not None and o.revenue > 0]
        kind = "tickets" if with_tickets else "revenue"
        rows = with_tickets or with_revenue
        if rows and cfg.halflife_days:  # rows weighing under min_weight only slow the fit down
            keep = _weights([o.showing.day for o in rows], cfg.halflife_days) >= cfg.min_weight
            rows = [o for o, k in zip(rows, keep, strict=True) if k]
        if len(rows) < 2:
            raise ValueError("fewer than two performances with tickets or revenue to learn from")
        features = FeatureBuilder(context=ctx).fit([o.showing for o in rows])
        design = features.transform([o.showing for o in rows])
        w = _weights([o.showing.day for o in rows], cfg.halflife_days)
        values = np.array([o.tickets if kind == "tickets" else o.revenue for o in rows], float)
        cens = np.array([cls._is_sold_out(o, cfg) for o in rows])
        volume = CensoredRidge(use_censoring=cfg.use_censoring)
        volume.fit(design, np.log(values), cens, w)
        full_house = 1.0
        ratios = [
            o.tickets / o.showing.capacity
            for o, c in zip(rows, cens, strict=True)
            if c and o.showing.capacity and o.tickets
        ]
        if kind == "tickets" and ratios:
            full_house = float(np.median(ratios))
        model = cls(features, volume, kind, None, 0.0, full_house, cfg, len(rows))
        both = np.array([o.revenue is not None and o.revenue > 0 for o in rows])
        if kind == "tickets" and both.sum() >= 2:
            idx = np.flatnonzero(both)
            sub = features.transform([rows[i].showing for i in idx])
            price = np.log([float(rows[i].revenue or 0.0) / values[i] for i in idx])
            ym = CensoredRidge(use_censoring=False).fit(sub, price, None, w[idx])
            model.yield_model = ym
            mu_v, _ = volume.predict(sub)
            mu_p, _ = ym.predict(sub)
            exact = ~cens[idx]
            if exact.sum() > 2:
                rv = np.log(values[idx][exact]) - mu_v[exact]
                rp = price[exact] - mu_p[exact]
                if rv.std() > 0 and rp.std() > 0:
                    model.rho = float(np.clip(np.corrcoef(rv, rp)[0, 1], -0.95, 0.95))
        return model

    @staticmethod
    def _is_sold_out(o: Observation, cfg: ModelConfig) -> bool:
        cap = o.showing.capacity
        if o.sold_out:
            return True
        return bool(o.tickets and cap and o.tickets >= cfg.sellout_threshold * cap)

    def _normals(self) -> tuple[np.ndarray, np.ndarray]:
        """Fixed scrambled-Sobol normal pairs: smooth, repeatable intervals and gains."""
        return _sobol_normals(self.config.draws, self.rho)

    def latent(self, showings: Sequence[Showing]) -> Latent:
        """The log-scale parameters of demand and yield per showing, and the house caps."""
        design = self.features.transform(showings)
        mu, sd = self.volume.predict(design)
        caps = np.array(
            [
                s.capacity * self.full_house
                if s.capacity and self.volume_kind == "tickets"
                else np.inf
                for s in showings
            ]
        )
        if self.yield_model is None:
            return Latent(mu, sd, caps, None, None)
        mp, sp = self.yield_model.predict(design)
        return Latent(mu, sd, caps, mp, sp)

    def simulate(self, lat: Latent) -> tuple[np.ndarray, np.ndarray | None]:
        """Draws (draws × n) of tickets (or revenue when that is the modelled quantity) and revenue."""
        z1, z2 = self._normals()
        latent = np.exp(lat.mu[None, :] + lat.sd[None, :] * z1[:, None])
        sold = np.minimum(latent, lat.caps[None, :])
        revenue = None
        if lat.yield_mu is not None and lat.yield_sd is not None:
            revenue = sold * np.exp(lat.yield_mu[None, :] + lat.yield_sd[None, :] * z2[:, None])
        return sold, revenue

    def expected_revenue(self, lat: Latent) -> np.ndarray:
        """Mean revenue per showing (mean tickets if revenue was never observed)."""
        sold, revenue = self.simulate(lat)
        return np.asarray((revenue if revenue is not None else sold).mean(axis=0))

    def member_shift(self, member: str, star_power_delta: float = 0.0) -> tuple[float, float]:
        """How much a dancer moves log demand and log yield: her own effect plus her star power."""
        shifts = []
        for part in (self.volume, self.yield_model):
            if part is None:
                shifts.append(0.0)
                continue
            names = self.features.vocab.get("member", [])
            effect = 0.0
            if member in names and part.effects.get("member", np.zeros(0)).size:
                effect = float(part.effects["member"][names.index(member)])
            if "extra:star_power" in self.features.columns:
                j = self.features.columns.index("extra:star_power")
                effect += float(part.beta[j]) / self.features.scales[j] * star_power_delta
            shifts.append(effect)
        return shifts[0], shifts[1]

    def predict(self, showings: Sequence[Showing]) -> list[Forecast]:
        """A forecast with an interval at ``config.level`` for every showing."""
        lo, hi = (1 - self.config.level) / 2, 1 - (1 - self.config.level) / 2
        out: list[Forecast] = []
        for start in range(0, len(showings), _CHUNK):
            part = showings[start : start + _CHUNK]
            lat = self.latent(part)
            sold, revenue = self.simulate(lat)
            caps = lat.caps

            def summary(a: np.ndarray, j: int) -> Interval:
                q = np.quantile(a[:, j], [0.5, lo, hi])
                return Interval(float(q[0]), float(a[:, j].mean()), float(q[1]), float(q[2]))

            for j, s in enumerate(part):
                if self.volume_kind == "revenue":
                    out.append(Forecast(s.id, None, summary(sold, j), s.capacity, None))
                    continue
                p_full = float(np.mean(sold[:, j] >= caps[j])) if np.isfinite(caps[j]) else None
                rev = summary(revenue, j) if revenue is not None else None
                out.append(Forecast(s.id, summary(sold, j), rev, s.capacity, p_full))
        return out

    def member_draws(self) -> dict[str, tuple[float, float]]:
        """Each dancer's learned draw on the log scale (relative to the rank average) and its sd."""
        names = self.features.vocab.get("member", [])
        eff = self.volume.effects.get("member", np.zeros(0))
        sd = np.sqrt(self.volume.post_var.get("member", np.zeros(0)))
        return {n: (float(e), float(s)) for n, e, s in zip(names, eff, sd, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form of the fitted model (``etoile forecast fit --out``)."""
        return {
            "format": "etoile-forecast-model/1",
            "features": self.features.to_dict(),
            "volume": self.volume.to_dict(),
            "volume_kind": self.volume_kind,
            "yield": self.yield_model.to_dict() if self.yield_model else None,
            "rho": self.rho,
            "full_house": self.full_house,
            "config": self.config.__dict__,
            "n_train": self.n_train,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BoxOfficeModel:
        """Rebuild from :meth:`to_dict` output; ``KeyError``/``ValueError`` on a foreign file."""
        if data.get("format") != "etoile-forecast-model/1":
            raise ValueError("not an etoile forecast model (format etoile-forecast-model/1)")
        return cls(
            features=FeatureBuilder.from_dict(data["features"]),
            volume=CensoredRidge.from_dict(data["volume"]),
            volume_kind=str(data["volume_kind"]),
            yield_model=CensoredRidge.from_dict(data["yield"]) if data["yield"] else None,
            rho=float(data["rho"]),
            full_house=float(data["full_house"]),
            config=ModelConfig(**data["config"]),
            n_train=int(data["n_train"]),
        )


@lru_cache(maxsize=16)
def _sobol_normals(draws: int, rho: float) -> tuple[np.ndarray, np.ndarray]:
    """Correlated standard-normal pairs from a scrambled Sobol sequence, built once per
    (draws, rho): the engines ask for thousands of simulations (read-only arrays)."""
    m = int(np.log2(max(draws, 2)))
    u = qmc.Sobol(d=2, scramble=True, seed=12345).random_base2(m)
    z = special.ndtri(np.clip(u, 1e-9, 1 - 1e-9))
    first, second = z[:, 0], rho * z[:, 0] + np.sqrt(1 - rho**2) * z[:, 1]
    first.flags.writeable = second.flags.writeable = False
    return first, second
