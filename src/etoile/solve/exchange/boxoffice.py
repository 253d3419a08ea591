"""What a performance is expected to sell, with and without a star: the value behind every gain.

``BoxOffice`` is the one small interface the planner needs; the forecaster (issue 6) will plug
in behind it. Until then ``StarDrawBoxOffice`` is a documented proxy fitted on the season's own
sales history:

    demand = capacity × exp(mean + weekday + month + matinee + title effects) × (1 + 0.45 × P)

where P (star power) is the mean draw of the principal roles' dancers plus 0.3 × that of the
solo roles' (the form the demo data documents), tickets = min(capacity, demand), and revenue =
tickets × the venue's mean ticket price × price level. Sold-out nights are counted at 110 % of
capacity when fitting — a crude stand-in for the forecaster's censored model.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from etoile.model import Performance, Season, Tier

STAR_LIFT = 0.45
"""Demand multiplier per unit of star power (demo-data model; the forecaster will estimate it)."""

SOLO_WEIGHT = 0.3
"""A star in a solo role draws this share of what they draw in a principal role."""

SELL_OUT_DEMAND = 1.1
"""Demand assumed for a sold-out night, as a share of capacity (censored observation)."""

DEFAULT_OCCUPANCY = 0.6
"""Demand share assumed for a company without sales history."""

SHRINK = 5.0
"""Pseudo-observations pulling each effect towards zero (few runs per title)."""


@dataclass(frozen=True)
class Expectation:
    """Expected box office of one performance."""

    demand: float
    tickets: float
    revenue: float
    capacity: int

    @property
    def sold_out(self) -> bool:
        """Demand reaches capacity."""
        return self.demand >= self.capacity


class BoxOffice(Protocol):
    """Expected sales of a performance given the star power of its cast (company currency)."""

    name: str

    def expected(self, performance_id: str, star_power: float) -> Expectation:
        """Demand, tickets and revenue at this star power."""
        ...


def role_weight(tier: Tier) -> float:
    """How much of a dancer's draw a role of this tier carries."""
    return {Tier.PRINCIPAL: 1.0, Tier.SOLOIST: SOLO_WEIGHT, Tier.CORPS: 0.0}[tier]


def star_power(season: Season, cast: Mapping[str, Iterable[str]]) -> float:
    """Mean draw over principal-role dancers + 0.3 × mean draw over solo-role dancers."""
    by_tier: dict[Tier, list[float]] = defaultdict(list)
    for role_id, dancer_ids in cast.items():
        tier = season.role(role_id).tier
        by_tier[tier].extend(season.dancer(d).star_draw for d in dancer_ids)

    def mean(xs: list[float]) -> float:
        return sum(xs) / len(xs) if xs else 0.0

    return mean(by_tier[Tier.PRINCIPAL]) + SOLO_WEIGHT * mean(by_tier[Tier.SOLOIST])


def _features(season: Season, perf: Performance) -> dict[str, str]:
    company = season.company_of(perf)
    local = perf.local_start(company.time_zone)
    return {
        "weekday": f"{company.id}:{local.weekday()}",
        "month": f"{company.id}:{local.month}",
        "matinee": f"{company.id}:{local.hour < 17}",
        "title": f"{company.id}:{season.work_of(perf).id}",
    }


class StarDrawBoxOffice:
    """The proxy demand model above, fitted by backfitting on log demand per seat."""

    name = "star-draw proxy (fitted on past sales)"

    def __init__(self, season: Season) -> None:
        self._season = season
        self._mean: dict[str, float] = {}
        self._effects: dict[str, dict[str, float]] = defaultdict(dict)
        self._price: dict[str, float] = {}
        self._cache: dict[str, float] = {}
        self._fit()

    def _fit(self) -> None:
        season = self._season
        rows: list[tuple[str, dict[str, str], float]] = []
        prices: dict[str, list[float]] = defaultdict(list)
        for perf in season.performances:
            sale = season.sales_of(perf.id)
            if sale is None or sale.tickets <= 0:
                continue
            venue = season.venue_of(perf)
            demand = float(sale.tickets)
            if sale.tickets >= venue.capacity:
                demand = SELL_OUT_DEMAND * venue.capacity
            cast: dict[str, list[str]] = defaultdict(list)
            for member in perf.cast:
                cast[member.role_id].append(member.dancer_id)
            lift = 1 + STAR_LIFT * star_power(season, cast)
            y = math.log(demand / venue.capacity / lift)
            rows.append((season.company_of(perf).id, _features(season, perf), y))
            prices[venue.id].append(sale.revenue / sale.tickets / perf.price_level)
        self._price = {v: sum(p) / len(p) for v, p in prices.items()}
        by_company: dict[str, list[float]] = defaultdict(list)
        for company_id, _, y in rows:
            by_company[company_id].append(y)
        self._mean = {c: sum(ys) / len(ys) for c, ys in by_company.items()}
        for _ in range(6):
            for factor in ("title", "weekday", "month", "matinee"):
                sums: dict[str, float] = defaultdict(float)
                counts: dict[str, int] = defaultdict(int)
                for company_id, feats, y in rows:
                    rest = sum(self._effects[f].get(feats[f], 0.0) for f in feats if f != factor)
                    sums[feats[factor]] += y - self._mean[company_id] - rest
                    counts[feats[factor]] += 1
                self._effects[factor] = {k: sums[k] / (counts[k] + SHRINK) for k in sums}

    def base_demand(self, performance_id: str) -> float:
        """Expected demand with no star power at all (seats)."""
        if performance_id not in self._cache:
            season = self._season
            perf = season.performance(performance_id)
            capacity = season.venue_of(perf).capacity
            company_id = season.company_of(perf).id
            if company_id not in self._mean:
                self._cache[performance_id] = capacity * DEFAULT_OCCUPANCY
            else:
                feats = _features(season, perf)
                log_share = self._mean[company_id] + sum(
                    self._effects[f].get(feats[f], 0.0) for f in feats
                )
                self._cache[performance_id] = capacity * math.exp(log_share)
        return self._cache[performance_id]

    def price(self, performance_id: str) -> float:
        """Mean revenue per ticket at this performance (company currency)."""
        perf = self._season.performance(performance_id)
        venue = self._season.venue_of(perf)
        fallback = venue.full_house_revenue / venue.capacity if venue.price_tiers else 0.0
        return self._price.get(venue.id, fallback) * perf.price_level

    def expected(self, performance_id: str, star_power: float) -> Expectation:
        """Demand × star lift, capped by capacity; revenue at the mean ticket price."""
        perf = self._season.performance(performance_id)
        capacity = self._season.venue_of(perf).capacity
        demand = self.base_demand(performance_id) * (1 + STAR_LIFT * max(0.0, star_power))
        tickets = min(float(capacity), demand)
        return Expectation(demand, tickets, tickets * self.price(performance_id), capacity)
