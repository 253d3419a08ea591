"""Star exchanges: ranked proposals, the director's baseline, explanations and agreements.

The one use case every interface calls. It wires the exchange engine to the casting engine
(castability proof and validator) and to the box-office model (the forecaster when it is
available, else the documented star-draw proxy), both behind small interfaces.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
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
)
from etoile.solve.exchange.optimiser import optimise
from etoile.solve.exchange.problem import (
    Balance,
    Objective,
    Selection,
    build_problem,
    check_values,
    score,
)
from etoile.solve.exchange.proof_search import Progress, ProofSearch, noted, same_moves
from etoile.solve.exchange.report import OBJECTIVE_NOTES, proposal_of
from etoile.solve.exchange.rules import ExchangeRules
from etoile.solve.exchange.runs import RunIndex
from etoile.solve.exchange.value import Valuer

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
        return noted(proposal_of(problem, selection, valuer, rules, objective, rank), valued)

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
            (s for s in selections if same_moves(problem, s.chosen, proposals[0])), selections[0]
        )
        doc.explanation += explain_best(season, problem, best_sel, cands, rules, objective)
    doc.proposals = [p.model_copy(update={"rank": k + 1}) for k, p in enumerate(proposals)]
    doc.baseline = baseline
    doc.wall_s = round(time.perf_counter() - started, 2)
    report("done", 1.0)
    return doc


def agreement(
    season: Season, proposal: ExchangeProposal, rules: ExchangeRules | None = None
) -> tuple[str, bytes]:
    """The exchange agreement of a proposal: (Markdown text, PDF bytes)."""
    rules = rules or ExchangeRules()
    return (
        agreement_doc.to_markdown(season, proposal, rules),
        agreement_doc.to_pdf(season, proposal, rules),
    )
