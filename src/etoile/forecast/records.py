"""Generic box-office records: what the forecaster learns from and predicts, free of any source.

Every data source (a season document, a history CSV, the Comédie-Française registers, Broadway
weekly grosses) is turned into these plain records by a thin adapter, so the model never knows
where its numbers came from and never touches a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Showing:
    """A performance (or a week of performances) as known before the curtain: the demand drivers.

    ``period_days`` is 1 for one performance day and 7 for a weekly total ending on ``when``;
    ``performances`` counts the shows inside the period. ``cast`` is ``None`` when unknown (as
    opposed to an empty cast), so a missing casting sheet is not read as "no stars".
    """

    id: str
    when: date | datetime
    titles: tuple[str, ...]
    venue: str = ""
    city: str = ""
    capacity: float | None = None
    price: float | None = None
    cast: tuple[str, ...] | None = None
    matinee: bool | None = None
    run_index: int | None = None
    run_length: int | None = None
    days_into_run: int | None = None
    premiere: bool = False
    new_production: bool = False
    debut: bool = False
    performances: int = 1
    period_days: int = 1
    extra: Mapping[str, float] = field(default_factory=dict)

    @property
    def day(self) -> date:
        """The calendar day (the last day of the period for weekly records)."""
        return self.when.date() if isinstance(self.when, datetime) else self.when

    @property
    def is_matinee(self) -> bool:
        """Explicit flag, else a start before 17:00 when the time of day is known."""
        if self.matinee is not None:
            return self.matinee
        return isinstance(self.when, datetime) and self.when.hour < 17


@dataclass(frozen=True, slots=True)
class Observation:
    """A showing with what it sold. ``sold_out`` marks a house at capacity: demand ≥ tickets."""

    showing: Showing
    tickets: float | None = None
    revenue: float | None = None
    sold_out: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    """What holds for a whole history: the holiday calendar and the groups effects shrink toward.

    ``member_groups`` maps a dancer (actor) to a rank; a dancer with a thin history is pulled
    toward the average of that rank. ``title_groups`` does the same for titles (genre, type).
    """

    country: str | None = None
    subdivision: str | None = None
    member_groups: Mapping[str, str] = field(default_factory=dict)
    title_groups: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Interval:
    """A central value with an 80 % prediction interval (median, mean, 10 % and 90 % quantiles)."""

    median: float
    mean: float
    lower: float
    upper: float


@dataclass(frozen=True, slots=True)
class Forecast:
    """The prediction for one showing; ``tickets`` or ``revenue`` is ``None`` if never observed."""

    id: str
    tickets: Interval | None
    revenue: Interval | None
    capacity: float | None
    sell_out_probability: float | None
