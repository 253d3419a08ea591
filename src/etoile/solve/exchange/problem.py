"""The exchange selection problem as plain data, and its checker (no solver).

Options carry integer gains per company (reference currency, rounded) so that the CP-SAT model,
the exhaustive enumeration and the checker all score a selection identically. The checker is
the independent witness the tests and the enumeration use.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from etoile.errors import InputError
from etoile.solve.exchange.candidates import MoveOption
from etoile.solve.exchange.rules import ExchangeRules
from etoile.solve.exchange.runs import RunIndex
from etoile.solve.exchange.value import Valuer

MAX_GAIN = 10**12
"""Largest gain one move may carry (reference currency): beyond it a value is garbage, whatever
the season, and the optimiser's integer model would lose its exactness."""

Balance = Literal["count", "value", "none"]
Objective = Literal["fair", "total", "pareto"]


@dataclass(frozen=True)
class Limit:
    """At most ``bound`` of these options together (a shared role, a home role line)."""

    label: str
    bound: int
    members: tuple[int, ...]


@dataclass(frozen=True)
class Problem:
    """Which options may be chosen together, and what each one is worth to each company."""

    companies: tuple[str, ...]
    options: tuple[MoveOption, ...]
    gains: tuple[dict[str, int], ...]
    values: tuple[int, ...]
    max_stars: int = 1
    balance: Balance = "count"
    tolerance_pct: float = 25.0
    allow_loss: bool = False
    send: frozenset[str] = frozenset()
    limits: tuple[Limit, ...] = ()

    def dancers(self) -> list[str]:
        """Dancers with at least one option, in first-seen order."""
        return list(dict.fromkeys(o.dancer_id for o in self.options))


@dataclass(frozen=True)
class Selection:
    """A chosen set of options and the gain it gives each company."""

    chosen: tuple[int, ...]
    gains: dict[str, int] = field(default_factory=dict)

    @property
    def min_gain(self) -> int:
        """The smallest company's gain."""
        return min(self.gains.values()) if self.gains else 0

    @property
    def total_gain(self) -> int:
        """The sum of the companies' gains."""
        return sum(self.gains.values())

    def pairs(self, problem: Problem) -> frozenset[tuple[str, str]]:
        """(dancer, host) pairs: what makes two proposals different."""
        return frozenset(
            (problem.options[i].dancer_id, problem.options[i].host_id) for i in self.chosen
        )


def score(problem: Problem, chosen: Sequence[int]) -> Selection:
    """The gains of a selection."""
    gains = {c: 0 for c in problem.companies}
    for i in chosen:
        for c, g in problem.gains[i].items():
            gains[c] += g
    return Selection(tuple(sorted(chosen)), gains)


def violations(problem: Problem, chosen: Sequence[int]) -> list[str]:
    """Every rule a selection breaks (empty: it is a valid proposal)."""
    out: list[str] = []
    options = [problem.options[i] for i in chosen]
    if not options:
        out.append("no move")
    per_dancer: dict[str, int] = defaultdict(int)
    sent: dict[str, int] = defaultdict(int)
    received: dict[str, int] = defaultdict(int)
    given_value: dict[str, int] = defaultdict(int)
    received_value: dict[str, int] = defaultdict(int)
    for i, o in zip(chosen, options, strict=True):
        per_dancer[o.dancer_id] += 1
        sent[o.home_id] += 1
        received[o.host_id] += 1
        given_value[o.home_id] += problem.values[i]
        received_value[o.host_id] += problem.values[i]
    out += [f"{d} moves twice" for d, n in per_dancer.items() if n > 1]
    out += [f"{d} must go" for d in problem.send if per_dancer.get(d, 0) == 0]
    for c in problem.companies:
        if sent[c] > problem.max_stars:
            out.append(f"{c} sends {sent[c]} > {problem.max_stars}")
        if problem.balance == "count" and sent[c] != received[c]:
            out.append(f"{c} sends {sent[c]} but receives {received[c]}")
        if problem.balance == "value":
            tol = problem.tolerance_pct
            if 100 * received_value[c] > (100 + tol) * given_value[c] or (
                100 * received_value[c] < (100 - tol) * given_value[c]
            ):
                out.append(f"{c} receives {received_value[c]} for {given_value[c]} given")
    chosen_set = set(chosen)
    for limit in problem.limits:
        used = len(chosen_set.intersection(limit.members))
        if used > limit.bound:
            out.append(f"{limit.label}: {used} > {limit.bound}")
    if not problem.allow_loss:
        gains = score(problem, chosen).gains
        out += [f"{c} ends worse off ({g})" for c, g in gains.items() if g < 0]
    return out


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if math.isfinite(x) and abs(x) < 1e15 else f"{x:.3g}"


