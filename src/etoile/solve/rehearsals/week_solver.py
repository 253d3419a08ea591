"""Solve a week: greedy hint → rounds of CP-SAT (the whole week, then each day on its own) →
placements → a ``RehearsalSchedule`` with class calls.

Progress goes to an optional callback (the CLI prints it on stderr); the solver never raises on
a partial week, it reports the missing minutes as shortfalls that ``explain`` turns into reasons."""

from __future__ import annotations

import dataclasses
import time as clock
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from etoile.model.schedule import Call, CallKind, CallPurpose, RehearsalSchedule, Shortfall
from etoile.solve.rehearsals.validate import waiting_minutes
from etoile.solve.rehearsals.week_greedy import Placement, greedy_week
from etoile.solve.rehearsals.week_model import WeekVars, build_model
from etoile.solve.rehearsals.week_pianists import assign_pianists
from etoile.solve.rehearsals.week_problem import DAY, WeekProblem, to_datetime

Progress = Callable[[str], None]
FIRST_ROUND_S = 10.0  # the first whole-week round gets at least this (presolve alone takes ~2 s)


@dataclass(frozen=True)
class WeekSolution:
    """Placements and how the solve went."""

    placements: dict[str, Placement]
    status: str
    wall_s: float
    objective: float | None = None
    bound: float | None = None


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Progress) -> None:
        super().__init__()
        self._report = report
        self._t0 = clock.perf_counter()

    def on_solution_callback(self) -> None:
        elapsed = clock.perf_counter() - self._t0
        self._report(f"  {elapsed:6.1f} s  objective {self.objective_value:,.0f}")


def _hint(
    model: cp_model.CpModel, v: WeekVars, problem: WeekProblem, hint: dict[str, Placement]
) -> None:
    """Hint every variable from the greedy placements, so CP-SAT starts from a full solution."""
    spans: dict[tuple[str, int], list[int]] = {}
    for call in problem.calls:
        got = hint.get(call.id)
        model.add_hint(v.present[call.id], got is not None)
        model.add_hint(v.start[call.id], got.start if got else v.start[call.id].proto.domain[0])
        day = problem.blocks[got.block].day if got else -1
        for block, _, _ in call.windows:
            model.add_hint(v.block[call.id, block], got is not None and block == got.block)
        own = {v.block[call.id, block].index for block, _, _ in call.windows}
        for d in problem.work_days:
            lit = v.day.get((call.id, d))
            if lit is not None and lit.index not in own:
                model.add_hint(lit, d == day)
        for sid in call.studio_ids:
            if (call.id, sid) in v.studio:
                model.add_hint(v.studio[call.id, sid], got is not None and sid == got.studio_id)
        for mid in call.master_ids:
            if (call.id, mid) in v.master:
                model.add_hint(v.master[call.id, mid], got is not None and mid == got.master_id)
        if got is not None:
            for dancer in problem.called(call, day):
                lo_hi = spans.setdefault((dancer, day), [got.start, got.start + call.minutes])
                lo_hi[0] = min(lo_hi[0], got.start)
                lo_hi[1] = max(lo_hi[1], got.start + call.minutes)
    for (call_id, days), lit in v.attend.items():
        got = hint.get(call_id)
        model.add_hint(lit, got is not None and problem.blocks[got.block].day in days)
    for (call_id, dancer, place, inside), lit in v.in_rooms.items():
        got = hint.get(call_id)
        model.add_hint(
            lit,
            got is not None
            and got.studio_id is not None
            and problem.here(dancer, problem.blocks[got.block].day)
            and (problem.site_of(got.studio_id) == place) == inside,
        )
    for key, (first, last) in v.span.items():
        lo, hi = spans.get(key, [key[1] * DAY, key[1] * DAY])
        model.add_hint(first, lo)
        model.add_hint(last, hi)
        idle, subtracted = v.idle[key]
        placed = sum(
            minutes
            for call_id, minutes in subtracted
            if (got := hint.get(call_id)) is not None and problem.blocks[got.block].day == key[1]
        )
        model.add_hint(idle, hi - lo - placed)


