"""Hard casting rules, one small function per family, each named as in ``rules.HARD_RULES``.

Eligibility (knows the role or can learn it, tier, gender, availability) is enforced by
creating variables only for eligible pairs; the families below tie those variables together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from etoile.model import Role
from etoile.solve.casting.eligibility import Show, learning_cost, partners_ok
from etoile.solve.casting.model import CastingModel, Var
from etoile.solve.casting.rules import SHOW_HOURS


def fill_every_role(m: CastingModel) -> None:
    """role_filled: each numbered cast of a run has exactly the role's count of dancers."""
    for (_production_id, _cast, role_id), pool in m.cast.items():
        role = m.inp.season.role(role_id)
        m.add("role_filled", sum(pool.values()) == role.count)


def distinct_casts(m: CastingModel) -> None:
    """distinct_casts: a dancer is in at most one named cast of a lead role in a run."""
    by_dancer: dict[tuple[str, str, str], list[Var]] = defaultdict(list)
    for (production_id, _cast, role_id), pool in m.cast.items():
        if not m.inp.season.role(role_id).is_lead:
            continue  # corps alternates: one dancer may be in several casts of the corps
        for dancer_id, var in pool.items():
            by_dancer[(production_id, role_id, dancer_id)].append(var)
    for variables in by_dancer.values():
        if len(variables) > 1:
            m.add("distinct_casts", sum(variables) <= 1)


def one_role_per_performance(m: CastingModel) -> None:
    """one_role_per_performance: one role a show; with doubling, one role per piece."""
    for (dancer_id, perf_id), terms in m.terms.items():
        show = m.inp.shows[perf_id]
        if len(terms) == 1:
            m.dance[(dancer_id, perf_id)] = terms[0][0]
            continue
        if not m.inp.rules(show.company_id).allow_doubling:
            m.add("one_role_per_performance", sum(v for v, _ in terms) <= 1)
            m.dance[(dancer_id, perf_id)] = sum(v for v, _ in terms)
            continue
        by_piece: dict[str, list[Var]] = defaultdict(list)
        for var, role in terms:
            for piece in role.piece_ids or [f"role:{role.id}"]:
                by_piece[piece].append(var)
        for variables in by_piece.values():
            if len(variables) > 1:
                m.add("one_role_per_performance", sum(variables) <= 1)
        on_stage = m.model.new_bool_var(f"on:{dancer_id}:{perf_id}")
        for var, _ in terms:
            m.add("one_role_per_performance", var <= on_stage)
        m.add("one_role_per_performance", on_stage <= sum(v for v, _ in terms))
        m.dance[(dancer_id, perf_id)] = on_stage


def _shows_by_dancer(m: CastingModel) -> dict[str, list[Show]]:
    found: dict[str, list[Show]] = defaultdict(list)
    for dancer_id, perf_id in m.dance:
        found[dancer_id].append(m.inp.shows[perf_id])
    return found


def shows_per_day(m: CastingModel) -> None:
    """shows_per_day: at most M performances a day for the dancer's tier."""
    for dancer_id, shows in _shows_by_dancer(m).items():
        dancer = m.inp.season.dancer(dancer_id)
        limit = m.inp.home_rules(dancer).max_shows_per_day.get(m.inp.tier(dancer), 1)
        by_day: dict[object, list[Show]] = defaultdict(list)
        for show in shows:
            by_day[show.day].append(show)
        for day_shows in by_day.values():
            if len(day_shows) > limit:
                m.add("shows_per_day", sum(m.dance[(dancer_id, s.id)] for s in day_shows) <= limit)


