"""The independent validator: checks a casting plan against every hard rule, without a solver.

It reads only the raw season and the plan document (no ortools, no model code, no eligibility
helpers), so a bug in the model cannot hide itself here. Each check is one small function
yielding violations named as in ``rules.HARD_RULES``.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from etoile.model import Dancer, Performance, RoleStatus, Season
from etoile.model.plan import CastingPlan, PerformancePlan
from etoile.solve.casting.rules import (
    LEARNING_SHARE,
    LEARNING_STATUS_FACTOR,
    PREP_DAYS,
    SHOW_HOURS,
    tier_step_ok,
)


@dataclass(frozen=True)
class Violation:
    """One broken rule, with where it breaks."""

    rule: str
    message: str
    performance_id: str | None = None
    role_id: str | None = None
    dancer_id: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        """JSON-ready form."""
        return asdict(self)


@dataclass
class _Ctx:
    season: Season
    plan: CastingPlan
    perfs: list[tuple[PerformancePlan, Performance]]

    def day(self, perf: Performance) -> date:
        return self.season.local_day(perf)

    def tier(self, d: Dancer):  # type: ignore[no-untyped-def]
        return self.season.company(d.company_id).rank(d.rank_id).tier


Check = Callable[[_Ctx], Iterator[Violation]]


def _where(ctx: _Ctx, perf: Performance) -> str:
    work = ctx.season.work_of(perf)
    local = perf.local_start(ctx.season.company_of(perf).time_zone)
    return f"{work.title}, {local:%Y-%m-%d %H:%M}"


def role_filled(ctx: _Ctx) -> Iterator[Violation]:
    """Every role of the work has exactly its count of dancers; no unknown roles."""
    for pp, perf in ctx.perfs:
        work = ctx.season.work_of(perf)
        given = {rc.role_id: rc.dancer_ids for rc in pp.roles}
        for role in work.roles:
            n = len(given.get(role.id, []))
            if n != role.count:
                yield Violation(
                    "role_filled",
                    f"{_where(ctx, perf)}: {role.name} has {n} of {role.count}",
                    perf.id,
                    role.id,
                )
        for role_id in given.keys() - {r.id for r in work.roles}:
            yield Violation(
                "role_filled",
                f"{_where(ctx, perf)}: role {role_id} is not in {work.title}",
                perf.id,
                role_id,
            )


def _assignments(ctx: _Ctx) -> Iterator[tuple[PerformancePlan, Performance, str, str]]:
    for pp, perf in ctx.perfs:
        for rc in pp.roles:
            for dancer_id in rc.dancer_ids:
                yield pp, perf, rc.role_id, dancer_id


def eligible(ctx: _Ctx) -> Iterator[Violation]:
    """Known dancers, the role's gender and tier step, availability and exchange terms."""
    for _pp, perf, role_id, dancer_id in _assignments(ctx):
        if dancer_id not in {d.id for d in ctx.season.dancers}:
            yield Violation("available", f"unknown dancer {dancer_id}", perf.id, role_id, dancer_id)
            continue
        d = ctx.season.dancer(dancer_id)
        role = ctx.season.role(role_id)
        at = f"{_where(ctx, perf)}: {d.name} as {role.name}"
        if role.gender and d.gender != role.gender:
            yield Violation(
                "gender", f"{at}: role is for a {role.gender} dancer", perf.id, role_id, dancer_id
            )
        if not tier_step_ok(ctx.tier(d), role.tier):
            yield Violation(
                "tier_eligible",
                f"{at}: {ctx.tier(d).value} rank in a {role.tier.value} role",
                perf.id,
                role_id,
                dancer_id,
            )
        day = ctx.day(perf)
        company_id = ctx.season.company_of(perf).id
        host = next(
            (a for a in ctx.season.exchanges if a.dancer_id == d.id and a.contains(day)), None
        )
        where = host.host_company_id if host else d.company_id
        if not d.contract.contains(day):
            yield Violation("available", f"{at}: not under contract", perf.id, role_id, dancer_id)
        elif any(a.contains(day) for a in d.absences):
            yield Violation("available", f"{at}: absent that day", perf.id, role_id, dancer_id)
        elif where != company_id:
            yield Violation(
                "available", f"{at}: dancing with {where} that day", perf.id, role_id, dancer_id
            )
        elif host and (
            (host.role_ids and role_id not in host.role_ids)
            or (host.performance_ids and perf.id not in host.performance_ids)
        ):
            yield Violation(
                "available", f"{at}: outside the exchange agreement", perf.id, role_id, dancer_id
            )


def _budget(ctx: _Ctx, d: Dancer, company_id: str, opening: date) -> float:
    firsts = [ctx.day(p) for _pp, p in ctx.perfs if ctx.season.company_of(p).id == company_id]
    start = max(min(firsts, default=opening) - timedelta(days=PREP_DAYS), d.contract.start)
    days = sum(
        1
        for k in range((opening - start).days)
        if not any(a.contains(start + timedelta(days=k)) for a in d.absences)
    )
    weekly = ctx.season.company(d.company_id).labour_rules.max_rehearsal_hours_per_week
    return max(0, days) / 7 * weekly * LEARNING_SHARE