def solve_week(
    problem: WeekProblem,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    progress: Progress | None = None,
) -> WeekSolution:
    """Best placements found within ``time_limit`` seconds (the greedy ones if CP-SAT finds none).

    Rounds until the time is up: CP-SAT on the whole week for half the time left (the first
    round at least ``FIRST_ROUND_S``), from the greedy week and then from the last round's;
    then each day re-timed on its own (:func:`retime_days`), kept if the dancers wait less. A
    proven week ends the rounds.
    """
    t0 = clock.perf_counter()
    greedy = greedy_week(problem)
    fitted = greedy_week(problem, best_fit=True)
    if len(fitted) >= len(greedy):
        greedy = fitted
    if not problem.calls:
        return WeekSolution({}, "OPTIMAL", clock.perf_counter() - t0, 0.0, 0.0)
    if progress is not None:
        progress(f"week model: {len(problem.calls)} calls; greedy placed {len(greedy)}")
    best: WeekSolution | None = None
    best_score = (0, 0)
    hint = greedy
    while True:
        left = time_limit - (clock.perf_counter() - t0)
        share = left / 2 if best else max(left / 2, min(left, FIRST_ROUND_S))
        week, name = _solve_whole_week(problem, hint, share, workers, seed, progress)
        if week is None:
            return best or WeekSolution(greedy, f"GREEDY ({name})", clock.perf_counter() - t0)
        score = _score(problem, week.placements)
        if best is None or score <= best_score:
            best, best_score = week, score
        left = time_limit - (clock.perf_counter() - t0)
        if best.status == "OPTIMAL" or left < 1:
            break
        retimed = retime_days(problem, best, left / 2, seed, workers)
        score = _score(problem, retimed.placements)
        if score >= best_score:
            break
        if progress is not None:
            progress(f"days re-timed one by one: waiting {score[1] / 60:.1f} h")
        best, best_score, hint = retimed, score, retimed.placements
        if time_limit - (clock.perf_counter() - t0) < 4:  # too short for another round
            break
    return dataclasses.replace(best, wall_s=clock.perf_counter() - t0)


def _score(problem: WeekProblem, placements: dict[str, Placement]) -> tuple[int, int]:
    """(weighted missing minutes, dancers' waiting minutes as the validator counts them)."""
    missing = sum(c.weight * c.minutes for c in problem.calls if c.id not in placements)
    return missing, waiting_minutes(to_schedule(problem, placements))


def _solve_whole_week(
    problem: WeekProblem,
    hint: dict[str, Placement],
    time_limit: float,
    workers: int,
    seed: int,
    progress: Progress | None,
) -> tuple[WeekSolution | None, str]:
    """CP-SAT on the whole week from ``hint`` (None if it finds nothing in time), and the
    solver's status."""
    t0 = clock.perf_counter()
    model, v = build_model(problem)
    _hint(model, v, problem, hint)
    solver = _solver(time_limit, workers, seed)
    status = solver.solve(model, _Progress(progress) if progress else None)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, name
    solution = WeekSolution(
        _placements(solver, v, problem),
        name,
        clock.perf_counter() - t0,
        solver.objective_value,
        solver.best_objective_bound,
    )
    return solution, name


