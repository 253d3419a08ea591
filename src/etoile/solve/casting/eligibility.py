"""Who may dance what, when: the data preparation shared by the model, the greedy and explain.

Every predicate returns the *reason* a dancer is out (or None), so that an infeasible season can
say "the two who know Myrtha are injured / dancing in Paris" instead of a bare INFEASIBLE.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

from etoile.model import CastingRules, Dancer, Role, RoleStatus, Season, Tier
from etoile.solve.casting.rotation import enough_casts
from etoile.solve.casting.rules import (
    LEARNING_SHARE,
    LEARNING_STATUS_FACTOR,
    PREP_DAYS,
    tier_step_ok,
)


@dataclass(frozen=True)
class Show:
    """A performance prepared for casting: its day, city, run position and cast number."""

    id: str
    production_id: str
    company_id: str
    work_id: str
    day: date
    starts_at: datetime
    city: str
    cast: int
    label: str
    part: int = 0

    @property
    def week(self) -> tuple[int, int]:
        """ISO (year, week) of the local day: the unit of ``max_shows_per_week``."""
        iso = self.day.isocalendar()
        return (iso.year, iso.week)


@dataclass
class CastingInput:
    """A season narrowed to the companies being cast, with indexes built once."""

    season: Season
    company_ids: list[str]
    shows: dict[str, Show] = field(default_factory=dict)
    runs: dict[str, list[str]] = field(default_factory=dict)
    casts: dict[str, int] = field(default_factory=dict)
    learnt_before: dict[str, float] = field(default_factory=dict)
    """Learning hours each dancer already spends in earlier blocks (solved before this one)."""

    @cached_property
    def dancers(self) -> list[Dancer]:
        """Everyone who might dance for the companies: their own dancers and visitors."""
        ids = set(self.company_ids)
        found = [d for d in self.season.dancers if d.company_id in ids]
        known = {d.id for d in found}
        for agreement in self.season.exchanges:
            if agreement.host_company_id in ids and agreement.dancer_id not in known:
                found.append(self.season.dancer(agreement.dancer_id))
                known.add(agreement.dancer_id)
        return found

    def tier(self, dancer: Dancer) -> Tier:
        """The tier of a dancer's rank in their home company's ladder."""
        return self.season.company(dancer.company_id).rank(dancer.rank_id).tier

    def rules(self, company_id: str) -> CastingRules:
        """A company's casting rules."""
        return self.season.company(company_id).casting_rules

    def home_rules(self, dancer: Dancer) -> CastingRules:
        """Per-dancer limits (shows a day/week, rest) follow the dancer's home company."""
        return self.rules(dancer.company_id)

    def roles(self, production_id: str) -> list[Role]:
        """The roles of a run's work."""
        return self.season.work(self.season.production(production_id).work_id).roles

    def part_shows(self, production_id: str, part: int) -> list[Show]:
        """The performances a corps group dances (a cast's shows, one per week)."""
        return [self.shows[p] for p in self.runs[production_id] if self.shows[p].part == part]

    def groups(self, production_id: str, role: Role) -> list[tuple[int, list[Show]]]:
        """(group number, shows) a role is cast in: named casts for leads, corps groups else."""
        if role.is_lead:
            return [
                (c, self.cast_shows(production_id, c))
                for c in range(1, self.casts[production_id] + 1)
            ]
        parts = sorted({self.shows[p].part for p in self.runs[production_id]})
        return [(g, self.part_shows(production_id, g)) for g in parts]

    def group_of(self, show: Show, role: Role) -> int:
        """The group number a show uses for a role."""
        return show.cast if role.is_lead else show.part

    def cast_shows(self, production_id: str, cast: int) -> list[Show]:
        """The performances a named cast dances."""
        return [self.shows[p] for p in self.runs[production_id] if self.shows[p].cast == cast]

    def opening(self, production_id: str) -> Show:
        """A run's first performance."""
        return self.shows[self.runs[production_id][0]]

    @cached_property
    def rehearsal_start(self) -> dict[str, date]:
        """Per company: the day rehearsals for the season begin (before its first show)."""
        first: dict[str, date] = {}
        for show in self.shows.values():
            if show.company_id not in first or show.day < first[show.company_id]:
                first[show.company_id] = show.day
        return {c: d - timedelta(days=PREP_DAYS) for c, d in first.items()}


