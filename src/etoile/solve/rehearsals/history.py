"""What earlier weeks delivered: the schedules already made carry into the week being planned.

A group's need for a production is spread over its rehearsal weeks. Without history the
planner assumes every earlier week delivered its even share; with the earlier schedules it
counts what their calls really gave each group (a short week is made up later, an ahead week
lightens the next), and each dancer's catch-ups (group calls held while they were away) stay
owed until a catch-up call of their own delivers them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from etoile.errors import InputError
from etoile.model.schedule import CallKind, RehearsalSchedule

CATCH_UP = ":catch-up:"


def catch_up_id(requirement_id: str, dancer_id: str) -> str:
    """The requirement id of one dancer's catch-up on a group's requirement."""
    return f"{requirement_id}{CATCH_UP}{dancer_id}"


def is_catch_up_id(requirement_id: str) -> bool:
    """True for the id of a dancer's catch-up requirement."""
    return CATCH_UP in requirement_id


@dataclass(frozen=True)
class RehearsalHistory:
    """Earlier weeks of one company: which weeks, minutes delivered per requirement id, and
    catch-up minutes still owed per (group requirement id, dancer)."""

    weeks: frozenset[date] = frozenset()
    delivered: Mapping[str, int] = field(default_factory=dict)
    owed: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def weeks_between(self, first: date, before: date) -> int:
        """How many of the known weeks start on or after ``first`` and before ``before``."""
        return sum(1 for w in self.weeks if first <= w < before)


def history_of(
    schedules: Sequence[tuple[str, RehearsalSchedule]], company_id: str, week_start: date
) -> RehearsalHistory:
    """The history in earlier schedules (each with the file it came from, for errors).

    Each must be the same company's and an earlier week, and no week may come twice: a
    schedule of the wrong company or week would silently distort the hours due.
    """
    weeks: set[date] = set()
    delivered: dict[str, int] = defaultdict(int)
    missed: dict[tuple[str, str], int] = defaultdict(int)
    for source, schedule in schedules:
        if schedule.company_id != company_id:
            raise InputError(
                f"{source}: company_id {schedule.company_id!r} is not the company being "
                f"scheduled ({company_id!r})"
            )
        if schedule.week_start >= week_start:
            raise InputError(
                f"{source}: week_start {schedule.week_start} is not before the week being "
                f"scheduled ({week_start})"
            )
        if schedule.week_start in weeks:
            raise InputError(f"{source}: week_start {schedule.week_start} is given twice")
        weeks.add(schedule.week_start)
        for call in schedule.calls:
            if call.requirement_id is not None and call.kind is CallKind.REHEARSAL:
                delivered[call.requirement_id] += call.minutes
        for short in schedule.catch_ups:
            if not is_catch_up_id(short.requirement_id):  # missed group calls only
                missed[short.requirement_id, short.dancer_id or ""] += short.minutes_missing
    owed = {
        (req, dancer): minutes - delivered.get(catch_up_id(req, dancer), 0)
        for (req, dancer), minutes in missed.items()
    }
    return RehearsalHistory(
        weeks=frozenset(weeks),
        delivered=dict(delivered),
        owed={key: minutes for key, minutes in owed.items() if minutes > 0},
    )
