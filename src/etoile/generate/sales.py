"""Past seasons' casts and ticket sales, drawn from a documented demand model.

demand = capacity × 0.56 × popularity(title) × weekday × month × holiday × matinee
         × position in the run × novelty × price_level^-0.6 × (1 + 0.45 × star power) × noise
star power = mean star draw of the principal roles' dancers + 0.3 × that of the solo roles;
noise = lognormal(σ = 0.12); tickets = min(capacity, demand) (a sell-out hides demand);
revenue = tickets × mean seat price × price_level × (0.85 + 0.15 × occupancy).
See docs/demo-data.md.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import holidays

from etoile.generate.calendar import RunPlan
from etoile.generate.repertoire import work_spec
from etoile.model import CastMember, Company, Dancer, RoleStatus, SalesRecord, Season, Tier, Venue

WEEKDAY = (0.78, 0.82, 0.88, 0.93, 1.05, 1.2, 1.12)  # Monday … Sunday
MONTH = {9: 0.85, 10: 0.92, 11: 0.95, 12: 1.25, 1: 0.85, 2: 0.9, 3: 0.95, 4: 1.0, 5: 1.0,
         6: 0.95, 7: 0.9, 8: 0.9}  # fmt: skip
NOVELTY = {"revival": 1.0, "new_production": 1.1, "premiere": 1.05}


def cast_history(
    rng: random.Random, runs: Sequence[RunPlan], season: Season, company: Company, casts: int
) -> None:
    """Record who danced the lead and solo roles of past runs (alternating casts)."""
    dancers = [d for d in season.dancers if d.company_id == company.id]
    for run in runs:
        work = season.work(run.production.work_id)
        leads = [r for r in work.roles if r.tier is not Tier.CORPS]
        cast_sets: list[list[CastMember]] = []
        for _ in range(casts):
            used: set[str] = set()
            members: list[CastMember] = []
            for role in leads:
                knowers = [
                    d for d in dancers
                    if d.knows(role.id) in (RoleStatus.PERFORMED, RoleStatus.REHEARSED)
                    and d.id not in used
                ]  # fmt: skip
                rng.shuffle(knowers)
                knowers.sort(key=lambda d: d.knows(role.id) is not RoleStatus.PERFORMED)
                for dancer in knowers[: role.count]:
                    used.add(dancer.id)
                    members.append(CastMember(role_id=role.id, dancer_id=dancer.id))
            cast_sets.append(members)
        for k, perf in enumerate(run.performances):
            perf.cast = list(cast_sets[k % casts])


def star_power(season: Season, members: Sequence[CastMember], by_id: dict[str, Dancer]) -> float:
    """Mean draw of the principal roles' dancers plus 0.3 × that of the solo roles'."""
    principal = [
        by_id[m.dancer_id].star_draw
        for m in members
        if season.role(m.role_id).tier is Tier.PRINCIPAL
    ]
    solo = [
        by_id[m.dancer_id].star_draw for m in members if season.role(m.role_id).tier is Tier.SOLOIST
    ]
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    return mean(principal) + 0.3 * mean(solo)


def draw_sales(
    rng: random.Random, runs: Sequence[RunPlan], season: Season, company: Company,
    venues: dict[str, Venue],
) -> list[SalesRecord]:  # fmt: skip
    """Tickets and revenue for every past performance, from the demand model above."""
    by_id = {d.id: d for d in season.dancers}
    years = {p.starts_at.year for run in runs for p in run.performances}
    public_holidays = holidays.country_holidays(company.country, years=sorted(years))
    records: list[SalesRecord] = []
    for run in runs:
        venue = venues[run.production.venue_id]
        popularity = work_spec(run.production.work_id).popularity
        mean_price = venue.full_house_revenue / venue.capacity
        n = len(run.performances)
        for k, perf in enumerate(run.performances):
            local = perf.local_start(company.time_zone)
            position = 1.2 if k == 0 else 1.1 if k == n - 1 else 1.05 if k < 4 else 1.0
            demand = (
                venue.capacity * 0.56 * popularity
                * WEEKDAY[local.weekday()] * MONTH[local.month]
                * (1.15 if local.date() in public_holidays else 1.0)
                * (1.05 if local.hour < 17 else 1.0)
                * position * NOVELTY[run.production.kind.value]
                * perf.price_level ** -0.6
                * (1 + 0.45 * star_power(season, perf.cast, by_id))
                * math.exp(rng.gauss(0, 0.12))
            )  # fmt: skip
            tickets = min(venue.capacity, round(demand))
            occupancy = tickets / venue.capacity
            revenue = tickets * mean_price * perf.price_level * (0.85 + 0.15 * occupancy)
            records.append(
                SalesRecord(
                    performance_id=perf.id,
                    tickets=tickets,
                    revenue=round(revenue, 2),
                    currency=company.currency,
                )
            )
    return records
