"""The objective of any plan, in plain Python: the same named penalties the model minimises.

Used to score the greedy baseline on the solver's objective and to break a plan's objective
down by penalty (``--explain``); a test checks it against the solver's own figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from etoile.model import CastingRules, Season, Tier
from etoile.model.plan import CastingPlan
from etoile.solve.casting.blocks import split_blocks
from etoile.solve.casting.demand import DemandHook
from etoile.solve.casting.eligibility import (
    CastingInput,
    is_debut,
    learning_budget,
    learning_cost,
    prepare,
    role_barrier,
    unavailable_reason,
)
from etoile.solve.casting.penalties import AUDIENCE_UNIT, FAIR_SHARE_TOLERANCE, previous_week
from etoile.solve.casting.rules import ALLOWED_WEEKLY_RISE, weight


def _pool(inp: CastingInput, production_id: str, cast: int, role_id: str) -> list[str]:
    shows = inp.cast_shows(production_id, cast)
    role = inp.season.role(role_id)
    found = []
    for d in inp.dancers:
        if any(unavailable_reason(inp, d, s) or role_barrier(inp, d, role, s) for s in shows):
            continue
        opening = inp.opening(production_id)
        if learning_cost(inp, d, role, shows[0].company_id) > learning_budget(inp, d, opening):
            continue
        found.append(d.id)
    return found


def score_plan(season: Season, plan: CastingPlan, demand: DemandHook) -> dict[str, float]:
    """Weighted penalty units by name (the solver's objective is their sum)."""
    totals: dict[str, float] = defaultdict(float)
    for block in split_blocks(prepare(season, plan.company_ids)):
        for name, value in _score_block(block, plan, demand).items():
            totals[name] += value
    return {k: round(v, 3) for k, v in sorted(totals.items())}


def _score_block(inp: CastingInput, plan: CastingPlan, demand: DemandHook) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    places: Counter[str] = Counter()
    eligible_lead: set[str] = set()
    for production_id in inp.runs:
        run = plan.run(production_id)
        company_id = run.company_id
        rules = inp.rules(company_id)

        def w(name: str, rules: CastingRules = rules) -> float:
            return weight(rules, name)

        debut_possible: dict[str, bool] = {}
        debut_given: dict[str, bool] = {}
        prefs: set[tuple[str, str]] = set()
        for cast in run.casts:
            shows = inp.cast_shows(production_id, cast.number)
            for rc in cast.roles:
                pool = _pool(inp, production_id, cast.number, rc.role_id)
                eligible_lead.update(pool)
                value = {d: sum(demand.value(d, rc.role_id, s.id) for s in shows) for d in pool}
                best = max(value.values(), default=0.0)
                for d in rc.dancer_ids:
                    places[d] += 1
                    out["audience"] += (best - value.get(d, 0.0)) * AUDIENCE_UNIT * w("audience")
                debut_possible[rc.role_id] = debut_possible.get(rc.role_id, False) or any(
                    is_debut(season_dancer, rc.role_id)
                    for season_dancer in (inp.season.dancer(d) for d in pool)
                )
                debut_given[rc.role_id] = debut_given.get(rc.role_id, False) or any(
                    is_debut(inp.season.dancer(d), rc.role_id) for d in rc.dancer_ids
                )
                prefs.update(
                    (rc.role_id, d)
                    for d in pool
                    if rc.role_id in inp.season.dancer(d).preferred_roles
                )
        for role_id, possible in debut_possible.items():
            if possible and not debut_given[role_id]:
                out["debut"] += w("debut")
        for role_id, d in prefs:
            if not any(d in c.dancers(role_id) for c in run.casts):
                out["preference"] += w("preference")
        out["partnership"] += _partnership(inp, run, production_id) * w("partnership")
        out["cover_load"] += sum(len(rc.dancer_ids) for rc in run.covers) * w("cover_load")
    _fair_share(inp, places, eligible_lead, out)
    _workload(inp, plan, out)
    return out


def _partnership(inp: CastingInput, run, production_id: str) -> float:  # type: ignore[no-untyped-def]
    missed = 0.0
    for cast in run.casts:
        for rc in cast.roles:
            role = inp.season.role(rc.role_id)
            if not role.partner_role_id or role.partner_role_id < role.id or role.count != 1:
                continue
            if inp.season.role(role.partner_role_id).count != 1:
                continue
            pool_a = _pool(inp, production_id, cast.number, role.id)
            pool_b = set(_pool(inp, production_id, cast.number, role.partner_role_id))
            possible = any(
                p in pool_b for a in pool_a for p in inp.season.dancer(a).preferred_partners
            )
            mates = cast.dancers(role.partner_role_id)
            paired = (
                bool(rc.dancer_ids and mates)
                and mates[0] in inp.season.dancer(rc.dancer_ids[0]).preferred_partners
            )
            if possible and not paired:
                missed += 1
    return missed


def _fair_share(
    inp: CastingInput, places: Counter[str], eligible: set[str], out: dict[str, float]
) -> None:
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for d in inp.dancers:
        if d.id in eligible and inp.tier(d) is not Tier.CORPS:
            groups[(d.company_id, d.rank_id)].append(d.id)
    for (company_id, _rank), members in groups.items():
        if len(members) < 2:
            continue
        size = len(members)
        total = sum(places[d] for d in members)
        w = weight(inp.rules(company_id), "fair_share")
        for member in members:
            dev = max(0, abs(size * places[member] - total) - size * FAIR_SHARE_TOLERANCE)
            out["fair_share"] += dev / size * w


def _workload(inp: CastingInput, plan: CastingPlan, out: dict[str, float]) -> None:
    show_weeks: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for show in inp.shows.values():
        show_weeks[show.company_id].add(show.week)
    counts: dict[str, Counter[tuple[int, int]]] = defaultdict(Counter)
    company_of_week: dict[tuple[str, tuple[int, int]], str] = {}
    for perf in plan.performances:
        found = inp.shows.get(perf.performance_id)
        if found is None:
            continue
        for d in perf.all_dancers():
            counts[d][found.week] += 1
            company_of_week[(d, found.week)] = found.company_id
    for d, weeks in counts.items():
        w = weight(inp.home_rules(inp.season.dancer(d)), "workload_rise")
        for week, n in weeks.items():
            previous = previous_week(week)
            if previous not in show_weeks[company_of_week[(d, week)]]:
                continue
            out["workload_rise"] += max(0, n - weeks.get(previous, 0) - ALLOWED_WEEKLY_RISE) * w
