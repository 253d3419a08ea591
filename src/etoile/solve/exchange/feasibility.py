"""Prove a proposal castable: apply it to a copy of the season, cast, validate, record.

The casting engine and its validator are passed in (``ops`` wires them), so this engine never
imports another engine's use case and stays testable with a stub. Applying a proposal adds one
``ExchangeAgreement`` per move to a fresh ``Season`` (lookups are cached per instance) and
teaches the visitor the host roles they do not know yet (status "learning").

``Prover`` shares one time budget over every cast a request needs: the season without the
exchange first (the "without" side of the effects), then each proposal in rank order, then the
baseline. Each distinct season is cast once (a cache keyed by its agreements), only the
companies a proposal touches are cast (the others keep the plan without the exchange), and each
cast gets the budget left divided by the casts still wanted, less the overhead measured on the
casts so far. A FEASIBLE plan with no violation proves castability; optimality is not needed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from etoile.errors import EtoileError
from etoile.model import RoleStatus, Season
from etoile.model.exchange_proposal import ExchangeProposal
from etoile.model.plan import CastingPlan
from etoile.solve.exchange.runs import RunIndex

Caster = Callable[[Season, list[str], float], CastingPlan]
"""Cast the given companies of a season within a time limit (seconds). Raises
``CastingTimeout`` when no plan was found in time and ``EtoileError`` when it cannot cast."""

Checker = Callable[[Season, CastingPlan], Sequence[Any]]
"""The casting validator: named violations of a plan (empty when the plan is valid)."""

MIN_CAST_LIMIT = 1.0
"""Shortest casting time limit worth trying (s): below it the engine rarely finds a plan."""

MAX_CAST_LIMIT = 30.0
"""Longest casting time limit one proof gets (s): castability needs a plan, not the optimum."""


class CastingTimeout(EtoileError):
    """The casting engine found no plan within its time limit (castability unknown)."""


def apply_proposal(season: Season, proposal: ExchangeProposal) -> Season:
    """A new season with the proposal's exchange agreements and the roles visitors must learn."""
    data = season.model_dump(mode="python")
    learn: dict[str, set[str]] = defaultdict(set)
    for k, move in enumerate(proposal.moves, start=1):
        data["exchanges"].append(
            {
                "id": f"xp{proposal.rank}-{k}-{move.dancer_id}",
                "dancer_id": move.dancer_id,
                "host_company_id": move.to_company_id,
                "start": move.start,
                "end": move.end,
                "role_ids": sorted({s.role_id for s in move.stints}),
                "performance_ids": [p for s in move.stints for p in s.run_performance_ids],
                "home_cover_ids": sorted({d for c in move.home_covers for d in c.dancer_ids}),
            }
        )
        dancer = season.dancer(move.dancer_id)
        learn[dancer.id] |= {s.role_id for s in move.stints if dancer.knows(s.role_id) is None}
    for d in data["dancers"]:
        for role_id in sorted(learn.get(d["id"], ())):
            d["roles"].append({"role_id": role_id, "status": RoleStatus.LEARNING})
    return Season.model_validate(data)


def _cover_depth(plan: CastingPlan, index: RunIndex, company_id: str) -> int | None:
    depths = [
        len(plan.covers_of(run.production_id, role.id))
        for run in index.runs_of(company_id)
        if run.production_id in {r.production_id for r in plan.runs}
        for role in index.lead_roles(run)
    ]
    return min(depths, default=None)


def season_key(proposal: ExchangeProposal) -> tuple[tuple[Any, ...], ...]:
    """What makes the season with a proposal distinct: its agreements (who, where, when, what)."""
    return tuple(
        sorted(
            (
                m.dancer_id,
                m.to_company_id,
                m.start,
                m.end,
                tuple(sorted({s.role_id for s in m.stints})),
                tuple(p for s in m.stints for p in s.run_performance_ids),
            )
            for m in proposal.moves
        )
    )


def touched_companies(proposal: ExchangeProposal, company_ids: Sequence[str]) -> list[str]:
    """The companies whose season the proposal changes (a star leaves or arrives), in order."""
    touched = {m.from_company_id for m in proposal.moves} | {
        m.to_company_id for m in proposal.moves
    }
    return [c for c in company_ids if c in touched]


