"""Hypothesis strategies for small valid season documents (every cross-reference sound)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from etoile.model import Season

ZONES = ["America/New_York", "Europe/Paris", "UTC", "Asia/Kolkata", "Asia/Kathmandu"]
CITIES = ["New York", "Paris", "Lyon"]
CURRENCIES = ["USD", "EUR", "GBP"]
TIERS = ["principal", "soloist", "corps"]

ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,8}", fullmatch=True)
# Any text a user might type; NUL and lone surrogates are not text JSON or PostgreSQL can hold.
texts = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
small_floats = st.floats(min_value=0.0, max_value=1000.0, allow_nan=False)


def unique_ids(draw: st.DrawFn, taken: set[str], min_size: int, max_size: int) -> list[str]:
    """Fresh ids not in ``taken`` (which is updated): ids are unique in their collection."""
    found = draw(
        st.lists(
            ids.filter(lambda i: i not in taken), min_size=min_size, max_size=max_size, unique=True
        )
    )
    taken.update(found)
    return found


def date_range(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(days)
    return {
        "start": start.isoformat(),
        "end": (start + timedelta(days=draw(st.integers(0, 60)))).isoformat(),
    }


def subset(draw: st.DrawFn, items: list[Any], max_size: int = 3) -> list[Any]:
    if not items:
        return []
    return draw(st.lists(st.sampled_from(items), max_size=max_size, unique=True))


@st.composite
def seasons(draw: st.DrawFn) -> Season:
    """A small valid season: 1–2 companies and a few of everything that refers to them."""
    companies: list[dict[str, Any]] = []
    for company_id in unique_ids(draw, set(), 1, 2):
        rank_ids = unique_ids(draw, set(), 1, 3)
        companies.append(
            {
                "id": company_id,
                "name": draw(texts),
                "city": draw(st.sampled_from(CITIES)),
                "country": draw(st.sampled_from(["US", "FR", "GB"])),
                "time_zone": draw(st.sampled_from(ZONES)),
                "currency": draw(st.sampled_from(CURRENCIES)),
                "language": draw(st.sampled_from(["en-US", "fr-FR"])),
                "ranks": [
                    {
                        "id": rank_id,
                        "name": draw(texts),
                        "tier": draw(st.sampled_from(TIERS)),
                        "order": draw(st.integers(0, 100)),
                    }
                    for rank_id in rank_ids
                ],
                "labour_rules": {
                    "name": draw(texts),
                    "max_rehearsal_hours_per_day": draw(small_floats),
                    "max_danced_hours_per_day": draw(st.none() | small_floats),
                    "class_minutes": draw(st.integers(1, 120)),
                    "day_start": draw(st.times()).isoformat(),
                },
                "casting_rules": {
                    "cover_depth": draw(st.integers(0, 3)),
                    "allow_doubling": draw(st.booleans()),
                    "weights": draw(st.dictionaries(texts, floats, max_size=2)),
                    "max_shows_per_week": {t: draw(st.integers(0, 9)) for t in TIERS},
                },
            }
        )
    by_company = {c["id"]: c for c in companies}

    venues: list[dict[str, Any]] = [
        {
            "id": venue_id,
            "name": draw(texts),
            "city": draw(st.sampled_from(CITIES)),
            "capacity": draw(st.integers(1, 4000)),
            "price_tiers": [
                {
                    "name": draw(texts),
                    "seats": draw(st.integers(1, 2000)),
                    "price": draw(small_floats),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
        }
        for venue_id in unique_ids(draw, set(), 0, 3)
    ]

    role_ids: set[str] = set()
    works: list[dict[str, Any]] = []
    for work_id in unique_ids(draw, set(), 0, 2):
        piece_ids = unique_ids(draw, set(), 1, 3)
        roles: list[dict[str, Any]] = [
            {
                "id": role_id,
                "name": draw(texts),
                "tier": draw(st.sampled_from(TIERS)),
                "count": draw(st.integers(1, 30)),
                "gender": draw(st.sampled_from([None, "female", "male"])),
                "intensity": draw(st.integers(1, 5)),
                "piece_ids": subset(draw, piece_ids),
                "count_is_illustrative": draw(st.booleans()),
            }
            for role_id in unique_ids(draw, role_ids, 1, 3)
        ]
        if len(roles) >= 2 and draw(st.booleans()):
            roles[0]["partner_role_id"], roles[1]["partner_role_id"] = (
                roles[1]["id"],
                roles[0]["id"],
            )
        works.append(
            {
                "id": work_id,
                "title": draw(texts),
                "choreographer": draw(texts),
                "kind": draw(st.sampled_from(["classic", "creation"])),
                "pieces": [
                    {"id": p, "name": draw(texts), "duration_minutes": draw(st.integers(1, 180))}
                    for p in piece_ids
                ],
                "roles": roles,
            }
        )
    all_roles = [r["id"] for w in works for r in w["roles"]]

    dancer_ids = unique_ids(draw, set(), 0, 4)
    dancers: list[dict[str, Any]] = []
    for dancer_id in dancer_ids:
        company = draw(st.sampled_from(companies))
        absence_starts = sorted(draw(st.lists(days, max_size=2, unique=True)))
        absences: list[dict[str, Any]] = []
        for k, start in enumerate(absence_starts):  # each ends before the next one starts
            limit = (
                absence_starts[k + 1] - timedelta(days=1)
                if k + 1 < len(absence_starts)
                else start + timedelta(days=30)
            )
            end = start + timedelta(days=draw(st.integers(0, max(0, (limit - start).days))))
            absences.append(
                {
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "kind": draw(st.sampled_from(["leave", "injury", "other"])),
                    "note": draw(texts),
                }
            )
        dancers.append(
            {
                "id": dancer_id,
                "name": draw(texts),
                "company_id": company["id"],
                "rank_id": draw(st.sampled_from([r["id"] for r in company["ranks"]])),
                "gender": draw(st.sampled_from(["female", "male"])),
                "height_cm": draw(st.integers(120, 220)),
                "joined": draw(days).isoformat(),
                "contract": date_range(draw),
                "roles": [
                    {
                        "role_id": r,
                        "status": draw(st.sampled_from(["performed", "rehearsed", "learning"])),
                    }
                    for r in subset(draw, all_roles)
                ],
                "preferred_partners": subset(draw, [d for d in dancer_ids if d != dancer_id]),
                "preferred_roles": subset(draw, all_roles),
                "star_draw": draw(st.floats(0.0, 1.0)),
                "absences": absences,
            }
        )

    company_ids = list(by_company)
    studios: list[dict[str, Any]] = [
        {
            "id": studio_id,
            "company_id": draw(st.sampled_from(company_ids)),
            "name": draw(texts),
            "capacity": draw(st.integers(1, 80)),
            "site": draw(st.none() | texts.filter(bool)),
        }
        for studio_id in unique_ids(draw, set(), 0, 2)
    ]
    masters: list[dict[str, Any]] = [
        {
            "id": master_id,
            "company_id": draw(st.sampled_from(company_ids)),
            "name": draw(texts),
            "work_ids": subset(draw, [w["id"] for w in works]),
            "weekdays": draw(st.lists(st.integers(0, 6), max_size=7)),
            "unavailable": [date_range(draw) for _ in range(draw(st.integers(0, 2)))],
        }
        for master_id in unique_ids(draw, set(), 0, 2)
    ]
    pianists: list[dict[str, Any]] = [
        {
            "id": pianist_id,
            "company_id": draw(st.sampled_from(company_ids)),
            "name": draw(texts),
            "weekdays": draw(st.lists(st.integers(0, 6), max_size=7)),
            "unavailable": [date_range(draw) for _ in range(draw(st.integers(0, 2)))],
        }
        for pianist_id in unique_ids(draw, set(), 0, 2)
    ]

    productions: list[dict[str, Any]] = []
    if works and venues:
        for production_id in unique_ids(draw, set(), 0, 3):
            company = draw(st.sampled_from(companies))
            venue = draw(st.sampled_from(venues))
            productions.append(
                {
                    "id": production_id,
                    "company_id": company["id"],
                    "work_id": draw(st.sampled_from(works))["id"],
                    "season": draw(st.from_regex(r"\d{4}-\d{2}", fullmatch=True)),
                    "venue_id": venue["id"],
                    "kind": draw(st.sampled_from(["revival", "new_production", "premiere"])),
                    "tour": venue["city"] != company["city"] or draw(st.booleans()),
                }
            )

    venue_by_id = {v["id"]: v for v in venues}
    work_by_id = {w["id"]: w for w in works}
    performances: list[dict[str, Any]] = []
    if productions:
        for performance_id in unique_ids(draw, set(), 0, 4):
            production = draw(st.sampled_from(productions))
            zone = ZoneInfo(by_company[production["company_id"]]["time_zone"])
            instant = draw(
                st.datetimes(datetime(1990, 1, 1), datetime(2040, 1, 1), timezones=st.just(UTC))
            )
            home_city = venue_by_id[production["venue_id"]]["city"]
            venue_choices = [
                v["id"] for v in venues if production["tour"] or v["city"] == home_city
            ]
            roles = [r["id"] for r in work_by_id[production["work_id"]]["roles"]]
            performances.append(
                {
                    "id": performance_id,
                    "production_id": production["id"],
                    "starts_at": instant.astimezone(zone).isoformat(),
                    "venue_id": draw(st.none() | st.sampled_from(venue_choices)),
                    "price_level": draw(st.floats(0.01, 10.0)),
                    "cast": [
                        {"role_id": draw(st.sampled_from(roles)), "dancer_id": d}
                        for d in subset(draw, dancer_ids, max_size=3)
                    ],
                }
            )

    production_by_id = {p["id"]: p for p in productions}
    exchanges: list[dict[str, Any]] = []
    for dancer in dancers:
        hosts = [c for c in company_ids if c != dancer["company_id"]]
        if not hosts or not draw(st.booleans()):
            continue
        host = draw(st.sampled_from(hosts))
        host_performances = [
            p["id"]
            for p in performances
            if production_by_id[p["production_id"]]["company_id"] == host
        ]
        exchanges.append(
            {
                "id": f"x-{dancer['id']}",
                "dancer_id": dancer["id"],
                "host_company_id": host,
                **date_range(draw),
                "role_ids": subset(draw, all_roles),
                "performance_ids": subset(draw, host_performances),
                "home_cover_ids": subset(draw, dancer_ids),
            }
        )

    sales: list[dict[str, Any]] = []
    for index in subset(draw, list(range(len(performances))), max_size=4):
        perf = performances[index]
        production = production_by_id[perf["production_id"]]
        venue = venue_by_id[perf["venue_id"] or production["venue_id"]]
        sales.append(
            {
                "performance_id": perf["id"],
                "tickets": draw(st.integers(0, venue["capacity"])),
                "revenue": draw(st.floats(min_value=0.0, allow_nan=False, allow_infinity=False)),
                "currency": by_company[production["company_id"]]["currency"],
            }
        )

    return Season.model_validate(
        {
            "name": draw(texts),
            "companies": companies,
            "venues": venues,
            "works": works,
            "dancers": dancers,
            "studios": studios,
            "ballet_masters": masters,
            "pianists": pianists,
            "productions": productions,
            "performances": performances,
            "exchanges": exchanges,
            "sales": sales,
        }
    )