def shows_per_week(m: CastingModel) -> None:
    """shows_per_week: at most N performances a (Monday–Sunday) week for the dancer's tier."""
    for dancer_id, shows in _shows_by_dancer(m).items():
        dancer = m.inp.season.dancer(dancer_id)
        limit = m.inp.home_rules(dancer).max_shows_per_week.get(m.inp.tier(dancer), 7)
        by_week: dict[tuple[int, int], list[Show]] = defaultdict(list)
        for show in shows:
            by_week[show.week].append(show)
        for week_shows in by_week.values():
            if len(week_shows) > limit:
                expr = sum(m.dance[(dancer_id, s.id)] for s in week_shows)
                m.add("shows_per_week", expr <= limit)


def rest_after_high_intensity(m: CastingModel) -> None:
    """rest_after_high_intensity: at most one high-intensity role in any rest window of days."""
    for dancer_id in {d for d, _ in m.terms}:
        dancer = m.inp.season.dancer(dancer_id)
        rules = m.inp.home_rules(dancer)
        rest = rules.rest_days_after_high_intensity
        if rest < 1:
            continue
        hard = _high_terms(m, dancer_id, rules.high_intensity)
        windows: set[frozenset[int]] = set()
        for start, _ in hard:
            end = start.day + timedelta(days=rest)
            window = frozenset(i for i, (s, _) in enumerate(hard) if start.day <= s.day <= end)
            if len(window) > 1 and window not in windows:
                windows.add(window)
                m.add("rest_after_high_intensity", sum(hard[i][1] for i in window) <= 1)


def _high_terms(m: CastingModel, dancer_id: str, threshold: int) -> list[tuple[Show, Var]]:
    return sorted(
        (
            (m.inp.shows[perf_id], var)
            for perf_id in m.perfs_of_dancer.get(dancer_id, [])
            for var, role in m.terms[(dancer_id, perf_id)]
            if role.intensity >= threshold
        ),
        key=lambda item: item[0].starts_at,
    )


def conflicting_shows(m: CastingModel) -> list[tuple[Show, Show, float]]:
    """Pairs of shows too close to dance both: overlap in one city, travel between two."""
    shows = sorted(m.inp.shows.values(), key=lambda s: s.starts_at)
    reach = max(
        [SHOW_HOURS] + [m.inp.rules(c).travel_buffer_hours for c in m.inp.company_ids] + [24.0]
    )
    pairs = []
    for i, a in enumerate(shows):
        for b in shows[i + 1 :]:
            hours = (b.starts_at - a.starts_at).total_seconds() / 3600
            if hours >= reach + 24:
                break
            pairs.append((a, b, hours))
    return pairs


def travel_buffer(m: CastingModel) -> None:
    """travel_buffer: never two cities the same day or within the buffer; no overlapping shows."""
    for a, b, hours in conflicting_shows(m):
        for dancer_id in m.dancers_at.get(a.id, set()) & m.dancers_at.get(b.id, set()):
            dancer = m.inp.season.dancer(dancer_id)
            buffer = m.inp.home_rules(dancer).travel_buffer_hours
            far = hours < buffer or a.day == b.day
            clash = hours < SHOW_HOURS if a.city == b.city else far
            if clash:
                m.add("travel_buffer", m.dance[(dancer_id, a.id)] + m.dance[(dancer_id, b.id)] <= 1)


def partner_compatibility(m: CastingModel) -> None:
    """partner_compatibility: single partner roles get a declared pair or heights that suit."""
    for (production_id, cast, role_id), pool in m.cast.items():
        role = m.inp.season.role(role_id)
        partner = _single_partner(m, role)
        if partner is None or partner.id < role.id:
            continue
        other = m.cast.get((production_id, cast, partner.id), {})
        company_id = m.inp.opening(production_id).company_id
        for dancer_id, var in pool.items():
            a = m.inp.season.dancer(dancer_id)
            bad = [
                v
                for e, v in other.items()
                if not partners_ok(m.inp, a, m.inp.season.dancer(e), company_id)
            ]
            if bad:
                m.add("partner_compatibility", var + sum(bad) <= 1)


