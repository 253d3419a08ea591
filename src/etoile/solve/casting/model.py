"""The CP-SAT casting model: variables for eligible pairs only, then named constraint families.

Every role is cast per run in numbered casts whose performances are fixed by the rotation, so
"dancer d is on stage at performance p" is a linear sum of a few booleans and every rule stays
linear. Lead and solo roles form the published named casts (a dancer in one cast per role);
the corps is cast the same way, a dancer possibly in several casts of a corps role (the
alternates), and resolved per performance in the plan. Roles are filled by count, with no slot
variables, so identical corps places have no symmetry to break.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from etoile.model import Dancer, Role
from etoile.solve.casting.assignment import Assignment
from etoile.solve.casting.demand import DemandHook
from etoile.solve.casting.eligibility import (
    CastingInput,
    Show,
    knows,
    learning_budget,
    learning_cost,
    role_barrier,
    unavailable_reason,
)
from etoile.solve.casting.rules import SCALE, weight

Var = cp_model.IntVar
Term = tuple[Var, Role]


class CastingModel:
    """The model being built: variables by key, on-stage terms, named penalty terms."""

    def __init__(self, inp: CastingInput, demand: DemandHook, *, explain: bool = False) -> None:
        self.inp = inp
        self.demand = demand
        self.model = cp_model.CpModel()
        self.explain = explain
        self.family_literals: dict[str, Var] = {}
        self.cast: dict[tuple[str, int, str], dict[str, Var]] = {}
        self.cover: dict[tuple[str, str], dict[str, Var]] = {}
        self.learn: dict[tuple[str, str, str], Var] = {}
        self.terms: dict[tuple[str, str], list[Term]] = defaultdict(list)
        self.dance: dict[tuple[str, str], Any] = {}  # a Var or a sum of Vars
        self.penalty_terms: dict[str, list[tuple[int, Var]]] = defaultdict(list)
        self.penalty_constant: dict[str, int] = defaultdict(int)
        self.unavailable: dict[tuple[str, str], str | None] = {}
        self._budget: dict[tuple[str, str], float] = {}
        self._index: dict[str, int] = {}
        self._counts: dict[str, Var] = {}
        self.perfs_of_dancer: dict[str, list[str]] = defaultdict(list)
        self.dancers_at: dict[str, set[str]] = defaultdict(set)

    # --- helpers shared by constraint and penalty families ----------------------------------

    def add(self, family: str, constraint: Any) -> None:
        """Add one constraint of a named family (enforced by the family literal in explain mode)."""
        ct = self.model.add(constraint)
        if self.explain:
            if family not in self.family_literals:
                self.family_literals[family] = self.model.new_bool_var(f"rule:{family}")
            ct.only_enforce_if(self.family_literals[family])

    def penalize(self, name: str, coefficient: float, var: Var, rules_weight: float) -> None:
        """Add ``coefficient`` units of penalty ``name`` when ``var`` is 1 (or per unit)."""
        coef = round(coefficient * rules_weight * SCALE)
        if coef:
            self.penalty_terms[name].append((coef, var))

    def penalize_constant(self, name: str, amount: float, rules_weight: float) -> None:
        """A fixed part of a penalty (e.g. the 1 in ``1 - has_debut``)."""
        self.penalty_constant[name] += round(amount * rules_weight * SCALE)

    def weight(self, company_id: str, name: str) -> float:
        """A company's weight for a named penalty."""
        return weight(self.inp.rules(company_id), name)

    def free(self, dancer: Dancer, show: Show) -> bool:
        """Available that day for that company (cached)."""
        key = (dancer.id, show.id)
        if key not in self.unavailable:
            self.unavailable[key] = unavailable_reason(self.inp, dancer, show)
        return self.unavailable[key] is None

    def budget(self, dancer: Dancer, production_id: str) -> float:
        """Learning hours the dancer has before the run opens (cached)."""
        key = (dancer.id, production_id)
        if key not in self._budget:
            budget = learning_budget(self.inp, dancer, self.inp.opening(production_id))
            self._budget[key] = budget - self.inp.learnt_before.get(dancer.id, 0.0)
        return self._budget[key]

    def may_dance(self, dancer: Dancer, role: Role, shows: list[Show]) -> bool:
        """Eligible for the role at every one of ``shows`` and able to learn it in time."""
        if any(not self.free(dancer, s) for s in shows):
            return False
        if any(role_barrier(self.inp, dancer, role, s) for s in shows):
            return False
        cost = learning_cost(self.inp, dancer, role, shows[0].company_id)
        return cost <= self.budget(dancer, shows[0].production_id)

    def shows_count(self, dancer_id: str) -> Var:
        """An integer variable: how many performances the dancer dances (cached)."""
        if dancer_id not in self._counts:
            perf_ids = self.perfs_of_dancer.get(dancer_id, [])
            count = self.model.new_int_var(0, len(perf_ids), f"shows:{dancer_id}")
            self.model.add(count == sum(self.dance[(dancer_id, p)] for p in perf_ids))
            self._counts[dancer_id] = count
        return self._counts[dancer_id]

    @property
    def variables(self) -> int:
        """Number of variables in the model."""
        return len(self.model.proto.variables)

    # --- building ----------------------------------------------------------------------------

    def create_variables(self) -> None:
        """Booleans only for eligible (dancer, role) pairs: cast membership and covers."""
        inp = self.inp
        for production_id in inp.runs:
            for role in inp.roles(production_id):
                self._cast_variables(production_id, role)
        for dancer_id, perf_id in self.terms:
            self.perfs_of_dancer[dancer_id].append(perf_id)
            self.dancers_at[perf_id].add(dancer_id)

    def _cast_variables(self, production_id: str, role: Role) -> None:
        inp = self.inp
        for cast, shows in inp.groups(production_id, role):
            pool = self.cast.setdefault((production_id, cast, role.id), {})
            for d in inp.dancers:
                if self.may_dance(d, role, shows):
                    var = self.model.new_bool_var(f"cast:{production_id}:{cast}:{role.id}:{d.id}")
                    pool[d.id] = var
                    for show in shows:
                        self.terms[(d.id, show.id)].append((var, role))
        if not role.is_lead:
            return
        run_shows = [inp.shows[p] for p in inp.runs[production_id]]
        covers = self.cover.setdefault((production_id, role.id), {})
        for d in inp.dancers:
            if not knows(d, role.id) or not any(self.free(d, s) for s in run_shows):
                continue
            if any(role_barrier(inp, d, role, s) for s in run_shows if self.free(d, s)):
                continue
            covers[d.id] = self.model.new_bool_var(f"cover:{production_id}:{role.id}:{d.id}")

    def set_objective(self) -> None:
        """Minimise the sum of all named penalties."""
        terms = [c * v for name in self.penalty_terms for c, v in self.penalty_terms[name]]
        self.model.minimize(sum(terms) + sum(self.penalty_constant.values()))

    def hint(self, assignment: Assignment) -> None:
        """Warm start from a plan (the greedy's): hint every decision variable."""
        for (production_id, cast, role_id), pool in self.cast.items():
            chosen = set(assignment.casts.get((production_id, cast, role_id), []))
            for dancer_id, var in pool.items():
                self.model.add_hint(var, dancer_id in chosen)
        for (production_id, role_id), pool in self.cover.items():
            chosen = set(assignment.covers.get((production_id, role_id), []))
            for dancer_id, var in pool.items():
                self.model.add_hint(var, dancer_id in chosen)

    def extract(self, value: Callable[[Var], int]) -> Assignment:
        """The assignment a solution makes."""
        found = Assignment()
        for key, pool in self.cast.items():
            found.casts[key] = sorted((d for d, v in pool.items() if value(v)), key=self._order)
        for vkey, pool in self.cover.items():
            found.covers[vkey] = sorted((d for d, v in pool.items() if value(v)), key=self._order)
        return found

    def _order(self, dancer_id: str) -> int:
        if not self._index:
            self._index.update({d.id: i for i, d in enumerate(self.inp.dancers)})
        return self._index[dancer_id]


def build_model(inp: CastingInput, demand: DemandHook, *, explain: bool = False) -> CastingModel:
    """Create variables, add every hard rule and soft penalty, set the objective."""
    from etoile.solve.casting.constraints import HARD_CONSTRAINTS
    from etoile.solve.casting.penalties import SOFT_PENALTIES

    m = CastingModel(inp, demand, explain=explain)
    m.create_variables()
    for add_constraint in HARD_CONSTRAINTS:
        add_constraint(m)
    for add_penalty in SOFT_PENALTIES:
        add_penalty(m)
    m.set_objective()
    return m
