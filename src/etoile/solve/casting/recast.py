"""Recast after an absence: the rest of the plan is fixed, only the affected shows are re-solved.

The model holds one boolean per (dancer, role) at each affected performance, for dancers who
already know the role (a same-day replacement must have rehearsed it); everything the dancer
dances elsewhere is a constant in their day, week, rest and travel limits. The objective counts
changes against the published plan first, then the draw lost (audience).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from ortools.sat.python import cp_model

from etoile.errors import InfeasibleError
from etoile.model import Role, Season
from etoile.model.plan import CastingPlan, Replacement, SolveInfo
from etoile.solve.casting.assignment import from_plan, to_plan
from etoile.solve.casting.demand import DemandHook
from etoile.solve.casting.eligibility import (
    CastingInput,
    Show,
    knows,
    learning_budget,
    learning_cost,
    partners_ok,
    prepare,
    role_barrier,
    unavailable_reason,
)
from etoile.solve.casting.greedy import _clash
from etoile.solve.casting.rules import DEFAULT_WEIGHTS

GAP_WEIGHT = 1_000_000
"""A place left empty costs more than any number of changes."""


@dataclass(frozen=True)
class Change:
    """One dancer in, one out, in a role at a performance (or a new cover for a run)."""

    performance_id: str | None
    production_id: str
    role_id: str
    removed: str | None
    added: str | None
    reason: str = ""

    def to_dict(self) -> dict[str, str | None]:
        """JSON-ready form."""
        return asdict(self)


def _reason(
    season: Season,
    plan: CastingPlan,
    absent: str,
    show: Show,
    role_id: str,
    old: str,
    added: str,
    now_at: dict[str, list[str]],
) -> str:
    """Why a dancer leaves a role and who takes it, in the words a ballet master would use."""
    if old == absent:
        dancer = season.dancer(absent)
        leave = next((a for a in dancer.absences if a.contains(show.day)), None)
        first = f"{dancer.name} is absent" + (f" ({leave.kind.value})" if leave else "")
    else:
        moved = next((r for r, ds in now_at.items() if old in ds and r != role_id), None)
        where = season.role(moved).name if moved else "another role"
        first = (
            f"{season.dancer(old).name} moves to {where} to replace {season.dancer(absent).name}"
        )
    newcomer = season.dancer(added)
    if added in plan.covers_of(show.production_id, role_id):
        second = f"{newcomer.name} is this run's rehearsed cover"
    else:
        status = newcomer.knows(role_id)
        second = f"{newcomer.name} " + (
            f"knows the role ({status.value})" if status else "learns it"
        )
    return f"{first}; {second}"


def _in_range(show: Show, start: date, end: date | None) -> bool:
    return show.day >= start and (end is None or show.day <= end)


def recast_plan(
    season: Season,
    plan: CastingPlan,
    absent: str,
    start: date,
    end: date | None,
    demand: DemandHook,
    time_limit: float = 10.0,
) -> tuple[CastingPlan, list[Change]]:
    """A new valid plan without ``absent`` from ``start`` to ``end``, with the fewest changes."""
    inp = prepare(season, plan.company_ids)
    current = from_plan(inp, plan)
    cast_at = {p: current.at(inp, p) for p in inp.shows}
    affected = [
        inp.shows[p] for p, roles in cast_at.items()
        if _in_range(inp.shows[p], start, end) and any(absent in ds for ds in roles.values())
    ]  # fmt: skip
    if not affected:
        return plan, []
    model = cp_model.CpModel()
    x: dict[tuple[str, str, str], cp_model.IntVar] = {}
    fixed = _fixed_load(inp, cast_at, {s.id for s in affected})
    learnt = _learning_spent(inp, cast_at)
    objective = []
    gaps: dict[tuple[str, str], cp_model.IntVar] = {}
    for show in affected:
        for role in inp.roles(show.production_id):
            before = set(cast_at[show.id].get(role.id, []))
            for d in inp.dancers:
                if d.id == absent or not _may_replace(inp, d.id, role, show, before, fixed, absent):
                    continue
                if d.id not in before and not _can_learn(inp, d.id, role, show, learnt):
                    continue
                var = model.new_bool_var(f"{show.id}:{role.id}:{d.id}")
                x[(show.id, role.id, d.id)] = var
                if d.id not in before:
                    lost = max(0.0, 1.0 - demand.value(d.id, role.id, show.id))
                    objective.append((int(DEFAULT_WEIGHTS["changes"] * 100) + int(lost * 10)) * var)
            pool = [v for (p, r, _d), v in x.items() if p == show.id and r == role.id]
            # a place nobody can take is a gap, not a failure: the other shows are still solved
            # and the gaps named (dearer than any number of changes)
            gap = model.new_int_var(0, role.count, f"gap:{show.id}:{role.id}")
            gaps[show.id, role.id] = gap
            model.add(sum(pool) + gap == role.count)
            objective.append(GAP_WEIGHT * gap)
    _limits(inp, model, x, affected, fixed)
    _partners(inp, model, x, affected)
    cover_gaps: dict[tuple[str, str], cp_model.IntVar] = {}
    called = _covers(inp, model, x, affected, current.covers, current.casts, absent, cover_gaps)
    objective += [int(DEFAULT_WEIGHTS["changes"] * 100) * v for v in called.values()]
    objective += [GAP_WEIGHT * v for v in cover_gaps.values()]
    model.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        names = ", ".join(s.label for s in affected[:3])
        raise InfeasibleError(
            f"no replacement for {season.dancer(absent).name}",
            [f"{names}: nobody free who knows the roles fits every rule"],
        )

    def why_not(dancer_id: str, role: Role, show: Show) -> str:
        """Why someone who knows the role cannot take it at this show (the recast's own rules)."""
        d = inp.season.dancer(dancer_id)
        why = unavailable_reason(inp, d, show) or role_barrier(inp, d, role, show)
        if why is not None:
            return why
        for other_role in inp.roles(show.production_id):
            chosen = x.get((show.id, other_role.id, dancer_id))
            if chosen is not None and solver.value(chosen):
                return f"dancing {other_role.name} that night"
        if any(other.day == show.day for other, _ in fixed.get(dancer_id, [])):
            return "dancing another show that day"
        if not _may_replace(inp, dancer_id, role, show, set(), fixed, absent):
            return "too close to another show (travel, or rest after a demanding role)"
        if not _can_learn(inp, dancer_id, role, show, learnt):
            return "cannot learn it in time"
        return "free, but the week's limits (shows, rest days) leave no room"

    open_places = [
        (show, role, solver.value(gaps[show.id, role.id]))
        for show in affected
        for role in inp.roles(show.production_id)
        if solver.value(gaps[show.id, role.id])
    ]
    open_places += [
        (show, role, -solver.value(cover_gaps[show.id, role.id]))  # negative: covers short
        for show in affected
        for role in inp.roles(show.production_id)
        if (show.id, role.id) in cover_gaps and solver.value(cover_gaps[show.id, role.id])
    ]
    if open_places:
        raise InfeasibleError(
            f"no replacement for {season.dancer(absent).name} at "
            f"{len({show.id for show, _, _ in open_places})} of {len(affected)} performance(s); "
            "nothing was changed",
            _gap_reasons(inp, absent, open_places, start, why_not),
        )
    changes: list[Change] = []
    replacements: dict[str, list[Replacement]] = defaultdict(list)
    for show in affected:
        resolved = {}
        now_at = {
            role.id: [
                d.id
                for d in inp.dancers
                if (show.id, role.id, d.id) in x and solver.value(x[(show.id, role.id, d.id)])
            ]
            for role in inp.roles(show.production_id)
        }
        for role in inp.roles(show.production_id):
            now = now_at[role.id]
            published = cast_at[show.id].get(role.id, [])
            out = [d for d in published if d not in now]
            new = [d for d in now if d not in published]
            for old, added in zip(out, new, strict=False):
                why = _reason(season, plan, absent, show, role.id, old, added, now_at)
                changes.append(Change(show.id, show.production_id, role.id, old, added, why))
                replacements[show.id].append(
                    Replacement(role_id=role.id, dancer_id=added, replaces=old, reason=why)
                )
            resolved[role.id] = [d for d in published if d in now] + new
        current.overrides[show.id] = resolved
    for (production_id, role_id, cover_id), var in called.items():
        if solver.value(var):
            current.covers.setdefault((production_id, role_id), []).append(cover_id)
            why = (
                f"called as a new cover: {season.dancer(absent).name} covered "
                f"{season.role(role_id).name} in this run, and every lead role keeps its cover depth"
            )
            changes.append(Change(None, production_id, role_id, None, cover_id, why))
    info = SolveInfo(
        engine="recast",
        status=solver.status_name(status),
        objective=len(changes),
        wall_s=round(solver.wall_time, 3),
        variables=len(x),
        penalties={"changes": float(len(changes))},
    )
    new_plan = to_plan(inp, current, info, replacements)
    return new_plan, changes


def _gap_reasons(
    inp: CastingInput,
    absent: str,
    open_places: list[tuple[Show, Role, int]],
    start: date,
    why_not: Callable[[str, Role, Show], str],
) -> list[str]:
    """Each place nobody can take (``missing`` > 0) or cover left short (``missing`` < 0, by
    how many), with the company's dancers who know the role and why each cannot, and how to
    recast the performances before the first of them."""
    reasons = []
    for show, role, missing in open_places:
        outs = []
        for d in inp.season.dancers:
            ours = d.company_id == show.company_id  # home dancers, and visitors dancing here
            ours = ours or inp.season.company_of_dancer_on(d.id, show.day) == show.company_id
            if d.id != absent and ours and knows(d, role.id):
                outs.append(f"{d.name}: {why_not(d.id, role, show)}")
        who = "; ".join(outs[:6]) or "nobody else in the company knows it"
        if missing > 0:
            reasons.append(f"{show.label}: nobody can dance {role.name} (needs {missing}) — {who}")
        else:
            reasons.append(f"{show.label}: {role.name} is {-missing} cover(s) short — {who}")
    first = min(show.day for show, _, _ in open_places)
    if first > start:
        before = first - timedelta(days=1)
        reasons.append(
            f"the performances before {first.day} {first:%B} can be recast on their own: "
            f"--to {before}"
        )
    return reasons


def _learning_spent(
    inp: CastingInput, cast_at: dict[str, dict[str, list[str]]]
) -> dict[str, tuple[float, set[str]]]:
    """Per dancer: learning hours the plan already asks of them, and the roles they cost."""
    roles: dict[str, set[str]] = defaultdict(set)
    for _perf_id, cast in cast_at.items():
        for role_id, dancers in cast.items():
            for d in dancers:
                roles[d].add(role_id)
    spent: dict[str, tuple[float, set[str]]] = {}
    for d, role_ids in roles.items():
        dancer = inp.season.dancer(d)
        company = inp.shows[next(iter(cast_at))].company_id
        total = sum(learning_cost(inp, dancer, inp.season.role(r), company) for r in role_ids)
        spent[d] = (total, role_ids)
    return spent


def _can_learn(
    inp: CastingInput,
    dancer_id: str,
    role: Role,
    show: Show,
    learnt: dict[str, tuple[float, set[str]]],
) -> bool:
    """A role still being learnt fits only if the dancer's learning hours allow it."""
    dancer = inp.season.dancer(dancer_id)
    cost = learning_cost(inp, dancer, role, show.company_id)
    spent, roles = learnt.get(dancer_id, (0.0, set()))
    if cost <= 0 or role.id in roles:
        return True
    return spent + cost <= learning_budget(inp, dancer, inp.opening(show.production_id))


def _fixed_load(
    inp: CastingInput, cast_at: dict[str, dict[str, list[str]]], skip: set[str]
) -> dict[str, list[tuple[Show, bool]]]:
    """Per dancer, the shows they keep (not re-solved), with whether each is high intensity."""
    load: dict[str, list[tuple[Show, bool]]] = defaultdict(list)
    for perf_id, roles in cast_at.items():
        if perf_id in skip:
            continue
        show = inp.shows[perf_id]
        for role_id, dancers in roles.items():
            role = inp.season.role(role_id)
            for d in dancers:
                high = role.intensity >= inp.home_rules(inp.season.dancer(d)).high_intensity
                load[d].append((show, high))
    return load


def _may_replace(
    inp: CastingInput,
    dancer_id: str,
    role: Role,
    show: Show,
    before: set[str],
    fixed: dict[str, list[tuple[Show, bool]]],
    absent: str,
) -> bool:
    d = inp.season.dancer(dancer_id)
    if dancer_id in before:
        return True
    if (
        not knows(d, role.id)
        or unavailable_reason(inp, d, show)
        or role_barrier(inp, d, role, show)
    ):
        return False
    rules = inp.home_rules(d)
    for other, high in fixed.get(dancer_id, []):
        if other.id == show.id or _clash(show, other, rules.travel_buffer_hours):
            return False
        if (
            high
            and role.intensity >= rules.high_intensity
            and abs((other.day - show.day).days) <= rules.rest_days_after_high_intensity
        ):
            return False
    return True


def _limits(
    inp: CastingInput,
    model: cp_model.CpModel,
    x: dict,
    affected: list[Show],
    fixed: dict[str, list[tuple[Show, bool]]],
) -> None:
    by_dancer: dict[str, dict[str, list[cp_model.IntVar]]] = defaultdict(lambda: defaultdict(list))
    for (perf_id, _role_id, d), var in x.items():
        by_dancer[d][perf_id].append(var)
    for d, per_show in by_dancer.items():
        dancer = inp.season.dancer(d)
        rules = inp.home_rules(dancer)
        tier = inp.tier(dancer)
        for variables in per_show.values():
            model.add(sum(variables) <= 1)
        days: dict[object, list[cp_model.IntVar]] = defaultdict(list)
        weeks: dict[object, list[cp_model.IntVar]] = defaultdict(list)
        for perf_id, variables in per_show.items():
            days[inp.shows[perf_id].day] += variables
            weeks[inp.shows[perf_id].week] += variables
        for day, variables in days.items():
            kept = sum(1 for s, _ in fixed.get(d, []) if s.day == day)
            model.add(sum(variables) + kept <= rules.max_shows_per_day.get(tier, 1))
        for week, variables in weeks.items():
            kept = sum(1 for s, _ in fixed.get(d, []) if s.week == week)
            model.add(sum(variables) + kept <= rules.max_shows_per_week.get(tier, 7))
        ids = sorted(per_show, key=lambda p: inp.shows[p].starts_at)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                sa, sb = inp.shows[a], inp.shows[b]
                if _clash(sa, sb, rules.travel_buffer_hours):
                    model.add(sum(per_show[a]) + sum(per_show[b]) <= 1)
                elif abs((sb.day - sa.day).days) <= rules.rest_days_after_high_intensity:
                    high = [
                        v
                        for (p, r, dd), v in x.items()
                        if dd == d
                        and p in (a, b)
                        and inp.season.role(r).intensity >= rules.high_intensity
                    ]
                    if len(high) > 1:
                        model.add(sum(high) <= 1)


def _partners(inp: CastingInput, model: cp_model.CpModel, x: dict, affected: list[Show]) -> None:
    for show in affected:
        for role in inp.roles(show.production_id):
            if (
                not role.is_lead
                or not role.partner_role_id
                or role.partner_role_id < role.id
                or role.count != 1
            ):
                continue
            if inp.season.role(role.partner_role_id).count != 1:
                continue
            mine = {d: v for (p, r, d), v in x.items() if p == show.id and r == role.id}
            theirs = {
                d: v for (p, r, d), v in x.items() if p == show.id and r == role.partner_role_id
            }
            company_id = show.company_id
            for a, va in mine.items():
                for b, vb in theirs.items():
                    if not partners_ok(inp, inp.season.dancer(a), inp.season.dancer(b), company_id):
                        model.add(va + vb <= 1)


def _covers(
    inp: CastingInput,
    model: cp_model.CpModel,
    x: dict,
    affected: list[Show],
    covers: dict[tuple[str, str], list[str]],
    casts: dict[tuple[str, int, str], list[str]],
    absent: str,
    cover_gaps: dict[tuple[str, str], cp_model.IntVar],
) -> dict[tuple[str, str, str], cp_model.IntVar]:
    """Keep cover depth at the re-solved shows; a new cover may be called (one change each).
    ``cover_gaps`` receives, per show and lead role, the covers short of the depth."""
    called: dict[tuple[str, str, str], cp_model.IntVar] = {}
    for show in affected:
        depth = inp.rules(show.company_id).cover_depth
        for role in inp.roles(show.production_id):
            if not role.is_lead or depth == 0:
                continue
            listed = covers.get((show.production_id, role.id), [])
            in_casts = {
                d
                for c in range(1, inp.casts[show.production_id] + 1)
                for d in casts.get((show.production_id, c, role.id), [])
            }
            free: list[cp_model.LinearExprT] = []
            for d in inp.dancers:
                if d.id == absent or unavailable_reason(inp, d, show) or d.id in in_casts:
                    continue
                if d.id not in listed:
                    if not knows(d, role.id) or role_barrier(inp, d, role, show):
                        continue
                    key = (show.production_id, role.id, d.id)
                    if key not in called:
                        called[key] = model.new_bool_var(f"cover:{key}")
                    mark: cp_model.LinearExprT = called[key]
                else:
                    mark = 1
                on_stage = [v for (p, _r, dd), v in x.items() if p == show.id and dd == d.id]
                if on_stage:
                    f = model.new_bool_var(f"free:{show.id}:{role.id}:{d.id}")
                    model.add(f <= mark)
                    model.add(f + sum(on_stage) <= 1)
                    free.append(f)
                else:
                    free.append(mark)
            short = model.new_int_var(0, depth, f"cover-gap:{show.id}:{role.id}")
            cover_gaps[show.id, role.id] = short  # a cover nobody can be: named, like a gap
            model.add(cp_model.LinearExpr.sum([*free, short]) >= depth)
    return called