def check_values(
    options: Sequence[MoveOption], valuer: Valuer, rules: ExchangeRules, model: str
) -> None:
    """InputError naming the box-office ``model`` when its values cannot be optimised over.

    Every company's expected season revenue must be finite and non-negative, and every move's
    gain finite and no larger, in size, than the whole expected season revenue of the company
    it is counted for (a star changes some nights' sales, not more than the season sells)."""
    season = valuer.season
    worth: dict[str, float] = {}
    for company_id in valuer.index.company_ids:
        company = season.company(company_id)
        revenue = valuer.totals(company_id).revenue
        if not math.isfinite(revenue) or revenue < 0:
            raise InputError(
                f"box-office model {model!r}: {company_id}'s expected season revenue is "
                f"{_fmt(revenue)} {company.currency} (not a finite, non-negative amount)"
            )
        worth[company_id] = rules.to_reference(revenue, company.currency)
    for o in options:
        for company_id, what, amount in (
            (o.host_id, "host gain", o.host_gain),
            (o.home_id, "home loss", o.home_loss),
        ):
            where = f"{o.dancer_id} to {o.host_id} ({o.key})"
            if not math.isfinite(amount):
                raise InputError(
                    f"box-office model {model!r}: the {what} of {where} is {amount} "
                    f"(not a finite amount): the model's expected revenue is not a number "
                    f"at some of these performances"
                )
            if abs(amount) > max(worth[company_id], 1.0) or abs(amount) > MAX_GAIN:
                raise InputError(
                    f"box-office model {model!r}: the {what} of {where} is "
                    f"{_fmt(amount)} {rules.reference_currency}, more than {company_id}'s whole "
                    f"expected season revenue ({_fmt(worth[company_id])} "
                    f"{rules.reference_currency}): the model's values are implausible"
                )


def integer_gain(option: MoveOption, company_id: str) -> int:
    """A move's gain for a company in whole reference-currency units (InputError if unusable)."""
    gain = option.gain(company_id)
    if not math.isfinite(gain) or abs(gain) > MAX_GAIN:
        raise InputError(
            f"the gain of {option.dancer_id} to {option.host_id} for {company_id} is "
            f"{_fmt(gain)}: not a finite amount within ±{MAX_GAIN:.0e} (box-office model values)"
        )
    return round(gain)


def build_problem(
    index: RunIndex,
    options: Sequence[MoveOption],
    *,
    max_stars: int,
    balance: Balance,
    tolerance_pct: float,
    allow_loss: bool,
    send: set[str],
) -> Problem:
    """Integer gains and the shared-resource limits: one guest per host role and run, and
    enough dancers left at home for every lead role's casts and covers."""
    companies = tuple(index.company_ids)
    gains = tuple({c: g for c in companies if (g := integer_gain(o, c))} for o in options)
    values = tuple(max(0, integer_gain(o, o.host_id)) for o in options)
    limits: list[Limit] = []
    host_slots: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, o in enumerate(options):
        for s in o.stints:
            host_slots[(s.run.production_id, s.role.id)].append(i)
    for (production, role_id), slot in sorted(host_slots.items()):
        if len({options[i].dancer_id for i in slot}) > 1:
            limits.append(Limit(f"one guest in {role_id} of {production}", 1, tuple(slot)))
    for company in companies:
        for run in index.runs_of(company):
            for role in index.lead_roles(run):
                line = index.line(run, role)
                members = tuple(
                    i
                    for i, o in enumerate(options)
                    if o.dancer_id in line.eligible
                    and o.start <= run.closing
                    and run.opening <= o.end
                )
                bound = max(0, line.spare)
                if len({options[i].dancer_id for i in members}) > bound:
                    label = f"casts and covers of {role.id} in {run.production_id}"
                    limits.append(Limit(label, bound, members))
    return Problem(
        companies=companies,
        options=tuple(options),
        gains=gains,
        values=values,
        max_stars=max_stars,
        balance=balance,
        tolerance_pct=tolerance_pct,
        allow_loss=allow_loss,
        send=frozenset(send),
        limits=tuple(limits),
    )
