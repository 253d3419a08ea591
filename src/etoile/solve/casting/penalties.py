"""Soft casting rules: one function per named penalty (``rules.PENALTIES``), all linear.

Each penalty is a non-negative quantity in its own unit, times the company's weight, times
``SCALE`` for integer coefficients; linear terms keep the LP relaxation, so CP-SAT proves a bound.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from etoile.model import Tier
from etoile.solve.casting.eligibility import is_debut
from etoile.solve.casting.model import CastingModel, Var
from etoile.solve.casting.rules import ALLOWED_WEEKLY_RISE

AUDIENCE_UNIT = 10.0
"""Audience points per unit of demand value (star draw × need of the night)."""


FAIR_SHARE_TOLERANCE = 1
"""Cast places a dancer may be above or below the rank's mean before ``fair_share`` counts."""


def audience(m: CastingModel) -> None:
    """audience: per named cast, the draw lost against the strongest eligible dancer."""
    for (production_id, cast, role_id), pool in m.cast.items():
        if not pool or not m.inp.season.role(role_id).is_lead:
            continue
        shows = m.inp.cast_shows(production_id, cast)
        value = {d: sum(m.demand.value(d, role_id, s.id) for s in shows) for d in pool}
        best = max(value.values())
        w = m.weight(shows[0].company_id, "audience")
        for dancer_id, var in pool.items():
            m.penalize("audience", (best - value[dancer_id]) * AUDIENCE_UNIT, var, w)


def fair_share(m: CastingModel) -> None:
    """fair_share: principals' and soloists' named-cast places beyond ± 1 of their rank's mean.

    Counted in cast places (each a block of shows), not shows: a dancer's share moves a whole
    cast at a time, and the coarse count keeps the LP bound close. The corps is left to
    ``workload_rise`` and the weekly limits (balancing ~100 corps counts has a zero LP bound).
    """
    places: dict[str, list[Var]] = defaultdict(list)
    for (_production_id, _cast, role_id), pool in m.cast.items():
        if m.inp.season.role(role_id).is_lead:
            for dancer_id, var in pool.items():
                places[dancer_id].append(var)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for dancer in m.inp.dancers:
        if dancer.id in places and m.inp.tier(dancer) is not Tier.CORPS:
            groups[(dancer.company_id, dancer.rank_id)].append(dancer.id)
    for (company_id, rank_id), members in groups.items():
        size = len(members)
        if size < 2:
            continue
        w = m.weight(company_id, "fair_share")
        top = max(len(places[d]) for d in members)
        total = m.model.new_int_var(0, top * size, f"total:{company_id}:{rank_id}")
        m.model.add(total == sum(v for d in members for v in places[d]))
        for dancer_id in members:
            count = sum(places[dancer_id])
            dev = m.model.new_int_var(0, top * size, f"dev:{dancer_id}")
            band = size * FAIR_SHARE_TOLERANCE
            m.model.add(dev >= size * count - total - band)
            m.model.add(dev >= total - size * count - band)
            m.penalize("fair_share", 1 / size, dev, w)


def debut(m: CastingModel) -> None:
    """debut: each lead role of a run should give someone a first time in it, where possible."""
    chances: dict[tuple[str, str], list[Var]] = defaultdict(list)
    for (production_id, _cast, role_id), pool in m.cast.items():
        if not m.inp.season.role(role_id).is_lead:
            continue
        for dancer_id, var in pool.items():
            if is_debut(m.inp.season.dancer(dancer_id), role_id):
                chances[(production_id, role_id)].append(var)
    for (production_id, role_id), variables in chances.items():
        w = m.weight(m.inp.opening(production_id).company_id, "debut")
        has = m.model.new_bool_var(f"debut:{production_id}:{role_id}")
        m.model.add(has <= sum(variables))
        m.penalize_constant("debut", 1, w)
        m.penalize("debut", -1, has, w)


