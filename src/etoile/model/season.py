"""The season document: every company, dancer, work and performance in one JSON contract.

Collections are flat lists joined by ids so that a document can be merged, diffed and stored
row by row; the lookup helpers below build their indexes once per instance.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import Field

from etoile.model.common import Contract
from etoile.model.company import Company
from etoile.model.dancer import Dancer
from etoile.model.exchange import ExchangeAgreement
from etoile.model.production import Performance, Production
from etoile.model.repertoire import Role, Work
from etoile.model.sales import SalesRecord
from etoile.model.venue import BalletMaster, Pianist, Studio, Venue

SCHEMA_VERSION: Literal["1.0"] = "1.0"


class Season(Contract):
    """One season document: one or several companies and everything they plan with."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    name: str = ""
    companies: list[Company] = Field(min_length=1)
    venues: list[Venue] = Field(default_factory=list)
    works: list[Work] = Field(default_factory=list)
    dancers: list[Dancer] = Field(default_factory=list)
    studios: list[Studio] = Field(default_factory=list)
    ballet_masters: list[BalletMaster] = Field(default_factory=list)
    pianists: list[Pianist] = Field(default_factory=list)
    productions: list[Production] = Field(default_factory=list)
    performances: list[Performance] = Field(default_factory=list)
    exchanges: list[ExchangeAgreement] = Field(default_factory=list)
    sales: list[SalesRecord] = Field(default_factory=list)

    # --- lookups (built once; a Season is not mutated after loading) -------------------------

    @cached_property
    def _company_by_id(self) -> dict[str, Company]:
        return {c.id: c for c in self.companies}

    @cached_property
    def _venue_by_id(self) -> dict[str, Venue]:
        return {v.id: v for v in self.venues}

    @cached_property
    def _work_by_id(self) -> dict[str, Work]:
        return {w.id: w for w in self.works}

    @cached_property
    def _role_index(self) -> dict[str, tuple[Work, Role]]:
        return {r.id: (w, r) for w in self.works for r in w.roles}

    @cached_property
    def _dancer_by_id(self) -> dict[str, Dancer]:
        return {d.id: d for d in self.dancers}

    @cached_property
    def _production_by_id(self) -> dict[str, Production]:
        return {p.id: p for p in self.productions}

    @cached_property
    def _performance_by_id(self) -> dict[str, Performance]:
        return {p.id: p for p in self.performances}

    @cached_property
    def _performances_by_production(self) -> dict[str, list[Performance]]:
        runs: dict[str, list[Performance]] = defaultdict(list)
        for perf in sorted(self.performances, key=lambda p: p.starts_at):
            runs[perf.production_id].append(perf)
        return dict(runs)

    @cached_property
    def _exchanges_by_dancer(self) -> dict[str, list[ExchangeAgreement]]:
        found: dict[str, list[ExchangeAgreement]] = defaultdict(list)
        for agreement in self.exchanges:
            found[agreement.dancer_id].append(agreement)
        return dict(found)

    @cached_property
    def _sales_by_performance(self) -> dict[str, SalesRecord]:
        return {s.performance_id: s for s in self.sales}

    def company(self, company_id: str) -> Company:
        """The company with this id."""
        return self._company_by_id[company_id]

    def venue(self, venue_id: str) -> Venue:
        """The venue with this id."""
        return self._venue_by_id[venue_id]

    def work(self, work_id: str) -> Work:
        """The work with this id."""
        return self._work_by_id[work_id]

    def role(self, role_id: str) -> Role:
        """The role with this id, from whichever work holds it."""
        return self._role_index[role_id][1]

    def work_of_role(self, role_id: str) -> Work:
        """The work a role belongs to."""
        return self._role_index[role_id][0]

    def dancer(self, dancer_id: str) -> Dancer:
        """The dancer with this id."""
        return self._dancer_by_id[dancer_id]

    def production(self, production_id: str) -> Production:
        """The production with this id."""
        return self._production_by_id[production_id]

    def performance(self, performance_id: str) -> Performance:
        """The performance with this id."""
        return self._performance_by_id[performance_id]

    def run(self, production_id: str) -> list[Performance]:
        """A production's performances in curtain order."""
        return self._performances_by_production.get(production_id, [])

    def venue_of(self, performance: Performance) -> Venue:
        """Where a performance takes place (its own venue, else its production's)."""
        venue_id = performance.venue_id or self.production(performance.production_id).venue_id
        return self.venue(venue_id)

    def company_of(self, performance: Performance) -> Company:
        """The company giving a performance."""
        return self.company(self.production(performance.production_id).company_id)

    def work_of(self, performance: Performance) -> Work:
        """The work a performance stages."""
        return self.work(self.production(performance.production_id).work_id)

    def local_day(self, performance: Performance) -> date:
        """The calendar day of a performance in its company's time zone."""
        return performance.local_start(self.company_of(performance).time_zone).date()

    def sales_of(self, performance_id: str) -> SalesRecord | None:
        """The sales record of a performance, if it has one (past performances)."""
        return self._sales_by_performance.get(performance_id)

    def exchanges_of(self, dancer_id: str) -> list[ExchangeAgreement]:
        """Exchange agreements that send this dancer to another company."""
        return self._exchanges_by_dancer.get(dancer_id, [])

    def company_of_dancer_on(self, dancer_id: str, day: date) -> str:
        """Where a dancer works on ``day``: the host company during an exchange, else home."""
        for agreement in self.exchanges_of(dancer_id):
            if agreement.contains(day):
                return agreement.host_company_id
        return self.dancer(dancer_id).company_id

    def dancers_of(self, company_id: str) -> list[Dancer]:
        """The company's own dancers (home company), in document order."""
        return [d for d in self.dancers if d.company_id == company_id]

    def visiting_dancers(self, company_id: str) -> list[Dancer]:
        """Dancers of other companies who come to this one under an exchange agreement."""
        visitors = {a.dancer_id for a in self.exchanges if a.host_company_id == company_id}
        return [d for d in self.dancers if d.id in visitors]

    def productions_of(self, company_id: str) -> list[Production]:
        """A company's productions, in document order."""
        return [p for p in self.productions if p.company_id == company_id]
