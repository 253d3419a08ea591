"""Time-of-year and public-holiday drivers, from the maintained ``holidays`` calendars.

A weekly record covers seven days, so it carries every holiday in its week; a performance day
carries its own holiday and flags the eve of one (a night before a day off sells differently).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

import holidays

from etoile.errors import InputError


@lru_cache(maxsize=256)
def _calendar(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    try:
        cal = holidays.country_holidays(country, subdiv=subdivision, years=[year])
    except NotImplementedError as exc:
        raise InputError(f"holiday calendar: country {country!r}: {exc}") from exc
    return {d: name.split(";")[0].replace(" (observed)", "").strip() for d, name in cal.items()}


def holiday_name(day: date, country: str | None, subdivision: str | None = None) -> str | None:
    """The public holiday on ``day`` (observed days folded into the holiday), if any."""
    if not country:
        return None
    return _calendar(country, subdivision, day.year).get(day)


def holidays_in_period(
    last_day: date, period_days: int, country: str | None, subdivision: str | None = None
) -> list[str]:
    """Holiday names in the ``period_days`` ending on ``last_day`` (and, for a day, its eve)."""
    names: list[str] = []
    for back in range(period_days):
        name = holiday_name(last_day - timedelta(days=back), country, subdivision)
        if name:
            names.append(name)
    if period_days == 1:
        eve = holiday_name(last_day + timedelta(days=1), country, subdivision)
        if eve:
            names.append(f"eve of {eve}")
    return names


def week_of_year(day: date) -> int:
    """ISO week number (1…53): the grain at which seasonality is learned."""
    return day.isocalendar()[1]


def fourier(day: date, harmonics: int = 2) -> list[float]:
    """Smooth time-of-year terms, so that weeks with little history borrow from their neighbours."""
    phase = 2.0 * math.pi * (day.timetuple().tm_yday - 1) / 365.25
    out: list[float] = []
    for k in range(1, harmonics + 1):
        out += [math.sin(k * phase), math.cos(k * phase)]
    return out