def preference(m: CastingModel) -> None:
    """preference: a dancer's preferred lead role in a run, not given to them in any cast."""
    by_dancer: dict[tuple[str, str, str], list[Var]] = defaultdict(list)
    for (production_id, _cast, role_id), pool in m.cast.items():
        if not m.inp.season.role(role_id).is_lead:
            continue
        for dancer_id, var in pool.items():
            if role_id in m.inp.season.dancer(dancer_id).preferred_roles:
                by_dancer[(production_id, role_id, dancer_id)].append(var)
    for (production_id, _role_id, _dancer_id), variables in by_dancer.items():
        w = m.weight(m.inp.opening(production_id).company_id, "preference")
        m.penalize_constant("preference", 1, w)
        for var in variables:
            m.penalize("preference", -1, var, w)


def partnership(m: CastingModel) -> None:
    """partnership: in each cast, single partner roles go to a declared pair where one exists."""
    for (production_id, cast, role_id), pool in m.cast.items():
        role = m.inp.season.role(role_id)
        if not role.is_lead or role.partner_role_id is None or role.partner_role_id < role_id:
            continue
        if role.count != 1:
            continue
        other = m.cast.get((production_id, cast, role.partner_role_id), {})
        pairs = [
            (pool[a], other[b])
            for a in pool
            for b in m.inp.season.dancer(a).preferred_partners
            if b in other
        ]
        if not pairs:
            continue
        w = m.weight(m.inp.opening(production_id).company_id, "partnership")
        together = []
        for x, y in pairs:
            z = m.model.new_bool_var(f"pair:{production_id}:{cast}:{role_id}")
            m.model.add(z <= x)
            m.model.add(z <= y)
            together.append(z)
        m.penalize_constant("partnership", 1, w)
        for z in together:
            m.penalize("partnership", -1, z, w)


def workload_rise(m: CastingModel) -> None:
    """workload_rise: shows added from one performing week to the next beyond the allowed rise."""
    show_weeks: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for show in m.inp.shows.values():
        show_weeks[show.company_id].add(show.week)
    for dancer_id, perf_ids in m.perfs_of_dancer.items():
        dancer = m.inp.season.dancer(dancer_id)
        w = m.weight(dancer.company_id, "workload_rise")
        by_week: dict[tuple[int, int], list[str]] = defaultdict(list)
        for perf_id in perf_ids:
            by_week[m.inp.shows[perf_id].week].append(perf_id)
        for week, now_ids in by_week.items():
            previous = previous_week(week)
            company_id = m.inp.shows[now_ids[0]].company_id
            if len(now_ids) <= ALLOWED_WEEKLY_RISE or previous not in show_weeks[company_id]:
                continue  # the first week of a run after a break follows rehearsal, not rest
            now: Any = sum(m.dance[(dancer_id, p)] for p in now_ids)
            before: Any = sum(m.dance[(dancer_id, p)] for p in by_week.get(previous, []))
            rise = m.model.new_int_var(0, 7, f"rise:{dancer_id}:{week}")
            m.model.add(rise >= now - before - ALLOWED_WEEKLY_RISE)
            m.penalize("workload_rise", 1, rise, w)


def previous_week(week: tuple[int, int]) -> tuple[int, int]:
    """The ISO (year, week) before ``week``."""
    monday = date.fromisocalendar(week[0], week[1], 1) - timedelta(days=7)
    iso = monday.isocalendar()
    return (iso.year, iso.week)


def cover_load(m: CastingModel) -> None:
    """cover_load: every cover called costs rehearsal time, so call no more than needed."""
    for (production_id, _role_id), pool in m.cover.items():
        w = m.weight(m.inp.opening(production_id).company_id, "cover_load")
        for var in pool.values():
            m.penalize("cover_load", 1, var, w)


SOFT_PENALTIES: tuple[Callable[[CastingModel], None], ...] = (
    audience,
    fair_share,
    debut,
    preference,
    partnership,
    workload_rise,
    cover_load,
)