def learning(ctx: _Ctx) -> Iterator[Violation]:
    """New roles are learnt before the run opens, within the dancer's learning hours (cumulative)."""
    first: dict[tuple[str, str], tuple[date, str, str]] = {}
    for _pp, perf, role_id, dancer_id in sorted(_assignments(ctx), key=lambda a: a[1].starts_at):
        first.setdefault(
            (dancer_id, role_id),
            (
                ctx.day(ctx.season.run(perf.production_id)[0]),
                perf.id,
                ctx.season.company_of(perf).id,
            ),
        )
    by_dancer: dict[str, list[tuple[date, float, str, str, str]]] = defaultdict(list)
    for (dancer_id, role_id), (opening, perf_id, company_id) in first.items():
        d = ctx.season.dancer(dancer_id)
        status = d.knows(role_id)
        if status in (RoleStatus.PERFORMED, RoleStatus.REHEARSED):
            continue
        hours = ctx.season.company(company_id).casting_rules.learning_hours.get(
            ctx.season.role(role_id).tier, 0.0
        )
        cost = hours * (LEARNING_STATUS_FACTOR if status is RoleStatus.LEARNING else 1.0)
        by_dancer[dancer_id].append((opening, cost, perf_id, role_id, company_id))
    for dancer_id, items in by_dancer.items():
        d = ctx.season.dancer(dancer_id)
        spent = 0.0
        for opening, cost, perf_id, role_id, company_id in sorted(items):
            spent += cost
            budget = _budget(ctx, d, company_id, opening)
            if spent > budget + 1e-6:
                rule = "knows_role" if cost > budget else "learning_fits"
                yield Violation(
                    rule,
                    f"{d.name} needs {spent:.0f} h to learn roles by {opening}, has {budget:.0f} h",
                    perf_id,
                    role_id,
                    dancer_id,
                )


def distinct_casts(ctx: _Ctx) -> Iterator[Violation]:
    """A dancer is in at most one named cast of a lead role per run."""
    for run in ctx.plan.runs:
        seen: Counter[tuple[str, str]] = Counter()
        for cast in run.casts:
            for rc in cast.roles:
                for dancer_id in rc.dancer_ids:
                    seen[(rc.role_id, dancer_id)] += 1
        for (role_id, dancer_id), n in seen.items():
            if n > 1:
                yield Violation(
                    "distinct_casts",
                    f"{dancer_id} is in {n} casts of {role_id} in {run.production_id}",
                    None,
                    role_id,
                    dancer_id,
                )


def one_role(ctx: _Ctx) -> Iterator[Violation]:
    """One role per performance (with doubling: never two roles in the same piece)."""
    for pp, perf in ctx.perfs:
        doubling = ctx.season.company_of(perf).casting_rules.allow_doubling
        roles: dict[str, list[str]] = defaultdict(list)
        for rc in pp.roles:
            for dancer_id in rc.dancer_ids:
                roles[dancer_id].append(rc.role_id)
        for dancer_id, role_ids in roles.items():
            if len(role_ids) < 2:
                continue
            pieces = Counter(p for r in role_ids for p in (ctx.season.role(r).piece_ids or [r]))
            if not doubling or any(n > 1 for n in pieces.values()):
                yield Violation(
                    "one_role_per_performance",
                    f"{_where(ctx, perf)}: {dancer_id} dances {', '.join(role_ids)}",
                    perf.id,
                    role_ids[1],
                    dancer_id,
                )


def _on_stage(ctx: _Ctx) -> dict[str, list[tuple[Performance, list[str]]]]:
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    by_id = {perf.id: perf for _pp, perf in ctx.perfs}
    for _pp, perf, role_id, dancer_id in _assignments(ctx):
        found[dancer_id][perf.id].append(role_id)
    return {
        d: sorted(((by_id[p], r) for p, r in shows.items()), key=lambda x: x[0].starts_at)
        for d, shows in found.items()
    }


