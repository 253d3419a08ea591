"""A casting decision in plain data, and its conversion to and from the plan document.

The greedy, the CP-SAT model and recast all produce an ``Assignment``: numbered casts per run
for every role (the lead ones are the published named casts), covers per run, and per-show
overrides from a recast. ``to_plan`` resolves it into the documented ``CastingPlan`` (every
performance's full cast, debuts marked).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from etoile.model.plan import (
    CastingPlan,
    Debut,
    NamedCast,
    PerformancePlan,
    Replacement,
    RoleCast,
    RunPlan,
    SolveInfo,
)
from etoile.solve.casting.eligibility import CastingInput, is_debut

CastKey = tuple[str, int, str]  # production, cast number, role
CoverKey = tuple[str, str]  # production, role


@dataclass
class Assignment:
    """Who dances what: numbered casts (all roles), covers per run, per-show overrides."""

    casts: dict[CastKey, list[str]] = field(default_factory=dict)
    covers: dict[CoverKey, list[str]] = field(default_factory=dict)
    overrides: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def at(self, inp: CastingInput, performance_id: str) -> dict[str, list[str]]:
        """Role → dancers at one performance (its cast resolved, overrides applied)."""
        if performance_id in self.overrides:
            return {r: list(d) for r, d in self.overrides[performance_id].items()}
        show = inp.shows[performance_id]
        return {
            role.id: list(
                self.casts.get((show.production_id, inp.group_of(show, role), role.id), [])
            )
            for role in inp.roles(show.production_id)
        }


def to_plan(
    inp: CastingInput,
    assignment: Assignment,
    info: SolveInfo,
    replacements: dict[str, list[Replacement]] | None = None,
) -> CastingPlan:
    """Resolve an assignment into the plan document (recast passes its replacements)."""
    runs: list[RunPlan] = []
    performances: list[PerformancePlan] = []
    debuted: set[tuple[str, str]] = set()
    for production_id, perf_ids in inp.runs.items():
        roles = inp.roles(production_id)
        leads = [r for r in roles if r.is_lead]
        casts = [
            NamedCast(
                number=c,
                roles=[
                    RoleCast(
                        role_id=r.id, dancer_ids=assignment.casts.get((production_id, c, r.id), [])
                    )
                    for r in leads
                ],
            )
            for c in range(1, inp.casts[production_id] + 1)
        ]
        covers = [
            RoleCast(role_id=r.id, dancer_ids=assignment.covers.get((production_id, r.id), []))
            for r in leads
        ]
        company_id = inp.shows[perf_ids[0]].company_id
        runs.append(
            RunPlan(production_id=production_id, company_id=company_id, casts=casts, covers=covers)
        )
    ordered = sorted(inp.shows.values(), key=lambda s: (s.starts_at, s.id))
    for show in ordered:
        cast = assignment.at(inp, show.id)
        debuts = []
        for role_id, dancer_ids in cast.items():
            for dancer_id in dancer_ids:
                if (dancer_id, role_id) not in debuted and is_debut(
                    inp.season.dancer(dancer_id), role_id
                ):
                    debuted.add((dancer_id, role_id))
                    debuts.append(Debut(role_id=role_id, dancer_id=dancer_id))
        performances.append(
            PerformancePlan(
                performance_id=show.id,
                production_id=show.production_id,
                cast_number=show.cast,
                roles=[RoleCast(role_id=r, dancer_ids=d) for r, d in cast.items()],
                debuts=debuts,
                replacements=(replacements or {}).get(show.id, []),
            )
        )
    return CastingPlan(
        season_name=inp.season.name,
        company_ids=inp.company_ids,
        runs=runs,
        performances=performances,
        solve=info,
    )


def from_plan(inp: CastingInput, plan: CastingPlan) -> Assignment:
    """The assignment a plan publishes: casts from its runs and shows, every show resolved."""
    found = Assignment()
    for run in plan.runs:
        for cast in run.casts:
            for rc in cast.roles:
                found.casts[(run.production_id, cast.number, rc.role_id)] = list(rc.dancer_ids)
        for rc in run.covers:
            found.covers[(run.production_id, rc.role_id)] = list(rc.dancer_ids)
    for perf in plan.performances:
        if perf.performance_id not in inp.shows:
            continue
        resolved = {rc.role_id: list(rc.dancer_ids) for rc in perf.roles}
        found.overrides[perf.performance_id] = resolved
        for role_id, dancer_ids in resolved.items():
            key = (perf.production_id, perf.cast_number, role_id)
            found.casts.setdefault(key, dancer_ids)
    return found
