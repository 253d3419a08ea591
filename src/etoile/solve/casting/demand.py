"""The revenue hook: what a dancer in a role is worth at a performance.

The casting objective asks a ``DemandHook`` for ``value(dancer, role, performance)``; the
forecaster will supply a fitted one through ``ops``. Until then ``StarDrawDemand`` is a proxy:
star draw × how much the night needs help (weekdays and matinees sell worst).
"""

from __future__ import annotations

from typing import Protocol

from etoile.model import Season, Tier

TIER_WEIGHT: dict[Tier, float] = {Tier.PRINCIPAL: 1.0, Tier.SOLOIST: 0.3, Tier.CORPS: 0.0}
"""A star in the title role sells more seats than the same star as Myrtha."""

WEEKDAY_NEED: dict[int, float] = {0: 1.4, 1: 1.4, 2: 1.3, 3: 1.2, 4: 1.0, 5: 0.8, 6: 0.9}
"""Monday = 0: how much a night needs a draw (Saturday sells itself)."""

MATINEE_NEED = 1.2
"""Extra need of a matinee (curtain before 17:00 local time)."""


class DemandHook(Protocol):
    """Expected box-office value of a dancer in a role at one performance (≥ 0, any unit)."""

    def value(self, dancer_id: str, role_id: str, performance_id: str) -> float:
        """Value of this casting choice; only differences between dancers matter."""
        ...


class StarDrawDemand:
    """Default proxy: star_draw × tier weight of the role × need of the night."""

    def __init__(self, season: Season) -> None:
        self._season = season
        self._need: dict[str, float] = {}

    def need(self, performance_id: str) -> float:
        """How much a performance needs a draw: weekday and matinee weakness, price level."""
        if performance_id not in self._need:
            perf = self._season.performance(performance_id)
            local = perf.local_start(self._season.company_of(perf).time_zone)
            need = WEEKDAY_NEED[local.weekday()] * (MATINEE_NEED if local.hour < 17 else 1.0)
            self._need[performance_id] = need / max(perf.price_level, 0.5) ** 0.5
        return self._need[performance_id]

    def value(self, dancer_id: str, role_id: str, performance_id: str) -> float:
        """Star draw × role weight × need of the night."""
        draw = self._season.dancer(dancer_id).star_draw
        if draw <= 0:
            return 0.0
        tier = self._season.role(role_id).tier
        return draw * TIER_WEIGHT[tier] * self.need(performance_id)


REVENUE_UNIT = 10_000.0
"""Currency units of expected revenue per demand unit: a star's gain on a night (a few
thousand to tens of thousands of dollars or euros) then weighs like the star-draw proxy."""


class RevenueDemand:
    """A forecaster's expected revenue gain, in demand units, for the companies it was fitted
    on; the star-draw proxy for companies without sales history to learn from."""

    def __init__(self, season: Season, forecast: DemandHook, fitted: set[str]) -> None:
        self._season, self._forecast, self._fitted = season, forecast, fitted
        self._proxy = StarDrawDemand(season)

    def value(self, dancer_id: str, role_id: str, performance_id: str) -> float:
        """The forecaster's gain / REVENUE_UNIT, or the proxy for an unfitted company."""
        perf = self._season.performance(performance_id)
        if self._season.production(perf.production_id).company_id in self._fitted:
            return self._forecast.value(dancer_id, role_id, performance_id) / REVENUE_UNIT
        return self._proxy.value(dancer_id, role_id, performance_id)