def _solver(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = max(1, min(workers, 2))
    solver.parameters.random_seed = seed
    return solver


def _placements(
    solver: cp_model.CpSolver, v: WeekVars, problem: WeekProblem
) -> dict[str, Placement]:
    """The placed calls of a solution: start, block, studio, ballet master."""
    placements: dict[str, Placement] = {}
    for call in problem.calls:
        if not solver.boolean_value(v.present[call.id]):
            continue
        block = next(
            b for (cid, b), lit in v.block.items() if cid == call.id and solver.boolean_value(lit)
        )
        studio = next(
            (
                s
                for s in call.studio_ids
                if (call.id, s) in v.studio and solver.boolean_value(v.studio[call.id, s])
            ),
            None,
        )
        master = next(
            (
                m
                for m in call.master_ids
                if (call.id, m) in v.master and solver.boolean_value(v.master[call.id, m])
            ),
            None,
        )
        placements[call.id] = Placement(solver.value(v.start[call.id]), block, studio, master)
    return placements


def retime_days(
    problem: WeekProblem, solution: WeekSolution, time_limit: float, seed: int = 0, workers: int = 2
) -> WeekSolution:
    """Each day's calls re-timed on their day: studios, masters and start times change, days do
    not. Every rule binds within a day once the days are fixed (weekly hours and free days stay
    as they were), so the week falls into one small model per day, which CP-SAT searches far
    better than the whole week; the sum of the days' objectives is the week's (the returned
    objective is left unset: the days were solved apart)."""
    t0 = clock.perf_counter()
    placements = dict(solution.placements)
    by_day: dict[int, list[str]] = defaultdict(list)
    for call_id, placed in placements.items():
        by_day[problem.blocks[placed.block].day].append(call_id)
    days = sorted(by_day)
    for i, day in enumerate(days):
        ids = set(by_day[day])
        calls = [
            dataclasses.replace(
                c, windows=tuple(w for w in c.windows if problem.blocks[w[0]].day == day)
            )
            for c in problem.calls
            if c.id in ids
        ]
        sub = dataclasses.replace(problem, calls=calls)
        model, v = build_model(sub)
        for call in calls:
            model.add(v.present[call.id] == 1)
        _hint(model, v, sub, {c.id: placements[c.id] for c in calls})
        left = time_limit - (clock.perf_counter() - t0)
        solver = _solver(left / (len(days) - i), workers, seed)
        if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            placements.update(_placements(solver, v, sub))
    wall = solution.wall_s + clock.perf_counter() - t0
    return WeekSolution(placements, solution.status, wall, None, solution.bound)


def class_calls(problem: WeekProblem, worked: dict[str, set[int]]) -> list[Call]:
    """Company class each working morning for every dancer at work, keeping their free days."""
    season, company = problem.season, problem.company
    dancers = season.dancers_of(company.id) + season.visiting_dancers(company.id)
    attending: dict[int, list[str]] = defaultdict(list)
    for dancer in dancers:
        days = [
            d
            for d in problem.work_days
            if problem.day_of(d)
            and dancer.available_on(problem.day_of(d))
            and season.company_of_dancer_on(dancer.id, problem.day_of(d)) == company.id
        ]
        busy = set(worked.get(dancer.id, set()))
        shows = {d for (who, d) in problem.performing if who == dancer.id}
        chosen = busy & set(days)
        for day in days:
            if len(chosen | shows | busy) >= problem.max_work_days:
                break
            chosen.add(day)
        for day in sorted(chosen):
            attending[day].append(dancer.id)
    calls = []
    for day in problem.work_days:
        if not attending[day]:
            continue
        start, end = problem.class_window(day)
        calls.append(
            Call(
                id=f"class:{problem.day_of(day).isoformat()}",
                kind=CallKind.CLASS,
                start=to_datetime(problem.week_start, start, problem.zone),
                end=to_datetime(problem.week_start, end, problem.zone),
                dancer_ids=attending[day],
                purpose=CallPurpose.COMPANY,
                label="Company class",
            )
        )
    return calls


def to_schedule(problem: WeekProblem, placements: dict[str, Placement]) -> RehearsalSchedule:
    """The schedule document: class calls, the placed calls (each calling the dancers here that
    day, each studio rehearsal with its pianist), shortfalls for the rest, and a catch-up
    shortfall per dancer absent from a call (those away all week included)."""
    calls: list[Call] = []
    worked: dict[str, set[int]] = defaultdict(set)
    missing: dict[str, int] = defaultdict(int)
    catch_up: dict[tuple[str, str], int] = defaultdict(int)
    for spec in problem.calls:
        got = placements.get(spec.id)
        if got is None:
            missing[spec.requirement_id or spec.id] += spec.minutes
            continue
        day = problem.blocks[got.block].day
        called = problem.called(spec, day)
        for dancer in called:
            worked[dancer].add(day)
        if spec.requirement_id is not None and spec.venue_id is None:
            absent = problem.missed_by(spec, day) + problem.left_out.get(spec.requirement_id, ())
            for dancer in absent:
                catch_up[spec.requirement_id, dancer] += spec.minutes
        calls.append(
            Call(
                id=spec.id,
                kind=spec.kind,
                start=to_datetime(problem.week_start, got.start, problem.zone),
                end=to_datetime(problem.week_start, got.start + spec.minutes, problem.zone),
                studio_id=got.studio_id,
                venue_id=spec.venue_id,
                ballet_master_id=got.master_id,
                production_id=spec.production_id,
                work_id=spec.work_id,
                piece_ids=list(spec.piece_ids),
                dancer_ids=list(called),
                purpose=spec.purpose,
                break_minutes=spec.break_minutes,
                label=spec.label,
                requirement_id=spec.requirement_id,
            )
        )
    specs = {s.requirement_id or s.id: s for s in problem.calls}
    owed_by = {r.id: r.catch_up_for for r in problem.requirements if r.catch_up_for}
    shortfalls = [
        Shortfall(
            requirement_id=key,
            label=specs[key].label,
            production_id=specs[key].production_id,
            minutes_missing=minutes,
            deadline=specs[key].deadline,
            dancer_id=owed_by.get(key),  # an earlier catch-up still owed, not the group's
        )
        for key, minutes in missing.items()
    ]
    names = {d.id: d.name for d in problem.season.dancers}
    shortfalls += [
        Shortfall(
            requirement_id=key,
            label=f"{specs[key].label} · catch-up: {names.get(dancer, dancer)}",
            production_id=specs[key].production_id,
            minutes_missing=minutes,
            deadline=specs[key].deadline,
            dancer_id=dancer,
        )
        for (key, dancer), minutes in sorted(catch_up.items())
    ]
    calls = class_calls(problem, worked) + calls
    calls.sort(key=lambda c: (c.start, c.studio_id or c.venue_id or "", c.id))
    schedule = RehearsalSchedule(
        company_id=problem.company.id,
        week_start=problem.week_start,
        time_zone=problem.zone,
        calls=calls,
        shortfalls=shortfalls,
        notes=list(problem.notes),
    )
    return assign_pianists(problem.season, schedule)
