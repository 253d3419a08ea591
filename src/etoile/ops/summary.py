"""A season at a glance: the figures the demo and `etoile summary` print."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from etoile.model import Season


@dataclass(frozen=True)
class RunLine:
    """One production of the planned season."""

    company: str
    title: str
    venue: str
    kind: str
    opening: date
    closing: date
    performances: int


@dataclass(frozen=True)
class SalesLine:
    """Past sales of one company in one season."""

    company: str
    season: str
    performances: int
    tickets: int
    occupancy: float
    revenue: float
    currency: str
    sell_outs: int


@dataclass
class SeasonSummary:
    """Counts by company, rank, month and season, ready to print."""

    planned_season: str
    companies: list[tuple[str, str, str, str, int, int]] = field(default_factory=list)
    ranks: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    runs: list[RunLine] = field(default_factory=list)
    per_month: dict[str, dict[str, int]] = field(default_factory=dict)
    sales: list[SalesLine] = field(default_factory=list)


def planned_season_label(season: Season) -> str:
    """The season being planned: the latest season label with performances but no sales."""
    unsold = {
        season.production(p.production_id).season
        for p in season.performances
        if season.sales_of(p.id) is None
    }
    labels = unsold or {p.season for p in season.productions}
    return max(labels) if labels else ""


def summarise(season: Season) -> SeasonSummary:
    """Everything `make demo` shows about the season before any engine runs."""
    label = planned_season_label(season)
    summary = SeasonSummary(planned_season=label)
    for company in season.companies:
        planned = [p for p in season.productions_of(company.id) if p.season == label]
        shows = sum(len(season.run(p.id)) for p in planned)
        summary.companies.append(
            (
                company.id,
                company.name,
                company.city,
                company.time_zone,
                len(season.dancers_of(company.id)),
                shows,
            )
        )
        counts = Counter(d.rank_id for d in season.dancers_of(company.id))
        ranks = sorted(company.ranks, key=lambda r: -r.order)
        summary.ranks[company.id] = [(r.name, counts[r.id]) for r in ranks]
        months: dict[str, int] = defaultdict(int)
        for production in planned:
            run = season.run(production.id)
            for perf in run:
                months[season.local_day(perf).strftime("%Y-%m")] += 1
            summary.runs.append(
                RunLine(
                    company=company.id,
                    title=season.work(production.work_id).title,
                    venue=season.venue(production.venue_id).name,
                    kind=production.kind.value.replace("_", " "),
                    opening=season.local_day(run[0]),
                    closing=season.local_day(run[-1]),
                    performances=len(run),
                )
            )
        summary.per_month[company.id] = dict(sorted(months.items()))
        summary.sales.extend(_sales_lines(season, company.id))
    summary.runs.sort(key=lambda r: (r.company, r.opening))
    return summary


def _sales_lines(season: Season, company_id: str) -> list[SalesLine]:
    company = season.company(company_id)
    by_season: dict[str, list[tuple[int, float, int]]] = defaultdict(list)
    for production in season.productions_of(company_id):
        for perf in season.run(production.id):
            record = season.sales_of(perf.id)
            if record is not None:
                capacity = season.venue_of(perf).capacity
                by_season[production.season].append((record.tickets, record.revenue, capacity))
    lines = []
    for label, rows in sorted(by_season.items()):
        tickets = sum(t for t, _, _ in rows)
        seats = sum(c for _, _, c in rows)
        lines.append(
            SalesLine(
                company=company.id,
                season=label,
                performances=len(rows),
                tickets=tickets,
                occupancy=tickets / seats if seats else 0.0,
                revenue=sum(r for _, r, _ in rows),
                currency=company.currency,
                sell_outs=sum(1 for t, _, c in rows if t >= c),
            )
        )
    return lines
