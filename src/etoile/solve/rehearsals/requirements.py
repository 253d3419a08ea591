"""Rehearsal requirements: which group of dancers must rehearse which piece, how long, by when.

This decouples the week scheduler from the casting plan: the plan (or a hand-built fixture)
becomes ``ProductionCasting`` objects, and the season's deadlines (first performances) and the
rule set's hours turn them into ``Requirement`` objects. The share due in a week is the
remaining time spread over the weeks left, so the week is driven by deadlines, not a template.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from etoile.model import RoleStatus, Season, Tier
from etoile.model.rulesets import WeekRules
from etoile.model.schedule import CallPurpose
from etoile.solve.rehearsals.history import RehearsalHistory, catch_up_id

CAST_NAMES = ("first", "second", "third", "fourth", "fifth")


@dataclass(frozen=True)
class ProductionCasting:
    """Who rehearses a production: named casts (role → dancers) and covers (role → dancers)."""

    production_id: str
    casts: tuple[Mapping[str, tuple[str, ...]], ...]
    covers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Requirement:
    """One group's rehearsal need for one piece of a production before its deadline."""

    id: str
    production_id: str
    work_id: str
    piece_id: str
    group: str
    purpose: CallPurpose
    dancer_ids: tuple[str, ...]
    deadline: date
    total_minutes: int
    remaining_minutes: int
    due_minutes: int
    label: str
    catch_up_for: str | None = None  # the dancer, for one dancer's catch-up on a group's need


def cast_name(index: int) -> str:
    """'first cast', 'second cast', …"""
    name = CAST_NAMES[index] if index < len(CAST_NAMES) else f"cast {index + 1}"
    return f"{name} cast"


def opening_day(season: Season, production_id: str) -> date | None:
    """The first performance day of a production (company time), None if it has none."""
    run = season.run(production_id)
    return season.local_day(run[0]) if run else None


def in_preparation(season: Season, production_id: str, week_start: date, rules: WeekRules) -> bool:
    """True when the week falls inside the production's rehearsal period before opening."""
    opening = opening_day(season, production_id)
    if opening is None or opening <= week_start:
        return False
    weeks = rules.rehearsal_weeks_by_kind[season.production(production_id).kind]
    return (opening - week_start).days <= 7 * weeks


def _groups(
    season: Season, casting: ProductionCasting, piece_id: str
) -> list[tuple[str, CallPurpose, tuple[str, ...], tuple[str, ...]]]:
    """(group name, purpose, dancers, role ids) for a piece: each cast's leads, the corps, covers."""
    work = season.work(season.production(casting.production_id).work_id)
    in_piece = {r.id for r in work.roles if piece_id in r.piece_ids}
    lead = {r.id for r in work.roles if r.is_lead and r.id in in_piece}
    corps = in_piece - lead
    groups = []
    for index, cast in enumerate(casting.casts):
        roles = tuple(sorted(r for r in cast if r in lead))
        dancers = tuple(dict.fromkeys(d for r in roles for d in cast[r]))
        if dancers:
            groups.append((cast_name(index), CallPurpose.CAST, dancers, roles))
    corps_roles = tuple(sorted(corps))
    corps_dancers = tuple(
        dict.fromkeys(d for cast in casting.casts for r in corps_roles for d in cast.get(r, ()))
    )
    if corps_dancers:
        groups.append(("corps", CallPurpose.CAST, corps_dancers, corps_roles))
    cover_roles = tuple(sorted(r for r in casting.covers if r in lead))
    cover_dancers = tuple(dict.fromkeys(d for r in cover_roles for d in casting.covers[r]))
    if cover_dancers:
        groups.append(("covers", CallPurpose.COVER, cover_dancers, cover_roles))
    return groups


def group_hours(
    season: Season,
    production_id: str,
    dancers: Sequence[str],
    role_ids: Sequence[str],
    purpose: CallPurpose,
    rules: WeekRules,
) -> float:
    """Hours a group needs on the whole work: by production kind, plus debuts and visitors."""
    production = season.production(production_id)
    company = season.company(production.company_id)
    hours = rules.cast_hours_by_kind[production.kind]
    need = hours
    for dancer_id in dancers:
        dancer = season.dancer(dancer_id)
        own = hours
        for role_id in role_ids:
            if dancer.knows(role_id) is not RoleStatus.PERFORMED:
                tier: Tier = season.role(role_id).tier
                own = max(own, company.casting_rules.learning_hours.get(tier, 0.0))
        if dancer.company_id != production.company_id:
            own += rules.visiting_extra_hours  # learning the host's version
        need = max(need, own)
    hours = need
    return hours * (rules.cover_share if purpose is CallPurpose.COVER else 1.0)


def derive_requirements(
    season: Season,
    castings: Sequence[ProductionCasting],
    week_start: date,
    rules: WeekRules,
    history: RehearsalHistory | None = None,
) -> list[Requirement]:
    """Each group's share of rehearsal due in the week starting ``week_start``, and catch-ups.

    The weeks already past are assumed to have delivered their even share, except those in
    ``history`` (earlier schedules), which count what their calls delivered; the catch-ups
    ``history`` says a dancer still owes are due in full, one requirement per dancer.
    """
    history = history or RehearsalHistory()
    owed: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (req_id, dancer), minutes in sorted(history.owed.items()):
        owed[req_id].append((dancer, minutes))
    found: list[Requirement] = []
    for casting in castings:
        if not in_preparation(season, casting.production_id, week_start, rules):
            continue
        production = season.production(casting.production_id)
        work = season.work(production.work_id)
        opening = opening_day(season, production.id)
        assert opening is not None
        weeks_total = rules.rehearsal_weeks_by_kind[production.kind]
        weeks_left = max(1, math.ceil((opening - week_start).days / 7))
        weeks_left = min(weeks_left, weeks_total)
        known = history.weeks_between(opening - timedelta(weeks=weeks_total), week_start)
        assumed = max(0, weeks_total - weeks_left - known)  # past weeks without a schedule
        work_minutes = sum(p.duration_minutes for p in work.pieces)
        for piece in work.pieces:
            share = piece.duration_minutes / work_minutes
            for group, purpose, dancers, roles in _groups(season, casting, piece.id):
                req_id = f"{production.id}:{piece.id}:{group.replace(' ', '-')}"
                hours = group_hours(season, production.id, dancers, roles, purpose, rules)
                total = round(hours * share * 60)
                done = history.delivered.get(req_id, 0) + round(total * assumed / weeks_total)
                remaining = max(0, total - done)
                due = math.ceil(remaining / weeks_left) if remaining else 0
                base = Requirement(
                    id=req_id,
                    production_id=production.id,
                    work_id=work.id,
                    piece_id=piece.id,
                    group=group,
                    purpose=purpose,
                    dancer_ids=dancers,
                    deadline=opening,
                    total_minutes=total,
                    remaining_minutes=remaining,
                    due_minutes=due,
                    label=f"{work.title} · {piece.name} · {group}",
                )
                if due > 0:
                    found.append(base)
                for dancer, minutes in owed.get(req_id, []):
                    if dancer not in dancers:  # recast since: nothing to catch up
                        continue
                    found.append(
                        dataclasses.replace(
                            base,
                            id=catch_up_id(req_id, dancer),
                            group=f"{group} catch-up",
                            dancer_ids=(dancer,),
                            total_minutes=minutes,
                            remaining_minutes=minutes,
                            due_minutes=minutes,
                            label=f"{base.label} · catch-up: {season.dancer(dancer).name}",
                            catch_up_for=dancer,
                        )
                    )
    return found
