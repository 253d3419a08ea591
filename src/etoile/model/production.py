"""Productions, their runs of performances, and the casts that danced them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, Field, PositiveFloat

from etoile.model.common import Contract, Id


class ProductionKind(StrEnum):
    """Novelty of a staging: drives rehearsal hours and demand."""

    REVIVAL = "revival"
    NEW_PRODUCTION = "new_production"
    PREMIERE = "premiere"


class Production(Contract):
    """A company's staging of a work in a season, given as a run at a venue."""

    id: Id
    company_id: Id
    work_id: Id
    season: str = Field(pattern=r"^\d{4}-\d{2}$", description="Season label, e.g. '2026-27'.")
    venue_id: Id
    kind: ProductionKind = ProductionKind.REVIVAL
    tour: bool = Field(
        default=False, description="True when the run plays away from the company's home city."
    )


class CastMember(Contract):
    """One dancer in one role at one performance (as danced, for history)."""

    role_id: Id
    dancer_id: Id


class Performance(Contract):
    """One curtain-up of a production; ``starts_at`` carries its time-zone offset."""

    id: Id
    production_id: Id
    starts_at: AwareDatetime
    venue_id: Id | None = Field(default=None, description="Overrides the production's venue.")
    price_level: PositiveFloat = Field(1.0, description="Multiplier on the venue's base prices.")
    cast: list[CastMember] = Field(
        default_factory=list, description="Who danced (past performances; the forecaster learns)."
    )

    def local_start(self, time_zone: str) -> datetime:
        """The curtain time in the company's time zone."""
        from zoneinfo import ZoneInfo

        return self.starts_at.astimezone(ZoneInfo(time_zone))
