"""Sales history: what each past performance sold."""

from __future__ import annotations

from pydantic import Field, NonNegativeFloat, NonNegativeInt

from etoile.model.common import Contract, Id


class SalesRecord(Contract):
    """Tickets and revenue of one performance, in the company's currency."""

    performance_id: Id
    tickets: NonNegativeInt
    revenue: NonNegativeFloat
    currency: str = Field(min_length=3, max_length=3)
