"""Choose moves: CP-SAT over move options (dancer × host × period), or exhaustive enumeration.

One boolean per option. Balance is flow conservation per company (``count``: as many stars sent
as received — any such flow among N companies decomposes into cycles A→B→C→A) or a value band;
shared roles and home role lines are ``Limit`` rows. ``fair`` maximises the smallest company's
gain, then the total (two solves); ``total`` the reverse; ``pareto`` sweeps an ε-constraint on
the other companies' smallest gain. Distinct proposals come from no-good cuts on the set of
(dancer, host) pairs, so the next proposal sends different people, not the same ones a week
later.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from etoile.errors import InputError
from etoile.solve.exchange.problem import Objective, Problem, Selection, score, violations

ENUMERATION_LIMIT = 200_000
"""Largest number of selections ``enumerate_best`` will try."""

SAFE_BOUND = 2**53
"""Largest total of absolute gains the integer model accepts: CP-SAT works in 64-bit integers,
and keeping sums below 2**53 leaves room for the total, the bounds and the float objective."""

BALANCE_SCALE = 10_000
"""Value balance compares ``BALANCE_SCALE × received`` with ``(BALANCE_SCALE ± tolerance) ×
given``, the tolerance in hundredths of a percent."""


@dataclass
class SolveStats:
    """Solver calls and their statuses, for the proposals document and the benchmark."""

    solves: int = 0
    optimal: int = 0
    wall_s: float = 0.0


def gain_bound(problem: Problem) -> int:
    """A bound on any company's gain; InputError when the gains are too large to optimise."""
    for i, gains in enumerate(problem.gains):
        for company, g in gains.items():
            if not isinstance(g, int):
                option = problem.options[i]
                raise InputError(
                    f"gain of {option.dancer_id} to {option.host_id} for {company} is {g!r}: "
                    "gains must be whole amounts (build_problem rounds them)"
                )
    bound = sum(abs(g) for gains in problem.gains for g in gains.values()) + 1
    if bound > SAFE_BOUND:
        raise InputError(
            f"the exchange gains add up to {bound:.3g}, beyond what the optimiser can represent "
            f"exactly ({SAFE_BOUND:.3g}): the box-office model's values are implausible"
        )
    return bound


