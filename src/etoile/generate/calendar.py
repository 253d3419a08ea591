"""Runs of performances: which works a company gives, where and when, in a season."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from etoile.generate.companies import CompanyStyle
from etoile.generate.repertoire import REPERTOIRE
from etoile.model import Performance, Production, ProductionKind, WorkKind

FIRST_NIGHT = (9, 20)  # month, day the season opens
LAST_NIGHT = (6, 15)  # month, day of the last performance (in the following year)
NUTCRACKER_OPENS = (11, 27)
GAP_DAYS = 6  # load-out, load-in and stage rehearsals between two runs in one house


@dataclass(frozen=True)
class RunPlan:
    """A production with its performances, before ids are final."""

    production: Production
    performances: list[Performance]


def choose_works(
    rng: random.Random, style: CompanyStyle, productions: int, history: bool
) -> list[str]:
    """Work keys for ``productions`` runs: New York always gives The Nutcracker; creations only
    in the planned season (history repeats the classics)."""
    classics = [w.key for w in REPERTOIRE if w.kind is WorkKind.CLASSIC and w.key != "nutcracker"]
    creations = [w.key for w in REPERTOIRE if w.kind is WorkKind.CREATION]
    chosen: list[str] = ["nutcracker"] if style.key == "nyc" else []
    if not history and productions >= 4:
        chosen += creations[: 1 if productions < 8 else 2]
    pool = classics[:]
    rng.shuffle(pool)
    while len(chosen) < productions:
        if not pool:
            pool = classics[:]
            rng.shuffle(pool)
        chosen.append(pool.pop())
    return chosen[:productions]


def split_performances(rng: random.Random, works: list[str], total: int) -> list[int]:
    """Performances per run: The Nutcracker gets a long run, the rest share with some jitter."""
    weights = [4.0 if w == "nutcracker" else rng.uniform(0.8, 1.2) for w in works]
    shares = [max(1, int(total * w / sum(weights))) for w in weights]
    i = 0
    while sum(shares) < total:
        shares[i % len(shares)] += 1
        i += 1
    while sum(shares) > total:
        j = max(range(len(shares)), key=lambda k: shares[k])
        shares[j] -= 1
    return shares


def _show_times(style: CompanyStyle, day: date) -> list[tuple[int, int]]:
    if day.weekday() in style.dark_weekdays:
        return []
    times = [(style.evening.hour, style.evening.minute)]
    if day.weekday() in style.matinee_weekdays:
        times.insert(0, (style.matinee.hour, style.matinee.minute))
    return times


def plan_runs(
    rng: random.Random,
    style: CompanyStyle,
    season_label: str,
    works: list[str],
    counts: list[int],
    history: bool,
) -> list[RunPlan]:
    """Lay the runs out house by house from the season's first night, one run after another."""
    company = style.company
    zone = ZoneInfo(company.time_zone)
    year = int(season_label[:4])
    first_night = date(year, *FIRST_NIGHT)
    cursors = {v.id: first_night for v in style.venues}
    # Spread the runs of each house over the whole season rather than back to back.
    runs_per_house = -(-sum(w != "nutcracker" for w in works) // len(style.venues))
    spacing = timedelta(
        days=(date(year + 1, *LAST_NIGHT) - first_night).days // max(1, runs_per_house)
    )
    blocked: dict[str, tuple[date, date]] = {}
    order = sorted(range(len(works)), key=lambda i: works[i] != "nutcracker")
    runs: list[RunPlan] = []
    for number, i in enumerate(order):
        work = works[i]
        if work == "nutcracker":
            venue_id = style.venues[0].id
            slots = _slots(style, date(year, *NUTCRACKER_OPENS), counts[i])
            blocked[venue_id] = (slots[0][0], slots[-1][0])
        else:
            venue_id = min(cursors, key=lambda v: (cursors[v], v))
            slots = _slots(style, cursors[venue_id], counts[i])
            if venue_id in blocked:
                first, last = blocked[venue_id]
                if slots[0][0] <= last + timedelta(days=GAP_DAYS) and slots[-1][
                    0
                ] >= first - timedelta(days=GAP_DAYS):
                    slots = _slots(style, last + timedelta(days=GAP_DAYS + 1), counts[i])
            cursors[venue_id] = max(
                slots[-1][0] + timedelta(days=GAP_DAYS + 1), slots[0][0] + spacing
            )
        spec = next(w for w in REPERTOIRE if w.key == work)
        kind = ProductionKind.REVIVAL
        if spec.kind is WorkKind.CREATION:
            kind = ProductionKind.PREMIERE
        elif not history and rng.random() < 0.15:
            kind = ProductionKind.NEW_PRODUCTION
        production = Production(
            id=f"{company.id}-{season_label}-{number + 1:02d}-{work}",
            company_id=company.id,
            work_id=work,
            season=season_label,
            venue_id=venue_id,
            kind=kind,
        )
        performances: list[Performance] = []
        for k, (day, (hour, minute)) in enumerate(slots):
            level = 0.9 if hour < 17 else 1.0
            if work == "nutcracker":
                level += 0.15
            if k == 0 and kind is not ProductionKind.REVIVAL:
                level += 0.2
            performances.append(
                Performance(
                    id=f"{production.id}-p{k + 1:03d}",
                    production_id=production.id,
                    starts_at=datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone),
                    price_level=round(level, 2),
                )
            )
        runs.append(RunPlan(production, performances))
    return runs


def _slots(style: CompanyStyle, start: date, count: int) -> list[tuple[date, tuple[int, int]]]:
    """The first ``count`` show slots (day, curtain time) from ``start`` on."""
    slots: list[tuple[date, tuple[int, int]]] = []
    day = start
    while len(slots) < count:
        slots.extend((day, t) for t in _show_times(style, day))
        day += timedelta(days=1)
    return slots[:count]
