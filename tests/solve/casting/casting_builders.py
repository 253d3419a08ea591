"""Small hand-built seasons for the casting tests: one company, a few works, short runs."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from etoile.model import (
    CastingRules,
    Company,
    Dancer,
    DateRange,
    LabourRules,
    Performance,
    Piece,
    Production,
    Rank,
    Role,
    RoleKnowledge,
    RoleStatus,
    Season,
    Tier,
    Venue,
    Work,
)

PARIS = ZoneInfo("Europe/Paris")
OPENING = date(2026, 3, 2)  # a Monday


def company(
    cid: str = "opera", city: str = "Paris", tz: str = "Europe/Paris", **rules: object
) -> Company:
    """A company with a three-rung ladder and the given casting-rule overrides."""
    return Company(
        id=cid,
        name=cid.title(),
        city=city,
        country="FR",
        time_zone=tz,
        currency="EUR",
        language="fr-FR",
        ranks=[
            Rank(id=f"{cid}-etoile", name="Étoile", tier=Tier.PRINCIPAL, order=3),
            Rank(id=f"{cid}-sujet", name="Sujet", tier=Tier.SOLOIST, order=2),
            Rank(id=f"{cid}-quadrille", name="Quadrille", tier=Tier.CORPS, order=1),
        ],
        labour_rules=LabourRules(name="test"),
        casting_rules=CastingRules(**rules),
    )


def work(wid: str = "giselle", corps: int = 4) -> Work:
    """A small ballet: a partnered pair of leads, one solo role, a female and a mixed corps."""
    return Work(
        id=wid,
        title=wid.title(),
        pieces=[Piece(id=f"{wid}-a1", name="Act I", duration_minutes=50)],
        roles=[
            Role(id=f"{wid}-heroine", name="Heroine", tier=Tier.PRINCIPAL, gender="female",
                 partner_role_id=f"{wid}-hero", intensity=5, piece_ids=[f"{wid}-a1"]),
            Role(id=f"{wid}-hero", name="Hero", tier=Tier.PRINCIPAL, gender="male",
                 partner_role_id=f"{wid}-heroine", intensity=4, piece_ids=[f"{wid}-a1"]),
            Role(id=f"{wid}-queen", name="Queen", tier=Tier.SOLOIST, gender="female",
                 intensity=3, piece_ids=[f"{wid}-a1"]),
            Role(id=f"{wid}-wilis", name="Wilis", tier=Tier.CORPS, gender="female", count=corps,
                 intensity=3, piece_ids=[f"{wid}-a1"]),
            Role(id=f"{wid}-villagers", name="Villagers", tier=Tier.CORPS, count=2,
                 intensity=2, piece_ids=[f"{wid}-a1"]),
        ],
    )  # fmt: skip


def dancer(
    did: str,
    tier: str,
    gender: str,
    roles: dict[str, RoleStatus],
    cid: str = "opera",
    height: int | None = None,
    **extra: object,
) -> Dancer:
    """A dancer of ``cid`` with the given roles known."""
    return Dancer(
        id=did,
        name=did.replace("-", " ").title(),
        company_id=cid,
        rank_id=f"{cid}-{tier}",
        gender=gender,
        height_cm=height or (180 if gender == "male" else 166),
        joined=date(2010, 1, 1) + timedelta(days=hash(did) % 3000),
        contract=DateRange(start=date(2025, 9, 1), end=date(2026, 7, 31)),
        roles=[RoleKnowledge(role_id=r, status=s) for r, s in roles.items()],
        **extra,
    )


def performances(
    prod: str, first: date, count: int, tz: ZoneInfo = PARIS, step: int = 1
) -> list[Performance]:
    """``count`` evening performances ``step`` days apart."""
    return [
        Performance(
            id=f"{prod}-{i + 1}",
            production_id=prod,
            starts_at=datetime.combine(first + timedelta(days=i * step), datetime.min.time(), tz).replace(hour=19, minute=30),
        )
        for i in range(count)
    ]  # fmt: skip


def build_season(
    *,
    seed: int = 0,
    heroines: int = 4,
    heroes: int = 4,
    soloists: int = 4,
    corps: int = 12,
    shows: int = 6,
    works: int = 1,
    corps_count: int = 4,
    rules: dict[str, Any] | None = None,
) -> Season:
    """A random but castable one-company season (everyone knows their own tier's roles)."""
    rng = random.Random(seed)
    the_works = [work(f"w{i}", corps=corps_count) for i in range(works)]
    performed = RoleStatus.PERFORMED
    people: list[Dancer] = []

    def knows(role_suffix: str) -> dict[str, RoleStatus]:
        return {
            f"{w.id}-{role_suffix}": rng.choice([performed, performed, RoleStatus.REHEARSED])
            for w in the_works
        }

    for i in range(heroines):
        people.append(
            dancer(
                f"etoile-f{i}",
                "etoile",
                "female",
                knows("heroine"),
                height=160 + rng.randint(0, 10),
                star_draw=rng.choice([0.0, 0.3, 0.9]),
            )
        )
    for i in range(heroes):
        people.append(
            dancer(
                f"etoile-m{i}",
                "etoile",
                "male",
                knows("hero"),
                height=175 + rng.randint(0, 12),
                star_draw=rng.choice([0.0, 0.4, 0.8]),
            )
        )
    for i in range(soloists):
        people.append(
            dancer(
                f"sujet-f{i}",
                "sujet",
                "female",
                knows("queen") | (knows("heroine") if i == 0 else {}),
                height=165,
            )
        )
    for i in range(corps):
        gender = "female" if i % 3 else "male"
        roles = knows("villagers") | (knows("wilis") if gender == "female" else {})
        people.append(dancer(f"quadrille-{i}", "quadrille", gender, roles))
    productions = []
    perfs: list[Performance] = []
    for i, w in enumerate(the_works):
        pid = f"prod-{w.id}"
        productions.append(
            Production(
                id=pid, company_id="opera", work_id=w.id, season="2025-26", venue_id="garnier"
            )
        )
        perfs += performances(pid, OPENING + timedelta(days=14 * i), shows)
    return Season(
        name=f"test season {seed}",
        companies=[company(**(rules or {}))],
        venues=[Venue(id="garnier", name="Palais Garnier", city="Paris", capacity=1900)],
        works=the_works,
        dancers=people,
        productions=productions,
        performances=perfs,
    )  # fmt: skip
