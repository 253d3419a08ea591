"""Building blocks shared by every part of the data contract: ids, tiers, date ranges."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=80,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$",
        description="A stable identifier: letters, digits and . _ : - (used to update in place).",
    ),
]


class Contract(BaseModel):
    """Base for every model of the season document: strict about unknown fields, immutable-ish."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)


class Tier(StrEnum):
    """The level an engine reasons on; each company maps its own rank ladder onto these."""

    PRINCIPAL = "principal"
    SOLOIST = "soloist"
    CORPS = "corps"

    @property
    def level(self) -> int:
        """Higher is more senior: principal 3, soloist 2, corps 1."""
        return {"principal": 3, "soloist": 2, "corps": 1}[self.value]


class DateRange(Contract):
    """An inclusive range of calendar days, e.g. a contract, a leave or an exchange period."""

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def contains(self, day: date) -> bool:
        """True when ``day`` falls inside the range, both ends included."""
        return self.start <= day <= self.end

    def overlaps(self, other: DateRange) -> bool:
        """True when the two ranges share at least one day."""
        return self.start <= other.end and other.start <= self.end
