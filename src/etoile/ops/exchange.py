"""Star exchanges: ranked proposals, the director's baseline, explanations and agreements.

The one use case every interface calls. It wires the exchange engine to the casting engine
(castability proof and validator) and to the box-office model (the forecaster when it is
available, else the documented star-draw proxy), both behind small interfaces.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from etoile.errors import EtoileError, InfeasibleError, InputError
from etoile.model import Season
from etoile.model.exchange_proposal import ExchangeProposal, ExchangeProposals
from etoile.model.plan import CastingPlan
from etoile.solve.exchange import agreement as agreement_doc
from etoile.solve.exchange.boxoffice import BoxOffice, StarDrawBoxOffice
from etoile.solve.exchange.candidates import MoveOption, build_candidates
from etoile.solve.exchange.explain import explain as explain_best
from etoile.solve.exchange.feasibility import (
    Caster,
    CastingTimeout,
    Checker,
    Prover,
    season_key,
)
from etoile.solve.exchange.optimiser import optimise
from etoile.solve.exchange.problem import (
    Balance,
    Objective,
    Problem,
    Selection,
    build_problem,
    check_values,
    score,
)
from etoile.solve.exchange.report import OBJECTIVE_NOTES, proposal_of
from etoile.solve.exchange.rules import ExchangeRules
from etoile.solve.exchange.runs import RunIndex
from etoile.solve.exchange.value import Valuer

Progress = Callable[[str, float], None]
"""Called with (stage, fraction done)."""

SELECTION_SHARE = 0.2
"""Most of the time limit the selection may use (it needs a few seconds at demo scale); the rest
of the budget goes to the castability proofs (see ``feasibility.Prover``)."""


def box_office(season: Season) -> BoxOffice:
    """The box-office model: the forecaster's when it is available, else the star-draw proxy."""
    try:  # the forecaster (issue 6) plugs in here once it exposes a BoxOffice-shaped model
        forecasting = import_module("etoile.ops.forecasting")
    except ImportError:
        return StarDrawBoxOffice(season)
    factory = getattr(forecasting, "exchange_box_office", None)
    if factory is None:
        return StarDrawBoxOffice(season)
    try:
        model: BoxOffice = factory(season)
    except EtoileError as exc:  # e.g. no sales history to fit on: the proxy has a fallback
        proxy = StarDrawBoxOffice(season)
        reason = str(exc).splitlines()[0]
        proxy.name = f"{StarDrawBoxOffice.name}; the forecaster could not be fitted: {reason}"
        return proxy
    except (ArithmeticError, ValueError) as exc:
        raise InputError(
            f"box-office forecaster: fitting on the season's sales failed: {exc}"
        ) from exc
    return model


PROOF_GAP_LIMIT = 100.0
"""Relative gap at which a proof cast stops: 100 stops every block at its first feasible plan.
A plan with no violation proves castability; its optimality is not needed."""


def casting_engine(gap_limit: float = PROOF_GAP_LIMIT) -> tuple[Caster, Checker] | None:
    """The casting engine and its validator, or None while they are not installed."""
    try:
        casting = import_module("etoile.ops.casting")
        cast_season, check_plan = casting.cast_season, casting.check_plan
        proxy = import_module("etoile.solve.casting.demand").StarDrawDemand
    except (ImportError, AttributeError):
        return None

    def cast(season: Season, company_ids: list[str], time_limit: float) -> CastingPlan:
        try:  # the star-draw demand: the audience objective is moot for a feasibility proof,
            # and the forecaster's hook costs more to build than the whole proof cast
            plan: CastingPlan = cast_season(
                season, company_ids, time_limit=time_limit, gap_limit=gap_limit,
                demand=proxy(season),
            )  # fmt: skip
        except InfeasibleError as exc:
            if str(exc).startswith("no casting found within"):  # out of time, not infeasible
                raise CastingTimeout(str(exc)) from exc
            raise
        return plan

    def check(season: Season, plan: CastingPlan) -> Sequence[Any]:
        found: Sequence[Any] = check_plan(season, plan)
        return found

    return cast, check


