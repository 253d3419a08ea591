"""An independent check of a rehearsal schedule: plain Python, no solver, every rule named.

It re-reads the limits from the company's ``LabourRules`` and the season (absences, masters,
pianists, studios, show evenings), so a bug in the model or a hand-edited schedule shows up as named
violations: rule, day, who (dancer, studio or master) and a message. A call never calls a
dancer who is away that day; given the groups, a group's call calls every member who is here,
and every member it went ahead without has their catch-up reported in the schedule.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from etoile.model import LabourRules, Season
from etoile.model.rulesets import week_rules_for
from etoile.model.schedule import Call, CallKind, RehearsalSchedule, place_of

REHEARSING = (CallKind.REHEARSAL, CallKind.STAGE, CallKind.DRESS)


@dataclass(frozen=True)
class Violation:
    """One broken rule."""

    rule: str
    day: date | None
    who: str
    message: str

    def __str__(self) -> str:
        when = f" on {self.day.isoformat()}" if self.day else ""
        return f"[{self.rule}]{when} {self.who}: {self.message}"


@dataclass(frozen=True)
class Context:
    """What the checks read: season, schedule, rules, show evenings, dues."""

    season: Season
    schedule: RehearsalSchedule
    labour: LabourRules
    shows: Mapping[str, Sequence[datetime]]
    dues: Mapping[str, tuple[str, int]]
    show_call_minutes: int
    groups: Mapping[str, Sequence[str]]
    travel_minutes: int


def _hm(minutes: float) -> str:
    return f"{int(minutes) // 60} h {int(minutes) % 60:02d}"


def _overlaps(calls: Sequence[Call]) -> Iterator[tuple[Call, Call]]:
    ordered = sorted(calls, key=lambda c: c.start)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.start >= a.end:
                break
            yield a, b


def _by(calls: Sequence[Call], key: str) -> dict[str, list[Call]]:
    found: dict[str, list[Call]] = defaultdict(list)
    for call in calls:
        value = getattr(call, key)
        if value is not None:
            found[value].append(call)
    return found


def _double_booked(rule: str, calls: Sequence[Call], key: str) -> Iterator[Violation]:
    """Two calls at once in one room, or for one ballet master or pianist (``key``)."""
    for who, theirs in _by(calls, key).items():
        for a, b in _overlaps(theirs):
            yield Violation(rule, a.start.date(), who, f"{a.id} and {b.id} overlap")


def _dancer_days(ctx: Context) -> dict[tuple[str, date], list[Call]]:
    found: dict[tuple[str, date], list[Call]] = defaultdict(list)
    for call in ctx.schedule.calls:
        for dancer in call.dancer_ids:
            found[dancer, call.start.date()].append(call)
    return found


def one_call_per_room(ctx: Context) -> Iterator[Violation]:
    """Studios and the theatre hold one call at a time."""
    for key, rule in (
        ("studio_id", "studio one call at a time"),
        ("venue_id", "theatre one call at a time"),
    ):
        yield from _double_booked(rule, ctx.schedule.calls, key)


def studio_size(ctx: Context) -> Iterator[Violation]:
    """A studio holds no more dancers than its capacity."""
    studios = {s.id: s for s in ctx.season.studios}
    for call in ctx.schedule.calls:
        studio = studios.get(call.studio_id or "")
        if studio is not None and len(call.dancer_ids) > studio.capacity:
            yield Violation(
                "studio size",
                call.start.date(),
                studio.id,
                f"{call.id} calls {len(call.dancer_ids)} dancers, the room holds {studio.capacity}",
            )


def ballet_masters(ctx: Context) -> Iterator[Violation]:
    """Every rehearsal has a master who knows the work, works that day and runs one call at a time."""
    masters = {m.id: m for m in ctx.season.ballet_masters}
    for call in ctx.schedule.calls:
        day = call.start.date()
        if call.kind is CallKind.REHEARSAL and call.ballet_master_id is None:
            yield Violation("ballet master required", day, call.id, "no ballet master")
        master = masters.get(call.ballet_master_id or "")
        if master is None:
            continue
        if call.work_id is not None and call.work_id not in master.work_ids:
            yield Violation(
                "ballet master works",
                day,
                master.id,
                f"does not rehearse {call.work_id} ({call.id})",
            )
        if not master.available_on(day):
            yield Violation(
                "ballet master availability", day, master.id, f"not available for {call.id}"
            )
    yield from _double_booked(
        "ballet master one call at a time", ctx.schedule.calls, "ballet_master_id"
    )


def pianists(ctx: Context) -> Iterator[Violation]:
    """Every studio rehearsal has a pianist of the company who works that day and plays one
    call at a time (only for a company that lists pianists)."""
    company_id = ctx.schedule.company_id
    known = {p.id: p for p in ctx.season.pianists if p.company_id == company_id}
    if not known:
        return
    played = [c for c in ctx.schedule.calls if c.kind is CallKind.REHEARSAL and c.studio_id]
    for call in played:
        day = call.start.date()
        pianist = known.get(call.pianist_id or "")
        if call.pianist_id is None:
            yield Violation("pianist required", day, call.id, "no pianist")
        elif pianist is None:
            yield Violation("pianist required", day, call.id, f"unknown pianist {call.pianist_id}")
        elif not pianist.available_on(day):
            yield Violation("pianist availability", day, pianist.id, f"not working for {call.id}")
    yield from _double_booked("pianist one call at a time", played, "pianist_id")


def dancer_one_place(ctx: Context) -> Iterator[Violation]:
    """A dancer is in one place at a time."""
    for (dancer, day), calls in _dancer_days(ctx).items():
        for a, b in _overlaps(calls):
            yield Violation("dancer one place at a time", day, dancer, f"{a.id} and {b.id} overlap")


def time_between_places(ctx: Context) -> Iterator[Violation]:
    """A dancer's calls at two places (a studio building, a theatre) leave time to get there
    (overlapping calls are ``dancer_one_place``'s to report)."""
    gap = timedelta(minutes=ctx.travel_minutes)
    sites = {s.id: s.site for s in ctx.season.studios}
    for (dancer, day), calls in _dancer_days(ctx).items():
        placed = sorted((c for c in calls if c.kind is not CallKind.CLASS), key=lambda c: c.start)
        for i, a in enumerate(placed):
            for b in placed[i + 1 :]:
                if place_of(a, sites) != place_of(b, sites) and a.end <= b.start < a.end + gap:
                    yield Violation(
                        "time between places", day, dancer,
                        f"{a.id} ends {_hm((b.start - a.end).total_seconds() // 60)} before "
                        f"{b.id} elsewhere (at least {_hm(ctx.travel_minutes)})",
                    )  # fmt: skip


def _here(ctx: Context, dancer_id: str, day: date) -> bool:
    return (
        ctx.season.dancer(dancer_id).available_on(day)
        and ctx.season.company_of_dancer_on(dancer_id, day) == ctx.schedule.company_id
    )


def dancer_availability(ctx: Context) -> Iterator[Violation]:
    """Dancers are called only when under contract, not absent, and working for this company."""
    for (dancer_id, day), calls in _dancer_days(ctx).items():
        if not _here(ctx, dancer_id, day):
            yield Violation(
                "dancer availability", day, dancer_id, f"unavailable but called to {calls[0].id}"
            )


def working_day(ctx: Context) -> Iterator[Violation]:
    """Calls lie between the day's start and end."""
    lab = ctx.labour
    for call in ctx.schedule.calls:
        if (
            call.start.time() < lab.day_start
            or call.end.time() > lab.day_end
            or call.end.date() != call.start.date()
        ):
            yield Violation(
                "working day",
                call.start.date(),
                call.id,
                f"{call.start:%H:%M}–{call.end:%H:%M} outside {lab.day_start:%H:%M}–{lab.day_end:%H:%M}",
            )


def daily_limits(ctx: Context) -> Iterator[Violation]:
    """Span of the day, rehearsal hours a day, danced time, show-day limit and rest before a show."""
    lab = ctx.labour
    for (dancer, day), calls in _dancer_days(ctx).items():
        span = (max(c.end for c in calls) - min(c.start for c in calls)).total_seconds() / 60
        if span > lab.max_span_hours * 60:
            yield Violation(
                "span of the working day", day, dancer, f"{_hm(span)} from first to last call"
            )
        rehearsed = sum(c.minutes for c in calls if c.kind in REHEARSING)
        if rehearsed > lab.max_rehearsal_hours_per_day * 60:
            yield Violation(
                "max rehearsal hours per day", day, dancer, f"{_hm(rehearsed)} of rehearsal"
            )
        danced = sum(c.minutes for c in calls)
        if lab.max_danced_hours_per_day is not None and danced > lab.max_danced_hours_per_day * 60:
            yield Violation("danced time per day", day, dancer, f"{_hm(danced)} danced incl. class")
        curtains = [t for t in ctx.shows.get(dancer, ()) if t.date() == day]
        if not curtains:
            continue
        if rehearsed > lab.max_rehearsal_hours_show_day * 60:
            yield Violation(
                "show-day rehearsal limit",
                day,
                dancer,
                f"{_hm(rehearsed)} of rehearsal on a show day",
            )
        called = min(curtains) - timedelta(minutes=ctx.show_call_minutes)
        latest = called - timedelta(minutes=lab.rest_before_show_minutes)
        for call in calls:
            if call.end > latest:
                yield Violation(
                    "rest before show",
                    day,
                    dancer,
                    f"{call.id} ends {call.end:%H:%M}, show call {called:%H:%M}",
                )


def meal_break(ctx: Context) -> Iterator[Violation]:
    """No run of rehearsal calls (gaps shorter than the meal break) longer than the threshold."""
    lab = ctx.labour
    gap = timedelta(minutes=lab.meal_break_minutes)
    for (dancer, day), calls in _dancer_days(ctx).items():
        runs = sorted((c for c in calls if c.kind in REHEARSING), key=lambda c: c.start)
        if not runs:
            continue
        first, last = runs[0].start, runs[0].end
        for call in [*runs[1:], None]:
            if call is not None and call.start - last < gap:
                last = max(last, call.end)
                continue
            stretch = (last - first).total_seconds() / 60
            if stretch > lab.meal_break_after_hours * 60:
                yield Violation(
                    "meal break",
                    day,
                    dancer,
                    f"{_hm(stretch)} of calls without a {lab.meal_break_minutes}-min break",
                )
            if call is not None:
                first, last = call.start, call.end


def breaks_and_services(ctx: Context) -> Iterator[Violation]:
    """Each call holds the breaks owed per hour and is no longer than one service."""
    lab = ctx.labour
    for call in ctx.schedule.calls:
        if call.kind not in REHEARSING:
            continue
        owed = math.ceil(call.minutes / 60) * lab.break_minutes_per_hour
        if call.break_minutes < owed:
            yield Violation(
                "breaks per hour",
                call.start.date(),
                call.id,
                f"{call.break_minutes} min of breaks, {owed} owed",
            )
        if (
            lab.max_service_hours is not None
            and call.kind is CallKind.REHEARSAL
            and call.minutes > lab.max_service_hours * 60
        ):
            yield Violation(
                "service length", call.start.date(), call.id, f"{_hm(call.minutes)} in one service"
            )


def weekly_limits(ctx: Context) -> Iterator[Violation]:
    """Rehearsal hours a week and free days a week, per dancer."""
    lab = ctx.labour
    week: dict[str, int] = defaultdict(int)
    days: dict[str, set[date]] = defaultdict(set)
    for (dancer, day), calls in _dancer_days(ctx).items():
        week[dancer] += sum(c.minutes for c in calls if c.kind in REHEARSING)
        days[dancer].add(day)
    start = ctx.schedule.week_start
    for dancer, curtains in ctx.shows.items():
        days[dancer] |= {t.date() for t in curtains if 0 <= (t.date() - start).days < 7}
    for dancer, minutes in week.items():
        if minutes > lab.max_rehearsal_hours_per_week * 60:
            yield Violation(
                "max rehearsal hours per week", None, dancer, f"{_hm(minutes)} of rehearsal"
            )
    for dancer, worked in days.items():
        shows = {t.date() for t in ctx.shows.get(dancer, ())}
        if len(worked) > max(7 - lab.free_days_per_week, len(shows)):
            yield Violation("free days per week", None, dancer, f"works {len(worked)} days of 7")


def rehearsal_due(ctx: Context) -> Iterator[Violation]:
    """Every requirement gets the minutes due this week."""
    got: dict[str, int] = defaultdict(int)
    for call in ctx.schedule.calls:
        if call.requirement_id is not None:
            got[call.requirement_id] += call.minutes
    for req_id, (label, due) in ctx.dues.items():
        if got[req_id] < due:
            yield Violation(
                "rehearsal hours due", None, label, f"{_hm(due - got[req_id])} short of {_hm(due)}"
            )


def catch_ups(ctx: Context) -> Iterator[Violation]:
    """A group's call calls every member here that day; the members it went ahead without
    (absent) have at least the minutes they missed reported as their catch-up."""
    owed: dict[tuple[str, str], int] = defaultdict(int)
    for call in ctx.schedule.calls:
        members = ctx.groups.get(call.requirement_id or "")
        if members is None:
            continue
        day = call.start.date()
        called = set(call.dancer_ids)
        for dancer in members:
            if dancer in called:
                continue
            if _here(ctx, dancer, day):
                yield Violation("group member left out", day, dancer, f"here but not in {call.id}")
            else:
                owed[call.requirement_id or "", dancer] += call.minutes
    reported: dict[tuple[str, str], int] = defaultdict(int)
    for short in ctx.schedule.shortfalls:
        if short.dancer_id is not None:
            reported[short.requirement_id, short.dancer_id] += short.minutes_missing
    for (req_id, dancer), minutes in owed.items():
        if reported[req_id, dancer] < minutes:
            yield Violation(
                "catch-up reported",
                None,
                dancer,
                f"missed {_hm(minutes)} of {req_id} while away; "
                f"{_hm(reported[req_id, dancer])} reported",
            )


CHECKS = (
    one_call_per_room,
    studio_size,
    ballet_masters,
    pianists,
    dancer_one_place,
    time_between_places,
    dancer_availability,
    working_day,
    daily_limits,
    meal_break,
    breaks_and_services,
    weekly_limits,
    rehearsal_due,
    catch_ups,
)


def validate_schedule(
    season: Season,
    schedule: RehearsalSchedule,
    shows: Mapping[str, Sequence[datetime]] | None = None,
    dues: Mapping[str, tuple[str, int]] | None = None,
    show_call_minutes: int = 60,
    groups: Mapping[str, Sequence[str]] | None = None,
    travel_minutes: int | None = None,
) -> list[Violation]:
    """Every broken rule of a schedule. ``shows``: dancer → curtain times of their shows;
    ``dues``: requirement id → (label, minutes due this week); ``groups``: requirement id →
    the group's dancers (to check that absent members' catch-ups are reported);
    ``travel_minutes``: least time between calls at two places (default: the rule set's)."""
    company = season.company(schedule.company_id)
    if travel_minutes is None:
        travel_minutes = week_rules_for(company).minutes_between_locations
    ctx = Context(
        season,
        schedule,
        company.labour_rules,
        shows or {},
        dues or {},
        show_call_minutes,
        groups or {},
        travel_minutes,
    )
    return [v for check in CHECKS for v in check(ctx)]


def waiting_minutes(schedule: RehearsalSchedule) -> int:
    """Dancers' idle time: per dancer and day, first call to last call minus time called (class
    excluded: a dancer is not waiting between morning class and a later rehearsal)."""
    days: dict[tuple[str, date], list[Call]] = defaultdict(list)
    for call in schedule.calls:
        if call.kind in REHEARSING:
            for dancer in call.dancer_ids:
                days[dancer, call.start.date()].append(call)
    total = 0.0
    for calls in days.values():
        ordered = sorted(calls, key=lambda c: c.start)
        span = (max(c.end for c in ordered) - ordered[0].start).total_seconds() / 60
        busy, reach = 0.0, ordered[0].start
        for call in ordered:
            if call.end > reach:
                busy += (call.end - max(call.start, reach)).total_seconds() / 60
                reach = call.end
        total += span - busy
    return round(total)
