"""Solve a casting model with a time limit, reporting objective and bound as they improve."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from etoile.solve.casting.assignment import Assignment
from etoile.solve.casting.blocks import split_blocks
from etoile.solve.casting.demand import DemandHook
from etoile.solve.casting.eligibility import CastingInput, learning_cost
from etoile.solve.casting.greedy import greedy
from etoile.solve.casting.model import CastingModel, build_model
from etoile.solve.casting.rules import SCALE

Progress = Callable[[float | None, float, float], None]
"""Called with (objective or None, bound, wall seconds), in penalty units."""


@dataclass
class SolveResult:
    """What the solver found: status, the assignment, objective and proven bound (units)."""

    status: str
    assignment: Assignment | None
    objective: float | None
    bound: float | None
    wall_s: float
    variables: int
    penalties: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        """Relative gap proven by the solver: (objective − bound) / max(1, |objective|)."""
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, self.objective - self.bound) / max(1.0, abs(self.objective))


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Forwards each improving solution to the progress callback."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self._progress = progress
        self.objective: float | None = None

    def on_solution_callback(self) -> None:
        self.objective = self.objective_value / SCALE
        self._progress(self.objective, self.best_objective_bound / SCALE, self.wall_time)


def solve(
    m: CastingModel,
    time_limit: float,
    *,
    workers: int = 2,
    gap_limit: float = 0.0,
    progress: Progress | None = None,
    seed: int = 0,
) -> SolveResult:
    """Run CP-SAT; ``gap_limit`` stops once the relative gap is proven below it."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    # Presolve rewrites the cast/limit rows into clauses and the LP relaxation loses them: with
    # it the proven bound stalls far below the optimum; without, the same model closes its gap.
    solver.parameters.cp_model_presolve = False
    if gap_limit > 0:
        solver.parameters.relative_gap_limit = gap_limit
    reporter = None
    if progress is not None:
        reporter = _Reporter(progress)
        report = progress

        started = time.perf_counter()

        def on_bound(bound: float) -> None:
            elapsed = time.perf_counter() - started
            report(reporter.objective if reporter else None, bound / SCALE, elapsed)

        solver.best_bound_callback = on_bound
    status = solver.solve(m.model, reporter)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolveResult(name, None, None, None, solver.wall_time, m.variables)
    penalties = {
        name_: (
            sum(c * solver.value(v) for c, v in m.penalty_terms.get(name_, []))
            + m.penalty_constant.get(name_, 0)
        )
        / SCALE
        for name_ in sorted(set(m.penalty_terms) | set(m.penalty_constant))
    }
    return SolveResult(
        status=name,
        assignment=m.extract(solver.value),
        objective=solver.objective_value / SCALE,
        bound=solver.best_objective_bound / SCALE,
        wall_s=solver.wall_time,
        variables=m.variables,
        penalties=penalties,
    )


def solve_season(
    inp: CastingInput,
    demand: DemandHook,
    time_limit: float,
    *,
    workers: int = 2,
    gap_limit: float = 0.0,
    progress: Progress | None = None,
    seed: int = 0,
) -> SolveResult:
    """Solve block by block (see ``blocks``), sharing the time; bounds and objectives add up."""
    started = time.perf_counter()
    inp.learnt_before.clear()
    blocks = split_blocks(inp)
    sizes = [len(b.shows) for b in blocks]
    found = Assignment()
    objective = bound = 0.0
    variables = 0
    penalties: dict[str, float] = {}
    statuses: list[str] = []
    for index, block in enumerate(blocks):
        hint, _complete = greedy(block)
        m = build_model(block, demand)
        m.hint(hint)
        left = time_limit - (time.perf_counter() - started)
        share = max(0.5, left * sizes[index] / sum(sizes[index:]))
        done_obj, done_bound = objective, bound

        def report(
            obj: float | None,
            bnd: float,
            _wall: float,
            done_obj: float = done_obj,
            done_bound: float = done_bound,
        ) -> None:
            if progress is not None:
                total = None if obj is None else done_obj + obj
                progress(total, done_bound + bnd, time.perf_counter() - started)

        result = solve(m, share, workers=workers, gap_limit=gap_limit, progress=report, seed=seed)
        variables += result.variables
        statuses.append(result.status)
        if result.assignment is None or result.objective is None or result.bound is None:
            return SolveResult(
                result.status, None, None, None, time.perf_counter() - started, variables
            )
        _spend_learning(inp, block, result.assignment)
        objective += result.objective
        bound += result.bound
        found.casts.update(result.assignment.casts)
        found.covers.update(result.assignment.covers)
        for name, value in result.penalties.items():
            penalties[name] = penalties.get(name, 0.0) + value
    proven = all(s == "OPTIMAL" for s in statuses) and objective - bound < 1e-6
    status = "OPTIMAL" if proven else "FEASIBLE"
    wall = time.perf_counter() - started
    return SolveResult(status, found, objective, bound, wall, variables, penalties)


def _spend_learning(inp: CastingInput, block: CastingInput, assignment: Assignment) -> None:
    """Carry the learning hours a solved block asks of each dancer into the next blocks."""
    learnt: set[tuple[str, str]] = set()
    for (production_id, _group, role_id), dancer_ids in assignment.casts.items():
        company_id = block.opening(production_id).company_id
        role = inp.season.role(role_id)
        for dancer_id in dancer_ids:
            if (dancer_id, role_id) in learnt:
                continue
            learnt.add((dancer_id, role_id))
            cost = learning_cost(inp, inp.season.dancer(dancer_id), role, company_id)
            if cost > 0:
                inp.learnt_before[dancer_id] = inp.learnt_before.get(dancer_id, 0.0) + cost
