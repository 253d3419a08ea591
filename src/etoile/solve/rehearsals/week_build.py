"""Turn requirements and the season into a ``WeekProblem``: the calls to place and their windows.

Each requirement becomes whole-piece calls of the rule set's usual length (the last one
shorter); an opening inside the week adds a stage and a dress rehearsal in the theatre on the
working days before it. A call may go on any day at least one of its dancers is here and a
studio or theatre and a ballet master can take it: a dancer absent that day (injury, leave,
exchange) is simply not called, as a ballet master rehearses those present, and owes the call's
minutes as a catch-up when back. A dancer away every working day of the week is left out of the
week's groups (with a note). The rest before a show call is kept for the dancers called.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from etoile.model import LabourRules, Season
from etoile.model.rulesets import WeekRules
from etoile.model.schedule import CallKind, CallPurpose
from etoile.solve.rehearsals.requirements import (
    ProductionCasting,
    Requirement,
    cast_name,
    opening_day,
)
from etoile.solve.rehearsals.week_pianists import company_pianists
from etoile.solve.rehearsals.week_problem import (
    DAY,
    VENUE_FREE_BEFORE_CURTAIN,
    CallSpec,
    WeekProblem,
    away_reason,
    make_blocks,
    performers_by_day,
)


def owed_break(minutes: int, labour: LabourRules) -> int:
    """Break minutes owed inside a call: so many per started hour."""
    return math.ceil(minutes / 60) * labour.break_minutes_per_hour


def _lengths(due: int, piece_minutes: int, rules: WeekRules, labour: LabourRules) -> list[int]:
    """Call lengths delivering ``due`` minutes: usual calls, the last one shorter."""
    slot = rules.slot_minutes
    usual = max(rules.call_minutes, piece_minutes)
    if labour.max_service_hours is not None:
        usual = min(usual, int(labour.max_service_hours * 60))
    usual = max(slot, usual - usual % slot)
    count = max(1, math.ceil(due / usual))
    last = due - (count - 1) * usual
    last = max(slot * 2, piece_minutes, last)
    last = min(usual, math.ceil(last / slot) * slot)
    return [usual] * (count - 1) + [last]


def build_week(
    season: Season,
    company_id: str,
    week_start: date,
    requirements: Sequence[Requirement],
    castings: Sequence[ProductionCasting],
    rules: WeekRules,
    assigned: Mapping[str, Sequence[str]] | None = None,
) -> WeekProblem:
    """The week's problem for one company, Monday ``week_start`` onwards."""
    company = season.company(company_id)
    labour = company.labour_rules
    days = [week_start + timedelta(days=i) for i in range(7)]
    work_days = tuple(i for i, d in enumerate(days) if d.weekday() not in rules.rest_weekdays)
    studios = sorted(
        (s for s in season.studios if s.company_id == company_id), key=lambda s: s.capacity
    )
    masters = [m for m in season.ballet_masters if m.company_id == company_id]
    master_days = {m.id: {i for i in work_days if m.available_on(days[i])} for m in masters}
    pianists = company_pianists(season, company_id)
    pianists_on = (
        {i: sum(p.available_on(days[i]) for p in pianists) for i in work_days} if pianists else None
    )
    involved = {d for r in requirements for d in r.dancer_ids}
    involved |= {d for c in castings for cast in c.casts for ds in cast.values() for d in ds}
    unavailable = {
        d: {
            i
            for i, day in enumerate(days)
            if not season.dancer(d).available_on(day)
            or season.company_of_dancer_on(d, day) != company_id
        }
        for d in involved
    }
    problem = WeekProblem(
        season=season,
        company=company,
        labour=labour,
        rules=rules,
        week_start=week_start,
        work_days=work_days,
        blocks=make_blocks(labour, rules, work_days),
        calls=[],
        requirements=list(requirements),
        studios=studios,
        masters=masters,
        master_days=master_days,
        pianists_on=pianists_on,
        performing=performers_by_day(season, company, castings, week_start, assigned),
        unavailable=unavailable,
    )
    problem.requirements = present_requirements(problem)
    for req in problem.requirements:
        _add_requirement_calls(problem, req)
    for casting in castings:
        _add_theatre_calls(problem, casting)
    if not problem.calls:
        problem.notes.append(_nothing_due(season, company_id, week_start))
    buildings = sorted({problem.site_of(s.id) for s in studios})
    if len(buildings) > 1 and rules.minutes_between_locations == 0:
        problem.notes.append(
            f"studios in {len(buildings)} buildings ({', '.join(buildings)}) but the rule set "
            "gives no travel time between places (week.minutes_between_locations): a dancer "
            "may be called in one building as their call in the other ends"
        )
    return problem


