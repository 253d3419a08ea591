"""Small seasons and the pieces of the exchange engine built on them (shared by the tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from etoile.generate import GeneratorConfig, generate_season
from etoile.model import Season
from etoile.model.plan import CastingPlan, PerformancePlan, RunPlan, SolveInfo
from etoile.solve.exchange.boxoffice import StarDrawBoxOffice
from etoile.solve.exchange.candidates import Candidates, build_candidates
from etoile.solve.exchange.problem import Balance, Problem, build_problem
from etoile.solve.exchange.rules import ExchangeRules
from etoile.solve.exchange.runs import RunIndex
from etoile.solve.exchange.value import Valuer

AS_OF = date(2026, 11, 24)


@lru_cache(maxsize=16)
def small_season(seed: int = 1, companies: int = 2) -> Season:
    """A small generated season (40 dancers, 24 shows, 3 runs per company)."""
    config = GeneratorConfig(
        dancers=40, performances=24, productions=3, companies=companies, seed=seed
    )
    return generate_season(config)


@dataclass
class Built:
    """A season with its run index, valuer, candidates and selection problem."""

    season: Season
    index: RunIndex
    valuer: Valuer
    candidates: Candidates
    problem: Problem


def build(
    season: Season,
    rules: ExchangeRules | None = None,
    *,
    max_stars: int = 2,
    balance: Balance = "count",
    keep: set[str] | None = None,
    send: set[str] | None = None,
) -> Built:
    """Run the engine's preparation steps the way ``ops`` does."""
    rules = rules or ExchangeRules(as_of=AS_OF, stars_per_company=3, max_runs_per_stay=2)
    index = RunIndex(season, [c.id for c in season.companies])
    valuer = Valuer(index, StarDrawBoxOffice(season))
    cands = build_candidates(index, valuer, rules, keep, send)
    problem = build_problem(
        index,
        cands.options,
        max_stars=max_stars,
        balance=balance,
        tolerance_pct=rules.value_tolerance_pct,
        allow_loss=rules.allow_loss,
        send=send or set(),
    )
    return Built(season, index, valuer, cands, problem)


@lru_cache(maxsize=4)
def castable_season() -> Season:
    """A small two-company season the casting engine can cast (most tiny generated seasons
    cannot: their role lines are too thin for three casts and covers)."""
    config = GeneratorConfig(dancers=50, performances=20, productions=3, companies=2, seed=3)
    return generate_season(config)


def full_plan(season: Season, company_ids: list[str], status: str = "FEASIBLE") -> CastingPlan:
    """A stub plan that lists every planned performance of the companies (nobody cast): what a
    stub casting engine returns, complete enough for the proof's completeness check."""
    index = RunIndex(season, company_ids)
    runs = [r for c in company_ids for r in index.runs_of(c)]
    return CastingPlan(
        company_ids=company_ids,
        runs=[RunPlan(production_id=r.production_id, company_id=r.company_id) for r in runs],
        performances=[
            PerformancePlan(performance_id=p, production_id=r.production_id, cast_number=1)
            for r in runs
            for p in r.show_ids
        ],
        solve=SolveInfo(engine="stub", status=status, time_limit_s=1.0),
    )