def _single_partner(m: CastingModel, role: Role) -> Role | None:
    if not role.is_lead or role.partner_role_id is None or role.count != 1:
        return None
    partner = m.inp.season.role(role.partner_role_id)
    return partner if partner.count == 1 and partner.is_lead else None


def learning_fits(m: CastingModel) -> None:
    """learning_fits: the hours to learn new roles fit, run by run, before each opening."""
    by_role: dict[tuple[str, str, str], list[Var]] = defaultdict(list)
    for (production_id, _cast, role_id), pool in m.cast.items():
        for dancer_id, var in pool.items():
            by_role[(dancer_id, production_id, role_id)].append(var)
    costs: dict[str, dict[str, list[tuple[float, Var]]]] = defaultdict(lambda: defaultdict(list))
    for (dancer_id, production_id, role_id), variables in by_role.items():
        company_id = m.inp.opening(production_id).company_id
        dancer = m.inp.season.dancer(dancer_id)
        cost = learning_cost(m.inp, dancer, m.inp.season.role(role_id), company_id)
        if cost <= 0:
            continue
        learn = variables[0]
        if len(variables) > 1:
            learn = m.model.new_bool_var(f"learn:{production_id}:{role_id}:{dancer_id}")
            for var in variables:
                m.add("learning_fits", var <= learn)
        m.learn[(dancer_id, production_id, role_id)] = learn
        costs[dancer_id][production_id].append((cost, learn))
    for dancer_id, by_run in costs.items():
        dancer = m.inp.season.dancer(dancer_id)
        runs = sorted(by_run, key=lambda p: m.inp.opening(p).starts_at)
        so_far: list[tuple[float, Var]] = []
        for production_id in runs:
            so_far += by_run[production_id]
            budget = m.budget(dancer, production_id)
            if sum(c for c, _ in so_far) > budget:
                expr = sum(round(c * 10) * v for c, v in so_far)
                m.add("learning_fits", expr <= round(budget * 10))


def cover_depth(m: CastingModel) -> None:
    """cover_depth: k covers per lead role, outside its casts, free at every show of the run."""
    for (production_id, role_id), pool in m.cover.items():
        company_id = m.inp.opening(production_id).company_id
        depth = m.inp.rules(company_id).cover_depth
        casts = range(1, m.inp.casts[production_id] + 1)
        for dancer_id, var in pool.items():
            cast_vars = [
                m.cast[(production_id, c, role_id)][dancer_id]
                for c in casts
                if dancer_id in m.cast.get((production_id, c, role_id), {})
            ]
            if cast_vars:
                m.add("cover_depth", var + sum(cast_vars) <= 1)
        if depth == 0:
            continue
        free: dict[tuple[str, int], Var] = {}
        parts = sorted({m.inp.shows[p].part for p in m.inp.runs[production_id]})
        for cast in parts:  # corps groups refine casts: on stage is constant within one
            first = m.inp.part_shows(production_id, cast)[0]
            for dancer_id, var in pool.items():
                on_stage = m.dance.get((dancer_id, first.id))
                if on_stage is None:
                    free[(dancer_id, cast)] = var
                    continue
                f: Any = m.model.new_bool_var(f"free:{production_id}:{cast}:{role_id}:{dancer_id}")
                m.add("cover_depth", f <= var)
                m.add("cover_depth", f + on_stage <= 1)
                free[(dancer_id, cast)] = f
        for perf_id in m.inp.runs[production_id]:
            show = m.inp.shows[perf_id]
            ready = [free[(d, show.part)] for d in pool if m.free(m.inp.season.dancer(d), show)]
            m.add("cover_depth", sum(ready) >= depth)


HARD_CONSTRAINTS: tuple[Callable[[CastingModel], None], ...] = (
    fill_every_role,
    distinct_casts,
    one_role_per_performance,  # defines m.dance, used below
    shows_per_day,
    shows_per_week,
    rest_after_high_intensity,
    travel_buffer,
    partner_compatibility,
    learning_fits,
    cover_depth,
)