def _nothing_due(season: Season, company_id: str, week_start: date) -> str:
    """The note for a week without calls, naming the next opening so a planner sees why."""
    later = [
        (day, p)
        for p in season.productions
        if p.company_id == company_id
        and (day := opening_day(season, p.id)) is not None
        and day > week_start
    ]
    if not later:
        return f"no rehearsal due this week: {company_id} has no opening after {week_start}"
    day, production = min(later, key=lambda found: (found[0], found[1].id))
    title = season.work(production.work_id).title
    return f"no rehearsal due this week (next opening: {title} on {day:%a %d %b %Y})"


def present_requirements(problem: WeekProblem) -> list[Requirement]:
    """The requirements without the dancers away every working day of the week (noted by name,
    and kept in ``problem.left_out``: they owe the group's calls as catch-ups).

    A group whose dancers are all away keeps them: it cannot be rehearsed and is explained.
    """
    found = []
    away_week: dict[str, list[str]] = {}
    for req in problem.requirements:
        away = [
            d for d in req.dancer_ids if all(not problem.here(d, day) for day in problem.work_days)
        ]
        if not away or len(away) == len(req.dancer_ids):
            found.append(req)
            continue
        for dancer in away:
            away_week.setdefault(dancer, []).append(req.label)
        problem.left_out[req.id] = tuple(away)
        kept = tuple(d for d in req.dancer_ids if d not in away)
        found.append(dataclasses.replace(req, dancer_ids=kept))
    for dancer, labels in away_week.items():
        first = problem.work_days[0] if problem.work_days else 0
        why = away_reason(problem.season, problem.company.id, dancer, problem.day_of(first))
        problem.notes.append(
            f"{why}: away all week, left out of {len(labels)} group(s) "
            f"({'; '.join(labels[:3])}{' …' if len(labels) > 3 else ''}); catch-up after return"
        )
    return found


def _windows(
    problem: WeekProblem, dancers: Sequence[str], days: set[int], venue_id: str | None = None
) -> tuple[tuple[int, int, int], ...]:
    """(block, earliest start, latest end) where at least one dancer is here, and those here are
    rested for a show."""
    found = []
    for block in problem.blocks:
        present = [d for d in dancers if problem.here(d, block.day)]
        if block.day not in days or not present:
            continue
        end = block.end
        for dancer in present:
            latest = problem.latest_end(dancer, block.day)
            if latest is not None:
                end = min(end, latest)
        if venue_id is not None:
            for perf in problem.season.performances:
                production = problem.season.production(perf.production_id)
                if (perf.venue_id or production.venue_id) != venue_id:
                    continue
                local = perf.local_start(problem.zone)
                if (local.date() - problem.week_start).days == block.day:
                    curtain = block.day * DAY + local.hour * 60 + local.minute
                    end = min(end, curtain - VENUE_FREE_BEFORE_CURTAIN)
        end -= end % problem.rules.slot_minutes
        if end > block.start:
            found.append((block.index, block.start, end))
    return tuple(found)