def value_unit(values: Sequence[int], factor: int) -> int:
    """The unit that keeps ``factor × sum(values)`` inside the safe integer range (1 if it is)."""
    total = sum(abs(v) for v in values) * factor
    return max(1, -(-total // SAFE_BOUND))


class SelectionModel:
    """The CP-SAT model of one problem; cuts and bounds accumulate between solves."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        m = self.model = cp_model.CpModel()
        self.x = [m.new_bool_var(o.key) for o in problem.options]
        bound = self.bound = gain_bound(problem)
        self.gain = {}
        for c in problem.companies:
            var = m.new_int_var(-bound, bound, f"gain:{c}")
            m.add(
                var == sum(g[c] * x for g, x in zip(problem.gains, self.x, strict=True) if c in g)
            )
            if not problem.allow_loss:
                m.add(var >= 0)
            self.gain[c] = var
        self.min_gain = m.new_int_var(-bound, bound, "min_gain")
        m.add_min_equality(self.min_gain, list(self.gain.values()))
        self.total = sum(self.gain.values())
        m.add(sum(self.x) >= 1)
        self._per_dancer()
        self._balance()
        for limit in problem.limits:
            m.add(sum(self.x[i] for i in limit.members) <= limit.bound)
        self.stats = SolveStats()
        self._bounds: list[cp_model.IntVar] = []
        self._last: tuple[int, ...] = ()

    def _per_dancer(self) -> None:
        p, m = self.p, self.model
        self.pair: dict[tuple[str, str], list[cp_model.IntVar]] = {}
        for i, o in enumerate(p.options):
            self.pair.setdefault((o.dancer_id, o.host_id), []).append(self.x[i])
        for dancer in p.dancers():
            xs = [self.x[i] for i, o in enumerate(p.options) if o.dancer_id == dancer]
            if dancer in p.send:
                m.add(sum(xs) == 1)
            else:
                m.add(sum(xs) <= 1)
        if p.send - set(p.dancers()):
            m.add_bool_or([])  # a dancer who must go has no valid move: infeasible

    def _balance(self) -> None:
        p, m = self.p, self.model
        for c in p.companies:
            out = [i for i, o in enumerate(p.options) if o.home_id == c]
            inn = [i for i, o in enumerate(p.options) if o.host_id == c]
            m.add(sum(self.x[i] for i in out) <= p.max_stars)
            if p.balance == "count":
                m.add(sum(self.x[i] for i in out) == sum(self.x[i] for i in inn))
            elif p.balance == "value":
                tol = round(p.tolerance_pct * 100)
                unit = value_unit(p.values, BALANCE_SCALE + tol)
                given = sum((p.values[i] // unit) * self.x[i] for i in out)
                got = sum((p.values[i] // unit) * self.x[i] for i in inn)
                m.add(BALANCE_SCALE * got <= (BALANCE_SCALE + tol) * given)
                m.add(BALANCE_SCALE * got >= (BALANCE_SCALE - tol) * given)

    def cut(self, selection: Selection) -> None:
        """Forbid this set of (dancer, host) pairs from coming back."""
        pairs = selection.pairs(self.p)
        inside = [x for k, xs in self.pair.items() if k in pairs for x in xs]
        outside = [x for k, xs in self.pair.items() if k not in pairs for x in xs]
        self.model.add(sum(inside) - sum(outside) <= len(pairs) - 1)

    def _solve(
        self, objective: cp_model.LinearExprT, time_limit: float, workers: int,
        assume: list[cp_model.IntVar],
    ) -> int | None:  # fmt: skip
        self.model.maximize(objective)
        self.model.clear_assumptions()
        self.model.add_assumptions(assume)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.5, time_limit)
        solver.parameters.num_workers = max(1, min(workers, 2))
        solver.parameters.random_seed = 0
        status = solver.solve(self.model)
        self.model.clear_assumptions()
        self.stats.solves += 1
        self.stats.optimal += status == cp_model.OPTIMAL
        self.stats.wall_s += solver.wall_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        self._last = tuple(i for i, x in enumerate(self.x) if solver.value(x))
        return round(solver.objective_value)

    def at_least(self, expr: cp_model.LinearExprT, value: int) -> cp_model.IntVar:
        """A literal that, when assumed, enforces ``expr >= value`` (a removable bound)."""
        lit = self.model.new_bool_var(f"bound:{len(self._bounds)}")
        self.model.add(expr >= value).only_enforce_if(lit)
        self._bounds.append(lit)
        return lit

    def best(
        self, primary: cp_model.LinearExprT, secondary: cp_model.LinearExprT, time_limit: float,
        workers: int, assume: list[cp_model.IntVar] | None = None,
    ) -> Selection | None:  # fmt: skip
        """Lexicographic optimum: the best ``primary``, then the best ``secondary`` at that level."""
        assume = list(assume or [])
        value = self._solve(primary, time_limit / 2, workers, assume)
        if value is None:
            return None
        level = self.at_least(primary, value)
        if self._solve(secondary, time_limit / 2, workers, [*assume, level]) is None:
            return None
        return score(self.p, self._last)


def optimise(
    problem: Problem,
    objective: Objective,
    top: int,
    time_limit: float = 10.0,
    workers: int = 2,
    *,
    forbidden: Collection[int] = (),
    exclude: Sequence[Selection] = (),
) -> tuple[list[Selection], SolveStats]:
    """The ``top`` best distinct selections under the objective (pareto: the non-dominated set).

    ``forbidden`` options are never chosen and the (dancer, host) sets of ``exclude`` never come
    back: what the castability proofs learnt (``ops.exchange``)."""
    model = SelectionModel(problem)
    for i in sorted(forbidden):
        model.model.add(model.x[i] == 0)
    for old in exclude:
        model.cut(old)
    per_solve = time_limit / max(
        1, top * (len(problem.companies) + 1 if objective == "pareto" else 1)
    )
    found: list[Selection] = []
    if objective == "pareto":
        found = _pareto(model, top, per_solve, workers)
    else:
        first, second = (
            (model.min_gain, model.total) if objective == "fair" else (model.total, model.min_gain)
        )
        for _ in range(top):
            sel = model.best(first, second, per_solve, workers)
            if sel is None:
                break
            found.append(sel)
            model.cut(sel)
    return found, model.stats


def _pareto(model: SelectionModel, top: int, per_solve: float, workers: int) -> list[Selection]:
    """The fair optimum, then ε-constraint sweeps: for each company, its best gain while every
    other company gains at least ε, ε rising from the fair level (exact front for two companies
    near the fair point; for more, the non-dominated subset of what the sweeps find)."""
    p = model.p
    fair = model.best(model.min_gain, model.total, per_solve, workers)
    if fair is None:
        return []
    found = [fair]
    for head in p.companies:
        rest = [model.gain[c] for c in p.companies if c != head]
        if not rest:
            continue
        others = model.model.new_int_var(-model.bound, model.bound, f"others:{head}")
        model.model.add_min_equality(others, rest)
        eps = fair.min_gain
        for _ in range(top):
            lit = model.at_least(others, eps)
            sel = model.best(model.gain[head], others, per_solve, workers, [lit])
            if sel is None:
                break
            found.append(sel)
            eps = min(sel.gains[c] for c in p.companies if c != head) + 1
    front = non_dominated(found)
    return sorted(front, key=lambda s: (-s.min_gain, -s.total_gain))[:top]


def non_dominated(selections: Sequence[Selection]) -> list[Selection]:
    """Selections no other selection beats for every company (duplicates of gains dropped)."""
    out: list[Selection] = []
    seen: set[tuple[int, ...]] = set()
    for s in selections:
        vec = tuple(s.gains[c] for c in sorted(s.gains))
        dominated = any(
            all(o.gains[c] >= s.gains[c] for c in s.gains) and o.gains != s.gains
            for o in selections
        )
        if not dominated and vec not in seen:
            seen.add(vec)
            out.append(s)
    return out


def enumerate_best(problem: Problem, objective: Objective) -> Selection | None:
    """Exact optimum by trying every selection (small cases only: the oracle for the tests)."""
    choices = [
        [None, *[i for i, o in enumerate(problem.options) if o.dancer_id == d]]
        for d in problem.dancers()
    ]
    size = 1
    for c in choices:
        size *= len(c)
    if size > ENUMERATION_LIMIT:
        raise ValueError(f"{size} selections: too many to enumerate")
    best: tuple[tuple[int, int], Selection] | None = None
    for combo in itertools.product(*choices):
        chosen = [i for i in combo if i is not None]
        if violations(problem, chosen):
            continue
        sel = score(problem, chosen)
        key = (
            (sel.min_gain, sel.total_gain)
            if objective == "fair"
            else (sel.total_gain, sel.min_gain)
        )
        if best is None or key > best[0]:
            best = (key, sel)
    return best[1] if best else None
