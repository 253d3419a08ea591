"""A season document as forecaster records: one company's past sales and its coming performances.

Only lead and solo roles enter the cast (the corps is not what sells a night); a dancer's rank
is the group her draw shrinks toward, and the document's ``star_draw`` enters as the night's
star power (principals' mean draw + 0.3 × soloists'), so a visiting star with no history here
starts from what her own company knows of her.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from etoile.forecast.records import Context, Observation, Showing
from etoile.model import Performance, ProductionKind, Season, Tier

SOLO_WEIGHT = 0.3
"""Share of a dancer's draw a solo role carries, against a principal role (as the demo data)."""


def context(season: Season, company_id: str) -> Context:
    """Holiday calendar of the company's country; ranks and work kinds to shrink toward."""
    company = season.company(company_id)
    ranks = {d.id: d.rank_id for d in season.dancers}
    kinds = {w.id: w.kind.value for w in season.works}
    return Context(country=company.country, member_groups=ranks, title_groups=kinds)


def star_power(season: Season, cast: Iterable[tuple[str, str]]) -> float:
    """Mean draw of the principal roles' dancers + 0.3 × that of the solo roles' dancers."""
    principal: list[float] = []
    solo: list[float] = []
    for role_id, dancer_id in cast:
        tier = season.role(role_id).tier
        if tier is Tier.CORPS:
            continue
        (principal if tier is Tier.PRINCIPAL else solo).append(season.dancer(dancer_id).star_draw)

    def mean(xs: list[float]) -> float:
        return sum(xs) / len(xs) if xs else 0.0

    return mean(principal) + SOLO_WEIGHT * mean(solo)


def lead_cast(season: Season, cast: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The dancers of the non-corps roles (sorted, so equal casts give equal records)."""
    return tuple(sorted({d for r, d in cast if season.role(r).tier is not Tier.CORPS}))


def showing(
    season: Season,
    perf: Performance,
    cast: Sequence[tuple[str, str]] | None = None,
    debut: bool | None = None,
) -> Showing:
    """The record of one performance; ``cast`` overrides the document's (``[]`` = not cast)."""
    members = cast if cast is not None else [(m.role_id, m.dancer_id) for m in perf.cast]
    production = season.production(perf.production_id)
    company = season.company(production.company_id)
    venue = season.venue_of(perf)
    local = perf.local_start(company.time_zone)
    run = season.run(perf.production_id)
    index = next(i for i, p in enumerate(run) if p.id == perf.id)
    first_day = run[0].local_start(company.time_zone).date()
    mean_price = venue.full_house_revenue / venue.capacity if venue.price_tiers else 1.0
    return Showing(
        id=perf.id,
        when=local.replace(tzinfo=None),
        titles=(production.work_id,),
        venue=venue.id,
        city=venue.city,
        capacity=float(venue.capacity),
        price=mean_price * perf.price_level,
        cast=lead_cast(season, members) if members else None,
        run_index=index + 1,
        run_length=len(run),
        days_into_run=(local.date() - first_day).days,
        premiere=production.kind is ProductionKind.PREMIERE,
        new_production=production.kind is ProductionKind.NEW_PRODUCTION,
        debut=bool(debut),
        extra={"star_power": star_power(season, members)} if members else {},
    )


def _company_performances(season: Season, company_id: str) -> list[Performance]:
    perfs = [p for p in season.performances if season.company_of(p).id == company_id]
    return sorted(perfs, key=lambda p: p.starts_at)


def history(season: Season, company_id: str) -> list[Observation]:
    """Every past performance of the company with a sales record (debuts found in the casts)."""
    danced: set[tuple[str, str]] = set()
    out: list[Observation] = []
    for perf in _company_performances(season, company_id):
        sale = season.sales_of(perf.id)
        pairs = {(m.dancer_id, m.role_id) for m in perf.cast}
        debut = bool(pairs - danced) and bool(danced)
        danced |= pairs
        if sale is None:
            continue
        record = showing(season, perf, debut=debut)
        sold_out = record.capacity is not None and sale.tickets >= record.capacity
        out.append(Observation(record, float(sale.tickets), float(sale.revenue), sold_out))
    return out


def future(season: Season, company_id: str) -> list[Showing]:
    """The company's performances without a sales record: what is to be forecast."""
    return [
        showing(season, p)
        for p in _company_performances(season, company_id)
        if season.sales_of(p.id) is None
    ]
