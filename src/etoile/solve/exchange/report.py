"""Turn a chosen selection of move options into an ``ExchangeProposal`` with its effects.

Effects here are expected values at typical casts (the value model the optimiser used);
``feasibility`` replaces them with the effects of the actual cast plans when it verifies a
proposal with the casting engine.
"""

from __future__ import annotations

from collections import defaultdict

from etoile.model.exchange_proposal import CompanyEffect, ExchangeProposal, HomeCover, Move, Stint
from etoile.solve.exchange.candidates import MoveOption
from etoile.solve.exchange.problem import Objective, Problem, Selection
from etoile.solve.exchange.rules import ExchangeRules
from etoile.solve.exchange.value import Valuer


def move_of(option: MoveOption, valuer: Valuer) -> Move:
    """The document form of one move option (performances: the star's expected share)."""
    season = valuer.season
    dancer = season.dancer(option.dancer_id)
    missed = [
        run.production_id
        for run in valuer.index.runs_of(option.home_id)
        if run.opening <= option.end and option.start <= run.closing
    ]
    return Move(
        dancer_id=dancer.id,
        dancer_name=dancer.name,
        star_draw=dancer.star_draw,
        from_company_id=option.home_id,
        to_company_id=option.host_id,
        start=option.start,
        arrival=option.arrival,
        first_performance=option.first_show,
        last_performance=option.last_show,
        end=option.end,
        paperwork_lead_days=option.lead_days,
        paperwork_deadline=option.deadline,
        travel_days=option.travel_days,
        stints=[
            Stint(
                production_id=s.run.production_id,
                role_id=s.role.id,
                role_status=s.status,
                learning_hours=round(s.hours, 1),
                performance_ids=list(s.run.share()),
                run_performance_ids=list(s.run.show_ids),
            )
            for s in option.stints
        ],
        home_covers=[
            HomeCover(
                production_id=m.run.production_id,
                role_id=m.role.id,
                dancer_ids=list(m.replacements),
            )
            for m in option.misses
        ],
        home_productions_missed=missed,
        host_gain=round(option.host_delta.revenue, 2),
        home_loss=round(-option.home_delta.revenue, 2),
    )


def proxy_effects(options: list[MoveOption], valuer: Valuer) -> list[CompanyEffect]:
    """Per company: expected season with and without the moves, at typical casts."""
    index = valuer.index
    shifts: dict[str, float] = defaultdict(float)
    leaving: dict[tuple[str, str], int] = defaultdict(int)
    lead_shows: dict[str, int] = defaultdict(int)
    for o in options:
        for s in o.stints:
            step = valuer.host_step(o.dancer_id, s.run, s.role)
            shifts[s.run.production_id] += step / s.run.casts
            lead_shows[o.host_id] -= len(s.run.share())
        for m in o.misses:
            step = valuer.home_step(o.dancer_id, m.run, m.role)
            shifts[m.run.production_id] += step / m.run.casts
            lead_shows[o.home_id] += len(m.run.share())
        for run in index.runs_of(o.home_id):
            if run.opening <= o.end and o.start <= run.closing:
                for role in index.lead_roles(run):
                    if o.dancer_id in index.line(run, role).eligible:
                        leaving[(run.production_id, role.id)] += 1
    effects = []
    for company_id in index.company_ids:
        company = valuer.season.company(company_id)
        before = valuer.totals(company_id)
        after = valuer.totals(company_id, dict(shifts))
        tickets = sum(o.host_delta.tickets for o in options if o.host_id == company_id) + sum(
            o.home_delta.tickets for o in options if o.home_id == company_id
        )
        revenue = sum(o.host_delta.revenue for o in options if o.host_id == company_id) + sum(
            o.home_delta.revenue for o in options if o.home_id == company_id
        )
        depth_before: list[int] = []
        depth_after: list[int] = []
        for run in index.runs_of(company_id):
            for role in index.lead_roles(run):
                line = index.line(run, role)
                spare = len(line.eligible) - line.places
                depth_before.append(spare)
                depth_after.append(spare - leaving[(run.production_id, role.id)])
        effects.append(
            CompanyEffect(
                company_id=company_id,
                currency=company.currency,
                tickets_without=round(before.tickets),
                tickets_with=round(before.tickets + tickets),
                revenue_without=round(before.revenue, 2),
                revenue_with=round(before.revenue + revenue, 2),
                sell_outs_without=before.sell_outs,
                sell_outs_with=after.sell_outs,
                lowest_cover_depth_without=min(depth_before, default=None),
                lowest_cover_depth_with=min(depth_after, default=None),
                lead_shows_home_dancers_delta=lead_shows[company_id],
                stars_sent=sum(o.home_id == company_id for o in options),
                stars_received=sum(o.host_id == company_id for o in options),
            )
        )
    return effects


OBJECTIVE_NOTES = {
    "fair": "fair: maximises the smallest company's gain, then the total gain (tie-break)",
    "total": "total: maximises the sum of the companies' gains",
    "pareto": "pareto: proposals no other proposal beats for every company",
}


def proposal_of(
    problem: Problem,
    selection: Selection,
    valuer: Valuer,
    rules: ExchangeRules,
    objective: Objective,
    rank: int,
) -> ExchangeProposal:
    """The document form of a selection, ranked, with expected effects per company."""
    options = [problem.options[i] for i in selection.chosen]
    options.sort(key=lambda o: (o.home_id, o.first_show, o.dancer_id))
    effects = proxy_effects(options, valuer)
    gains = {e.company_id: round(e.gain, 2) for e in effects}
    notes = []
    if not rules.allow_loss:
        notes.append("no company ends worse off than without the exchange (expected revenue)")
    return ExchangeProposal(
        rank=rank,
        moves=[move_of(o, valuer) for o in options],
        effects=effects,
        gains=gains,
        gains_reference={c: float(g) for c, g in selection.gains.items()},
        min_gain=float(selection.min_gain),
        total_gain=float(selection.total_gain),
        objective=OBJECTIVE_NOTES[objective],
        notes=notes,
    )
