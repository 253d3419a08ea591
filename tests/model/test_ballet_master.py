"""A ballet master runs calls on their working weekdays, except on days they are away."""

from __future__ import annotations

from datetime import date, timedelta

from etoile.model import BalletMaster
from etoile.model.common import DateRange


def test_a_master_is_available_on_working_weekdays_outside_their_leave() -> None:
    monday = date(2027, 3, 1)
    leave = DateRange(start=monday + timedelta(days=2), end=monday + timedelta(days=3))
    master = BalletMaster(
        id="m", company_id="co", name="Ana", weekdays=[0, 1, 2, 3, 4], unavailable=[leave]
    )
    week = [monday + timedelta(days=i) for i in range(7)]
    assert [master.available_on(day) for day in week] == [
        True,  # Monday
        True,
        False,  # Wednesday and Thursday: on leave
        False,
        True,  # Friday
        False,  # the weekend is not a working weekday
        False,
    ]
