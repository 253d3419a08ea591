"""Rehearsal use cases shared by every interface: schedule a week, the call sheet, a dancer's iCal."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.orm import Session

from etoile.errors import InfeasibleError, InputError
from etoile.model import Season
from etoile.model.document import parse_schedule
from etoile.model.plan import CastingPlan
from etoile.model.rulesets import week_rules_for
from etoile.model.schedule import RehearsalSchedule
from etoile.solve.rehearsals.callsheet import CallSheet, make_call_sheet
from etoile.solve.rehearsals.history import history_of
from etoile.solve.rehearsals.ical import dancer_calendar
from etoile.solve.rehearsals.requirements import in_preparation, opening_day
from etoile.solve.rehearsals.validate import waiting_minutes
from etoile.solve.rehearsals.week_castings import (
    assigned_from_plan,
    castings_from_plan,
    castings_from_season,
)
from etoile.solve.rehearsals.week_continuity import master_changes, room_changes
from etoile.solve.rehearsals.week_run import WeekResult, run_week
from etoile.solve.rehearsals.week_solver import Progress
from etoile.solve.rehearsals.week_synthetic import synthetic_week
from etoile.store.plans import load_plan, plan_scopes, save_plan


def company_for(season: Season, week_start: date, company_id: str | None) -> str:
    """The company to schedule: the one given, else the first with a production in
    preparation that week, else the first."""
    if company_id is not None:
        if company_id not in {c.id for c in season.companies}:
            raise InputError(f"unknown company {company_id!r}")
        return company_id
    for company in season.companies:
        rules = week_rules_for(company)
        if any(
            in_preparation(season, p.id, week_start, rules)
            for p in season.productions_of(company.id)
        ):
            return company.id
    return season.companies[0].id


def plan_week(
    season: Season,
    plan: CastingPlan | None,
    week_start: date,
    company_id: str | None = None,
    time_limit: float = 30.0,
    seed: int = 0,
    progress: Progress | None = None,
    earlier: Sequence[tuple[str, RehearsalSchedule]] = (),
) -> WeekResult:
    """Schedule a week and keep its checks (violations, reasons, baseline) for reporting.

    ``earlier``: schedules of earlier weeks (with the file each came from), whose delivered
    hours and owed catch-ups replace the assumption that those weeks went to plan.
    """
    if week_start.weekday() != 0:
        raise InputError(f"--week {week_start} is a {week_start:%A}; give the Monday of the week")
    company = company_for(season, week_start, company_id)
    history = history_of(earlier, company, week_start)
    if plan is not None:
        castings = castings_from_plan(season, plan, company)
        assigned = assigned_from_plan(plan)
    else:
        castings, assigned = castings_from_season(season, company), None
    return run_week(
        season,
        castings,
        week_start,
        company,
        assigned=assigned,
        time_limit=time_limit,
        seed=seed,
        progress=progress,
        history=history,
    )


def schedule_week(
    season: Season,
    plan: CastingPlan | None,
    week_start: date,
    company_id: str | None = None,
    time_limit: float = 30.0,
    partial: bool = False,
    earlier: Sequence[tuple[str, RehearsalSchedule]] = (),
) -> RehearsalSchedule:
    """Every call of the week (casts and covers, class, stage and dress rehearsals).

    Without a plan, casts come from the roles dancers know. An incomplete week raises
    ``InfeasibleError`` naming what cannot fit, unless ``partial`` (then the shortfalls are in
    the schedule). Absent dancers' catch-ups are shortfalls too, but never make a week
    incomplete: the group's calls went ahead. A schedule that breaks a rule is never returned.
    """
    result = plan_week(season, plan, week_start, company_id, time_limit, earlier=earlier)
    if result.violations and any(v.rule != "rehearsal hours due" for v in result.violations):
        raise InfeasibleError(
            "the scheduler produced a schedule that breaks rules (a bug)",
            [str(v) for v in result.violations[:20]],
        )
    if result.schedule.missing and not partial:
        raise InfeasibleError(
            f"the week of {week_start} cannot hold every rehearsal due", result.reasons
        )
    return result.schedule


def first_rehearsal_week(season: Season, company_id: str, after: date | None = None) -> date:
    """The Monday of the first week with a production of the latest season in preparation."""
    company = season.company(company_id)
    rules = week_rules_for(company)
    productions = season.productions_of(company_id)
    latest = max((p.season for p in productions), default="")
    productions = [p for p in productions if p.season == latest]  # not the past seasons
    openings = [
        d
        for p in productions
        if (d := opening_day(season, p.id)) is not None and (after is None or d > after)
    ]
    if not openings:
        raise InputError(f"company {company_id!r} has no production to rehearse")
    start = min(openings) - timedelta(weeks=max(rules.rehearsal_weeks_by_kind.values()))
    monday = start - timedelta(days=start.weekday())
    while not any(in_preparation(season, p.id, monday, rules) for p in productions):
        monday += timedelta(weeks=1)
    return monday


def call_sheet(season: Season, schedule: RehearsalSchedule, day: date) -> CallSheet:
    """The callboard for one day of a schedule."""
    if not 0 <= (day - schedule.week_start).days < 7:
        raise InputError(f"{day} is not in the week of {schedule.week_start}")
    return make_call_sheet(season, schedule, day)


def dancer_ical(season: Season, schedule: RehearsalSchedule, dancer_id: str) -> bytes:
    """A dancer's week as an RFC 5545 calendar in the company's time zone."""
    if dancer_id not in {d.id for d in season.dancers}:
        raise InputError(f"unknown dancer {dancer_id!r}")
    return dancer_calendar(season, schedule, dancer_id)


def bench_rehearsals(
    seed: int = 7,
    time_limit: float = 45.0,
    progress: Progress | None = None,
    pianists: int = 0,
    sites: int = 1,
) -> dict[str, object]:
    """One Paris-scale week (154 dancers, 6 studios, 10 ballet masters, 4 productions in
    preparation; ``pianists``: that many rehearsal pianists, else no pianist limit; ``sites``:
    the studios spread over that many buildings) against the naive first-come schedule of the
    same calls."""
    week = synthetic_week(
        seed=seed,
        style="paris",
        dancers=154,
        studios=6,
        masters=10,
        productions=4,
        pianists=pianists,
        sites=sites,
    )
    result = run_week(
        week.season,
        week.castings,
        week.week_start,
        week.company_id,
        time_limit=time_limit,
        seed=seed,
        progress=progress,
    )
    calls = [c for c in result.schedule.calls if c.kind.value != "class"]
    return {
        "benchmark": "rehearsals",
        "seed": seed,
        "status": result.status,
        "wall_s": round(result.wall_s, 2),
        "time_limit_s": time_limit,
        "dancers": len(week.season.dancers),
        "studios": len(week.season.studios),
        "ballet_masters": len(week.season.ballet_masters),
        "pianists": len(week.season.pianists),
        "studio_sites": len({s.site for s in week.season.studios}),
        "productions_in_preparation": len({r.production_id for r in result.requirements}),
        "calls": len(calls),
        "call_hours": round(sum(c.minutes for c in calls) / 60, 2),
        "missing_hours": round(sum(s.minutes_missing for s in result.schedule.missing) / 60, 2),
        "catch_ups": len(result.schedule.catch_ups),
        "catch_up_hours": round(sum(s.minutes_missing for s in result.schedule.catch_ups) / 60, 2),
        "violations": len(result.violations),
        "violation_rules": sorted({v.rule for v in result.violations}),
        "reasons": result.reasons[:5],
        "notes": result.schedule.notes[:5],
        "waiting_hours": round(result.waiting_minutes / 60, 2),
        "room_changes": room_changes(result.schedule.calls),
        "master_changes": master_changes(result.schedule.calls),
        "baseline": {
            "name": "first-come greedy",
            "waiting_hours": round(waiting_minutes(result.baseline) / 60, 2),
            "room_changes": room_changes(result.baseline.calls),
            "master_changes": master_changes(result.baseline.calls),
            "missing_hours": round(sum(s.minutes_missing for s in result.baseline.missing) / 60, 2),
            "catch_up_hours": round(
                sum(s.minutes_missing for s in result.baseline.catch_ups) / 60, 2
            ),
        },
        "machine": platform.machine(),
        "python": platform.python_version(),
    }


def demo_week(
    season: Season, company_id: str, time_limit: float = 20.0
) -> tuple[RehearsalSchedule, CallSheet]:
    """For ``etoile demo``: the first rehearsal week of the planned season (casts from known
    roles, shortfalls kept) and tomorrow's call sheet, tomorrow being the week's second day."""
    week = first_rehearsal_week(season, company_id)
    result = plan_week(season, None, week, company_id, time_limit)
    return result.schedule, call_sheet(season, result.schedule, week + timedelta(days=1))


SCHEDULE_KIND = "rehearsals"


def schedule_scope(company_id: str, week_start: date) -> str:
    """The store scope of a company's week ('bnp@2027-08-16'; '@' is never in an id)."""
    return f"{company_id}@{week_start.isoformat()}"


def store_schedule(session: Session, schedule: RehearsalSchedule, publish: bool = False) -> int:
    """Save a week as a new version (a draft unless ``publish``); earlier versions stay."""
    scope = schedule_scope(schedule.company_id, schedule.week_start)
    return save_plan(session, SCHEDULE_KIND, schedule.model_dump_json(), scope, publish=publish)


def stored_weeks_before(
    session: Session, company_id: str, week_start: date
) -> list[tuple[str, RehearsalSchedule]]:
    """The company's stored weeks before ``week_start`` (each its published version, else its
    newest), named by scope and version for errors; the history ``plan_week`` takes."""
    found = []
    for scope in plan_scopes(session, SCHEDULE_KIND, f"{company_id}@"):
        if date.fromisoformat(scope.split("@", 1)[1]) >= week_start:
            continue
        stored = load_plan(session, SCHEDULE_KIND, scope, "published") or load_plan(
            session, SCHEDULE_KIND, scope
        )
        assert stored is not None  # the scope was just listed
        source = f"stored week {scope} v{stored.version}"
        found.append((source, parse_schedule(stored.document_json, source)))
    return found
