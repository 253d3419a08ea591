"""Sales history: what each past performance sold."""

from __future__ import annotations

from pydantic import Field, NonNegativeFloat

from etoile.model.common import Contract, Id


class SalesRecord(Contract):
    """Tickets and revenue of one performance, in the company's currency."""

    performance_id: Id
    tickets: int = Field(ge=0, le=1_000_000)
    revenue: NonNegativeFloat
    currency: str = Field(min_length=3, max_length=3)
