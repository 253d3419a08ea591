"""Casting use cases shared by every interface: cast a season, check a plan, recast, store."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy.orm import Session

from etoile.errors import InfeasibleError, InputError
from etoile.model import Season
from etoile.model.plan import CastingPlan, SolveInfo
from etoile.solve.casting.assignment import to_plan
from etoile.solve.casting.demand import DemandHook, RevenueDemand, StarDrawDemand
from etoile.solve.casting.eligibility import prepare
from etoile.solve.casting.explain import diagnose
from etoile.solve.casting.greedy import greedy
from etoile.solve.casting.recast import Change, recast_plan
from etoile.solve.casting.score import score_plan
from etoile.solve.casting.solver import Progress, solve_season
from etoile.solve.casting.validate import Violation, validate
from etoile.store.plans import load_plan, save_plan

DEFAULT_TIME_LIMIT = 60.0
DEFAULT_GAP = 0.01

__all__ = [
    "Change",
    "RecastResult",
    "Violation",
    "cast_season",
    "check_plan",
    "greedy_plan",
    "load_stored_plan",
    "recast",
    "store_plan",
]


def default_demand(season: Season) -> DemandHook:
    """The forecaster's expected revenue gain where the season has sales history to learn
    from (issue 6), else the star-draw proxy."""
    if not season.sales:
        return StarDrawDemand(season)
    from etoile.ops.forecasting import casting_demand, fit_season

    forecaster = fit_season(season)
    return RevenueDemand(season, casting_demand(season, forecaster), set(forecaster.models))


def _company_ids(season: Season, company_ids: list[str] | None) -> list[str]:
    known = [c.id for c in season.companies]
    chosen = company_ids or known
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise InputError(
            f"unknown company {', '.join(unknown)} (the season has {', '.join(known)})"
        )
    return chosen


def cast_season(
    season: Season,
    company_ids: list[str] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    progress: Progress | None = None,
    demand: DemandHook | None = None,
    gap_limit: float = DEFAULT_GAP,
    workers: int = 2,
) -> CastingPlan:
    """Cast every run of the companies' latest season; InfeasibleError names what cannot be met."""
    inp = prepare(season, _company_ids(season, company_ids))
    if not inp.runs:
        raise InputError(
            "nothing to cast: the season has no future performances for these companies"
        )
    reasons = diagnose(inp)
    if reasons:
        raise InfeasibleError("the season cannot be cast", reasons)
    hook = demand or default_demand(season)
    result = solve_season(
        inp, hook, time_limit, workers=workers, gap_limit=gap_limit, progress=progress
    )
    if result.assignment is None:
        if result.status == "INFEASIBLE":
            raise InfeasibleError("the season cannot be cast", diagnose(inp, deep=True))
        raise InfeasibleError(
            f"no casting found within {time_limit:g} s (status {result.status})",
            ["the solver found no valid casting in the time limit: give it a longer --time-limit"],
        )
    info = SolveInfo(
        engine="cp-sat",
        status=result.status,
        objective=result.objective,
        bound=result.bound,
        gap=result.gap,
        wall_s=round(result.wall_s, 3),
        variables=result.variables,
        time_limit_s=time_limit,
        penalties={k: round(v, 3) for k, v in result.penalties.items()},
    )
    return to_plan(inp, result.assignment, info)


def greedy_plan(
    season: Season, company_ids: list[str] | None = None, demand: DemandHook | None = None
) -> CastingPlan:
    """The seniority-first baseline plan, scored on the solver's objective."""
    started = time.perf_counter()
    inp = prepare(season, _company_ids(season, company_ids))
    assignment, complete = greedy(inp)
    wall = time.perf_counter() - started
    info = SolveInfo(
        engine="greedy", status="COMPLETE" if complete else "INCOMPLETE", wall_s=round(wall, 3)
    )
    plan = to_plan(inp, assignment, info)
    penalties = score_plan(season, plan, demand or default_demand(season))
    info = info.model_copy(
        update={"objective": round(sum(penalties.values()), 3), "penalties": penalties}
    )
    return plan.model_copy(update={"solve": info})


def check_plan(season: Season, plan: CastingPlan) -> list[Violation]:
    """Every hard rule the plan breaks (independent validator, no solver)."""
    return validate(season, plan)


@dataclass
class RecastResult:
    """A recast: the new plan and each change against the published one."""

    plan: CastingPlan
    changes: list[Change] = field(default_factory=list)
    wall_s: float = 0.0


def recast(
    season: Season,
    plan: CastingPlan,
    absent_dancer: str,
    from_date: date,
    to_date: date | None = None,
    time_limit: float = 10.0,
    demand: DemandHook | None = None,
) -> RecastResult:
    """Replace a dancer absent from ``from_date`` to ``to_date`` with the fewest changes."""
    if absent_dancer not in {d.id for d in season.dancers}:
        raise InputError(f"unknown dancer {absent_dancer!r}")
    started = time.perf_counter()
    new_plan, changes = recast_plan(
        season,
        plan,
        absent_dancer,
        from_date,
        to_date,
        demand or StarDrawDemand(season),
        time_limit,
    )
    return RecastResult(new_plan, changes, time.perf_counter() - started)


PLAN_KIND = "casting"


def plan_scope(plan: CastingPlan) -> str:
    """The store scope of a plan: its companies, sorted and joined ('nycb+opera')."""
    return "+".join(sorted(plan.company_ids))


def store_plan(session: Session, plan: CastingPlan, publish: bool = False) -> int:
    """Save a plan as a new version (a draft unless ``publish``); the published one stays."""
    return save_plan(session, PLAN_KIND, plan.to_json(), plan_scope(plan), publish=publish)


def load_stored_plan(
    session: Session,
    company_ids: list[str],
    version: int | Literal["published"] | None = "published",
) -> CastingPlan | None:
    """A stored casting plan: the published one by default, a version number, or the newest."""
    stored = load_plan(session, PLAN_KIND, "+".join(sorted(company_ids)), version)
    return None if stored is None else CastingPlan.from_json(stored.document_json)
