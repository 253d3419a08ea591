"""Why a week cannot hold what it must: capacity checks before solving, reasons for shortfalls.

Each reason is one sentence a rehearsal director can act on, naming the group, the hours, the
deadline and the resource that runs out ("Giselle · Act 2 · second cast needs 6 h 00 before
2027-03-14, but its ballet masters are free only 4 h 00 this week"). A dancer's catch-up names
the dancer and why they were away ("Giselle · Act 1 · first cast · catch-up: Ana Lopez — 3 h 00
missed: Ana Lopez is injured until 2027-03-04; catch-up after return").
"""

from __future__ import annotations

from collections import defaultdict

from etoile.model.schedule import RehearsalSchedule, Shortfall
from etoile.solve.rehearsals.history import is_catch_up_id
from etoile.solve.rehearsals.week_problem import CallSpec, WeekProblem, away_reason


def _hm(minutes: float) -> str:
    return f"{int(minutes) // 60} h {int(minutes) % 60:02d}"


def _master_minutes(problem: WeekProblem, master_ids: tuple[str, ...]) -> int:
    return sum(
        b.end - b.start
        for m in master_ids
        for b in problem.blocks
        if b.day in problem.master_days[m]
    )


def _days_of(problem: WeekProblem, call: CallSpec) -> set[int]:
    return {problem.blocks[b].day for b, _, _ in call.windows}


def _pianist_minutes(problem: WeekProblem, days: set[int]) -> int | None:
    """Pianist-minutes of the rehearsal blocks on ``days`` (None: no pianist limit)."""
    if problem.pianists_on is None:
        return None
    return sum(
        problem.pianists_on.get(b.day, 0) * (b.end - b.start)
        for b in problem.blocks
        if b.day in days
    )


def _group_of(problem: WeekProblem) -> dict[str, list[CallSpec]]:
    groups: dict[str, list[CallSpec]] = defaultdict(list)
    for call in problem.calls:
        groups[call.requirement_id or call.id].append(call)
    return groups


def call_reason(problem: WeekProblem, call: CallSpec) -> str | None:
    """Why a call can go nowhere at all, if that is so."""
    if call.venue_id is None and not call.master_ids:
        return f"no ballet master rehearses {problem.season.work(call.work_id).title}"
    if call.venue_id is None and not call.studio_ids:
        biggest = max((s.capacity for s in problem.studios), default=0)
        return f"it calls {len(call.dancer_ids)} dancers and the largest studio holds {biggest}"
    if (
        call.venue_id is None
        and call.windows
        and _pianist_minutes(problem, _days_of(problem, call)) == 0
    ):
        return "no pianist works on the days it could be rehearsed"
    if not call.windows:
        days = {d for m in call.master_ids for d in problem.master_days[m]} or set(
            problem.work_days
        )
        if all(not problem.here(d, day) for d in call.dancer_ids for day in days):
            first = min(days, default=0)
            whys = [
                away_reason(problem.season, problem.company.id, d, problem.day_of(first))
                for d in call.dancer_ids[:3]
            ]
            return f"none of its dancers is here on its ballet masters' days ({'; '.join(whys)})"
        return "no day this week has a ballet master free and a long enough time slot"
    return None


def precheck(problem: WeekProblem) -> list[str]:
    """Reasons the week cannot be complete, found without solving."""
    reasons: list[str] = []
    for calls in _group_of(problem).values():
        first = calls[0]
        need = sum(c.minutes for c in calls)
        why = call_reason(problem, first)
        if why is not None:
            reasons.append(f"{first.label} needs {_hm(need)} before {first.deadline}, but {why}")
    by_work: dict[str, list[CallSpec]] = defaultdict(list)
    for call in problem.calls:
        if call.master_ids:
            by_work[call.work_id].append(call)
    for work_id, calls in by_work.items():
        need = sum(c.minutes for c in calls)
        free = _master_minutes(problem, calls[0].master_ids)
        if need > free:
            title = problem.season.work(work_id).title
            reasons.append(
                f"{title} needs {_hm(need)} of calls this week, but its ballet masters are "
                f"free only {_hm(free)}"
            )
    studio_need = sum(c.minutes for c in problem.calls if c.venue_id is None)
    piano_free = _pianist_minutes(problem, set(problem.work_days))
    if piano_free is not None and studio_need > piano_free:
        reasons.append(
            f"the studio calls need {_hm(studio_need)} at the piano this week, but the pianists "
            f"are free only {_hm(piano_free)}"
        )
    by_dancer: dict[str, int] = defaultdict(int)
    for call in problem.calls:
        days = _days_of(problem, call)
        for dancer in call.dancer_ids:
            if any(problem.here(dancer, day) for day in days):
                by_dancer[dancer] += call.minutes
    for dancer, need in sorted(by_dancer.items()):
        if need > problem.week_cap:
            name = problem.season.dancer(dancer).name
            reasons.append(
                f"{name} is called for {_hm(need)} this week, over the "
                f"{_hm(problem.week_cap)} weekly limit"
            )
    return reasons