def prepare(season: Season, company_ids: list[str] | None = None) -> CastingInput:
    """Narrow a season to the companies to cast and fix each run's cast rotation.

    Only each company's latest season is cast; runs with a recorded cast are history. Corps
    roles are cast by cast, or, in runs with more shows a week than the corps' weekly limit, in
    finer groups (``Show.part``: a cast's k-th show of each week) so that a corps dancer can
    dance most shows of an eight-show week.
    """
    ids = company_ids or [c.id for c in season.companies]
    inp = CastingInput(season=season, company_ids=list(ids))
    latest = {c: max((p.season for p in season.productions_of(c)), default="") for c in ids}
    for production in season.productions:
        if production.company_id not in ids or production.season != latest[production.company_id]:
            continue
        if not season.run(production.id) or any(p.cast for p in season.run(production.id)):
            continue  # past runs carry the cast that danced them: history, not to plan
        company = season.company(production.company_id)
        rules = company.casting_rules
        work = season.work(production.work_id)
        run = season.run(production.id)
        days = [season.local_day(p) for p in run]
        needs_rest = any(r.is_lead and r.intensity >= rules.high_intensity for r in work.roles)
        n_casts, casts = enough_casts(
            days, rules.casts_per_run, rules.rest_days_after_high_intensity, needs_rest
        )
        inp.runs[production.id] = [p.id for p in run]
        inp.casts[production.id] = n_casts
        seen: dict[tuple[int, tuple[int, int]], int] = {}
        weekly = Counter((d.isocalendar().year, d.isocalendar().week) for d in days)
        corps_limit = rules.max_shows_per_week.get(Tier.CORPS, 7)
        split = max(weekly.values()) > corps_limit  # whole casts would break the weekly limit
        for perf, day, cast in zip(run, days, casts, strict=True):
            local = perf.local_start(company.time_zone)
            week = (day.isocalendar().year, day.isocalendar().week)
            k = seen.get((cast, week), 0)
            seen[(cast, week)] = k + 1
            inp.shows[perf.id] = Show(
                id=perf.id,
                production_id=production.id,
                company_id=company.id,
                work_id=work.id,
                day=day,
                starts_at=perf.starts_at.astimezone(UTC),
                city=season.venue_of(perf).city,
                cast=cast,
                label=f"{work.title}, {local:%d %B %H:%M}".replace(" 0", " "),
                part=100 * cast + (k if split else 0),
            )
    return inp


def unavailable_reason(inp: CastingInput, dancer: Dancer, show: Show) -> str | None:
    """Why a dancer cannot dance a performance that day (contract, absence, exchange), or None."""
    if not dancer.contract.contains(show.day):
        return "not under contract"
    for absence in dancer.absences:
        if absence.contains(show.day):
            note = f" ({absence.note})" if absence.note else ""
            return f"{absence.kind.value}{note}"
    where = inp.season.company_of_dancer_on(dancer.id, show.day)
    if where != show.company_id:
        return f"dancing with {inp.season.company(where).name}"
    return None


def role_barrier(inp: CastingInput, dancer: Dancer, role: Role, show: Show) -> str | None:
    """Why a dancer may never dance a role at a performance (gender, tier, exchange terms)."""
    if role.gender is not None and dancer.gender != role.gender:
        return f"role is for a {role.gender} dancer"
    if not tier_step_ok(inp.tier(dancer), role.tier):
        return f"rank tier {inp.tier(dancer).value} does not dance {role.tier.value} roles"
    if dancer.company_id != show.company_id:
        for agreement in inp.season.exchanges_of(dancer.id):
            if agreement.host_company_id == show.company_id and agreement.contains(show.day):
                if agreement.role_ids and role.id not in agreement.role_ids:
                    return "the exchange agreement does not include this role"
                if agreement.performance_ids and show.id not in agreement.performance_ids:
                    return "the exchange agreement does not include this performance"
    return None


def learning_cost(inp: CastingInput, dancer: Dancer, role: Role, company_id: str) -> float:
    """Rehearsal hours the dancer still needs in a role: 0 if known, part if learning."""
    status = dancer.knows(role.id)
    if status in (RoleStatus.PERFORMED, RoleStatus.REHEARSED):
        return 0.0
    hours = inp.rules(company_id).learning_hours.get(role.tier, 0.0)
    return hours * LEARNING_STATUS_FACTOR if status is RoleStatus.LEARNING else hours


def learning_budget(inp: CastingInput, dancer: Dancer, show: Show) -> float:
    """Hours a dancer can give to learning before a performance (a share of rehearsal time)."""
    start = max(inp.rehearsal_start.get(show.company_id, show.day), dancer.contract.start)
    days = 0
    day = start
    while day < show.day:
        if not any(a.contains(day) for a in dancer.absences):
            days += 1
        day += timedelta(days=1)
    weekly = inp.season.company(dancer.company_id).labour_rules.max_rehearsal_hours_per_week
    return days / 7 * weekly * LEARNING_SHARE


def knows(dancer: Dancer, role_id: str) -> bool:
    """Knows the role for covering: performed, rehearsed, or in rehearsal for it."""
    return dancer.knows(role_id) is not None


def is_debut(dancer: Dancer, role_id: str) -> bool:
    """Dancing the role would be a first time on stage in it."""
    return dancer.knows(role_id) is not RoleStatus.PERFORMED


def seniority_key(inp: CastingInput, dancer: Dancer) -> tuple[int, int, date, str]:
    """Most senior first: tier, rank order, then earliest joined."""
    rank = inp.season.company(dancer.company_id).rank(dancer.rank_id)
    return (-inp.tier(dancer).level, -rank.order, dancer.joined, dancer.id)


def partners_ok(inp: CastingInput, a: Dancer, b: Dancer, company_id: str) -> bool:
    """Partner compatibility: a declared pair, or the height rule (the man partners)."""
    if b.id in a.preferred_partners or a.id in b.preferred_partners:
        return True
    rules = inp.rules(company_id)
    if a.gender == b.gender:
        return abs(a.height_cm - b.height_cm) <= rules.max_partner_height_gap_cm
    man, woman = (a, b) if a.gender == "male" else (b, a)
    gap = man.height_cm - woman.height_cm
    return rules.min_partner_height_gap_cm <= gap <= rules.max_partner_height_gap_cm
