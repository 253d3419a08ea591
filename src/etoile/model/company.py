"""A company: its city, rank ladder, and the labour and casting rules it works under (as data)."""

from __future__ import annotations

from datetime import time

from pydantic import Field, model_validator

from etoile.model.common import Contract, Count, Id, Tier


class Rank(Contract):
    """One rung of a company's ladder (e.g. 'sujet'), mapped to the tier engines reason on."""

    id: Id
    name: str
    tier: Tier
    order: int = Field(
        ge=0, le=100, description="Seniority within the ladder: higher is more senior."
    )


class LabourRules(Contract):
    """A company's working-time rules for dancers; every engine reads limits from here."""

    name: str = Field(description="Where the rules come from, e.g. 'AGMA-style (ABT MOA 2011)'.")
    max_rehearsal_hours_per_day: float = 6.0
    max_rehearsal_hours_per_week: float = 30.0
    max_danced_hours_per_day: float | None = Field(
        default=None, description="French 'temps dansé' cap including class; None if not used."
    )
    max_span_hours: float = Field(9.0, description="Span of the working day, first call to last.")
    day_start: time = time(10, 0)
    day_end: time = time(19, 0)
    class_start: time = time(10, 0)
    class_minutes: Count = 75
    break_minutes_per_hour: int = Field(
        5, ge=0, le=60, description="Break owed per hour of rehearsal."
    )
    meal_break_after_hours: float = 5.0
    meal_break_minutes: int = Field(60, ge=0, le=240)
    max_rehearsal_hours_show_day: float = 2.0
    rest_before_show_minutes: int = Field(90, ge=0, le=24 * 60)
    free_days_per_week: int = Field(2, ge=0, le=7)
    max_service_hours: float | None = Field(
        default=None, description="Longest single call (French 'service' ≤ 3 h); None if not used."
    )


class CastingRules(Contract):
    """How a company casts: limits by tier, cover depth, rest, partnering, soft-rule weights."""

    max_shows_per_week: dict[Tier, int] = Field(
        default_factory=lambda: {Tier.PRINCIPAL: 4, Tier.SOLOIST: 5, Tier.CORPS: 7}
    )
    max_shows_per_day: dict[Tier, int] = Field(
        default_factory=lambda: {Tier.PRINCIPAL: 1, Tier.SOLOIST: 2, Tier.CORPS: 2}
    )
    casts_per_run: int = Field(
        3, ge=1, le=10, description="Named casts for lead and solo roles per run."
    )
    cover_depth: int = Field(
        1, ge=0, le=10, description="Covers required for every lead role per show."
    )
    rest_days_after_high_intensity: int = Field(1, ge=0, le=14)
    high_intensity: int = Field(
        4, ge=1, le=5, description="Role intensity from which rest applies."
    )
    travel_buffer_hours: float = Field(24.0, ge=0)
    learning_hours: dict[Tier, float] = Field(
        default_factory=lambda: {Tier.PRINCIPAL: 30.0, Tier.SOLOIST: 20.0, Tier.CORPS: 10.0},
        description="Rehearsal hours to learn a role of this tier before a first performance.",
    )
    max_partner_height_gap_cm: int = Field(
        25, description="A partner may be at most this much taller than the dancer partnered."
    )
    min_partner_height_gap_cm: int = Field(
        0, description="The partnering dancer must be at least this much taller."
    )
    allow_doubling: bool = False
    weights: dict[str, float] = Field(
        default_factory=dict, description="Soft-rule weights by penalty name; missing: default."
    )


class Company(Contract):
    """A ballet company with its own ladder and rule sets."""

    id: Id
    name: str
    city: str
    country: str = Field(min_length=2, max_length=2, description="ISO 3166 alpha-2, e.g. 'US'.")
    time_zone: str = Field(description="IANA zone, e.g. 'America/New_York'.")
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217, e.g. 'USD'.")
    language: str = Field(description="BCP 47 tag, e.g. 'en-US'.")
    ranks: list[Rank] = Field(min_length=1)
    labour_rules: LabourRules
    casting_rules: CastingRules = Field(default_factory=CastingRules)

    @model_validator(mode="after")
    def _known_zone(self) -> Company:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.time_zone!r}") from exc
        return self

    def rank(self, rank_id: str) -> Rank:
        """The rank with this id (KeyError if the ladder has none)."""
        for rank in self.ranks:
            if rank.id == rank_id:
                return rank
        raise KeyError(rank_id)