def _check_inputs(
    season: Season, companies: list[str], keep: set[str], send: set[str], rules: ExchangeRules
) -> None:
    known = {c.id for c in season.companies}
    unknown = [c for c in companies if c not in known]
    if unknown:
        raise InputError(
            f"--companies: unknown company {unknown[0]!r} (known: {', '.join(sorted(known))})"
        )
    if len(companies) < 2:
        raise InputError("an exchange needs at least two companies")
    for label, ids in (("--keep", keep), ("--send", send), ("unwilling", set(rules.unwilling))):
        for dancer_id in sorted(ids):
            try:
                home = season.dancer(dancer_id).company_id
            except KeyError:
                raise InputError(f"{label}: unknown dancer {dancer_id!r}") from None
            if home not in companies:
                raise InputError(
                    f"{label}: {dancer_id} belongs to {home}, not to {', '.join(companies)}"
                )
    both = sorted(keep & send) or sorted(send & set(rules.unwilling))
    if both:
        raise InputError(f"{both[0]} cannot both stay (kept or unwilling) and be sent")


def _baseline(
    season: Season, index: RunIndex, options: list[MoveOption], rules: ExchangeRules
) -> list[MoveOption] | None:
    """What a director tries first: the highest-draw stars swapped for the whole season
    (a cycle A→B→C→A for more than two companies)."""
    tops = []
    for company_id in index.company_ids:
        pool = [d for d in season.dancers_of(company_id) if d.id not in rules.unwilling]
        if not pool:
            return None
        tops.append(max(pool, key=lambda d: (d.star_draw, d.id)).id)
    chosen = []
    n = len(tops)
    for k, dancer_id in enumerate(tops):
        host = index.company_ids[(k + 1) % n]
        found = [
            o for o in options if o.dancer_id == dancer_id and o.host_id == host and o.season_long
        ]
        if not found:
            return None
        chosen.append(found[0])
    return chosen


def propose_exchanges(
    season: Season,
    companies: Sequence[str] | None = None,
    max_stars: int = 1,
    balance: Balance = "count",
    objective: Objective = "fair",
    top: int = 5,
    keep: Sequence[str] = (),
    send: Sequence[str] = (),
    time_limit: float = 60.0,
    *,
    rules: ExchangeRules | None = None,
    prove: bool = True,
    explain: bool = False,
    box: BoxOffice | None = None,
    engine: tuple[Caster, Checker] | None = None,
    progress: Progress | None = None,
) -> ExchangeProposals:
    """Ranked exchange proposals among ``companies`` (default: all), each proved castable by the
    casting engine when ``prove`` and the engine is available, plus the director's baseline.

    ``time_limit`` is the whole request's budget in seconds: selection first (a few seconds),
    then the castability proofs share what is left."""
    started = time.perf_counter()
    deadline = started + time_limit
    rules = rules or ExchangeRules()
    ids = list(companies or [c.id for c in season.companies])
    keep_set, send_set = set(keep), set(send)
    _check_inputs(season, ids, keep_set, send_set, rules)
    if max_stars < 1 or top < 1:
        raise InputError("--max-stars and --top must be at least 1")
    if not math.isfinite(time_limit) or time_limit <= 0:
        raise InputError(f"--time-limit must be a positive number of seconds, not {time_limit}")
    report = progress or (lambda stage, done: None)
    report("candidates", 0.0)
    index = RunIndex(season, ids)
    box = box or box_office(season)
    model_name = str(getattr(box, "name", type(box).__name__))
    valuer = Valuer(index, box)
    try:
        cands = build_candidates(index, valuer, rules, keep_set, send_set)
        check_values(cands.options, valuer, rules, model_name)
    except (ArithmeticError, ValueError) as exc:  # overflow, NaN arithmetic in the model
        raise InputError(
            f"box-office model {model_name!r} failed to value the moves: {exc}"
        ) from exc
    for dancer_id in sorted(send_set):
        if not any(o.dancer_id == dancer_id for o in cands.options):
            reasons = [r for r in cands.rejected if r.startswith(dancer_id)][:8]
            raise InfeasibleError(f"{dancer_id} cannot be sent: no move passes the rules", reasons)
    problem = build_problem(
        index, cands.options, max_stars=max_stars, balance=balance,
        tolerance_pct=rules.value_tolerance_pct, allow_loss=rules.allow_loss, send=send_set,
    )  # fmt: skip
    report("optimise", 0.1)
    if engine is None and prove:
        engine = casting_engine()
    elif not prove:
        engine = None
    select_limit = time_limit * SELECTION_SHARE
    wanted = top * 2 if engine else top
    selections, _ = optimise(problem, objective, wanted, select_limit)
    if not selections:
        raise InfeasibleError(
            "no exchange satisfies the rules"
            + ("" if rules.allow_loss else " and leaves every company at least as well off"),
            cands.rejected[:10],
        )
    valued = f"gains valued by the {model_name}"

    def make(selection: Selection, rank: int) -> ExchangeProposal:
        return _noted(proposal_of(problem, selection, valuer, rules, objective, rank), valued)

    base_options = _baseline(season, index, cands.options, rules)
    baseline = None
    if base_options is not None:
        chosen = [problem.options.index(o) for o in base_options]
        baseline = proposal_of(problem, score(problem, chosen), valuer, rules, objective, 1)
        baseline = baseline.model_copy(
            update={
                "notes": [
                    "the director's first try: highest-draw stars swapped for the whole season",
                    valued,
                ]
            }
        )
    doc = ExchangeProposals(
        season_name=season.name,
        company_ids=ids,
        objective=objective,
        objective_note=OBJECTIVE_NOTES[objective]
        + ("; no company ends worse off than without the exchange" if not rules.allow_loss else ""),
        balance=balance,
        max_stars=max_stars,
        value_model=model_name,
        reference_currency=rules.reference_currency,
        as_of=rules.as_of,
        candidates=cands.stars,
        options=len(cands.options),
        rejected=cands.rejected,
    )
    if engine is not None:
        prover = Prover(season, index, *engine, deadline=deadline)
        search = ProofSearch(prover, problem, objective, make, top, wanted, select_limit, report)
        proposals, baseline, lines = search.run(selections, baseline)
        doc.explanation += lines
    else:
        proposals = [make(s, k + 1) for k, s in enumerate(selections[:top])]
        why = "not requested" if not prove else "the casting engine is not available"
        doc.explanation.append(f"castability not proved: {why}")
    if explain and proposals:
        best_sel = next(
            (s for s in selections if _same(problem, s.chosen, proposals[0])), selections[0]
        )
        doc.explanation += explain_best(season, problem, best_sel, cands, rules, objective)
    doc.proposals = [p.model_copy(update={"rank": k + 1}) for k, p in enumerate(proposals)]
    doc.baseline = baseline
    doc.wall_s = round(time.perf_counter() - started, 2)
    report("done", 1.0)
    return doc


