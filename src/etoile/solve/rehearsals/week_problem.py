"""The week as plain data: days, time blocks, the calls to place and every dancer's limits.

Built once from the season, the requirements and the rule set; the CP-SAT model, the greedy
baseline and the explanations all read this, so they agree on what is allowed. Times are minutes
from Monday 00:00 in the company's wall-clock time; ``to_datetime`` turns them into tz-aware
datetimes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from etoile.model import BalletMaster, Company, LabourRules, Season, Studio
from etoile.model.rulesets import WeekRules
from etoile.model.schedule import STUDIOS, CallKind, CallPurpose
from etoile.solve.rehearsals.requirements import ProductionCasting, Requirement

DAY = 24 * 60
VENUE_FREE_BEFORE_CURTAIN = 120  # the stage is set for the evening show from then on


def minute_of(moment: time) -> int:
    """Minutes since midnight of a wall-clock time."""
    return moment.hour * 60 + moment.minute


def to_datetime(week_start: date, minute: int, zone: str) -> datetime:
    """Wall-clock minute of the week → tz-aware datetime in the company's zone."""
    day = week_start + timedelta(days=minute // DAY)
    wall = datetime.combine(day, time()) + timedelta(minutes=minute % DAY)
    return wall.replace(tzinfo=ZoneInfo(zone))


@dataclass(frozen=True)
class Block:
    """A stretch of a working day between class and the meal break, or after the meal break."""

    index: int
    day: int
    start: int
    end: int


@dataclass(frozen=True)
class CallSpec:
    """A call to place: what, who, how long, and where/when it may go."""

    id: str
    kind: CallKind
    production_id: str
    work_id: str
    piece_ids: tuple[str, ...]
    dancer_ids: tuple[str, ...]
    purpose: CallPurpose
    minutes: int
    break_minutes: int
    windows: tuple[tuple[int, int, int], ...]  # (block index, earliest start, latest end)
    studio_ids: tuple[str, ...]
    venue_id: str | None
    master_ids: tuple[str, ...]
    label: str
    deadline: date
    requirement_id: str | None = None
    weight: int = 1


@dataclass
class WeekProblem:
    """Everything the week's solvers need, with each dancer's and master's limits precomputed."""

    season: Season
    company: Company
    labour: LabourRules
    rules: WeekRules
    week_start: date
    work_days: tuple[int, ...]
    blocks: list[Block]
    calls: list[CallSpec]
    requirements: list[Requirement]
    studios: list[Studio]
    masters: list[BalletMaster]
    master_days: dict[str, set[int]]
    # day → pianists working that day; None when the company lists no pianists (no limit)
    pianists_on: dict[int, int] | None
    performing: dict[tuple[str, int], int]  # (dancer, day) → curtain minute of the week
    unavailable: dict[str, set[int]]  # dancer → days they cannot work
    notes: list[str] = field(default_factory=list)
    # requirement → its dancers away all week (left out of its calls, owing them as catch-ups)
    left_out: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def zone(self) -> str:
        return self.company.time_zone

    @functools.cached_property
    def studio_sites(self) -> dict[str, str | None]:
        """Studio id → its site (read on every room the greedy week and the model consider)."""
        return {s.id: s.site for s in self.studios}

    def site_of(self, studio_id: str) -> str:
        """The building a studio is in (``STUDIOS``: the company's, when it names none)."""
        return self.studio_sites.get(studio_id) or STUDIOS

    def places_of(self, call: CallSpec) -> frozenset[str]:
        """Where a call may be: its theatre, or the buildings of the studios it fits in."""
        if call.venue_id is not None:
            return frozenset((call.venue_id,))
        return frozenset(self.site_of(s) for s in call.studio_ids)

    def day_of(self, index: int) -> date:
        return self.week_start + timedelta(days=index)

    def here(self, dancer_id: str, day: int) -> bool:
        """True when the dancer can work for this company on ``day`` of the week."""
        return day not in self.unavailable.get(dancer_id, ())

    def called(self, call: CallSpec, day: int) -> tuple[str, ...]:
        """Who a call placed on ``day`` calls: its dancers who are here that day.

        A dancer absent that day does not stop the call; they catch up when back.
        """
        return tuple(d for d in call.dancer_ids if self.here(d, day))

    def missed_by(self, call: CallSpec, day: int) -> tuple[str, ...]:
        """The call's dancers absent on ``day`` (each owes the call's minutes as a catch-up)."""
        return tuple(d for d in call.dancer_ids if not self.here(d, day))

    def class_window(self, day: int) -> tuple[int, int]:
        start = day * DAY + minute_of(self.labour.class_start)
        return start, start + self.labour.class_minutes

    def day_cap(self, dancer_id: str, day: int) -> int:
        """Rehearsal minutes a dancer may be called on a day (daily, danced-time, show-day caps)."""
        labour = self.labour
        cap = labour.max_rehearsal_hours_per_day * 60
        if labour.max_danced_hours_per_day is not None:
            cap = min(cap, labour.max_danced_hours_per_day * 60 - labour.class_minutes)
        if (dancer_id, day) in self.performing:
            cap = min(cap, labour.max_rehearsal_hours_show_day * 60)
        return int(cap)

    @property
    def stretch_cap(self) -> int:
        """Longest run of rehearsal calls before the meal break is owed."""
        return int(self.labour.meal_break_after_hours * 60)

    @property
    def week_cap(self) -> int:
        return int(self.labour.max_rehearsal_hours_per_week * 60)

    @property
    def max_work_days(self) -> int:
        return 7 - self.labour.free_days_per_week

    def latest_end(self, dancer_id: str, day: int) -> int | None:
        """Last minute a performing dancer may be in a call (rest before the show call)."""
        curtain = self.performing.get((dancer_id, day))
        if curtain is None:
            return None
        return (
            curtain
            - self.rules.show_call_before_curtain_minutes
            - self.labour.rest_before_show_minutes
        )


def away_reason(season: Season, company_id: str, dancer_id: str, day: date) -> str:
    """Why a dancer cannot work for the company on ``day``, as a callboard sentence."""
    dancer = season.dancer(dancer_id)
    for absence in dancer.absences:
        if absence.contains(day):
            what = {"injury": "is injured", "leave": "is on leave"}.get(
                absence.kind.value, "is away"
            )
            note = f" ({absence.note})" if absence.note else ""
            return f"{dancer.name} {what}{note} until {absence.end.isoformat()}"
    if not dancer.contract.contains(day):
        return f"{dancer.name} is not under contract on {day.isoformat()}"
    host = season.company_of_dancer_on(dancer_id, day)
    if host != company_id:
        return f"{dancer.name} is with {season.company(host).name} (exchange) that day"
    if dancer.company_id != company_id:
        return f"{dancer.name} is back with {season.company(dancer.company_id).name} that day"
    return f"{dancer.name} is unavailable on {day.isoformat()}"


def _ceil_to(value: float, step: int) -> int:
    return int(math.ceil(value / step) * step)


def make_blocks(labour: LabourRules, rules: WeekRules, work_days: Sequence[int]) -> list[Block]:
    """Two blocks a working day: class end → meal, meal end → end of day (or span).

    No block is longer than the meal-break threshold, so no run of calls inside one can break
    the meal rule whatever the gaps between calls.
    """
    slot = rules.slot_minutes
    class_end = minute_of(labour.class_start) + labour.class_minutes
    first = _ceil_to(class_end, slot)
    last = min(
        minute_of(labour.day_end), minute_of(labour.class_start) + int(labour.max_span_hours * 60)
    )
    last -= last % slot
    meal = labour.meal_break_minutes
    before = min(int(labour.meal_break_after_hours * 60), max(0, (last - first - meal) // 2))
    before -= before % slot
    blocks: list[Block] = []
    for day in work_days:
        base = day * DAY
        after = first + before + meal
        cap = int(labour.meal_break_after_hours * 60)  # a block never outlasts the meal threshold
        spans = [(first, first + before), (after, min(last, after + cap - cap % slot))]
        if last - first <= labour.meal_break_after_hours * 60:
            spans = [(first, last)]  # a short day owes no meal break
        for lo, hi in spans:
            if hi > lo:
                blocks.append(Block(len(blocks), day, base + lo, base + hi))
    return blocks


def performers_by_day(
    season: Season,
    company: Company,
    castings: Sequence[ProductionCasting],
    week_start: date,
    assigned: Mapping[str, Sequence[str]] | None = None,
) -> dict[tuple[str, int], int]:
    """Who dances which evening of the week: the plan's assignment, the recorded cast, or the
    casts in rotation (performance i of a run danced by cast i mod n, with the corps)."""
    by_production = {c.production_id: c for c in castings}
    found: dict[tuple[str, int], int] = {}
    for production in season.productions_of(company.id):
        for index, perf in enumerate(season.run(production.id)):
            local = perf.local_start(company.time_zone)
            day = (local.date() - week_start).days
            if not 0 <= day < 7:
                continue
            if assigned is not None and perf.id in assigned:
                dancers: Sequence[str] = assigned[perf.id]
            elif perf.cast:
                dancers = [m.dancer_id for m in perf.cast]
            elif production.id in by_production and by_production[production.id].casts:
                casts = by_production[production.id].casts
                chosen = casts[index % len(casts)]
                work = season.work(production.work_id)
                corps = [r.id for r in work.roles if not r.is_lead]
                dancers = [d for r, ds in chosen.items() for d in ds]
                dancers += [d for cast in casts for r in corps for d in cast.get(r, ())]
            else:
                continue
            curtain = day * DAY + local.hour * 60 + local.minute
            for dancer_id in dancers:
                key = (dancer_id, day)
                found[key] = min(found.get(key, curtain), curtain)
    return found
