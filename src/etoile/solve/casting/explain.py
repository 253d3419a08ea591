"""Why a season cannot be cast, and what a feasible plan's objective is made of.

Pre-checks per run, cast and role name the performance, the role and, for everyone who knows
it, why they are out ("injured", "dancing with New York City Ballet"). If the pre-checks pass and
the solver still proves infeasibility, ``deep`` asks CP-SAT which rule families conflict
(assumption literals and ``sufficient_assumptions_for_infeasibility``), block by block.
"""

from __future__ import annotations

import itertools
from collections import Counter

from ortools.sat.python import cp_model

from etoile.model import Role
from etoile.model.plan import CastingPlan
from etoile.solve.casting.blocks import split_blocks
from etoile.solve.casting.demand import StarDrawDemand
from etoile.solve.casting.eligibility import (
    CastingInput,
    Show,
    knows,
    learning_budget,
    learning_cost,
    role_barrier,
    unavailable_reason,
)
from etoile.solve.casting.rules import HARD_RULES, PENALTIES

MAX_REASONS = 12


def _why_out(inp: CastingInput, dancer_id: str, role: Role, shows: list[Show]) -> str | None:
    d = inp.season.dancer(dancer_id)
    for show in shows:
        reason = unavailable_reason(inp, d, show) or role_barrier(inp, d, role, show)
        if reason:
            return (
                f"{reason} on {show.day:%d %B}"
                if "dancing with" in reason or "injury" in reason or "leave" in reason
                else reason
            )
    if learning_cost(inp, d, role, shows[0].company_id) > learning_budget(inp, d, shows[0]):
        return "cannot learn it in time"
    return None


def _names(n: int) -> str:
    words = {0: "nobody", 1: "the one", 2: "the two", 3: "the three", 4: "the four"}
    return words.get(n, f"the {n}")


def check_role(inp: CastingInput, production_id: str, cast: int, role: Role) -> str | None:
    """A message if fewer dancers can take ``role`` in ``cast`` than it needs, else None."""
    shows = inp.cast_shows(production_id, cast)
    able = [d for d in inp.dancers if _why_out(inp, d.id, role, shows) is None]
    if len(able) >= role.count:
        return None
    knowers = [d for d in inp.season.dancers if knows(d, role.id)]
    outs = [(d.name, _why_out(inp, d.id, role, shows) or "not in this company") for d in knowers]
    first = shows[0]
    free = "nobody free knows" if not able else f"only {len(able)} can dance"
    detail = (
        "; ".join(f"{name}: {why}" for name, why in outs[:6]) or "nobody in the company knows it"
    )
    who = f"{_names(len(knowers))} who know it" if knowers else ""
    return f"{first.label}: {free} {role.name} (needs {role.count}) — {who}{': ' if who else ''}{detail}"


def _distinct_casts(inp: CastingInput, production_id: str, role: Role) -> list[str]:
    """Named casts need different dancers: enough for every cast, plus the covers."""
    casts = inp.casts[production_id]
    depth = inp.rules(inp.opening(production_id).company_id).cover_depth
    shows = [inp.shows[p] for p in inp.runs[production_id]]
    able = {
        d.id for d in inp.dancers
        if any(_why_out(inp, d.id, role, inp.cast_shows(production_id, c)) is None for c in range(1, casts + 1))
    }  # fmt: skip
    need = casts * role.count
    if len(able) >= need:
        return []
    knowers = [d for d in inp.season.dancers if knows(d, role.id)]
    detail = "; ".join(
        f"{d.name}: {_why_out(inp, d.id, role, shows) or 'available'}" for d in knowers[:6]
    )
    return [
        f"{shows[0].label}: {casts} casts of {role.name} need {need} different dancers (and "
        f"{depth} cover), only {len(able)} can dance it — {_names(len(knowers))} who know it: {detail}"
    ]


def diagnose(inp: CastingInput, deep: bool = False) -> list[str]:
    """Named reasons the season cannot be cast (empty when the pre-checks find none)."""
    reasons: list[str] = []
    for production_id in inp.runs:
        roles = inp.roles(production_id)
        for role in roles:
            for cast in range(1, inp.casts[production_id] + 1):
                message = check_role(inp, production_id, cast, role)
                if message:
                    reasons.append(message)
                    break
            else:
                if role.is_lead:
                    reasons.extend(_distinct_casts(inp, production_id, role))
        reasons.extend(_rotation_reasons(inp, production_id))
    if not reasons and deep:
        reasons = conflicting_rules(inp)
    return reasons[:MAX_REASONS]


def _rotation_reasons(inp: CastingInput, production_id: str) -> list[str]:
    rules = inp.rules(inp.opening(production_id).company_id)
    high = [
        r for r in inp.roles(production_id) if r.is_lead and r.intensity >= rules.high_intensity
    ]
    if not high or rules.rest_days_after_high_intensity < 1:
        return []
    found = []
    for cast in range(1, inp.casts[production_id] + 1):
        days = sorted(s.day for s in inp.cast_shows(production_id, cast))
        close = [
            b
            for a, b in itertools.pairwise(days)
            if (b - a).days <= rules.rest_days_after_high_intensity
        ]
        if close:
            found.append(
                f"{inp.opening(production_id).label.split(',')[0]}: cast {cast} dances on {close[0]:%d %B} "
                f"without {rules.rest_days_after_high_intensity} rest day(s) after high-intensity "
                f"{high[0].name} (too many shows for {inp.casts[production_id]} casts)"
            )
    return found


def conflicting_rules(inp: CastingInput, time_limit: float = 20.0) -> list[str]:
    """Rule families that cannot all hold, per block (CP-SAT assumptions)."""
    from etoile.solve.casting.model import build_model

    found: list[str] = []
    for block in split_blocks(inp):
        m = build_model(block, StarDrawDemand(inp.season), explain=True)
        literals = list(m.family_literals.items())
        m.model.clear_objective()
        m.model.add_assumptions([lit for _, lit in literals])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = time_limit
        if solver.solve(m.model) != cp_model.INFEASIBLE:
            continue
        core = set(solver.sufficient_assumptions_for_infeasibility())
        names = [name for name, lit in literals if lit.index in core]
        runs = ", ".join(sorted({inp.opening(p).label.split(",")[0] for p in block.runs}))
        labels = "; ".join(f"{n} ({HARD_RULES.get(n, n)})" for n in names) or "the rules together"
        found.append(f"{runs}: these rules cannot all hold — {labels}")
    return found


def objective_breakdown(plan: CastingPlan) -> list[tuple[str, str, float]]:
    """(penalty name, label, weighted value) sorted by weight in the objective."""
    rows = [
        (name, PENALTIES.get(name, name), value) for name, value in plan.solve.penalties.items()
    ]
    return sorted(rows, key=lambda r: -r[2])


def count_debuts(plan: CastingPlan) -> Counter[str]:
    """Debuts per dancer in a plan (for reports)."""
    return Counter(d.dancer_id for p in plan.performances for d in p.debuts)
