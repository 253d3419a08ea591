"""Building blocks shared by every part of the data contract: ids, tiers, date ranges."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=80,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$",
        description="A stable identifier: letters, digits and . _ : - (used to update in place).",
    ),
]


Count = Annotated[int, Field(ge=1, le=1_000_000, description="A positive whole number.")]

_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n"}


class Contract(BaseModel):
    """Base for every model of the season document: strict about unknown fields and text."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: object) -> object:
        """Text with NUL or other control characters cannot be stored everywhere (PostgreSQL)."""
        if isinstance(value, str) and not _CONTROL.isdisjoint(value):
            raise ValueError("contains a control character")
        return value

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy whose cached lookups (``cached_property``) are rebuilt from its own fields:
        pydantic copies them as they were, so ``season.model_copy(update={"dancers": ...})``
        would otherwise still find the old dancers by id."""
        copied = super().model_copy(update=update, deep=deep)
        for name in _cached_lookups(type(self)):
            copied.__dict__.pop(name, None)
        return copied


@functools.cache
def _cached_lookups(cls: type) -> tuple[str, ...]:
    return tuple(
        name
        for klass in cls.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, functools.cached_property)
    )


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
