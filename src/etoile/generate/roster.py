"""Dancers of a generated company: ranks, bodies, the roles they know, partners and draw.

Knowledge is random but topped up so that every role of the season has enough dancers to fill
the configured number of casts plus covers: a demo season must be castable.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from etoile.generate.companies import CompanyStyle
from etoile.model import (
    Absence,
    AbsenceKind,
    Company,
    Dancer,
    DateRange,
    RoleKnowledge,
    RoleStatus,
    Tier,
    Work,
    WorkKind,
)


def rank_counts(style: CompanyStyle, size: int) -> list[tuple[str, int]]:
    """Split ``size`` dancers over the ladder by the style's shares (largest remainder)."""
    raw = [(rank, share * size) for rank, share in style.rank_shares]
    counts = [(rank, int(x)) for rank, x in raw]
    missing = size - sum(c for _, c in counts)
    order = sorted(range(len(raw)), key=lambda i: raw[i][1] - counts[i][1], reverse=True)
    for i in order[:missing]:
        counts[i] = (counts[i][0], counts[i][1] + 1)
    return counts


def make_dancers(
    rng: random.Random, style: CompanyStyle, company: Company, size: int, season: DateRange
) -> list[Dancer]:
    """The roster: names, ranks, heights, seniority and star draw (roles are added later)."""
    dancers: list[Dancer] = []
    used: set[str] = set()
    for rank_id, count in rank_counts(style, size):
        tier = company.rank(rank_id).tier
        female_share = 0.5 if tier is Tier.PRINCIPAL else 0.55 if tier is Tier.SOLOIST else 0.6
        for k in range(count):
            gender = "female" if k < round(count * female_share) else "male"
            first = rng.choice(style.first_names_f if gender == "female" else style.first_names_m)
            name = f"{first} {rng.choice(style.last_names)}"
            while name in used:
                name = f"{first} {rng.choice(style.last_names)}-{rng.choice(style.last_names)}"
            used.add(name)
            years = {Tier.PRINCIPAL: (8, 18), Tier.SOLOIST: (4, 12), Tier.CORPS: (0, 8)}[tier]
            joined = season.start - timedelta(days=int(365 * rng.uniform(*years)))
            height = rng.gauss(167, 4) if gender == "female" else rng.gauss(183, 4)
            draw = {
                Tier.PRINCIPAL: rng.betavariate(3, 2),
                Tier.SOLOIST: rng.betavariate(1.5, 5),
                Tier.CORPS: rng.betavariate(1, 20),
            }[tier]
            dancers.append(
                Dancer(
                    id=f"{company.id}-d{len(dancers) + 1:03d}",
                    name=name,
                    company_id=company.id,
                    rank_id=rank_id,
                    gender=gender,
                    height_cm=round(min(max(height, 150), 200)),
                    joined=joined,
                    contract=DateRange(start=season.start, end=season.end),
                    star_draw=round(draw, 3),
                )
            )
    return dancers


def _eligible(dancer: Dancer, company: Company, tier: Tier, gender: str | None) -> bool:
    """Roles a dancer could plausibly know: their own tier's, or one tier up (a debut)."""
    own = company.rank(dancer.rank_id).tier
    if gender is not None and dancer.gender != gender:
        return False
    return own is tier or own.level == tier.level - 1


def teach_roles(
    rng: random.Random,
    company: Company,
    dancers: Sequence[Dancer],
    works: Sequence[Work],
    casts: int,
    covers: int,
) -> None:
    """Give dancers the roles of ``works``, making sure each role has enough people who know it."""
    knowledge: dict[str, dict[str, RoleStatus]] = {d.id: {} for d in dancers}
    for work in works:
        new = work.kind is WorkKind.CREATION
        for role in work.roles:
            pool = [d for d in dancers if _eligible(d, company, role.tier, role.gender)]
            own_tier = [d for d in pool if company.rank(d.rank_id).tier is role.tier]
            base_p = 0.55 if role.tier is not Tier.CORPS else 0.8
            for d in pool:
                same = d in own_tier
                if rng.random() < (base_p if same else 0.12):
                    status = (
                        RoleStatus.PERFORMED
                        if same and rng.random() < 0.7
                        else RoleStatus.REHEARSED
                    )
                    knowledge[d.id][role.id] = RoleStatus.LEARNING if new else status
            if role.tier is Tier.CORPS:
                need = round(role.count * 1.25) + 2
            else:
                need = role.count * casts + covers + 2
            knowers = [d for d in pool if role.id in knowledge[d.id]]
            spare = [d for d in own_tier if role.id not in knowledge[d.id]]
            rng.shuffle(spare)
            for d in spare[: max(0, need - len(knowers))]:
                knowledge[d.id][role.id] = RoleStatus.LEARNING if new else RoleStatus.REHEARSED
    for d in dancers:
        d.roles = [RoleKnowledge(role_id=r, status=s) for r, s in sorted(knowledge[d.id].items())]


def pair_partners(rng: random.Random, company: Company, dancers: Sequence[Dancer]) -> None:
    """Declare established couples among principals: a taller man with each woman, where possible."""
    principals = [d for d in dancers if company.rank(d.rank_id).tier is Tier.PRINCIPAL]
    women = [d for d in principals if d.gender == "female"]
    men = [d for d in principals if d.gender == "male"]
    rng.shuffle(men)
    for woman in women:
        match = next((m for m in men if 5 <= m.height_cm - woman.height_cm <= 22), None)
        if match is None:
            continue
        men.remove(match)
        woman.preferred_partners = [match.id]
        match.preferred_partners = [woman.id]


def add_absences(rng: random.Random, dancers: Sequence[Dancer], season: DateRange) -> None:
    """A few injuries and leaves during the season, as a real company has."""
    span = (season.end - season.start).days
    for d in dancers:
        roll = rng.random()
        if roll > 0.1:
            continue
        kind = AbsenceKind.INJURY if roll < 0.07 else AbsenceKind.LEAVE
        length = rng.randint(14, 56) if kind is AbsenceKind.INJURY else rng.randint(5, 15)
        start = season.start + timedelta(days=rng.randint(0, span - length))
        note = "overuse injury" if kind is AbsenceKind.INJURY else "personal leave"
        d.absences = [
            Absence(start=start, end=start + timedelta(days=length - 1), kind=kind, note=note)
        ]


def season_range(label: str) -> DateRange:
    """The contract year of a season label such as '2027-28': 15 August to 30 June."""
    year = int(label[:4])
    return DateRange(start=date(year, 8, 15), end=date(year + 1, 6, 30))
