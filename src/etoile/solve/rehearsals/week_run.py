"""The week pipeline: requirements → problem → pre-checks → greedy + CP-SAT → sequencing →
validation → explanations. Returns everything the benchmark and the interfaces report."""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from etoile.model import Season
from etoile.model.rulesets import WeekRules, week_rules_for
from etoile.model.schedule import RehearsalSchedule
from etoile.solve.rehearsals.explain import explain_shortfalls, precheck
from etoile.solve.rehearsals.history import RehearsalHistory
from etoile.solve.rehearsals.requirements import ProductionCasting, Requirement, derive_requirements
from etoile.solve.rehearsals.validate import Violation, validate_schedule, waiting_minutes
from etoile.solve.rehearsals.week_build import build_week
from etoile.solve.rehearsals.week_continuity import keep_groups_together
from etoile.solve.rehearsals.week_greedy import greedy_week
from etoile.solve.rehearsals.week_order import sequence_studio_days
from etoile.solve.rehearsals.week_pianists import assign_pianists
from etoile.solve.rehearsals.week_problem import WeekProblem, to_datetime
from etoile.solve.rehearsals.week_solver import Progress, solve_week, to_schedule


@dataclass(frozen=True)
class WeekResult:
    """A solved week with its checks: schedule, violations, reasons, baseline, timings."""

    schedule: RehearsalSchedule
    baseline: RehearsalSchedule
    problem: WeekProblem
    requirements: list[Requirement]
    violations: list[Violation]
    reasons: list[str]
    status: str
    wall_s: float

    @property
    def waiting_minutes(self) -> int:
        return waiting_minutes(self.schedule)


def shows_of(problem: WeekProblem) -> dict[str, list[datetime]]:
    """Dancer → curtain times of the evenings they dance this week."""
    found: dict[str, list[datetime]] = defaultdict(list)
    for (dancer, _day), minute in problem.performing.items():
        found[dancer].append(to_datetime(problem.week_start, minute, problem.zone))
    return dict(found)


def dues_of(requirements: Sequence[Requirement]) -> dict[str, tuple[str, int]]:
    """Requirement id → (label, minutes due), as the validator reads them."""
    return {r.id: (r.label, r.due_minutes) for r in requirements}


def validate_week(
    season: Season, problem: WeekProblem, schedule: RehearsalSchedule
) -> list[Violation]:
    """The independent validator with this week's show evenings and dues."""
    return validate_schedule(
        season,
        schedule,
        shows_of(problem),
        dues_of(problem.requirements)
        | {c.id: (c.label, c.minutes) for c in problem.calls if c.venue_id is not None},
        problem.rules.show_call_before_curtain_minutes,
        {r.id: r.dancer_ids for r in problem.requirements},
        problem.rules.minutes_between_locations,
    )


def settled(status: str, schedule: RehearsalSchedule) -> str:
    """``OPTIMAL`` for a week with nothing left to pay for (every hour placed, nobody absent
    from a call, nobody waiting), which the objective cannot go below, even when the studio-day
    sequencing after the solve, not the solver, got it there; else ``status``."""
    if status == "FEASIBLE" and not schedule.shortfalls and waiting_minutes(schedule) == 0:
        return "OPTIMAL"
    return status


def run_week(
    season: Season,
    castings: Sequence[ProductionCasting],
    week_start: date,
    company_id: str,
    rules: WeekRules | None = None,
    assigned: Mapping[str, Sequence[str]] | None = None,
    time_limit: float = 30.0,
    seed: int = 0,
    progress: Progress | None = None,
    history: RehearsalHistory | None = None,
) -> WeekResult:
    """Schedule one company's week and check it; ``history``: what earlier weeks delivered."""
    t0 = clock.perf_counter()
    rules = rules or week_rules_for(season.company(company_id))
    requirements = derive_requirements(season, castings, week_start, rules, history)
    problem = build_week(season, company_id, week_start, requirements, castings, rules, assigned)
    reasons = precheck(problem)
    baseline = to_schedule(problem, greedy_week(problem))
    finishing = min(2.0, 0.1 * time_limit)  # sequencing, validation, explanations
    remaining = max(1.0, time_limit - finishing - (clock.perf_counter() - t0))
    solution = solve_week(problem, remaining, seed=seed, progress=progress)
    schedule = to_schedule(problem, solution.placements)
    shows = shows_of(problem)
    schedule = sequence_studio_days(season, schedule, shows, rules.show_call_before_curtain_minutes)
    schedule = keep_groups_together(season, schedule, shows, rules.show_call_before_curtain_minutes)
    schedule = assign_pianists(season, schedule)  # again: studios moved, each keeps its pianist
    explained = explain_shortfalls(problem, schedule)
    shortfalls = [
        s.model_copy(update={"reason": why})
        for s, why in zip(schedule.shortfalls, explained, strict=True)
    ]
    schedule = schedule.model_copy(update={"shortfalls": shortfalls})
    violations = validate_week(season, problem, schedule)
    reasons = list(dict.fromkeys(reasons + explained))
    return WeekResult(
        schedule=schedule,
        baseline=baseline,
        problem=problem,
        requirements=problem.requirements,
        violations=violations,
        reasons=reasons,
        status=settled(solution.status, schedule),
        wall_s=clock.perf_counter() - t0,
    )
