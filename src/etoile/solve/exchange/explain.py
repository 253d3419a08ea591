"""Why the best proposal is what it is: each star's contribution and the next-best alternative.

For every chosen star the optimiser is asked again with that star kept at home; the difference
in the objective is what the star is worth to the proposal. Stars left out are listed with their
best option or the rule that rules them out.
"""

from __future__ import annotations

from etoile.model import Season
from etoile.solve.exchange.candidates import Candidates
from etoile.solve.exchange.optimiser import SelectionModel
from etoile.solve.exchange.problem import Objective, Problem, Selection
from etoile.solve.exchange.rules import ExchangeRules


def _money(amount: float, currency: str) -> str:
    return f"{amount:+,.0f} {currency}"


def explain(
    season: Season,
    problem: Problem,
    best: Selection,
    candidates: Candidates,
    rules: ExchangeRules,
    objective: Objective,
    time_limit: float = 5.0,
) -> list[str]:
    """Plain sentences: one per chosen star, then the stars left out."""
    ref = rules.reference_currency
    lines = [
        f"Objective {objective}: smallest company gain {_money(best.min_gain, ref)}, "
        f"total {_money(best.total_gain, ref)}."
    ]
    model = SelectionModel(problem)
    first, second = (
        (model.min_gain, model.total) if objective != "total" else (model.total, model.min_gain)
    )
    chosen_dancers = set()
    for i in best.chosen:
        o = problem.options[i]
        chosen_dancers.add(o.dancer_id)
        dancer = season.dancer(o.dancer_id)
        roles = ", ".join(
            f"{season.role(s.role.id).name} ({s.status}, {s.hours:.0f} h to learn)"
            for s in o.stints
        )
        lines.append(
            f"{dancer.name} ({o.dancer_id}, draw {dancer.star_draw:.2f}) {o.home_id} → {o.host_id} "
            f"{o.start}..{o.end}: {roles}; host gain {_money(o.host_gain, ref)}, home loss "
            f"{_money(-o.home_loss, ref)}; paperwork by {o.deadline} ({o.lead_days} days)."
        )
        xs = [
            model.x[j] for j, other in enumerate(problem.options) if other.dancer_id == o.dancer_id
        ]
        lit = model.model.new_bool_var(f"keep:{o.dancer_id}")
        model.model.add(sum(xs) == 0).only_enforce_if(lit)
        alt = model.best(first, second, time_limit, 2, [lit])
        if alt is None:
            lines.append(f"  without {dancer.name}: no valid proposal at all.")
            continue
        movers = ", ".join(
            f"{problem.options[j].dancer_id}→{problem.options[j].host_id}" for j in alt.chosen
        )
        lines.append(
            f"  next best without {dancer.name}: {movers}; smallest gain "
            f"{_money(alt.min_gain, ref)} ({_money(alt.min_gain - best.min_gain, ref)}), total "
            f"{_money(alt.total_gain, ref)} ({_money(alt.total_gain - best.total_gain, ref)})."
        )
    for dancer_id in candidates.stars:
        if dancer_id in chosen_dancers:
            continue
        own = [o for o in problem.options if o.dancer_id == dancer_id]
        name = season.dancer(dancer_id).name
        if own:
            top = max(own, key=lambda o: o.host_gain - o.home_loss)
            lines.append(
                f"Not chosen: {name} ({dancer_id}); best stay {top.host_id} {top.start}..{top.end} "
                f"nets {_money(top.host_gain - top.home_loss, ref)} but does not fit the balance "
                "or beats no chosen star."
            )
        else:
            why = next((r for r in candidates.rejected if r.startswith(dancer_id)), "no host run")
            lines.append(f"Not chosen: {name} ({dancer_id}); no valid move — {why}.")
    return lines
