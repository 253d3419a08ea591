"""The cast sheet of one performance: what the callboard shows for the night."""

from __future__ import annotations

from dataclasses import dataclass, field

from etoile.model import Season, Tier
from etoile.model.plan import CastingPlan


@dataclass(frozen=True)
class CastLine:
    """One role at the performance: who dances it (debuts marked) and who covers it."""

    role: str
    tier: Tier
    dancers: list[str]
    covers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CastSheet:
    """A performance's cast, lead roles first, with the cast number the night uses."""

    title: str
    company: str
    venue: str
    curtain: str
    cast_number: int
    lines: list[CastLine]


def opening_night(season: Season, plan: CastingPlan, company_id: str) -> str | None:
    """The first performance the plan casts for a company (None if it casts none)."""
    shows = [
        season.performance(p.performance_id)
        for p in plan.performances
        if season.production(p.production_id).company_id == company_id
    ]
    return min(shows, key=lambda p: p.starts_at).id if shows else None


def cast_sheet(season: Season, plan: CastingPlan, performance_id: str) -> CastSheet:
    """The cast sheet of a performance; debuts carry '*', as NYCB's listings do."""
    performance = season.performance(performance_id)
    company = season.company_of(performance)
    night = plan.performance(performance_id)
    debuts = {(d.role_id, d.dancer_id) for d in night.debuts}
    work = season.work_of(performance)
    lines = []
    for role in sorted(work.roles, key=lambda r: -r.tier.level):
        names = [
            season.dancer(d).name + (" *" if (role.id, d) in debuts else "")
            for d in night.dancers(role.id)
        ]
        covers = [season.dancer(d).name for d in plan.covers_of(night.production_id, role.id)]
        lines.append(CastLine(role=role.name, tier=role.tier, dancers=names, covers=covers))
    curtain = performance.local_start(company.time_zone)
    return CastSheet(
        title=work.title,
        company=company.name,
        venue=season.venue_of(performance).name,
        curtain=curtain.strftime("%A %d %B %Y, %H:%M"),
        cast_number=night.cast_number,
        lines=lines,
    )
