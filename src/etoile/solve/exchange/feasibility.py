"""Prove a proposal castable: apply it to a copy of the season, cast, validate, measure.

The casting engine and its validator are passed in (``ops`` wires them), so this engine never
imports another engine's use case and stays testable with a stub. Applying a proposal adds one
``ExchangeAgreement`` per move to a fresh ``Season`` (lookups are cached per instance) and
teaches the visitor the host roles they do not know yet (status "learning").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from etoile.model import RoleStatus, Season, Tier
from etoile.model.exchange_proposal import CompanyEffect, ExchangeProposal, HomeCover
from etoile.model.plan import CastingPlan
from etoile.solve.exchange.boxoffice import BoxOffice, star_power
from etoile.solve.exchange.runs import RunIndex

Caster = Callable[[Season, list[str]], CastingPlan]
"""Cast the given companies of a season (raises ``EtoileError`` when it cannot)."""

Checker = Callable[[Season, CastingPlan], Sequence[Any]]
"""The casting validator: named violations of a plan (empty when the plan is valid)."""


def apply_proposal(season: Season, proposal: ExchangeProposal) -> Season:
    """A new season with the proposal's exchange agreements and the roles visitors must learn."""
    data = season.model_dump(mode="python")
    learn: dict[str, set[str]] = defaultdict(set)
    for k, move in enumerate(proposal.moves, start=1):
        data["exchanges"].append(
            {
                "id": f"xp{proposal.rank}-{k}-{move.dancer_id}",
                "dancer_id": move.dancer_id,
                "host_company_id": move.to_company_id,
                "start": move.start,
                "end": move.end,
                "role_ids": sorted({s.role_id for s in move.stints}),
                "performance_ids": [p for s in move.stints for p in s.run_performance_ids],
                "home_cover_ids": sorted({d for c in move.home_covers for d in c.dancer_ids}),
            }
        )
        dancer = season.dancer(move.dancer_id)
        learn[dancer.id] |= {s.role_id for s in move.stints if dancer.knows(s.role_id) is None}
    for d in data["dancers"]:
        for role_id in sorted(learn.get(d["id"], ())):
            d["roles"].append({"role_id": role_id, "status": RoleStatus.LEARNING})
    return Season.model_validate(data)


def plan_totals(
    season: Season, plan: CastingPlan, index: RunIndex, box: BoxOffice, company_id: str
) -> tuple[float, float, int]:
    """Expected (tickets, revenue, sell-outs) of a company's planned shows with the plan's casts."""
    tickets = revenue = 0.0
    sell_outs = 0
    for run in index.runs_of(company_id):
        for show in run.show_ids:
            try:
                cast = plan.dancers_at(show)
            except KeyError:
                cast = {}
            lead = {r: ds for r, ds in cast.items() if season.role(r).tier is not Tier.CORPS}
            exp = box.expected(show, star_power(season, lead))
            tickets += exp.tickets
            revenue += exp.revenue
            sell_outs += exp.sold_out
    return tickets, revenue, sell_outs


def _cover_depth(plan: CastingPlan, index: RunIndex, company_id: str) -> int | None:
    depths = [
        len(plan.covers_of(run.production_id, role.id))
        for run in index.runs_of(company_id)
        if run.production_id in {r.production_id for r in plan.runs}
        for role in index.lead_roles(run)
    ]
    return min(depths, default=None)


def _shows_by_dancer(plan: CastingPlan, season: Season, company_id: str) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for perf in plan.performances:
        for rc in perf.roles:
            if season.role(rc.role_id).tier is Tier.CORPS:
                continue
            for d in rc.dancer_ids:
                if season.dancer(d).company_id == company_id:
                    counts[d] += 1
    return counts


def verify(
    season: Season,
    proposal: ExchangeProposal,
    baseline_plan: CastingPlan,
    index: RunIndex,
    box: BoxOffice,
    cast: Caster,
    check: Checker,
) -> ExchangeProposal:
    """Cast the season with the exchange, validate, and restate the effects from the plans."""
    applied = apply_proposal(season, proposal)
    plan = cast(applied, list(index.company_ids))
    problems = list(check(applied, plan))
    effects = []
    for e in proposal.effects:
        t0, r0, s0 = plan_totals(season, baseline_plan, index, box, e.company_id)
        t1, r1, s1 = plan_totals(applied, plan, index, box, e.company_id)
        before = _shows_by_dancer(baseline_plan, season, e.company_id)
        after = _shows_by_dancer(plan, applied, e.company_id)
        rises = [after.get(d, 0) - before.get(d, 0) for d in set(before) | set(after)]
        effects.append(
            CompanyEffect(
                company_id=e.company_id,
                currency=e.currency,
                tickets_without=round(t0),
                tickets_with=round(t1),
                revenue_without=round(r0, 2),
                revenue_with=round(r1, 2),
                sell_outs_without=s0,
                sell_outs_with=s1,
                lowest_cover_depth_without=_cover_depth(baseline_plan, index, e.company_id),
                lowest_cover_depth_with=_cover_depth(plan, index, e.company_id),
                lead_shows_home_dancers_delta=sum(after.values()) - sum(before.values()),
                max_dancer_increase=max(rises, default=0),
                stars_sent=e.stars_sent,
                stars_received=e.stars_received,
            )
        )
    moves = []
    for move in proposal.moves:
        danced = {p for p, _ in plan.performances_of(move.dancer_id)}
        stints = [
            s.model_copy(
                update={"performance_ids": [p for p in s.run_performance_ids if p in danced]}
            )
            for s in move.stints
        ]
        covers = [
            HomeCover(
                production_id=c.production_id,
                role_id=c.role_id,
                dancer_ids=_cast_of(plan, c.production_id, c.role_id) or c.dancer_ids,
            )
            for c in move.home_covers
        ]
        moves.append(move.model_copy(update={"stints": stints, "home_covers": covers}))
    notes = list(proposal.notes)
    idle = [m.dancer_id for m in moves if not any(s.performance_ids for s in m.stints)]
    if idle:
        notes.append(f"the casting engine did not cast {', '.join(idle)} at the host")
    return proposal.model_copy(
        update={
            "moves": moves,
            "effects": effects,
            "verified": not problems,
            "casting_status": plan.solve.status,
            "violations": len(problems),
            "violation_details": [str(p) for p in problems[:20]],
            "notes": notes,
        }
    )


def _cast_of(plan: CastingPlan, production_id: str, role_id: str) -> list[str]:
    """Dancers of a role in a run's named casts (the home replacements), in cast order."""
    try:
        run = plan.run(production_id)
    except KeyError:
        return []
    return list(dict.fromkeys(d for cast in run.casts for d in cast.dancers(role_id)))
