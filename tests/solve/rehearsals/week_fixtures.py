"""Hand-built tiny weeks for the rehearsal-week tests: one work, a handful of dancers, one room.

Each test bends one rule (via ``labour`` overrides or ``week`` overrides) and checks that the
solver keeps it and the validator sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from etoile.model import (
    Absence,
    AbsenceKind,
    BalletMaster,
    CastMember,
    Company,
    Dancer,
    DateRange,
    LabourRules,
    Performance,
    Piece,
    Production,
    ProductionKind,
    Rank,
    Role,
    RoleKnowledge,
    Season,
    Studio,
    Tier,
    Venue,
    Work,
)
from etoile.model.rulesets import WeekRules, load_ruleset, week_rules_for
from etoile.model.schedule import CallPurpose, RehearsalSchedule
from etoile.solve.rehearsals.requirements import (
    ProductionCasting,
    Requirement,
    derive_requirements,
)
from etoile.solve.rehearsals.validate import Violation
from etoile.solve.rehearsals.week_build import build_week
from etoile.solve.rehearsals.week_problem import WeekProblem
from etoile.solve.rehearsals.week_run import validate_week
from etoile.solve.rehearsals.week_solver import solve_week, to_schedule
from etoile.solve.rehearsals.week_synthetic import SyntheticWeek, synthetic_week

MONDAY = date(2027, 3, 1)
ZONES = {"new_york": "America/New_York", "paris": "Europe/Paris"}


def tiny_season(
    style: str = "new_york",
    labour: dict[str, Any] | None = None,
    master_weekdays: list[int] | None = None,
    studio_capacity: int = 10,
    opening_in_days: int = 14,
    show_on: int | None = None,
    absent: dict[str, tuple[int, int]] | None = None,
    master_works: list[str] | None = None,
    absence_kind: AbsenceKind = AbsenceKind.LEAVE,
) -> Season:
    """Six dancers (two casts of Giselle/Albrecht, two Wilis), one studio, one ballet master.

    ``show_on``: a weekday (0 = Monday) with a 19:30 show of another production danced by d1.
    ``absent``: dancer → (first, last) day of the week away, of kind ``absence_kind``.
    """
    zone = ZoneInfo(ZONES[style])
    rules = LabourRules.model_validate(
        {**load_ruleset(style).labour_rules.model_dump(), **(labour or {})}
    )
    company = Company(
        id="co", name="Tiny Ballet", city="X", country="FR" if style == "paris" else "US",
        time_zone=ZONES[style], currency="EUR", language="en",
        ranks=[Rank(id="p", name="Principal", tier=Tier.PRINCIPAL, order=2),
               Rank(id="c", name="Corps", tier=Tier.CORPS, order=1)],
        labour_rules=rules,
    )  # fmt: skip
    work = Work(
        id="giselle", title="Giselle",
        pieces=[Piece(id="act1", name="Act 1", duration_minutes=30),
                Piece(id="act2", name="Act 2", duration_minutes=30)],
        roles=[Role(id="giselle", name="Giselle", tier=Tier.PRINCIPAL, piece_ids=["act1", "act2"]),
               Role(id="albrecht", name="Albrecht", tier=Tier.PRINCIPAL, piece_ids=["act1", "act2"]),
               Role(id="wilis", name="Wilis", tier=Tier.CORPS, count=2, piece_ids=["act2"])],
    )  # fmt: skip
    other = Work(
        id="sylphide", title="La Sylphide",
        pieces=[Piece(id="s1", name="Act 1", duration_minutes=40)],
        roles=[Role(id="sylph", name="Sylph", tier=Tier.PRINCIPAL, piece_ids=["s1"])],
    )  # fmt: skip
    dancers = []
    for i in range(1, 7):
        span = (absent or {}).get(f"d{i}")
        absences = []
        if span is not None:
            absences.append(
                Absence(
                    start=MONDAY + timedelta(days=span[0]),
                    end=MONDAY + timedelta(days=span[1]),
                    kind=absence_kind,
                )
            )
        dancers.append(Dancer(
            id=f"d{i}", name=f"Dancer {i}", company_id="co", rank_id="p" if i <= 4 else "c",
            gender="female" if i % 2 else "male", height_cm=170, joined=date(2020, 1, 1),
            contract=DateRange(start=date(2026, 9, 1), end=date(2027, 8, 31)),
            roles=[RoleKnowledge(role_id=r) for r in ("giselle", "albrecht", "wilis", "sylph")],
            absences=absences,
        ))  # fmt: skip
    opening = datetime.combine(MONDAY + timedelta(days=opening_in_days), time(19, 30), tzinfo=zone)
    performances = [Performance(id="g1", production_id="prod", starts_at=opening)]
    if show_on is not None:
        curtain = datetime.combine(MONDAY + timedelta(days=show_on), time(19, 30), tzinfo=zone)
        performances.append(Performance(id="s-show", production_id="run", starts_at=curtain,
                                        cast=[CastMember(role_id="sylph", dancer_id="d1")]))  # fmt: skip
        performances.append(Performance(id="s-open", production_id="run",
                                        starts_at=curtain - timedelta(days=30)))  # fmt: skip
    return Season(
        companies=[company],
        venues=[Venue(id="house", name="Opera House", city="X", capacity=1000)],
        works=[work, other],
        dancers=dancers,
        studios=[Studio(id="s1", company_id="co", name="Studio A", capacity=studio_capacity)],
        ballet_masters=[
            BalletMaster(
                id="bm1",
                company_id="co",
                name="Ms Master",
                work_ids=master_works or ["giselle"],
                weekdays=master_weekdays if master_weekdays is not None else [0, 1, 2, 3, 4, 5],
            )
        ],
        productions=[
            Production(
                id="prod",
                company_id="co",
                work_id="giselle",
                season="2026-27",
                venue_id="house",
                kind=ProductionKind.REVIVAL,
            ),
            Production(
                id="run", company_id="co", work_id="sylphide", season="2026-27", venue_id="house"
            ),
        ],
        performances=performances,
    )


CASTING = ProductionCasting(
    "prod",
    ({"giselle": ("d1",), "albrecht": ("d2",), "wilis": ("d5", "d6")},
     {"giselle": ("d3",), "albrecht": ("d4",)}),
)  # fmt: skip


def requirement(
    minutes: int,
    dancers: tuple[str, ...] = ("d1", "d2"),
    piece: str = "act1",
    group: str = "first cast",
) -> Requirement:
    """A hand-made requirement: ``dancers`` must rehearse ``piece`` for ``minutes`` this week."""
    return Requirement(
        id=f"prod:{piece}:{group.replace(' ', '-')}", production_id="prod", work_id="giselle",
        piece_id=piece, group=group, purpose=CallPurpose.CAST, dancer_ids=dancers,
        deadline=MONDAY + timedelta(days=14), total_minutes=minutes, remaining_minutes=minutes,
        due_minutes=minutes, label=f"Giselle · {piece} · {group}",
    )  # fmt: skip


@dataclass
class Solved:
    """A tiny week solved and validated."""

    problem: WeekProblem
    schedule: RehearsalSchedule
    violations: list[Violation]

    def minutes(self, kind: str = "rehearsal") -> int:
        return sum(c.minutes for c in self.schedule.calls if c.kind.value == kind)

    def broken(self, rule: str) -> list[Violation]:
        return [v for v in self.violations if v.rule == rule]


def solve_tiny(
    season: Season,
    requirements: list[Requirement],
    week: dict[str, Any] | None = None,
    castings: tuple[ProductionCasting, ...] = (),
    time_limit: float = 2.0,
) -> Solved:
    """Build, solve (CP-SAT, 1 worker) and validate a tiny week."""
    rules = WeekRules.model_validate(
        {
            **load_ruleset(
                "paris" if season.companies[0].country == "FR" else "new_york"
            ).week.model_dump(),
            **(week or {}),
        }
    )
    problem = build_week(season, "co", MONDAY, requirements, castings, rules)
    solution = solve_week(problem, time_limit=time_limit, workers=1)
    schedule = to_schedule(problem, solution.placements)
    return Solved(problem, schedule, validate_week(season, problem, schedule))


def synthetic_problem(
    seed: int, style: str = "paris", pianists: int = 0, sites: int = 1
) -> tuple[SyntheticWeek, WeekProblem]:
    """A smaller synthetic company's week (80 dancers, 4 studios, 6 masters, 2 productions,
    ``pianists``, studios in ``sites`` buildings) built as the pipeline builds it, before any
    solving."""
    w = synthetic_week(
        seed, style, dancers=80, studios=4, masters=6, productions=2, pianists=pianists,
        sites=sites,
    )  # fmt: skip
    rules = week_rules_for(w.season.company(w.company_id))
    requirements = derive_requirements(w.season, w.castings, w.week_start, rules)
    return w, build_week(w.season, w.company_id, w.week_start, requirements, w.castings, rules)
