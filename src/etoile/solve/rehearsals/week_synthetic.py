"""A seeded synthetic season for the rehearsal week: the benchmark and the tests build on it.

Until the season generator and the casting plan are available to the week scheduler, this makes
a company (Paris or New York style, rules from the shipped rule sets), its works, productions
opening over the coming weeks (one inside the week), a production playing this week, studios,
ballet masters, and the casts and covers of every production (``ProductionCasting``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from etoile.model import (
    Absence,
    AbsenceKind,
    BalletMaster,
    Company,
    Dancer,
    DateRange,
    Performance,
    Pianist,
    Piece,
    Production,
    ProductionKind,
    Rank,
    Role,
    RoleKnowledge,
    RoleStatus,
    Season,
    Studio,
    Tier,
    Venue,
    Work,
)
from etoile.model.rulesets import load_ruleset
from etoile.solve.rehearsals.requirements import ProductionCasting

LADDERS = {
    "paris": [
        ("etoile", "Étoile", Tier.PRINCIPAL),
        ("premier", "Premier danseur", Tier.PRINCIPAL),
        ("sujet", "Sujet", Tier.SOLOIST),
        ("coryphee", "Coryphée", Tier.CORPS),
        ("quadrille", "Quadrille", Tier.CORPS),
    ],
    "new_york": [
        ("principal", "Principal", Tier.PRINCIPAL),
        ("soloist", "Soloist", Tier.SOLOIST),
        ("corps", "Corps de ballet", Tier.CORPS),
    ],
}
KINDS = [ProductionKind.REVIVAL, ProductionKind.NEW_PRODUCTION, ProductionKind.PREMIERE]


@dataclass(frozen=True)
class SyntheticWeek:
    """A season, the castings of its productions, and the Monday of the week to schedule."""

    season: Season
    castings: tuple[ProductionCasting, ...]
    week_start: date
    company_id: str


def _company(style: str) -> Company:
    paris = style == "paris"
    ranks = [
        Rank(id=i, name=n, tier=t, order=len(LADDERS[style]) - k)
        for k, (i, n, t) in enumerate(LADDERS[style])
    ]
    return Company(
        id="pob" if paris else "nyb",
        name="Ballet de Paris" if paris else "New York Ballet",
        city="Paris" if paris else "New York",
        country="FR" if paris else "US",
        time_zone="Europe/Paris" if paris else "America/New_York",
        currency="EUR" if paris else "USD",
        language="fr-FR" if paris else "en-US",
        ranks=ranks,
        labour_rules=load_ruleset(style).labour_rules,
    )


def _work(rng: random.Random, index: int) -> Work:
    pieces = [
        Piece(
            id=f"w{index}-p{p}",
            name=f"Act {p + 1}" if p < 2 else f"Number {p - 1}",
            duration_minutes=rng.choice([15, 20, 25, 30, 40]),
        )
        for p in range(rng.randint(4, 6))
    ]
    ids = [p.id for p in pieces]
    roles = []
    for r in range(rng.randint(2, 4)):
        tier = Tier.PRINCIPAL if r < 2 else Tier.SOLOIST
        roles.append(
            Role(
                id=f"w{index}-lead{r}",
                name=f"Lead {r + 1}",
                tier=tier,
                piece_ids=rng.sample(ids, rng.randint(2, len(ids))),
            )
        )
    for r in range(rng.randint(1, 2)):
        roles.append(
            Role(
                id=f"w{index}-corps{r}",
                name=f"Corps {r + 1}",
                tier=Tier.CORPS,
                count=rng.randint(8, 16),
                piece_ids=rng.sample(ids, rng.randint(1, 3)),
            )
        )
    return Work(id=f"w{index}", title=f"Ballet {index + 1}", pieces=pieces, roles=roles)


def _site_name(k: int) -> str:
    return ("Garnier", "Bastille")[k] if k < 2 else f"Site {k + 1}"


def synthetic_week(
    seed: int = 7,
    style: str = "paris",
    dancers: int = 154,
    studios: int = 6,
    masters: int = 10,
    productions: int = 4,
    week_start: date = date(2027, 3, 1),
    pianists: int = 0,
    sites: int = 1,
) -> SyntheticWeek:
    """A seeded week: ``productions`` in preparation (openings 5, 12, 20, 30… days away) plus one
    production playing Tuesday to Saturday evenings of the week; with ``pianists``, that many
    rehearsal pianists (every third away one day), else none listed (no pianist limit); with
    ``sites`` above 1, the studios take turns among that many buildings (Garnier, Bastille…)."""
    rng = random.Random(seed)
    company = _company(style)
    zone = ZoneInfo(company.time_zone)
    tiers = {r.id: r.tier for r in company.ranks}
    rank_ids = [r.id for r in company.ranks]
    roster = []
    for i in range(dancers):
        share = i / dancers
        cuts = [0.06, 0.14, 0.30, 0.55, 1.0] if style == "paris" else [0.1, 0.3, 1.0]
        rank = rank_ids[next(k for k, cut in enumerate(cuts) if share < cut)]
        absences = []
        if rng.random() < 0.03:
            day = week_start + timedelta(days=rng.randint(0, 5))
            absences.append(
                Absence(start=day, end=day + timedelta(days=2), kind=AbsenceKind.INJURY)
            )
        roster.append(
            Dancer(
                id=f"d{i:03d}",
                name=f"Dancer {i:03d}",
                company_id=company.id,
                rank_id=rank,
                gender="female" if i % 2 else "male",
                height_cm=rng.randint(160, 190),
                joined=date(2015, 9, 1),
                contract=DateRange(start=date(2026, 9, 1), end=date(2027, 8, 31)),
                absences=absences,
            )
        )
    works = [_work(rng, i) for i in range(productions + 1)]
    venue = Venue(id="house", name="Opera house", city=company.city, capacity=2000)
    stage2 = Venue(id="second-stage", name="Second stage", city=company.city, capacity=900)
    offsets = [5, 12, 20, 30, 38, 45]
    prods, perfs, castings = [], [], []
    by_tier: dict[Tier, list[Dancer]] = {
        t: [d for d in roster if tiers[d.rank_id] is t] for t in Tier
    }
    for p, work in enumerate(works):
        running = p == productions
        kind = ProductionKind.REVIVAL if running else KINDS[(p + 1) % 3]
        prod = Production(
            id=f"prod{p}",
            company_id=company.id,
            work_id=work.id,
            season="2026-27",
            venue_id=stage2.id if p % 2 else venue.id,
            kind=kind,
        )
        prods.append(prod)
        first = (
            week_start - timedelta(days=20)
            if running
            else week_start + timedelta(days=offsets[p % len(offsets)])
        )
        days = (
            [week_start + timedelta(days=d) for d in range(1, 6)]
            if running
            else [first + timedelta(days=2 * k) for k in range(6)]
        )
        for k, day in enumerate(days):
            perfs.append(
                Performance(
                    id=f"{prod.id}-{k}",
                    production_id=prod.id,
                    starts_at=datetime.combine(day, time(19, 30), tzinfo=zone),
                )
            )
        if running:
            perfs.append(
                Performance(
                    id=f"{prod.id}-opening",
                    production_id=prod.id,
                    starts_at=datetime.combine(first, time(19, 30), tzinfo=zone),
                )
            )
        casts: list[dict[str, tuple[str, ...]]] = [{}, {}, {}]
        covers: dict[str, tuple[str, ...]] = {}
        for role in work.roles:
            pool = by_tier[role.tier]
            if role.is_lead:
                chosen = rng.sample(pool, 4)
                for c in range(3):
                    casts[c][role.id] = (chosen[c].id,)
                covers[role.id] = (chosen[3].id,)
                for c, dancer in enumerate(chosen):
                    status = RoleStatus.LEARNING if c >= 2 else RoleStatus.PERFORMED
                    dancer.roles.append(RoleKnowledge(role_id=role.id, status=status))
            else:
                casts[0][role.id] = tuple(d.id for d in rng.sample(pool, role.count))
        castings.append(ProductionCasting(prod.id, tuple(casts), covers))
    studio_list = [
        Studio(
            id=f"studio{s + 1}",
            company_id=company.id,
            name=f"Studio {s + 1}",
            capacity=[20, 30, 40, 25, 50, 60][s % 6],
            site=None if sites == 1 else _site_name(s % sites),
        )
        for s in range(studios)
    ]
    master_list = []
    for m in range(masters):
        known = {works[m % len(works)].id, works[(m + 1 + m // len(works)) % len(works)].id}
        off = week_start + timedelta(days=rng.randint(0, 5))
        master_list.append(
            BalletMaster(
                id=f"bm{m + 1}",
                company_id=company.id,
                name=f"Ballet master {m + 1}",
                work_ids=sorted(known),
                unavailable=[DateRange(start=off, end=off)] if m % 3 == 0 else [],
            )
        )
    pianist_list = []
    for k in range(pianists):
        off = week_start + timedelta(days=rng.randint(0, 5))
        pianist_list.append(
            Pianist(
                id=f"pn{k + 1}",
                company_id=company.id,
                name=f"Pianist {k + 1}",
                unavailable=[DateRange(start=off, end=off)] if k % 3 == 2 else [],
            )
        )
    season = Season(
        name=f"synthetic {style} week (seed {seed})",
        companies=[company],
        venues=[venue, stage2],
        works=works,
        dancers=roster,
        studios=studio_list,
        ballet_masters=master_list,
        pianists=pianist_list,
        productions=prods,
        performances=perfs,
    )
    return SyntheticWeek(season, tuple(castings), week_start, company.id)
