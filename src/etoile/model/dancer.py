"""A dancer: rank, body, repertoire known, partners, draw, contract and absences."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import Field

from etoile.model.common import Contract, DateRange, Id


class RoleStatus(StrEnum):
    """How well a dancer knows a role: danced it on stage, rehearsed it, or is learning it."""

    PERFORMED = "performed"
    REHEARSED = "rehearsed"
    LEARNING = "learning"


class RoleKnowledge(Contract):
    """One role a dancer knows (or is learning)."""

    role_id: Id
    status: RoleStatus = RoleStatus.PERFORMED


class AbsenceKind(StrEnum):
    """Why a dancer is unavailable."""

    LEAVE = "leave"
    INJURY = "injury"
    OTHER = "other"


class Absence(DateRange):
    """A period the dancer cannot dance (both ends included)."""

    kind: AbsenceKind = AbsenceKind.LEAVE
    note: str = ""


Gender = Literal["female", "male"]


class Dancer(Contract):
    """A dancer of a home company; engines read everything they need to cast from here."""

    id: Id
    name: str
    company_id: Id = Field(description="The home company.")
    rank_id: Id
    gender: Gender
    height_cm: int = Field(ge=120, le=220)
    joined: date = Field(description="Date the dancer joined the company (seniority).")
    contract: DateRange
    roles: list[RoleKnowledge] = Field(default_factory=list)
    preferred_partners: list[Id] = Field(default_factory=list)
    preferred_roles: list[Id] = Field(default_factory=list)
    star_draw: float = Field(
        0.0, ge=0.0, le=1.0, description="Box-office pull, 0 (none) to 1 (a household name)."
    )
    absences: list[Absence] = Field(default_factory=list)

    def knows(self, role_id: str) -> RoleStatus | None:
        """The dancer's status in a role, or None if they do not know it."""
        for known in self.roles:
            if known.role_id == role_id:
                return known.status
        return None

    def available_on(self, day: date) -> bool:
        """Under contract and not absent on ``day`` (exchanges are checked by the season)."""
        return self.contract.contains(day) and not any(a.contains(day) for a in self.absences)
