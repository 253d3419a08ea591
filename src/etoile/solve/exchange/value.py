"""Gain per company for a set of moves: the star's uplift at the host minus the loss at home.

A star dances one named cast of a run, so in expectation ``1 / casts`` of its performances; at
the host they displace the weakest named-cast dancer of the role, at home the next dancer in
line steps up. Each move's value is computed once, so a set of moves is valued by a sum — which
keeps the optimiser linear and exact over the options it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from etoile.model import Role, Season
from etoile.solve.exchange.boxoffice import BoxOffice
from etoile.solve.exchange.runs import Run, RunIndex


@dataclass(frozen=True)
class Delta:
    """Expected change in tickets and revenue (company currency)."""

    tickets: float = 0.0
    revenue: float = 0.0

    def __add__(self, other: Delta) -> Delta:
        return Delta(self.tickets + other.tickets, self.revenue + other.revenue)

    def __neg__(self) -> Delta:
        return Delta(-self.tickets, -self.revenue)


@dataclass(frozen=True)
class Totals:
    """A company's expected season: tickets, revenue and sell-outs."""

    tickets: float
    revenue: float
    sell_outs: int


class Valuer:
    """Values moves with a box-office model and the typical casts of the runs."""

    def __init__(self, index: RunIndex, box: BoxOffice) -> None:
        self.index = index
        self.box = box
        self.season: Season = index.season

    def run_delta(self, run: Run, power_delta: float) -> Delta:
        """Expected change over a run when one named cast's star power moves by ``power_delta``."""
        base = self.index.typical_power(run)
        tickets = revenue = 0.0
        for show in run.show_ids:
            before = self.box.expected(show, base)
            after = self.box.expected(show, base + power_delta)
            tickets += after.tickets - before.tickets
            revenue += after.revenue - before.revenue
        return Delta(tickets / run.casts, revenue / run.casts)

    def host_step(self, dancer_id: str, run: Run, role: Role) -> float:
        """Star-power change of the named cast a visitor joins (displacing its weakest member)."""
        line = self.index.line(run, role)
        draw = self.season.dancer(dancer_id).star_draw
        return self.index.power_step(run, role, draw - line.draw_at(line.places - 1))

    def home_step(self, dancer_id: str, run: Run, role: Role) -> float:
        """Star-power change (≤ 0 for a star) of the home cast when the next dancer steps up."""
        line = self.index.line(run, role)
        draw = self.season.dancer(dancer_id).star_draw
        return -self.index.power_step(run, role, draw - line.draw_at(line.places))

    def host_delta(self, dancer_id: str, run: Run, role: Role) -> Delta:
        """A visiting star in one named cast of a host run, displacing its weakest member."""
        return self.run_delta(run, self.host_step(dancer_id, run, role))

    def home_role(self, dancer_id: str, run: Run) -> Role | None:
        """The lead role a star would dance in a home run (in its named casts), else None."""
        best: tuple[float, Role] | None = None
        for role in self.index.lead_roles(run):
            line = self.index.line(run, role)
            if dancer_id in line.eligible[: line.places]:
                step = self.index.power_step(run, role, 1.0)
                if best is None or step > best[0]:
                    best = (step, role)
        return best[1] if best else None

    def home_delta(self, dancer_id: str, run: Run) -> tuple[Delta, Role | None, list[str]]:
        """What a home run loses when the star is away: (delta ≤ 0, role, replacements)."""
        role = self.home_role(dancer_id, run)
        if role is None:
            return Delta(), None, []
        line = self.index.line(run, role)
        draw = self.season.dancer(dancer_id).star_draw
        nxt = line.draw_at(line.places)
        replacements = list(line.eligible[line.places : line.places + 1])
        return (
            self.run_delta(run, -self.index.power_step(run, role, draw - nxt)),
            role,
            replacements,
        )

    def totals(self, company_id: str, power_deltas: dict[str, float] | None = None) -> Totals:
        """A company's expected season at typical casts, shifted per run by ``power_deltas``."""
        shifts = power_deltas or {}
        tickets = revenue = 0.0
        sell_outs = 0
        for run in self.index.runs_of(company_id):
            power = self.index.typical_power(run) + shifts.get(run.production_id, 0.0)
            for show in run.show_ids:
                exp = self.box.expected(show, power)
                tickets += exp.tickets
                revenue += exp.revenue
                sell_outs += exp.sold_out
        return Totals(tickets, revenue, sell_outs)


def total(deltas: Iterable[Delta]) -> Delta:
    """Sum of deltas."""
    out = Delta()
    for d in deltas:
        out = out + d
    return out
