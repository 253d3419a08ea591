"""The casting plan document: who dances what, in which cast, and who covers.

The casting engine writes it; the rehearsal and exchange engines, the validator and every
interface read it. It is one JSON document per solve (stored as a versioned plan), so it is
kept flat, explicit and stable: named casts and covers per run, and for every performance the
cast number used and the full resolved cast (corps included) with debuts and replacements.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, PositiveInt

from etoile.model.common import Contract, Id

PLAN_KIND: Literal["casting-plan"] = "casting-plan"
PLAN_VERSION: Literal["1"] = "1"


class RoleCast(Contract):
    """The dancers of one role (one for Odette, 24 for the swans), in billing order."""

    role_id: Id
    dancer_ids: list[Id] = Field(default_factory=list)


class NamedCast(Contract):
    """Cast number ``number`` of a run (1 = first cast): the lead and solo roles only."""

    number: PositiveInt
    roles: list[RoleCast] = Field(default_factory=list)

    def dancers(self, role_id: str) -> list[str]:
        """The dancers of a role in this cast (empty if the cast has no such role)."""
        return next((rc.dancer_ids for rc in self.roles if rc.role_id == role_id), [])


class RunPlan(Contract):
    """A production's run: its named casts and the covers (understudies) of each lead role."""

    production_id: Id
    company_id: Id
    casts: list[NamedCast] = Field(default_factory=list)
    covers: list[RoleCast] = Field(default_factory=list)

    def cast(self, number: int) -> NamedCast:
        """The named cast with this number (KeyError if the run has none)."""
        for cast in self.casts:
            if cast.number == number:
                return cast
        raise KeyError(number)


class Debut(Contract):
    """A dancer's first time in a role, marked on the performance where it happens."""

    role_id: Id
    dancer_id: Id


class Replacement(Contract):
    """A dancer who replaces another in a role at one performance (from a recast)."""

    role_id: Id
    dancer_id: Id
    replaces: Id
    reason: str = ""


class PerformancePlan(Contract):
    """One performance: the cast number used and the full resolved cast, corps included."""

    performance_id: Id
    production_id: Id
    cast_number: PositiveInt
    roles: list[RoleCast] = Field(default_factory=list)
    debuts: list[Debut] = Field(default_factory=list)
    replacements: list[Replacement] = Field(default_factory=list)

    def dancers(self, role_id: str) -> list[str]:
        """The dancers of a role at this performance."""
        return next((rc.dancer_ids for rc in self.roles if rc.role_id == role_id), [])

    def all_dancers(self) -> set[str]:
        """Every dancer on stage at this performance."""
        return {d for rc in self.roles for d in rc.dancer_ids}


class SolveInfo(Contract):
    """How the plan was made: engine, status, objective, proven bound, named penalties."""

    engine: str = Field(description="'cp-sat', 'greedy' (seniority-first) or 'recast'.")
    status: str = Field(description="OPTIMAL, FEASIBLE, or the greedy's COMPLETE/INCOMPLETE.")
    objective: float | None = None
    bound: float | None = None
    gap: float | None = Field(None, description="(objective - bound) / max(1, |objective|).")
    wall_s: float = 0.0
    variables: int = 0
    time_limit_s: float | None = None
    penalties: dict[str, float] = Field(
        default_factory=dict, description="Objective by named penalty (weighted)."
    )


class CastingPlan(Contract):
    """The casting plan of one or several companies for a season."""

    kind: Literal["casting-plan"] = PLAN_KIND
    version: Literal["1"] = PLAN_VERSION
    season_name: str = ""
    company_ids: list[Id] = Field(default_factory=list)
    runs: list[RunPlan] = Field(default_factory=list)
    performances: list[PerformancePlan] = Field(default_factory=list)
    solve: SolveInfo

    # --- lookups (a plan is not mutated once made; recast builds a new one) ------------------

    @cached_property
    def _run_by_production(self) -> dict[str, RunPlan]:
        return {r.production_id: r for r in self.runs}

    @cached_property
    def _performance_by_id(self) -> dict[str, PerformancePlan]:
        return {p.performance_id: p for p in self.performances}

    @cached_property
    def _performances_by_dancer(self) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        for perf in self.performances:
            for rc in perf.roles:
                for dancer_id in rc.dancer_ids:
                    found.setdefault(dancer_id, []).append((perf.performance_id, rc.role_id))
        return found

    def run(self, production_id: str) -> RunPlan:
        """The plan of a production's run (KeyError if not cast here)."""
        return self._run_by_production[production_id]

    def performance(self, performance_id: str) -> PerformancePlan:
        """The resolved cast of one performance (KeyError if not cast here)."""
        return self._performance_by_id[performance_id]

    def dancers_at(self, performance_id: str) -> dict[str, list[str]]:
        """Role id → dancers at one performance."""
        return {rc.role_id: list(rc.dancer_ids) for rc in self.performance(performance_id).roles}

    def performances_of(self, dancer_id: str) -> list[tuple[str, str]]:
        """(performance id, role id) pairs a dancer dances, in plan order."""
        return list(self._performances_by_dancer.get(dancer_id, []))

    def covers_of(self, production_id: str, role_id: str) -> list[str]:
        """The covers of a lead or solo role for a run."""
        run = self.run(production_id)
        return next((rc.dancer_ids for rc in run.covers if rc.role_id == role_id), [])

    def to_json(self) -> str:
        """The canonical JSON text of the plan."""
        return self.model_dump_json(indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> CastingPlan:
        """Parse a plan document (pydantic errors are left to the caller to present)."""
        return cls.model_validate_json(text)


def write_plan(plan: CastingPlan, path: Path) -> None:
    """Write a plan atomically (a temporary file renamed into place)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(plan.to_json(), encoding="utf-8")
    tmp.replace(path)


def read_plan(path: Path) -> CastingPlan:
    """Read a plan written by ``etoile cast -o``; a ``DocumentError`` names the file and every
    problem by its JSON path, as for season and schedule files."""
    from pydantic import ValidationError

    from etoile.model.document import problems_from_validation, read_text
    from etoile.model.problems import DocumentError

    try:
        return CastingPlan.from_json(read_text(path))
    except ValidationError as exc:
        raise DocumentError(str(path), problems_from_validation(exc)) from None
