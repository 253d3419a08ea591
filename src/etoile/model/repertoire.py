"""Works and their pieces and roles: what has to be cast and rehearsed."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from etoile.model.common import Contract, Count, Id, Tier
from etoile.model.dancer import Gender


class WorkKind(StrEnum):
    """A classic of the repertoire or a new creation (novelty drives demand and rehearsal needs)."""

    CLASSIC = "classic"
    CREATION = "creation"


class Piece(Contract):
    """A scene or number rehearsed as a unit (an act, a pas de deux, a corps section)."""

    id: Id
    name: str
    duration_minutes: Count


class Role(Contract):
    """A part to cast: Odette (count 1, principal) or the swans (count 24, corps)."""

    id: Id
    name: str
    tier: Tier
    count: Count = 1
    gender: Gender | None = None
    partner_role_id: Id | None = Field(
        default=None, description="The role this one partners (Odette ↔ Siegfried)."
    )
    intensity: int = Field(3, ge=1, le=5, description="Physical load, 1 (light) to 5 (extreme).")
    piece_ids: list[Id] = Field(default_factory=list, description="Pieces the role appears in.")
    count_is_illustrative: bool = Field(
        default=False, description="True where no source gives the real count."
    )

    @property
    def is_lead(self) -> bool:
        """Lead and solo roles get named casts and covers; corps roles are cast per show."""
        return self.tier is not Tier.CORPS


class Work(Contract):
    """A ballet with its pieces and roles."""

    id: Id
    title: str
    choreographer: str = ""
    kind: WorkKind = WorkKind.CLASSIC
    pieces: list[Piece] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)

    def role(self, role_id: str) -> Role:
        """The role with this id (KeyError if the work has none)."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(role_id)
