"""The week as a CP-SAT model: interval variables for calls, one constraint family per rule.

Each call has a presence literal, one literal per allowed block (day half) and a start; studio
and ballet-master choices are optional intervals, so studios, masters and dancers each get one
no-overlap constraint. Rules that the problem's windows already guarantee (span, day start/end,
rest before a show call, breaks inside calls, service length) are built in ``week_build``.
The objective is a named penalty per missing minute (weighted by deadline urgency) plus the
dancers' waiting time, so a partial week is still a solution and says what is missing.

A call placed on a day one of its dancers is absent goes ahead without them
(``WeekProblem.called``): that dancer's rules (one place at a time, daily and weekly hours,
free days, waiting) count the call only on the days they are here, through an *attend* literal
(the call's day literals on those days), and each absent dancer-minute costs a catch-up penalty,
so the solver prefers days the whole group is here.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from etoile.solve.rehearsals.week_problem import DAY, CallSpec, WeekProblem

MISSING_WEIGHT = 200  # per missing minute and urgency point; waiting costs 1 per dancer-minute
CATCH_UP_WEIGHT = 20  # per minute an absent dancer misses of a call placed without them


@dataclass
class WeekVars:
    """The model's decision variables, by call id."""

    present: dict[str, cp_model.IntVar] = field(default_factory=dict)
    start: dict[str, cp_model.IntVar] = field(default_factory=dict)
    interval: dict[str, cp_model.IntervalVar] = field(default_factory=dict)
    block: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    day: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    studio: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    master: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    span: dict[tuple[str, int], tuple[cp_model.IntVar, cp_model.IntVar]] = field(
        default_factory=dict
    )
    idle: dict[tuple[str, int], tuple[cp_model.IntVar, tuple[tuple[str, int], ...]]] = field(
        default_factory=dict
    )  # a dancer-day's waiting, with the (call id, minutes) it subtracts when placed that day
    attend: dict[tuple[str, frozenset[int]], cp_model.IntVar] = field(default_factory=dict)
    attend_interval: dict[tuple[str, frozenset[int]], cp_model.IntervalVar] = field(
        default_factory=dict
    )
    # a dancer in a studio call whose room is (or is not) at a site, and that call's interval
    in_rooms: dict[tuple[str, str, str, bool], cp_model.IntVar] = field(default_factory=dict)
    elsewhere: dict[tuple[str, str, str], cp_model.IntervalVar] = field(default_factory=dict)
    penalties: dict[str, cp_model.LinearExprT] = field(default_factory=dict)


def _call_days(problem: WeekProblem, call: CallSpec) -> set[int]:
    return {problem.blocks[b].day for b, _, _ in call.windows}


def attend_literal(
    model: cp_model.CpModel, problem: WeekProblem, v: WeekVars, call: CallSpec, dancer: str
) -> cp_model.IntVar | None:
    """True when ``dancer`` is in ``call``: it is placed on a day they are here (None: never)."""
    days = _call_days(problem, call)
    here = frozenset(d for d in days if problem.here(dancer, d))
    if here == days:
        return v.present[call.id]
    if not here:
        return None
    if len(here) == 1:
        return v.day[call.id, next(iter(here))]
    key = (call.id, here)
    if key not in v.attend:
        lit = model.new_bool_var(f"attend[{call.id},{sorted(here)}]")
        model.add(sum(v.day[call.id, d] for d in here) == lit)
        v.attend[key] = lit
    return v.attend[key]


def attend_interval(
    model: cp_model.CpModel, problem: WeekProblem, v: WeekVars, call: CallSpec, dancer: str
) -> cp_model.IntervalVar | None:
    """The call's interval as ``dancer`` lives it (absent when placed on a day they are away)."""
    lit = attend_literal(model, problem, v, call, dancer)
    if lit is None:
        return None
    if lit is v.present[call.id]:
        return v.interval[call.id]
    days = frozenset(d for d in _call_days(problem, call) if problem.here(dancer, d))
    key = (call.id, days)
    if key not in v.attend_interval:
        v.attend_interval[key] = model.new_optional_fixed_size_interval_var(
            v.start[call.id], call.minutes, lit, f"attends[{call.id},{sorted(days)}]"
        )
    return v.attend_interval[key]