def merge_plans(base: CastingPlan, cast: CastingPlan, cast_ids: Sequence[str]) -> CastingPlan:
    """The plan of every company: ``cast``'s runs for ``cast_ids``, ``base``'s for the others."""
    keep = [r for r in base.runs if r.company_id not in cast_ids]
    kept = {r.production_id for r in keep}
    return cast.model_copy(
        update={
            "company_ids": list(dict.fromkeys([*base.company_ids, *cast.company_ids])),
            "runs": [*keep, *cast.runs],
            "performances": [
                *(p for p in base.performances if p.production_id in kept),
                *cast.performances,
            ],
        }
    )


def missing_shows(plan: CastingPlan, index: RunIndex) -> list[str]:
    """Planned performances the plan leaves uncast (the validator only checks what is cast)."""
    planned = {p.performance_id for p in plan.performances}
    return [
        f"plan_complete: {show} of {run.production_id} is not cast"
        for company_id in index.company_ids
        for run in index.runs_of(company_id)
        for show in run.show_ids
        if show not in planned
    ]


def verify(
    proposal: ExchangeProposal,
    index: RunIndex,
    plan: CastingPlan,
    problems: Sequence[str],
) -> ExchangeProposal:
    """Record a proof on the proposal: the validator's findings on ``plan``, the plan of the
    season with the exchange (``problems`` empty: castable), and what that plan shows.

    The effects stay the expected values at typical casts: a proof plan is the engine's first
    feasible plan, not optimised for the audience, so revenue compared between two such plans
    would measure where the solver started, not what the exchange does."""
    shown = []
    for move in proposal.moves:
        danced = {p for p, _ in plan.performances_of(move.dancer_id)}
        shows = [p for s in move.stints for p in s.run_performance_ids]
        shown.append(f"{move.dancer_id} in {sum(p in danced for p in shows)}/{len(shows)}")
    depths = [d for c in index.company_ids if (d := _cover_depth(plan, index, c)) is not None]
    depth = f"; lowest cover depth {min(depths)}" if depths else ""
    info = plan.solve
    gap = f", gap {100 * info.gap:.0f} %" if info.gap is not None else ""
    limit = f", {info.time_limit_s:.3g} s limit" if info.time_limit_s is not None else ""
    note = (
        f"castability proof plan ({info.status}{gap}: first feasible, not optimised): visitors "
        f"cast in {', '.join(shown)} host shows{depth}"
    )
    return proposal.model_copy(
        update={
            "verified": not problems,
            "casting_status": f"{info.status}{gap}{limit}",
            "violations": len(problems),
            "violation_details": list(problems[:20]),
            "notes": [*proposal.notes, note],
        }
    )


@dataclass
class CastRecord:
    """One cast the prover made: what it cast, how long it took and how it ended."""

    label: str
    company_ids: list[str]
    time_limit: float
    wall_s: float
    status: str