def _noted(proposal: ExchangeProposal, note: str) -> ExchangeProposal:
    return proposal.model_copy(update={"notes": [*proposal.notes, note]})


def _same(problem: Problem, chosen: tuple[int, ...], proposal: ExchangeProposal) -> bool:
    keys = {(problem.options[i].dancer_id, problem.options[i].host_id) for i in chosen}
    return keys == {(m.dancer_id, m.to_company_id) for m in proposal.moves}


def _label(proposal: ExchangeProposal) -> str:
    return ", ".join(f"{m.dancer_id} {m.from_company_id}→{m.to_company_id}" for m in proposal.moves)


MAX_ROUNDS = 4
"""Re-optimisations after a proof found a move that makes a season uncastable."""


@dataclass
class ProofSearch:
    """Prove proposals in rank order; learn from the ones the casting engine cannot cast.

    A proposal that cannot be cast (or whose plan breaks a rule) is dropped, and its moves are
    tried one at a time on the company they change: a move that alone makes a season uncastable
    is forbidden (at home: with every option of that dancer away at least as long), and the
    selection is re-optimised. Proposals the budget could not prove are kept after the proved
    ones, marked ``verified: false`` with the reason (``violations: null``)."""

    prover: Prover
    problem: Problem
    objective: Objective
    make: Callable[[Selection, int], ExchangeProposal]
    top: int
    wanted: int
    select_limit: float
    report: Progress
    lines: list[str] = field(default_factory=list)
    forbidden: set[int] = field(default_factory=set)
    exclude: list[Selection] = field(default_factory=list)
    proved: dict[Any, tuple[Selection, ExchangeProposal]] = field(default_factory=dict)
    waiting: dict[Any, tuple[Selection, ExchangeProposal]] = field(default_factory=dict)
    failed: set[Any] = field(default_factory=set)

    def run(
        self, selections: list[Selection], baseline: ExchangeProposal | None
    ) -> tuple[list[ExchangeProposal], ExchangeProposal | None, list[str]]:
        """(proposals: proved first, then unproved; the baseline, proved if the budget allows;
        explanation lines)."""
        prover, extra = self.prover, 1 if baseline is not None else 0
        self.report("casting", 0.2)
        if not prover.prepare(1 + self.top + extra):
            self.lines.append(f"castability not proved: {prover.base_error}")
            unproved = [prover.prove(self.make(s, k + 1), 1, "") for k, s in enumerate(selections)]
            base = None if baseline is None else prover.prove(baseline, 1, "")
            return unproved[: self.top], base, self.lines
        for _ in range(MAX_ROUNDS):
            tried = self._round(selections, extra)
            if len(self.proved) >= self.top or prover.left() <= 0 or not tried:
                break
            selections, _ = optimise(
                self.problem, self.objective, self.wanted + len(self.proved), self.select_limit,
                forbidden=self.forbidden, exclude=self.exclude,
            )  # fmt: skip
        if baseline is not None:
            self.report("casting", 0.9)
            baseline = prover.prove(baseline, 1, "baseline")
        return self._result(), baseline, self._summary()

    def _round(self, selections: list[Selection], extra: int) -> bool:
        """Prove this round's selections in order; True if anything new was learnt or tried."""
        tried = False
        for k, sel in enumerate(selections):
            if len(self.proved) >= self.top:
                break
            if self.forbidden.intersection(sel.chosen):
                continue
            proposal = self.make(sel, k + 1)
            key = season_key(proposal)
            if key in self.proved or key in self.waiting or key in self.failed:
                continue
            tried = True
            self.report("casting", 0.2 + 0.7 * len(self.proved) / self.top)
            left = self.top - len(self.proved) + extra
            checked = self.prover.prove(proposal, left, f"proposal {k + 1}")
            if checked.verified:
                self.proved[key] = (sel, checked)
            elif checked.violations is None and checked.casting_status.startswith("not proved"):
                self.waiting[key] = (sel, checked)
            else:
                self.failed.add(key)
                self.exclude.append(sel)
                self.lines.append(f"dropped ({_label(checked)}): {_why(checked)}")
                if self._learn(sel, checked, left):
                    return True  # re-optimise without the culprits
        return tried

    def _learn(self, sel: Selection, checked: ExchangeProposal, left: int) -> bool:
        """Forbid the moves that alone make a season uncastable; True if any was found."""
        found = self.prover.culprits(checked, left + 2 * len(checked.moves))
        for k, side in found:
            move = checked.moves[k]
            i = next(i for i in sel.chosen if self.problem.options[i].dancer_id == move.dancer_id)
            bad = self.problem.options[i]
            if side == "host":
                self.forbidden.add(i)
            else:
                self.forbidden |= {
                    j
                    for j, o in enumerate(self.problem.options)
                    if o.dancer_id == bad.dancer_id and o.start <= bad.start and bad.end <= o.end
                }
            self.lines.append(
                f"learnt: {move.dancer_id} {move.from_company_id}→{move.to_company_id} "
                f"{move.start}..{move.end} leaves the {side} company's season uncastable"
            )
        return bool(found)

    def _result(self) -> list[ExchangeProposal]:
        def rank(item: tuple[Selection, ExchangeProposal]) -> tuple[int, int]:
            sel = item[0]
            if self.objective == "total":
                return (-sel.total_gain, -sel.min_gain)
            return (-sel.min_gain, -sel.total_gain)

        proved = [p for _, p in sorted(self.proved.values(), key=rank)]
        waiting = [p for _, p in sorted(self.waiting.values(), key=rank)]
        return [*proved, *waiting][: self.top]

    def _summary(self) -> list[str]:
        casts = self.prover.casts
        limits = sorted({c.time_limit for c in casts})
        lines = [
            *self.lines,
            f"castability: {len(self.proved)} proposal(s) proved (cast, validated, 0 violations)"
            f" by {len(casts)} cast(s) in {sum(c.wall_s for c in casts):.1f} s, each distinct"
            f" season once, only the companies it changes (casting limits"
            f" {', '.join(f'{x:g}' for x in limits)} s; first feasible plan)",
        ]
        shown = min(len(self.waiting), self.top - len(self.proved))
        if shown > 0:
            reason = next(iter(self.waiting.values()))[1].casting_status
            lines.append(
                f"{shown} proposal(s) after the proved ones are not proved: "
                + reason.removeprefix("not proved: ")
            )
        return lines


def _why(checked: ExchangeProposal) -> str:
    if checked.violations:
        return f"{checked.violations} violation(s): " + "; ".join(checked.violation_details[:3])
    return checked.casting_status


def agreement(
    season: Season, proposal: ExchangeProposal, rules: ExchangeRules | None = None
) -> tuple[str, bytes]:
    """The exchange agreement of a proposal: (Markdown text, PDF bytes)."""
    rules = rules or ExchangeRules()
    return (
        agreement_doc.to_markdown(season, proposal, rules),
        agreement_doc.to_pdf(season, proposal, rules),
    )