def _calls_by_dancer(problem: WeekProblem) -> dict[str, list[CallSpec]]:
    found: dict[str, list[CallSpec]] = defaultdict(list)
    for call in problem.calls:
        for dancer in call.dancer_ids:
            found[dancer].append(call)
    return found


def add_call_placement(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """Each present call sits inside one block window (day, span, show rest, meal are kept)."""
    for call in problem.calls:
        present = model.new_bool_var(f"present[{call.id}]")
        lo = min((w[1] for w in call.windows), default=0)
        hi = max((w[2] - call.minutes for w in call.windows), default=0)
        start = model.new_int_var(lo, max(lo, hi), f"start[{call.id}]")
        v.present[call.id], v.start[call.id] = present, start
        v.interval[call.id] = model.new_optional_fixed_size_interval_var(
            start, call.minutes, present, f"call[{call.id}]"
        )
        literals = []
        per_day: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for block, earliest, latest in call.windows:
            lit = model.new_bool_var(f"block[{call.id},{block}]")
            model.add(start >= earliest).only_enforce_if(lit)
            model.add(start + call.minutes <= latest).only_enforce_if(lit)
            v.block[call.id, block] = lit
            per_day[problem.blocks[block].day].append(lit)
            literals.append(lit)
        model.add(sum(literals) == present)
        for day, lits in per_day.items():
            if len(lits) == 1:
                v.day[call.id, day] = lits[0]
            else:
                on_day = model.new_bool_var(f"day[{call.id},{day}]")
                model.add(sum(lits) == on_day)
                v.day[call.id, day] = on_day


def add_studio_rule(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """A studio holds one call at a time, and only calls it is big enough for."""
    by_studio: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
    for call in problem.calls:
        if call.venue_id is not None:
            continue
        options = []
        for studio_id in call.studio_ids:
            lit = model.new_bool_var(f"studio[{call.id},{studio_id}]")
            v.studio[call.id, studio_id] = lit
            by_studio[studio_id].append(
                model.new_optional_fixed_size_interval_var(
                    v.start[call.id], call.minutes, lit, f"in[{call.id},{studio_id}]"
                )
            )
            options.append(lit)
        model.add(sum(options) == v.present[call.id])
    for intervals in by_studio.values():
        model.add_no_overlap(intervals)


def add_venue_rule(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """The theatre's stage holds one stage or dress rehearsal at a time."""
    by_venue: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
    for call in problem.calls:
        if call.venue_id is not None:
            by_venue[call.venue_id].append(v.interval[call.id])
    for intervals in by_venue.values():
        model.add_no_overlap(intervals)


def add_pianist_rule(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """At any moment, no more studio calls than pianists working that day (names come after,
    ``week_pianists``): one cumulative at the week's largest count, with each day's missing
    pianists as a fixed block over that day."""
    if problem.pianists_on is None:
        return
    studio = [v.interval[c.id] for c in problem.calls if c.venue_id is None]
    most = max(problem.pianists_on.values(), default=0)
    blocks = [
        (model.new_fixed_size_interval_var(day * DAY, DAY, f"no-pianist[{day}]"), most - count)
        for day, count in problem.pianists_on.items()
        if count < most
    ]
    if studio:
        model.add_cumulative(
            studio + [b for b, _ in blocks], [1] * len(studio) + [d for _, d in blocks], most
        )


def add_master_rule(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """A call is run by one ballet master who knows the work, works that day and is free."""
    by_master: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
    for call in problem.calls:
        options = []
        for master_id in call.master_ids:
            free = problem.master_days[master_id]
            if not any(problem.blocks[b].day in free for b, _, _ in call.windows):
                continue
            lit = model.new_bool_var(f"master[{call.id},{master_id}]")
            v.master[call.id, master_id] = lit
            for block, _, _ in call.windows:
                if problem.blocks[block].day not in free:
                    model.add_implication(lit, v.block[call.id, block].Not())
            by_master[master_id].append(
                model.new_optional_fixed_size_interval_var(
                    v.start[call.id], call.minutes, lit, f"by[{call.id},{master_id}]"
                )
            )
            options.append(lit)
        if options:
            model.add(sum(options) == v.present[call.id])
        elif call.venue_id is None:
            model.add(v.present[call.id] == 0)  # a studio call without a master cannot happen
    for intervals in by_master.values():
        model.add_no_overlap(intervals)


def add_dancer_overlap(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """A dancer is in one place at a time (only the calls they attend)."""
    for dancer, calls in _calls_by_dancer(problem).items():
        if len(calls) > 1:
            found = [attend_interval(model, problem, v, c, dancer) for c in calls]
            intervals = [i for i in found if i is not None]
            if len(intervals) > 1:
                model.add_no_overlap(intervals)


def add_travel_time(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """Time between a dancer's calls at two places (a theatre, a studio building): a call at a
    place, widened by that time on both sides, overlaps none of the dancer's calls elsewhere.

    A theatre call is widened against every call that may be elsewhere. A studio call's place
    is its room's site; where a dancer's studio calls may be in two buildings, each is widened
    at each of its sites against the other studio calls in a room elsewhere (a company whose
    studios are all in one building gets no such constraint).
    """
    gap = problem.rules.minutes_between_locations
    if gap == 0:
        return
    where = _Whereabouts(model, problem, v)
    for dancer, calls in _calls_by_dancer(problem).items():
        studio_places = frozenset().union(
            *(problem.places_of(c) for c in calls if c.venue_id is None)
        )
        for call in calls:
            if call.venue_id is None and len(studio_places) < 2:
                continue
            days = _call_days(problem, call)
            for place in problem.places_of(call):
                here = where.at(call, dancer, place)
                found = [
                    where.elsewhere(c, dancer, place)
                    for c in calls
                    if c is not call
                    and (call.venue_id is not None or c.venue_id is None)
                    and _call_days(problem, c) & days
                ]
                elsewhere = [i for i in found if i is not None]
                if here is None or not elsewhere:
                    continue
                widened = model.new_optional_fixed_size_interval_var(
                    v.start[call.id] - gap, call.minutes + 2 * gap, here,
                    f"travel[{call.id},{place},{dancer}]",
                )  # fmt: skip
                model.add_no_overlap([widened, *elsewhere])


@dataclass
class _Whereabouts:
    """A dancer in a call at a place, or away from it: a studio call's place is its room's
    building, so these literals are tied to the room literals (made once, kept in ``v``)."""

    model: cp_model.CpModel
    problem: WeekProblem
    v: WeekVars

    def at(self, call: CallSpec, dancer: str, place: str) -> cp_model.IntVar | None:
        """True when ``dancer`` is in ``call`` and the call is at ``place`` (None: never)."""
        attend = attend_literal(self.model, self.problem, self.v, call, dancer)
        places = self.problem.places_of(call)
        if attend is None or place not in places:
            return None
        if places == {place}:
            return attend
        return self._in_rooms(call, dancer, place, inside=True)

    def elsewhere(self, call: CallSpec, dancer: str, place: str) -> cp_model.IntervalVar | None:
        """The call's interval as ``dancer`` lives it when it is not at ``place`` (None: never)."""
        model, problem, v = self.model, self.problem, self.v
        places = problem.places_of(call)
        if place not in places:
            return attend_interval(model, problem, v, call, dancer)
        if places == {place} or attend_literal(model, problem, v, call, dancer) is None:
            return None
        key = (call.id, dancer, place)
        if key not in v.elsewhere:
            lit = self._in_rooms(call, dancer, place, inside=False)
            v.elsewhere[key] = model.new_optional_fixed_size_interval_var(
                v.start[call.id], call.minutes, lit, f"elsewhere[{call.id},{dancer},{place}]"
            )
        return v.elsewhere[key]

    def _in_rooms(self, call: CallSpec, dancer: str, place: str, inside: bool) -> cp_model.IntVar:
        """Literal: ``dancer`` is in ``call`` and its room is (``inside``) or is not at ``place``."""
        model, v = self.model, self.v
        key = (call.id, dancer, place, inside)
        if key not in v.in_rooms:
            attend = attend_literal(model, self.problem, v, call, dancer)
            assert attend is not None  # the callers return early for a call the dancer misses
            rooms = [
                v.studio[call.id, s]
                for s in call.studio_ids
                if (self.problem.site_of(s) == place) == inside
            ]
            lit = model.new_bool_var(f"in-rooms[{call.id},{dancer},{place},{inside}]")
            model.add_implication(lit, attend)
            model.add_bool_or(rooms).only_enforce_if(lit)
            for room in rooms:
                model.add_bool_or([attend.Not(), room.Not(), lit])
            v.in_rooms[key] = lit
        return v.in_rooms[key]


def add_daily_hours(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """Maximum rehearsal hours a day, the danced-time cap and the show-day limit."""
    for dancer, calls in _calls_by_dancer(problem).items():
        for day in problem.work_days:
            if not problem.here(dancer, day):
                continue  # the calls that day go ahead without them
            terms = [c.minutes * v.day[c.id, day] for c in calls if (c.id, day) in v.day]
            if terms and sum(c.minutes for c in calls if (c.id, day) in v.day) > problem.day_cap(
                dancer, day
            ):
                model.add(sum(terms) <= problem.day_cap(dancer, day))


def add_meal_break(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """No run of calls longer than the meal-break threshold: the meal splits the day in blocks."""
    cap = problem.stretch_cap
    for dancer, calls in _calls_by_dancer(problem).items():
        for block in problem.blocks:
            if not problem.here(dancer, block.day):
                continue
            here = [c for c in calls if (c.id, block.index) in v.block]
            if sum(c.minutes for c in here) > cap:
                model.add(sum(c.minutes * v.block[c.id, block.index] for c in here) <= cap)


def add_weekly_hours(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """Maximum rehearsal hours a week."""
    for dancer, calls in _calls_by_dancer(problem).items():
        attends = [(c, attend_literal(model, problem, v, c, dancer)) for c in calls]
        terms = [(c.minutes, lit) for c, lit in attends if lit is not None]
        if sum(m for m, _ in terms) > problem.week_cap:
            model.add(sum(m * lit for m, lit in terms) <= problem.week_cap)


def add_free_days(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """Free days a week: days with a call or a show are counted per dancer."""
    for dancer, calls in _calls_by_dancer(problem).items():
        shows = {d for (who, d) in problem.performing if who == dancer}
        days = {d for c in calls for d in _call_days(problem, c) if problem.here(dancer, d)}
        days |= shows
        limit = max(problem.max_work_days, len(shows))
        if len(days) <= limit:
            continue
        worked: list[cp_model.LinearExprT] = []
        for day in sorted(days):
            if day in shows:
                worked.append(1)
                continue
            lit = model.new_bool_var(f"works[{dancer},{day}]")
            for call in calls:
                if (call.id, day) in v.day:
                    model.add_implication(v.day[call.id, day], lit)
            worked.append(lit)
        model.add(cp_model.LinearExpr.sum(worked) <= limit)


def add_call_order(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """Calls of one requirement are interchangeable: keep them in order (symmetry breaking)."""
    by_req: dict[str, list[CallSpec]] = defaultdict(list)
    for call in problem.calls:
        if call.requirement_id is not None:
            by_req[call.requirement_id].append(call)
    for calls in by_req.values():
        for a, b in itertools.pairwise(calls):
            if a.minutes == b.minutes:
                model.add_implication(v.present[b.id], v.present[a.id])
                model.add(v.start[a.id] < v.start[b.id]).only_enforce_if(v.present[b.id])


def add_objective(model: cp_model.CpModel, problem: WeekProblem, v: WeekVars) -> None:
    """Named penalties: missing rehearsal minutes (by urgency) and the dancers' waiting time."""
    missing = cp_model.LinearExpr.weighted_sum(
        [1 - v.present[c.id] for c in problem.calls],
        [MISSING_WEIGHT * c.weight * c.minutes for c in problem.calls],
    )
    catch_up: list[cp_model.LinearExprT] = []
    for call in problem.calls:
        cap = MISSING_WEIGHT * call.weight // 2  # never worth dropping the call for
        for day in _call_days(problem, call):
            absent = len(problem.missed_by(call, day))
            if absent:
                weight = min(cap, CATCH_UP_WEIGHT * absent) * call.minutes
                catch_up.append(weight * v.day[call.id, day])
    waiting: list[cp_model.LinearExprT] = []
    for dancer, calls in _calls_by_dancer(problem).items():
        for day in problem.work_days:
            if not problem.here(dancer, day):
                continue
            here = [c for c in calls if (c.id, day) in v.day]
            if len(here) < 2:
                continue
            lo, hi = day * DAY, (day + 1) * DAY
            first = model.new_int_var(lo, hi, f"first[{dancer},{day}]")
            last = model.new_int_var(lo, hi, f"last[{dancer},{day}]")
            model.add(first <= last)
            v.span[dancer, day] = (first, last)
            for call in here:
                on = v.day[call.id, day]
                model.add(first <= v.start[call.id]).only_enforce_if(on)
                model.add(last >= v.start[call.id] + call.minutes).only_enforce_if(on)
            # never negative (their calls that day do not overlap): saying so gives CP-SAT the
            # objective's lower bound 0, so a week without waiting is proven at once
            idle = model.new_int_var(0, DAY, f"waiting[{dancer},{day}]")
            model.add(idle == last - first - sum(c.minutes * v.day[c.id, day] for c in here))
            v.idle[dancer, day] = (idle, tuple((c.id, c.minutes) for c in here))
            waiting.append(idle)
    v.penalties["missing rehearsal minutes"] = missing
    v.penalties["dancers' waiting minutes"] = cp_model.LinearExpr.sum(waiting)
    v.penalties["absent dancers' catch-up minutes"] = cp_model.LinearExpr.sum(catch_up)
    model.minimize(missing + cp_model.LinearExpr.sum(waiting) + cp_model.LinearExpr.sum(catch_up))


RULES: tuple[tuple[str, Callable[[cp_model.CpModel, WeekProblem, WeekVars], None]], ...] = (
    ("call placement", add_call_placement),
    ("studio: one call at a time, size", add_studio_rule),
    ("theatre: one stage call at a time", add_venue_rule),
    ("ballet master: works, availability, one call at a time", add_master_rule),
    ("pianists: no more studio calls at once than pianists that day", add_pianist_rule),
    ("dancer: one place at a time", add_dancer_overlap),
    ("dancer: time between two places", add_travel_time),
    ("max rehearsal hours per day / danced time / show day", add_daily_hours),
    ("meal break", add_meal_break),
    ("max rehearsal hours per week", add_weekly_hours),
    ("free days per week", add_free_days),
    ("symmetry: calls of a requirement in order", add_call_order),
    ("objective", add_objective),
)


def build_model(problem: WeekProblem) -> tuple[cp_model.CpModel, WeekVars]:
    """The CP-SAT model of the week, one function per rule family."""
    model = cp_model.CpModel()
    v = WeekVars()
    for _label, add in RULES:
        add(model, problem, v)
    return model, v
