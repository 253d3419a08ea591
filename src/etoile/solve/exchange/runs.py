"""The planned runs of each company and who would typically dance their lead roles.

The planner values a star by comparing them with the dancer they would displace (at the host)
or who would step up (at home). Before any casting, "typically" means: the ``casts × count``
highest-draw dancers eligible for a role are its named casts, the next one is the replacement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from etoile.model import Dancer, Role, Season, Tier
from etoile.solve.exchange.boxoffice import role_weight


@dataclass(frozen=True)
class Run:
    """A planned production's run: its shows in curtain order, local days, and named casts."""

    production_id: str
    company_id: str
    work_id: str
    show_ids: tuple[str, ...]
    days: tuple[date, ...]
    casts: int

    @property
    def opening(self) -> date:
        """Day of the first performance."""
        return self.days[0]

    @property
    def closing(self) -> date:
        """Day of the last performance."""
        return self.days[-1]

    def share(self) -> tuple[str, ...]:
        """The shows one named cast dances (proxy rotation: every ``casts``-th, opening first)."""
        return self.show_ids[:: self.casts]


@dataclass(frozen=True)
class RoleLine:
    """Who could dance a lead role in a run, best draw first, and how many it needs."""

    role: Role
    eligible: tuple[str, ...]
    draws: tuple[float, ...]
    places: int
    need: int

    @property
    def spare(self) -> int:
        """Eligible dancers beyond the named casts and the required covers."""
        return len(self.eligible) - self.need

    def draw_at(self, index: int) -> float:
        """Draw of the index-th best eligible dancer (0 if there is none)."""
        return self.draws[index] if index < len(self.draws) else 0.0

    def typical_draw(self) -> float:
        """Mean draw over the named-cast places (empty places draw nothing)."""
        return sum(self.draw_at(i) for i in range(self.places)) / max(1, self.places)


def tier_of(season: Season, dancer: Dancer) -> Tier:
    """The tier of a dancer's rank in their home company's ladder."""
    return season.company(dancer.company_id).rank(dancer.rank_id).tier


def can_dance(season: Season, dancer: Dancer, role: Role) -> bool:
    """Gender and tier allow the role (lead roles only; one tier step up or down)."""
    if role.tier is Tier.CORPS or (role.gender is not None and role.gender != dancer.gender):
        return False
    return abs(tier_of(season, dancer).level - role.tier.level) <= 1


class RunIndex:
    """Planned runs by company and their role lines, built once per season."""

    def __init__(self, season: Season, company_ids: list[str]) -> None:
        self.season = season
        self.company_ids = company_ids

    @cached_property
    def runs(self) -> dict[str, Run]:
        """Planned runs (no performance sold yet) of the companies, by production id."""
        season = self.season
        found: dict[str, Run] = {}
        for production in season.productions:
            shows = season.run(production.id)
            if production.company_id not in self.company_ids or not shows:
                continue
            if any(season.sales_of(p.id) is not None for p in shows):
                continue
            casts = season.company(production.company_id).casting_rules.casts_per_run
            found[production.id] = Run(
                production_id=production.id,
                company_id=production.company_id,
                work_id=production.work_id,
                show_ids=tuple(p.id for p in shows),
                days=tuple(season.local_day(p) for p in shows),
                casts=max(1, min(casts, len(shows))),
            )
        return found

    def runs_of(self, company_id: str) -> list[Run]:
        """A company's planned runs by opening day."""
        return sorted(
            (r for r in self.runs.values() if r.company_id == company_id),
            key=lambda r: (r.opening, r.production_id),
        )

    def lead_roles(self, run: Run) -> list[Role]:
        """Lead and solo roles of a run's work."""
        return [r for r in self.season.work(run.work_id).roles if r.is_lead]

    def line(self, run: Run, role: Role) -> RoleLine:
        """The role line of a run at home (the company's own dancers), cached."""
        key = (run.production_id, role.id)
        if key not in self._lines:
            season = self.season
            company = season.company(run.company_id)
            found = [
                d
                for d in season.dancers_of(run.company_id)
                if can_dance(season, d, role)
                and d.knows(role.id) is not None
                and d.available_on(run.opening)
                and season.company_of_dancer_on(d.id, run.opening) == run.company_id
            ]
            found.sort(key=lambda d: (-d.star_draw, d.id))
            places = run.casts * role.count
            self._lines[key] = RoleLine(
                role=role,
                eligible=tuple(d.id for d in found),
                draws=tuple(d.star_draw for d in found),
                places=places,
                need=places + company.casting_rules.cover_depth,
            )
        return self._lines[key]

    @cached_property
    def _lines(self) -> dict[tuple[str, str], RoleLine]:
        return {}

    def slots(self, run: Run, tier: Tier) -> int:
        """Places of a tier on stage in one performance of the run's work."""
        return sum(r.count for r in self.lead_roles(run) if r.tier is tier)

    def typical_power(self, run: Run) -> float:
        """Star power of a typical cast of the run (before any exchange)."""
        power = 0.0
        for tier in (Tier.PRINCIPAL, Tier.SOLOIST):
            roles = [r for r in self.lead_roles(run) if r.tier is tier]
            slots = sum(r.count for r in roles)
            if slots:
                total = sum(self.line(run, r).typical_draw() * r.count for r in roles)
                power += role_weight(tier) * total / slots
        return power

    def power_step(self, run: Run, role: Role, draw_delta: float) -> float:
        """Change in star power when one dancer of a role draws ``draw_delta`` more."""
        slots = self.slots(run, role.tier)
        return role_weight(role.tier) * draw_delta / max(1, slots)
