"""Exchange agreements: dancer D of company A dances for company B from date to date."""

from __future__ import annotations

from pydantic import Field

from etoile.model.common import DateRange, Id


class ExchangeAgreement(DateRange):
    """A dancer lent to a host company for a period, in given roles."""

    id: Id
    dancer_id: Id
    host_company_id: Id
    role_ids: list[Id] = Field(default_factory=list)
    performance_ids: list[Id] = Field(default_factory=list)
    home_cover_ids: list[Id] = Field(
        default_factory=list, description="Dancers who cover the visitor's roles at home."
    )
