"""A rehearsal schedule: every call of one company's week, as the callboard and calendars show it.

Times are tz-aware (the company's zone), so a schedule can be exported to calendars and
compared across companies without guessing offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, Field, model_validator

from etoile.model.common import Contract, Id

STUDIOS = "studios"  # the place of a studio call whose room has no site (the company's building)


class CallKind(StrEnum):
    """What a call is: company class, a studio rehearsal, or a stage or dress rehearsal."""

    CLASS = "class"
    REHEARSAL = "rehearsal"
    STAGE = "stage"
    DRESS = "dress"


class CallPurpose(StrEnum):
    """Who the call is for: a cast, the covers, or the whole company (class)."""

    CAST = "cast"
    COVER = "cover"
    COMPANY = "company"


class Call(Contract):
    """One call: where, when, who runs it, what is rehearsed and who is called."""

    id: Id
    kind: CallKind
    start: AwareDatetime
    end: AwareDatetime
    studio_id: Id | None = Field(default=None, description="The studio (studio calls).")
    venue_id: Id | None = Field(default=None, description="The theatre (stage/dress calls).")
    ballet_master_id: Id | None = None
    pianist_id: Id | None = Field(default=None, description="The pianist (studio rehearsals).")
    production_id: Id | None = None
    work_id: Id | None = None
    piece_ids: list[Id] = Field(default_factory=list)
    dancer_ids: list[Id] = Field(default_factory=list)
    purpose: CallPurpose = CallPurpose.CAST
    break_minutes: int = Field(0, ge=0, description="Breaks owed inside the call.")
    label: str = Field("", description="What the callboard says, e.g. 'Giselle · Act II · cast 2'.")
    requirement_id: str | None = Field(
        default=None, description="The rehearsal requirement this call serves, if any."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Call:
        if self.end <= self.start:
            raise ValueError(f"call {self.id}: end {self.end} is not after start {self.start}")
        return self

    @property
    def minutes(self) -> int:
        """Length of the call in minutes."""
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def group(self) -> tuple[object, ...]:
        """Same room, same rehearsal, same ballet master, same dancers: one group's call."""
        return (
            self.kind, self.studio_id, self.venue_id, self.label, tuple(self.piece_ids),
            self.ballet_master_id, tuple(self.dancer_ids),
        )  # fmt: skip


def place_of(call: Call, sites: Mapping[str, str | None]) -> str:
    """Where a call is, for the travel time between two places: its theatre, else its studio's
    site (``sites``: studio id → site; a room without one is in the company's building). A site
    named like a theatre's id is that theatre's building (rooms at the Palais Garnier)."""
    if call.venue_id is not None:
        return call.venue_id
    return sites.get(call.studio_id or "") or STUDIOS


def back_to_back(calls: Iterable[Call]) -> list[list[Call]]:
    """The calls (in time order) as runs: a group's calls each starting as the last one ends.

    A ballet master posts such a run as one call (11:00–12:45), and a dancer's calendar shows
    it as one event; the schedule keeps the calls apart (each owes its own break).
    """
    runs: list[list[Call]] = []
    latest: dict[tuple[object, ...], list[Call]] = {}
    for call in calls:
        run = latest.get(call.group)
        if run is not None and run[-1].end == call.start:
            run.append(call)
            continue
        run = [call]
        runs.append(run)
        latest[call.group] = run
    return runs


class Shortfall(Contract):
    """Rehearsal time a group needed this week but did not get, and why.

    With ``dancer_id`` it is one dancer's catch-up: the group's calls went ahead on days that
    dancer was absent (injury, leave, exchange), so they owe those minutes when back.
    """

    requirement_id: str
    label: str
    production_id: Id
    minutes_missing: int = Field(ge=0)
    deadline: date
    reason: str = ""
    dancer_id: Id | None = Field(
        default=None, description="Set for a dancer's catch-up; None for the whole group."
    )

    @property
    def is_catch_up(self) -> bool:
        """One absent dancer's missed minutes, not the group's."""
        return self.dancer_id is not None


class RehearsalSchedule(Contract):
    """One company's week: Monday ``week_start`` and the six or seven days that follow."""

    company_id: Id
    week_start: date
    time_zone: str
    calls: list[Call] = Field(default_factory=list)
    shortfalls: list[Shortfall] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def missing(self) -> list[Shortfall]:
        """Group shortfalls: rehearsal time a whole group did not get this week."""
        return [s for s in self.shortfalls if not s.is_catch_up]

    @property
    def catch_ups(self) -> list[Shortfall]:
        """Dancers' catch-ups: calls their group had while they were absent."""
        return [s for s in self.shortfalls if s.is_catch_up]

    def calls_on(self, day: date) -> list[Call]:
        """The calls starting on ``day`` (company time), by start time then studio."""
        found = [c for c in self.calls if c.start.date() == day]
        return sorted(found, key=lambda c: (c.start, c.studio_id or c.venue_id or ""))

    def calls_of(self, dancer_id: str) -> list[Call]:
        """A dancer's calls in time order."""
        return sorted((c for c in self.calls if dancer_id in c.dancer_ids), key=lambda c: c.start)
