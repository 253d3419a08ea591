"""Where the casts to rehearse come from: the casting plan, or (without one) the dancers' roles.

``castings_from_plan`` is the adapter from the casting engine's ``CastingPlan``;
``castings_from_season`` makes plausible casts from the roles dancers know, so a week can be
scheduled (e.g. in the demo) before any casting has been solved.
"""

from __future__ import annotations

from collections.abc import Sequence

from etoile.model import RoleStatus, Season
from etoile.model.plan import CastingPlan
from etoile.solve.rehearsals.requirements import ProductionCasting

_STATUS_ORDER = {RoleStatus.PERFORMED: 0, RoleStatus.REHEARSED: 1, RoleStatus.LEARNING: 2, None: 3}


def castings_from_plan(
    season: Season, plan: CastingPlan, company_id: str
) -> list[ProductionCasting]:
    """Named casts and covers per run; the corps from every performance's resolved cast."""
    found = []
    for run in plan.runs:
        if run.company_id != company_id:
            continue
        work = season.work(season.production(run.production_id).work_id)
        corps_roles = [r.id for r in work.roles if not r.is_lead]
        casts: list[dict[str, tuple[str, ...]]] = [
            {rc.role_id: tuple(rc.dancer_ids) for rc in cast.roles}
            for cast in sorted(run.casts, key=lambda c: c.number)
        ] or [{}]
        for role_id in corps_roles:
            dancers = [
                d
                for perf in plan.performances
                if perf.production_id == run.production_id
                for d in perf.dancers(role_id)
            ]
            if dancers:
                casts[0][role_id] = tuple(dict.fromkeys(dancers))
        covers = {rc.role_id: tuple(rc.dancer_ids) for rc in run.covers}
        found.append(ProductionCasting(run.production_id, tuple(casts), covers))
    return found


def assigned_from_plan(plan: CastingPlan) -> dict[str, list[str]]:
    """Performance id → every dancer on stage, for show-day rules."""
    return {p.performance_id: sorted(p.all_dancers()) for p in plan.performances}


def castings_from_season(
    season: Season, company_id: str, production_ids: Sequence[str] | None = None
) -> list[ProductionCasting]:
    """Casts from known roles: the dancers who know a role best, in rank order, split in casts."""
    company = season.company(company_id)
    dancers = season.dancers_of(company_id)
    order = {r.id: r.order for r in company.ranks}
    wanted = set(production_ids) if production_ids is not None else None
    found = []
    for production in season.productions_of(company_id):
        if wanted is not None and production.id not in wanted:
            continue
        work = season.work(production.work_id)
        n_casts = company.casting_rules.casts_per_run
        casts: list[dict[str, tuple[str, ...]]] = [{} for _ in range(n_casts)]
        covers: dict[str, tuple[str, ...]] = {}
        used: set[str] = set()
        for role in sorted(work.roles, key=lambda r: -r.tier.level):
            tier_ok = [d for d in dancers if company.rank(d.rank_id).tier is role.tier]
            ranked = sorted(
                (d for d in tier_ok if d.id not in used),
                key=lambda d: (_STATUS_ORDER[d.knows(role.id)], -order[d.rank_id], d.id),
            )
            if role.is_lead:
                need = role.count * (n_casts + 1)
                chosen = [d.id for d in ranked[:need]]
                for c in range(n_casts):
                    part = tuple(chosen[c * role.count : (c + 1) * role.count])
                    if part:
                        casts[c][role.id] = part
                if chosen[n_casts * role.count :]:
                    covers[role.id] = tuple(chosen[n_casts * role.count :])
                used |= set(chosen[: n_casts * role.count])
            else:
                chosen = [d.id for d in ranked[: role.count]]
                casts[0][role.id] = tuple(chosen)
                used |= set(chosen)
        found.append(ProductionCasting(production.id, tuple(casts), covers))
    return found
