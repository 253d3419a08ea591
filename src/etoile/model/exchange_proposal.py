"""Exchange proposals: which stars go where, when, in which roles, and what it does per company.

The exchange planner writes one ``ExchangeProposals`` document per request; interfaces print it
and the agreement generator reads one proposal of it. Money is in each company's own currency,
with the comparison currency (``reference_currency``) used for the fair objective stated.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from etoile.model.common import Contract, Id

PROPOSALS_KIND: Literal["exchange-proposals"] = "exchange-proposals"


class HomeCover(Contract):
    """Who dances a role at home, in a run the visiting star misses."""

    production_id: Id
    role_id: Id
    dancer_ids: list[Id] = Field(default_factory=list, description="Replacements, best first.")


class Stint(Contract):
    """One host run the star dances in, with the role and the performances."""

    production_id: Id
    role_id: Id
    role_status: str = Field(description="'performed', 'rehearsed', 'learning' or 'new'.")
    learning_hours: float = Field(description="Hours to learn the host's version of the role.")
    performance_ids: list[Id] = Field(
        default_factory=list,
        description="Performances the star is expected to dance (one named cast's share).",
    )
    run_performance_ids: list[Id] = Field(
        default_factory=list, description="Every performance of the run (the agreement's scope)."
    )


class Move(Contract):
    """One dancer lent from a home company to a host company for a period."""

    dancer_id: Id
    dancer_name: str
    star_draw: float
    from_company_id: Id
    to_company_id: Id
    start: date = Field(description="Leaves home (travel included in the period).")
    arrival: date = Field(description="First day at the host: rehearsals of the host's version.")
    first_performance: date
    last_performance: date
    end: date = Field(description="Back at home.")
    paperwork_lead_days: int
    paperwork_deadline: date = Field(description="The petition or contract must start by then.")
    travel_days: int
    stints: list[Stint] = Field(default_factory=list)
    home_covers: list[HomeCover] = Field(default_factory=list)
    home_productions_missed: list[Id] = Field(default_factory=list)
    host_gain: float = Field(description="Expected extra revenue at the host (host currency).")
    home_loss: float = Field(description="Expected revenue lost at home (home currency).")

    @property
    def role_ids(self) -> list[str]:
        """The roles danced at the host."""
        return [s.role_id for s in self.stints]


class CompanyEffect(Contract):
    """What the exchange does to one company's season (expected values at typical casts)."""

    company_id: Id
    currency: str
    tickets_without: float
    tickets_with: float
    revenue_without: float
    revenue_with: float
    sell_outs_without: int
    sell_outs_with: int
    lowest_cover_depth_without: int | None = None
    lowest_cover_depth_with: int | None = None
    lead_shows_home_dancers_delta: int = Field(
        0, description="Change in lead performances danced by the company's own dancers."
    )
    max_dancer_increase: int = Field(
        0, description="Largest rise in one home dancer's performances (reserved: not measured)."
    )
    stars_sent: int = 0
    stars_received: int = 0

    @property
    def gain(self) -> float:
        """Revenue with the exchange minus without (company currency)."""
        return self.revenue_with - self.revenue_without


class ExchangeProposal(Contract):
    """One ranked proposal: moves, effects per company and how it scores."""

    rank: int = Field(ge=1)
    moves: list[Move] = Field(default_factory=list)
    effects: list[CompanyEffect] = Field(default_factory=list)
    gains: dict[Id, float] = Field(
        default_factory=dict, description="Revenue gain per company (its own currency)."
    )
    gains_reference: dict[Id, float] = Field(
        default_factory=dict, description="The same gains in the reference currency."
    )
    min_gain: float = Field(description="Smallest company gain (reference currency).")
    total_gain: float = Field(description="Sum of company gains (reference currency).")
    objective: str
    verified: bool = Field(False, description="Both seasons cast and validated with the exchange.")
    casting_status: str = ""
    violations: int | None = Field(
        None, description="Casting-validator violations (None: not cast)."
    )
    violation_details: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class ExchangeProposals(Contract):
    """The planner's answer: ranked proposals, the baseline a director would try, and how."""

    kind: Literal["exchange-proposals"] = PROPOSALS_KIND
    season_name: str = ""
    company_ids: list[Id] = Field(default_factory=list)
    objective: Literal["fair", "total", "pareto"] = "fair"
    objective_note: str = ""
    balance: Literal["count", "value", "none"] = "count"
    max_stars: int = 1
    value_model: str = ""
    reference_currency: str = "EUR"
    as_of: date
    candidates: list[Id] = Field(default_factory=list, description="Stars considered.")
    options: int = Field(0, description="Move options (dancer × host × period) optimised over.")
    rejected: list[str] = Field(default_factory=list, description="Why options were ruled out.")
    proposals: list[ExchangeProposal] = Field(default_factory=list)
    baseline: ExchangeProposal | None = None
    explanation: list[str] = Field(default_factory=list)
    wall_s: float = 0.0

    def to_json(self) -> str:
        """The canonical JSON text of the document."""
        return self.model_dump_json(indent=2) + "\n"
