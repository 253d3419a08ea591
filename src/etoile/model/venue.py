"""Places and the people a call needs: theatres, studios, ballet masters and pianists."""

from __future__ import annotations

from datetime import date

from pydantic import Field, NonNegativeFloat

from etoile.model.common import Contract, Count, DateRange, Id


class PriceTier(Contract):
    """A band of seats sold at one price."""

    name: str
    seats: Count
    price: NonNegativeFloat


class Venue(Contract):
    """A theatre a company performs in."""

    id: Id
    name: str
    city: str
    capacity: Count
    price_tiers: list[PriceTier] = Field(default_factory=list)

    @property
    def full_house_revenue(self) -> float:
        """Revenue of a sold-out house at base prices (0 if no price tiers are given)."""
        return sum(t.seats * t.price for t in self.price_tiers)


class Studio(Contract):
    """A rehearsal room of a company."""

    id: Id
    company_id: Id
    name: str
    capacity: Count = Field(description="Dancers the room holds at once.")
    site: str | None = Field(
        default=None,
        min_length=1,
        description=(
            "The building the room is in (e.g. Garnier, Bastille); a dancer needs the rule "
            "set's travel time between calls in two buildings. None: the company's building."
        ),
    )


class StaffMember(Contract):
    """Someone a studio call needs besides the dancers: works some weekdays, is away some days."""

    id: Id
    company_id: Id
    name: str
    weekdays: list[int] = Field(
        default_factory=lambda: [0, 1, 2, 3, 4, 5], description="Working weekdays, Monday = 0."
    )
    unavailable: list[DateRange] = Field(default_factory=list)

    def available_on(self, day: date) -> bool:
        """Works that weekday and is not away that day."""
        return day.weekday() in self.weekdays and not any(r.contains(day) for r in self.unavailable)


class BalletMaster(StaffMember):
    """A ballet master or répétiteur who runs calls for the works they know."""

    work_ids: list[Id] = Field(default_factory=list)


class Pianist(StaffMember):
    """A rehearsal pianist: each studio call needs one (domain notes §3.4)."""
