"""The exchange rules as data: paperwork lead time, travel, learning pace, willingness, balance.

Lead times follow the domain notes §3.7: a US engagement needs an O-1 petition (union
consultation letter 7–10 days, then USCIS 30–50 days regular or 15 days premium, with reports of
120+ days), so the default is 90 days (35 with premium processing); salaried artists coming to
France for ≤ 3 months need no work authorisation since 29 Oct 2016 (a contract and declaration:
14 days), longer stays need a work authorisation or a "passeport talent" (75 days).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from etoile.model import DateRange, RoleStatus


class LeadTime(BaseModel):
    """Paperwork days before a dancer may start work in a country, by length of stay."""

    model_config = ConfigDict(extra="forbid")

    short_stay_max_days: int = Field(90, description="Stays up to this long count as short.")
    short_days: int = Field(60, description="Lead days for a short stay.")
    long_days: int = Field(90, description="Lead days for a longer stay.")
    premium_days: int | None = Field(None, description="Lead days with premium processing.")
    source: str = ""

    def days(self, stay_days: int, premium: bool = False) -> int:
        """Lead days for a stay of ``stay_days`` (premium processing where it exists)."""
        if premium and self.premium_days is not None:
            return self.premium_days
        return self.short_days if stay_days <= self.short_stay_max_days else self.long_days


DEFAULT_LEAD_TIMES: dict[str, LeadTime] = {
    "US": LeadTime(
        short_stay_max_days=365,
        short_days=90,
        long_days=90,
        premium_days=35,
        source="O-1 petition: AGMA letter 7-10 days + USCIS 30-50 days (premium 15) [S91][S94][S95]",
    ),
    "FR": LeadTime(
        short_stay_max_days=90,
        short_days=14,
        long_days=75,
        source="≤ 3 months: no work authorisation since 29 Oct 2016; longer: passeport talent [S96]",
    ),
}

DEFAULT_VERSION_SHARE: dict[str, float] = {
    RoleStatus.PERFORMED.value: 0.3,
    RoleStatus.REHEARSED.value: 0.4,
    RoleStatus.LEARNING.value: 0.65,
    "new": 1.0,
}
"""Share of the host's learning hours a visitor needs: even a role danced at home must be
relearnt in the host's version (different production, new partner) [domain notes §3.7]."""

DEFAULT_FX: dict[str, float] = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17, "CAD": 0.68, "DKK": 0.134}
"""Value of one unit of each currency in the reference currency (EUR), to compare gains."""


class ExchangeRules(BaseModel):
    """Everything the planner needs besides the season: one object, read once per request."""

    model_config = ConfigDict(extra="forbid")

    as_of: date = Field(default_factory=date.today, description="The day paperwork can start.")
    lead_times: dict[str, LeadTime] = Field(default_factory=lambda: dict(DEFAULT_LEAD_TIMES))
    default_lead: LeadTime = Field(default_factory=lambda: LeadTime(short_days=60, long_days=90))
    premium_processing: bool = False
    travel_days_abroad: int = Field(2, ge=0, description="Days lost to travel between countries.")
    travel_days_domestic: int = Field(1, ge=0)
    visitor_learning_share: float = Field(
        0.5, gt=0, le=1, description="Share of the host's weekly rehearsal hours a guest learns."
    )
    version_share: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_VERSION_SHARE))
    allow_new_roles: bool = Field(True, description="Guests may learn roles they never danced.")
    unwilling: list[str] = Field(default_factory=list, description="Dancers who will not go.")
    preferred: dict[str, DateRange] = Field(
        default_factory=dict, description="Dancer → the only period they would go in."
    )
    stars_per_company: int = Field(6, ge=1, description="Candidate stars considered per company.")
    min_star_draw: float = Field(0.3, ge=0, le=1)
    max_runs_per_stay: int = Field(3, ge=1, description="Consecutive host runs in one stay.")
    value_tolerance_pct: float = Field(25.0, ge=0)
    allow_loss: bool = Field(False, description="Let a company end worse off (off by default).")
    reference_currency: str = "EUR"
    fx: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_FX))

    def lead_days(self, country: str, stay_days: int) -> int:
        """Paperwork lead days to work in ``country`` for a stay of ``stay_days``."""
        lead = self.lead_times.get(country, self.default_lead)
        return lead.days(stay_days, self.premium_processing)

    def travel_days(self, from_country: str, to_country: str) -> int:
        """Days a dancer is on the road between the two companies (each way)."""
        return self.travel_days_domestic if from_country == to_country else self.travel_days_abroad

    def to_reference(self, amount: float, currency: str) -> float:
        """An amount in the reference currency (unknown currencies count at par)."""
        return amount * self.fx.get(currency, 1.0) / self.fx.get(self.reference_currency, 1.0)