def _add_requirement_calls(problem: WeekProblem, req: Requirement) -> None:
    work = problem.season.work(req.work_id)
    piece = next(p for p in work.pieces if p.id == req.piece_id)
    masters = tuple(m.id for m in problem.masters if req.work_id in m.work_ids)
    studios = tuple(s.id for s in problem.studios if s.capacity >= len(req.dancer_ids))
    days = {d for m in masters for d in problem.master_days[m]}
    windows = _windows(problem, req.dancer_ids, days)
    urgency = max(1, 8 - (req.deadline - problem.week_start).days // 7)
    lengths = _lengths(req.due_minutes, piece.duration_minutes, problem.rules, problem.labour)
    for index, minutes in enumerate(lengths):
        fitting = tuple(w for w in windows if w[2] - w[1] >= minutes)
        problem.calls.append(
            CallSpec(
                id=f"{req.id}:{index + 1}",
                kind=CallKind.REHEARSAL,
                production_id=req.production_id,
                work_id=req.work_id,
                piece_ids=(req.piece_id,),
                dancer_ids=req.dancer_ids,
                purpose=req.purpose,
                minutes=minutes,
                break_minutes=owed_break(minutes, problem.labour),
                windows=fitting,
                studio_ids=studios,
                venue_id=None,
                master_ids=masters,
                label=req.label,
                deadline=req.deadline,
                requirement_id=req.id,
                weight=urgency,
            )
        )


def _add_theatre_calls(problem: WeekProblem, casting: ProductionCasting) -> None:
    """Stage rehearsal (all casts) and dress rehearsal (first cast) before an opening."""
    season = problem.season
    opening = opening_day(season, casting.production_id)
    if opening is None or not 0 < (opening - problem.week_start).days <= 8:
        return
    production = season.production(casting.production_id)
    work = season.work(production.work_id)
    before = [d for d in problem.work_days if problem.day_of(d) < opening]
    masters = tuple(m.id for m in problem.masters if production.work_id in m.work_ids)
    corps = {r.id for r in work.roles if not r.is_lead}
    everyone = tuple(dict.fromkeys(d for cast in casting.casts for ds in cast.values() for d in ds))
    first = casting.casts[0] if casting.casts else {}
    first_cast = tuple(
        dict.fromkeys(
            [d for ds in first.values() for d in ds]
            + [d for d in everyone if any(d in c.get(r, ()) for c in casting.casts for r in corps)]
        )
    )
    plan = [(CallKind.DRESS, first_cast, problem.rules.dress_minutes, cast_name(0))]
    plan.append((CallKind.STAGE, everyone, problem.rules.stage_minutes, "all casts"))
    for (kind, dancers, minutes, who), day in zip(plan, reversed(before), strict=False):
        available = tuple(
            d
            for d in dancers
            if day not in problem.unavailable.get(d, ()) and (d, day) not in problem.performing
        )  # a dancer on stage that evening elsewhere is excused
        if len(available) < len(dancers):
            problem.notes.append(
                f"{work.title} {kind.value} rehearsal: {len(dancers) - len(available)} dancers "
                "excused (absent or dancing that evening)"
            )
        days = {day} & {d for m in masters for d in problem.master_days[m]} if masters else {day}
        windows = _windows(problem, available, days, production.venue_id)
        problem.calls.append(
            CallSpec(
                id=f"{production.id}:{kind.value}",
                kind=kind,
                production_id=production.id,
                work_id=work.id,
                piece_ids=tuple(p.id for p in work.pieces),
                dancer_ids=available,
                purpose=CallPurpose.CAST,
                minutes=minutes,
                break_minutes=owed_break(minutes, problem.labour),
                windows=tuple(w for w in windows if w[2] - w[1] >= minutes),
                studio_ids=(),
                venue_id=production.venue_id,
                master_ids=masters,
                label=f"{work.title} · {kind.value} rehearsal · {who}",
                deadline=opening,
                requirement_id=f"{production.id}:{kind.value}",
                weight=20,
            )
        )