def limits(ctx: _Ctx) -> Iterator[Violation]:
    """Shows per day and per week by tier; rest after high intensity; travel and overlap."""
    for dancer_id, shows in _on_stage(ctx).items():
        if dancer_id not in {d.id for d in ctx.season.dancers}:
            continue
        d = ctx.season.dancer(dancer_id)
        rules = ctx.season.company(d.company_id).casting_rules
        tier = ctx.tier(d)
        days = Counter(ctx.day(p) for p, _ in shows)
        for day, n in days.items():
            if n > rules.max_shows_per_day.get(tier, 1):
                perf = next(p for p, _ in shows if ctx.day(p) == day)
                yield Violation(
                    "shows_per_day", f"{d.name} dances {n} shows on {day}", perf.id, None, dancer_id
                )
        weeks = Counter(ctx.day(p).isocalendar()[:2] for p, _ in shows)
        for week, n in weeks.items():
            if n > rules.max_shows_per_week.get(tier, 7):
                perf = next(p for p, _ in shows if ctx.day(p).isocalendar()[:2] == week)
                yield Violation(
                    "shows_per_week",
                    f"{d.name} dances {n} shows in week {week[1]} of {week[0]}",
                    perf.id,
                    None,
                    dancer_id,
                )
        high = [
            p
            for p, roles in shows
            if any(ctx.season.role(r).intensity >= rules.high_intensity for r in roles)
        ]
        for a, b in itertools.pairwise(high):
            if (
                rules.rest_days_after_high_intensity
                and (ctx.day(b) - ctx.day(a)).days <= rules.rest_days_after_high_intensity
            ):
                yield Violation(
                    "rest_after_high_intensity",
                    f"{d.name}: high-intensity roles on {ctx.day(a)} and {ctx.day(b)}",
                    b.id,
                    None,
                    dancer_id,
                )
        for i, (a, _) in enumerate(shows):
            for b, _ in shows[i + 1 :]:
                hours = (b.starts_at - a.starts_at).total_seconds() / 3600
                if hours > max(rules.travel_buffer_hours, SHOW_HOURS) + 24:
                    break
                same_city = ctx.season.venue_of(a).city == ctx.season.venue_of(b).city
                clash = (
                    hours < SHOW_HOURS
                    if same_city
                    else (hours < rules.travel_buffer_hours or ctx.day(a) == ctx.day(b))
                )
                if clash:
                    yield Violation(
                        "travel_buffer",
                        f"{d.name}: {_where(ctx, a)} and {_where(ctx, b)} are too close",
                        b.id,
                        None,
                        dancer_id,
                    )


def partners(ctx: _Ctx) -> Iterator[Violation]:
    """Single partner roles: a declared pair, or the height rule (the man partners)."""
    for pp, perf in ctx.perfs:
        rules = ctx.season.company_of(perf).casting_rules
        for rc in pp.roles:
            role = ctx.season.role(rc.role_id)
            if (
                not role.partner_role_id
                or role.partner_role_id < role.id
                or role.count != 1
                or role.tier.value == "corps"
            ):
                continue
            other = ctx.season.role(role.partner_role_id)
            mates = pp.dancers(other.id)
            if other.count != 1 or len(rc.dancer_ids) != 1 or len(mates) != 1:
                continue
            a, b = ctx.season.dancer(rc.dancer_ids[0]), ctx.season.dancer(mates[0])
            if b.id in a.preferred_partners or a.id in b.preferred_partners:
                continue
            if a.gender == b.gender:
                ok = abs(a.height_cm - b.height_cm) <= rules.max_partner_height_gap_cm
            else:
                man, woman = (a, b) if a.gender == "male" else (b, a)
                ok = (
                    rules.min_partner_height_gap_cm
                    <= man.height_cm - woman.height_cm
                    <= rules.max_partner_height_gap_cm
                )
            if not ok:
                yield Violation(
                    "partner_compatibility",
                    f"{_where(ctx, perf)}: {a.name} ({a.height_cm} cm) and {b.name} ({b.height_cm} cm)",
                    perf.id,
                    role.id,
                    a.id,
                )


def covers(ctx: _Ctx) -> Iterator[Violation]:
    """Every lead role of every show has k covers who know it and are free that night."""
    for pp, perf in ctx.perfs:
        if pp.production_id not in {r.production_id for r in ctx.plan.runs}:
            continue
        run = ctx.plan.run(pp.production_id)
        depth = ctx.season.company_of(perf).casting_rules.cover_depth
        day = ctx.day(perf)
        company_id = ctx.season.company_of(perf).id
        on_stage = pp.all_dancers()
        for role in ctx.season.work_of(perf).roles:
            if role.tier.value == "corps":
                continue
            in_casts = {d for c in run.casts for d in c.dancers(role.id)}
            free = [
                c for c in next((rc.dancer_ids for rc in run.covers if rc.role_id == role.id), [])
                if c not in on_stage and c not in in_casts and ctx.season.dancer(c).knows(role.id) is not None
                and ctx.season.dancer(c).available_on(day) and ctx.season.company_of_dancer_on(c, day) == company_id
            ]  # fmt: skip
            if len(free) < depth:
                yield Violation(
                    "cover_depth",
                    f"{_where(ctx, perf)}: {role.name} has {len(free)} of {depth} covers free",
                    perf.id,
                    role.id,
                )


CHECKS: tuple[Check, ...] = (
    role_filled,
    eligible,
    learning,
    distinct_casts,
    one_role,
    limits,
    partners,
    covers,
)


def validate(season: Season, plan: CastingPlan) -> list[Violation]:
    """Every violated hard rule of ``plan`` against ``season`` (empty: the plan is valid)."""
    known = {p.id: p for p in season.performances}
    found: list[Violation] = []
    perfs = []
    for pp in plan.performances:
        if pp.performance_id not in known:
            found.append(
                Violation(
                    "role_filled", f"unknown performance {pp.performance_id}", pp.performance_id
                )
            )
        else:
            perfs.append((pp, known[pp.performance_id]))
    ctx = _Ctx(season, plan, perfs)
    for check in CHECKS:
        found.extend(check(ctx))
    return found