@dataclass
class Prover:
    """Casts and validates seasons with proposals applied, within one shared time budget."""

    season: Season
    index: RunIndex
    cast: Caster
    check: Checker
    deadline: float
    clock: Callable[[], float] = time.perf_counter
    base_plan: CastingPlan | None = None
    base_error: str = ""
    casts: list[CastRecord] = field(default_factory=list)
    _cache: dict[tuple[tuple[Any, ...], ...], ExchangeProposal | str] = field(default_factory=dict)
    _overhead: float | None = None

    def left(self) -> float:
        """Seconds of the budget left."""
        return self.deadline - self.clock()

    def _limit(self, casts_left: int) -> float | None:
        """The casting time limit for the next cast, or None when the budget cannot afford it.

        Proof casts stop at their first feasible plan, so the limit is a cap rarely reached: the
        budget left shared over the casts still wanted, less the model-building overhead
        measured so far, within ``MIN_CAST_LIMIT``…``MAX_CAST_LIMIT``."""
        overhead = self._overhead or 0.0
        share = self.left() / max(1, casts_left)
        if self.left() - overhead < MIN_CAST_LIMIT:
            return None
        return min(MAX_CAST_LIMIT, max(MIN_CAST_LIMIT, share - overhead))

    def _run(self, label: str, season: Season, company_ids: list[str], limit: float) -> CastingPlan:
        started = self.clock()
        status = "error"
        try:
            plan = self.cast(season, company_ids, limit)
            status = plan.solve.status
            return plan
        except CastingTimeout:
            status = "timeout"
            raise
        finally:
            wall = self.clock() - started
            self.casts.append(CastRecord(label, list(company_ids), round(limit, 2), wall, status))
            if status != "error":  # a quick refusal says nothing about the model-building time
                self._overhead = max(0.0, wall - limit)

    def _cast_in_budget(
        self, label: str, season: Season, company_ids: list[str], casts_left: int
    ) -> CastingPlan | str:
        """A plan, or why there is none ("not proved: …" when only time was missing)."""
        limit = self._limit(casts_left)
        while True:
            if limit is None:
                return "not proved: the time budget is spent"
            try:
                return self._run(label, season, company_ids, limit)
            except CastingTimeout:
                longer = 2 * limit
                if self.left() - (self._overhead or 0.0) < longer:
                    return f"not proved: no casting found in {limit:g} s"
                limit = min(longer, MAX_CAST_LIMIT * 2)
            except EtoileError as exc:
                return f"infeasible: {exc}"

    def prepare(self, casts_left: int) -> bool:
        """Cast the season without the exchange (the effects' "without"); False if it fails."""
        result = self._cast_in_budget(
            "without exchange", self.season, self.index.company_ids, casts_left
        )
        if isinstance(result, str):
            self.base_error = result.replace(
                "infeasible: ", "the season cannot be cast without the exchange: ", 1
            )
            return False
        self.base_plan = result
        return True

    def prove(self, proposal: ExchangeProposal, casts_left: int, label: str) -> ExchangeProposal:
        """The proposal cast, validated and restated; unverified with the reason otherwise."""
        if self.base_plan is None:
            return _unproved(
                proposal, self.base_error or "not proved: no plan without the exchange"
            )
        key = season_key(proposal)
        if key not in self._cache:
            self._cache[key] = self._prove_new(proposal, casts_left, label)
        found = self._cache[key]
        if isinstance(found, str):
            return _unproved(proposal, found)
        fields = ("verified", "casting_status", "violations", "violation_details")
        update: dict[str, Any] = {f: getattr(found, f) for f in fields}
        update["notes"] = [*proposal.notes, *(n for n in found.notes if n not in proposal.notes)]
        return proposal.model_copy(update=update)

    def culprits(self, proposal: ExchangeProposal, casts_left: int) -> list[tuple[int, str]]:
        """Moves that make a company's season uncastable: (move index, "home" | "host").

        A departure is tried with the proposal's arrivals at the same home (a visitor may take
        over the star's roles) and only the home company is cast; an arrival is tried alone on
        the host. A casting timeout counts as innocent, so the answer may be empty. This guides
        the search only: every proposal returned is still proved as a whole."""
        found: list[tuple[int, str]] = []
        for k, move in enumerate(proposal.moves):
            arrivals = [m for m in proposal.moves if m.to_company_id == move.from_company_id]
            tests = (
                ("home", move.from_company_id, [move, *arrivals]),
                ("host", move.to_company_id, [move]),
            )
            for side, company_id, moves in tests:
                applied = apply_proposal(self.season, proposal.model_copy(update={"moves": moves}))
                label = f"{move.dancer_id} ({side})"
                result = self._cast_in_budget(label, applied, [company_id], casts_left)
                if isinstance(result, str) and result.startswith("infeasible"):
                    found.append((k, side))
                    break
        return found

    def _prove_new(
        self, proposal: ExchangeProposal, casts_left: int, label: str
    ) -> ExchangeProposal | str:
        assert self.base_plan is not None
        applied = apply_proposal(self.season, proposal)
        company_ids = touched_companies(proposal, self.index.company_ids)
        result = self._cast_in_budget(label, applied, company_ids, casts_left)
        if isinstance(result, str):
            return result
        plan = merge_plans(self.base_plan, result, company_ids)
        problems = [str(p) for p in self.check(applied, plan)] + missing_shows(plan, self.index)
        return verify(proposal, self.index, plan, problems)


def _unproved(proposal: ExchangeProposal, reason: str) -> ExchangeProposal:
    return proposal.model_copy(
        update={"verified": False, "violations": None, "casting_status": reason}
    )
