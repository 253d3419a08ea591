"""The castability proof: the real casting engine and validator on small seasons, and with stub
engines the proof's bookkeeping (each season cast once, only the companies it changes, a shared
budget, timeouts, dropped proposals and what the search learns from them), plus bad values."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence
from typing import Any

import pytest

from etoile.errors import InfeasibleError, InputError
from etoile.model import Season
from etoile.model.plan import CastingPlan
from etoile.ops.casting import cast_season, check_plan
from etoile.ops.exchange import propose_exchanges
from etoile.solve.exchange.boxoffice import Expectation, StarDrawBoxOffice
from etoile.solve.exchange.feasibility import (
    CastingTimeout,
    Prover,
    apply_proposal,
    merge_plans,
    missing_shows,
    touched_companies,
)
from etoile.solve.exchange.optimiser import SAFE_BOUND, optimise
from etoile.solve.exchange.rules import ExchangeRules
from etoile.solve.exchange.runs import RunIndex
from tests.solve.exchange.exchange_fixtures import (
    AS_OF,
    build,
    castable_season,
    full_plan,
    small_season,
)

RULES = ExchangeRules(as_of=AS_OF, stars_per_company=3, max_runs_per_stay=2)


def no_violations(season: Season, plan: CastingPlan) -> Sequence[Any]:
    return []


def away(season: Season, dancer_id: str) -> bool:
    return any(a.dancer_id == dancer_id for a in season.exchanges)


# --- the real casting engine -------------------------------------------------------------


def test_real_engine_proves_every_returned_proposal() -> None:
    season = castable_season()
    doc = propose_exchanges(season, max_stars=1, top=2, time_limit=40, rules=RULES)
    proved = [p for p in doc.proposals if p.verified]
    assert proved, doc.explanation
    for p in doc.proposals:
        if p.verified:
            assert p.violations == 0 and p.casting_status.split(",")[0] in {"FEASIBLE", "OPTIMAL"}
        else:  # only a proposal the budget could not reach may be listed unproved
            assert p.violations is None and p.casting_status.startswith("not proved")
    assert [p.verified for p in doc.proposals] == sorted(
        (p.verified for p in doc.proposals), reverse=True
    ), "proved proposals come first"
    assert any(line.startswith("castability: ") for line in doc.explanation)
    # the proof is reproducible: cast the season with the best proposal again and validate it
    applied = apply_proposal(season, proved[0])
    plan = cast_season(applied, time_limit=10, gap_limit=100.0)
    assert check_plan(applied, plan) == []
    assert not missing_shows(plan, RunIndex(season, doc.company_ids))


def test_a_season_that_cannot_be_cast_leaves_proposals_unproved() -> None:
    doc = propose_exchanges(small_season(1), top=2, time_limit=20, rules=RULES)
    assert doc.proposals
    for p in doc.proposals:
        assert not p.verified and p.violations is None
        assert "cannot be cast without the exchange" in p.casting_status
    assert any("cannot be cast without the exchange" in line for line in doc.explanation)


# --- the proof's bookkeeping with stub engines -------------------------------------------


def test_each_distinct_season_is_cast_once_and_only_the_companies_it_changes() -> None:
    season = small_season(2, companies=3)
    rules = ExchangeRules(as_of=AS_OF, stars_per_company=2, max_runs_per_stay=1)
    doc = propose_exchanges(season, max_stars=1, top=1, time_limit=10, rules=rules, prove=False)
    ids = doc.company_ids
    best = doc.proposals[0]
    proposal = best.model_copy(update={"moves": best.moves[:1]})  # one move: two companies
    touched = touched_companies(proposal, ids)
    assert len(touched) == 2 < len(ids)
    calls: list[list[str]] = []

    def cast(s: Season, companies: list[str], limit: float) -> CastingPlan:
        calls.append(list(companies))
        return full_plan(s, companies)

    index = RunIndex(season, ids)
    prover = Prover(season, index, cast, no_violations,
                    deadline=time.perf_counter() + 30)  # fmt: skip
    assert prover.prepare(3) and calls == [ids]
    first = prover.prove(proposal, 2, "proposal 1")
    again = prover.prove(proposal.model_copy(update={"rank": 2}), 1, "proposal 2")
    assert calls == [ids, touched], "the season with the exchange cast once, touched companies"
    assert first.verified and again.verified and again.rank == 2
    assert first.effects == proposal.effects, "expected effects stay (proof plans are not optimal)"
    assert any(n.startswith("castability proof plan") for n in again.notes)


def test_merged_plan_keeps_the_untouched_companies_and_completeness_is_checked() -> None:
    season = small_season(2, companies=3)
    ids = [c.id for c in season.companies]
    index = RunIndex(season, ids)
    base = full_plan(season, ids)
    cast = full_plan(season, ids[:2], status="OPTIMAL")
    merged = merge_plans(base, cast, ids[:2])
    assert merged.solve.status == "OPTIMAL"
    assert {r.company_id for r in merged.runs} == set(ids)
    assert missing_shows(merged, index) == []
    partial = merged.model_copy(update={"performances": merged.performances[1:]})
    gone = merged.performances[0].performance_id
    assert missing_shows(partial, index) == [
        f"plan_complete: {gone} of {merged.performances[0].production_id} is not cast"
    ]


def test_the_search_learns_from_an_uncastable_departure_and_reoptimises() -> None:
    season = small_season(2)
    free = propose_exchanges(season, top=1, time_limit=5, rules=RULES, prove=False)
    banned = free.proposals[0].moves[0].dancer_id
    home = season.dancer(banned).company_id

    def cast(s: Season, companies: list[str], limit: float) -> CastingPlan:
        if away(s, banned) and home in companies:
            raise InfeasibleError("the season cannot be cast", [f"{banned} is needed at home"])
        return full_plan(s, companies)

    doc = propose_exchanges(season, top=2, time_limit=20, rules=RULES, engine=(cast, no_violations))
    assert doc.proposals
    for p in doc.proposals:
        assert p.verified and p.violations == 0
        assert banned not in {m.dancer_id for m in p.moves}
    assert any(line.startswith(f"dropped ({banned}") or banned in line for line in doc.explanation)
    assert any(line.startswith(f"learnt: {banned}") for line in doc.explanation)


def test_a_plan_that_breaks_a_rule_drops_the_proposal() -> None:
    season = small_season(2)
    free = propose_exchanges(season, top=1, time_limit=5, rules=RULES, prove=False)
    bad = {m.dancer_id for m in free.proposals[0].moves}

    def cast(s: Season, companies: list[str], limit: float) -> CastingPlan:
        return full_plan(s, companies)

    def check(s: Season, plan: CastingPlan) -> Sequence[Any]:
        moving = {a.dancer_id for a in s.exchanges}
        return ["available: a broken rule"] if moving == bad else []

    doc = propose_exchanges(season, top=2, time_limit=20, rules=RULES, engine=(cast, check))
    assert all({m.dancer_id for m in p.moves} != bad for p in doc.proposals)
    assert all(p.verified and p.violations == 0 for p in doc.proposals)
    assert any(line.startswith("dropped") and "1 violation" in line for line in doc.explanation)


def test_timeouts_are_retried_longer_then_reported_as_not_proved() -> None:
    season = small_season(2)
    limits: list[float] = []

    def cast(s: Season, companies: list[str], limit: float) -> CastingPlan:
        if s.exchanges:
            limits.append(limit)
            raise CastingTimeout(f"no casting found within {limit:g} s")
        return full_plan(s, companies)

    doc = propose_exchanges(season, top=2, time_limit=8, rules=RULES, engine=(cast, no_violations))
    assert doc.proposals, "unproved proposals are still listed"
    for p in doc.proposals:
        assert not p.verified and p.violations is None
        assert p.casting_status.startswith("not proved")
    assert limits and limits[1] == pytest.approx(2 * limits[0]), "a timeout is retried longer"
    assert any("not proved" in line for line in doc.explanation)


def test_the_budget_is_shared_and_respected() -> None:
    season = small_season(2)
    walls: list[float] = []

    def cast(s: Season, companies: list[str], limit: float) -> CastingPlan:
        walls.append(limit)
        time.sleep(min(limit, 0.4))  # a slow engine that uses its whole limit (up to 0.4 s)
        return full_plan(s, companies)

    started = time.perf_counter()
    doc = propose_exchanges(season, top=3, time_limit=6, rules=RULES, engine=(cast, no_violations))
    assert time.perf_counter() - started < 6 + 2
    assert all(limit <= 6 for limit in walls)
    assert doc.proposals and doc.proposals[0].verified


# --- values the optimiser cannot use -----------------------------------------------------


class ScaledBoxOffice:
    """The proxy with every expected revenue transformed: what a broken forecaster gives."""

    name = "broken test forecaster"

    def __init__(self, season: Season, revenue: float) -> None:
        self.inner = StarDrawBoxOffice(season)
        self.revenue = revenue

    def expected(self, performance_id: str, star_power: float) -> Expectation:
        e = self.inner.expected(performance_id, star_power)
        scaled = e.revenue * self.revenue * (1 + star_power) ** 90
        return Expectation(e.demand, e.tickets, scaled, e.capacity)


@pytest.mark.parametrize(("factor", "message"), [(1e30, "implausible"), (math.nan, "not a")])
def test_absurd_or_non_finite_values_are_input_errors_naming_the_model(
    factor: float, message: str
) -> None:
    season = small_season(2)
    box = ScaledBoxOffice(season, factor)
    with pytest.raises(InputError, match=message) as caught:
        propose_exchanges(season, top=1, time_limit=5, rules=RULES, prove=False, box=box)
    assert "broken test forecaster" in str(caught.value)


def test_the_optimiser_refuses_gains_it_cannot_represent() -> None:
    problem = build(small_season(2)).problem
    huge = tuple({c: SAFE_BOUND for c in g} for g in problem.gains)
    with pytest.raises(InputError, match="beyond what the optimiser can represent"):
        optimise(dataclasses.replace(problem, gains=huge), "fair", 1, time_limit=5)
    fractional = tuple({c: g + 0.5 for c, g in gains.items()} for gains in problem.gains)
    with pytest.raises(InputError, match="whole amounts"):
        # fractional gains on purpose: the optimiser must refuse them
        optimise(dataclasses.replace(problem, gains=fractional), "fair", 1, time_limit=5)  # type: ignore[arg-type]