def explain_shortfalls(problem: WeekProblem, schedule: RehearsalSchedule) -> list[str]:
    """One reason per shortfall: the first resource found exhausted for that group."""
    specs = _group_of(problem)
    booked: dict[str, int] = defaultdict(int)
    master_booked: dict[str, int] = defaultdict(int)
    played: dict[int, int] = defaultdict(int)  # day of the week → studio minutes at the piano
    for call in schedule.calls:
        if call.kind.value == "class":
            continue
        if call.pianist_id:
            played[(call.start.date() - problem.week_start).days] += call.minutes
        for dancer in call.dancer_ids:
            booked[dancer] += call.minutes
        if call.ballet_master_id:
            master_booked[call.ballet_master_id] += call.minutes
    reasons = []
    for short in schedule.shortfalls:
        if short.dancer_id is not None and not is_catch_up_id(short.requirement_id):
            reasons.append(catch_up_reason(problem, schedule, short))
            continue
        calls = specs.get(short.requirement_id, [])
        head = f"{short.label} needs {_hm(short.minutes_missing)} more before {short.deadline}"
        why = call_reason(problem, calls[0]) if calls else None
        if why is None and calls:
            full = [
                d for d in calls[0].dancer_ids if booked[d] + calls[0].minutes > problem.week_cap
            ]
            free = _master_minutes(problem, calls[0].master_ids) - sum(
                master_booked[m] for m in calls[0].master_ids
            )
            if full:
                why = f"{problem.season.dancer(full[0]).name} has reached the weekly limit"
            elif calls[0].master_ids and free < short.minutes_missing:
                why = f"its ballet master is free only {_hm(max(0, free))} more this week"
            elif (piano := _pianist_left(problem, calls[0], played)) is not None and (
                piano < short.minutes_missing
            ):
                why = f"the pianists are free only {_hm(max(0, piano))} more on its days"
            elif problem.pianists_on is not None and calls[0].venue_id is None:
                why = (
                    "its dancers' other calls, show evenings, daily limits and the pianists' "
                    "other calls leave no common slot"
                )
            else:
                why = (
                    "its dancers' other calls, show evenings and daily limits leave no common slot"
                )
        reasons.append(f"{head}, but {why}")
    return reasons


def _pianist_left(problem: WeekProblem, call: CallSpec, played: dict[int, int]) -> int | None:
    """Pianist-minutes still free on the days a studio call could go (None: no limit)."""
    days = _days_of(problem, call)
    total = _pianist_minutes(problem, days) if call.venue_id is None else None
    return None if total is None else total - sum(played[d] for d in days)


def catch_up_reason(problem: WeekProblem, schedule: RehearsalSchedule, short: Shortfall) -> str:
    """Why a dancer owes a catch-up: the absence on the first day their group rehearsed without
    them ("… is injured until 2027-03-04; catch-up after return")."""
    assert short.dancer_id is not None
    missed = sorted(
        c.start.date()
        for c in schedule.calls
        if c.requirement_id == short.requirement_id and short.dancer_id not in c.dancer_ids
    )
    day = missed[0] if missed else problem.week_start
    why = away_reason(problem.season, problem.company.id, short.dancer_id, day)
    return f"{short.label} — {_hm(short.minutes_missing)} missed: {why}; catch-up after return"
