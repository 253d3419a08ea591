"""CP-SAT starts from the greedy week: the hint sets every variable of the model and is feasible.

An incomplete hint is only a suggestion that CP-SAT may fail to complete under a time limit; a
run then started from scratch and, at 8 s, once returned a Paris-scale week with 1 h 45 of
rehearsal missing that the greedy week had placed.
"""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from etoile.solve.rehearsals.week_greedy import greedy_week
from etoile.solve.rehearsals.week_model import build_model
from etoile.solve.rehearsals.week_solver import _hint
from tests.solve.rehearsals.week_fixtures import synthetic_problem


# 2 pianists for 4 studios: the count binds; 2 sites: the travel time between buildings
@pytest.mark.parametrize(("pianists", "sites"), [(0, 1), (2, 1), (0, 2)])
def test_the_greedy_hint_sets_every_variable_and_is_a_solution(pianists: int, sites: int) -> None:
    _, problem = synthetic_problem(3, pianists=pianists, sites=sites)
    placed = greedy_week(problem, best_fit=True)
    assert placed
    model, v = build_model(problem)
    _hint(model, v, problem, placed)
    hinted = set(model.proto.solution_hint.vars)
    unset = [x.name for i, x in enumerate(model.proto.variables) if i not in hinted]
    assert unset == []
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30
    assert solver.solve(model) == cp_model.OPTIMAL  # every variable fixed: the hint is feasible
    missing = [c.id for c in problem.calls if not solver.boolean_value(v.present[c.id])]
    assert missing == [c.id for c in problem.calls if c.id not in placed]
