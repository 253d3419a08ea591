"""Seniority-first casting, as a ballet master does it by hand: the baseline and the hint.

Runs in opening order; in each, the most senior dancer who can still take a part gets it
(first cast first, leads before the corps, corps dancers in as many casts as they can take),
then covers are called until every night has its
depth. It never breaks a hard rule it tracks, but it can leave a role short (INCOMPLETE).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from etoile.model import Dancer, Role
from etoile.solve.casting.assignment import Assignment
from etoile.solve.casting.eligibility import (
    CastingInput,
    Show,
    knows,
    learning_budget,
    learning_cost,
    partners_ok,
    role_barrier,
    seniority_key,
    unavailable_reason,
)
from etoile.solve.casting.rules import SHOW_HOURS


@dataclass
class Ledger:
    """What each dancer already dances, to test one more part against the hard rules."""

    inp: CastingInput
    on_stage: dict[tuple[str, str], str] = field(default_factory=dict)
    per_day: Counter[tuple[str, object]] = field(default_factory=Counter)
    per_week: Counter[tuple[str, object]] = field(default_factory=Counter)
    shows: dict[str, list[Show]] = field(default_factory=lambda: defaultdict(list))
    high: dict[str, list[Show]] = field(default_factory=lambda: defaultdict(list))
    learned: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    known_new: set[tuple[str, str]] = field(default_factory=set)
    budgets: dict[tuple[str, str], float] = field(default_factory=dict)

    def can_take(self, d: Dancer, role: Role, shows: list[Show]) -> bool:
        """True when ``d`` may dance ``role`` at all of ``shows`` given what they already dance."""
        inp = self.inp
        rules = inp.home_rules(d)
        tier = inp.tier(d)
        for show in shows:
            if unavailable_reason(inp, d, show) or role_barrier(inp, d, role, show):
                return False
            if (d.id, show.id) in self.on_stage:
                return False
        days = Counter(s.day for s in shows)
        weeks = Counter(s.week for s in shows)
        if any(
            self.per_day[(d.id, k)] + n > rules.max_shows_per_day.get(tier, 1)
            for k, n in days.items()
        ):
            return False
        if any(
            self.per_week[(d.id, k)] + n > rules.max_shows_per_week.get(tier, 7)
            for k, n in weeks.items()
        ):
            return False
        for show in shows:
            if any(_clash(show, other, rules.travel_buffer_hours) for other in self.shows[d.id]):
                return False
        if role.intensity >= rules.high_intensity and rules.rest_days_after_high_intensity > 0:
            rest = rules.rest_days_after_high_intensity
            mine = self.high[d.id] + shows
            for i, a in enumerate(mine):
                for b in mine[i + 1 :]:
                    if abs((a.day - b.day).days) <= rest and (a in shows or b in shows):
                        return False
        cost = learning_cost(inp, d, role, shows[0].company_id)
        if cost > 0 and (d.id, role.id) not in self.known_new:
            key = (d.id, shows[0].production_id)
            if key not in self.budgets:
                self.budgets[key] = learning_budget(inp, d, inp.opening(shows[0].production_id))
            if self.learned[d.id] + cost > self.budgets[key]:
                return False
        return True

    def take(self, d: Dancer, role: Role, shows: list[Show]) -> None:
        """Record that ``d`` dances ``role`` at ``shows``."""
        rules = self.inp.home_rules(d)
        for show in shows:
            self.on_stage[(d.id, show.id)] = role.id
            self.per_day[(d.id, show.day)] += 1
            self.per_week[(d.id, show.week)] += 1
            self.shows[d.id].append(show)
            if role.intensity >= rules.high_intensity:
                self.high[d.id].append(show)
        cost = learning_cost(self.inp, d, role, shows[0].company_id)
        if cost > 0 and (d.id, role.id) not in self.known_new:
            self.learned[d.id] += cost
            self.known_new.add((d.id, role.id))


def _clash(a: Show, b: Show, buffer_hours: float) -> bool:
    hours = abs((a.starts_at - b.starts_at).total_seconds()) / 3600
    if a.city == b.city:
        return hours < SHOW_HOURS
    return hours < buffer_hours or a.day == b.day


def greedy(inp: CastingInput) -> tuple[Assignment, bool]:
    """Seniority-first assignment, and whether every role and cover depth was filled."""
    ledger = Ledger(inp)
    ledger.learned.update(inp.learnt_before)
    found = Assignment()
    complete = True
    senior = sorted(inp.dancers, key=lambda d: seniority_key(inp, d))
    runs = sorted(inp.runs, key=lambda p: inp.opening(p).starts_at)
    for production_id in runs:
        roles = inp.roles(production_id)
        company_id = inp.opening(production_id).company_id
        leads = sorted((r for r in roles if r.is_lead), key=lambda r: -r.tier.level)
        for cast in range(1, inp.casts[production_id] + 1):
            shows = inp.cast_shows(production_id, cast)
            for role in leads:
                taken = {
                    d
                    for c in range(1, cast)
                    for d in found.casts.get((production_id, c, role.id), [])
                }
                partner = _partner_of(inp, found, production_id, cast, role)
                chosen: list[str] = []
                for d in senior:
                    if len(chosen) == role.count:
                        break
                    if d.id in taken or (partner and not partners_ok(inp, d, partner, company_id)):
                        continue
                    if ledger.can_take(d, role, shows):
                        ledger.take(d, role, shows)
                        chosen.append(d.id)
                complete &= len(chosen) == role.count
                found.casts[(production_id, cast, role.id)] = chosen
        for role in (r for r in roles if not r.is_lead):
            for cast, shows in inp.groups(production_id, role):
                chosen = []
                for d in senior:
                    if len(chosen) == role.count:
                        break
                    if ledger.can_take(d, role, shows):
                        ledger.take(d, role, shows)
                        chosen.append(d.id)
                complete &= len(chosen) == role.count
                found.casts[(production_id, cast, role.id)] = chosen
        for role in (r for r in roles if r.is_lead):
            complete &= _call_covers(inp, ledger, found, production_id, role, senior)
    return found, complete


def _partner_of(
    inp: CastingInput, found: Assignment, production_id: str, cast: int, role: Role
) -> Dancer | None:
    if role.partner_role_id is None or role.count != 1:
        return None
    partner_role = inp.season.role(role.partner_role_id)
    if partner_role.count != 1:
        return None
    ids = found.casts.get((production_id, cast, partner_role.id), [])
    return inp.season.dancer(ids[0]) if ids else None


def _call_covers(
    inp: CastingInput,
    ledger: Ledger,
    found: Assignment,
    production_id: str,
    role: Role,
    senior: list[Dancer],
) -> bool:
    """Add covers, most senior first, until each show has the company's cover depth."""
    depth = inp.rules(inp.opening(production_id).company_id).cover_depth
    shows = [inp.shows[p] for p in inp.runs[production_id]]
    in_cast = {
        d for c in range(1, inp.casts[production_id] + 1)
        for d in found.casts.get((production_id, c, role.id), [])
    }  # fmt: skip
    covers: list[str] = []

    def free(d: Dancer, show: Show) -> bool:
        return unavailable_reason(inp, d, show) is None and (d.id, show.id) not in ledger.on_stage

    for d in senior:
        short = [s for s in shows if sum(free(inp.season.dancer(c), s) for c in covers) < depth]
        if not short:
            break
        if d.id in in_cast or not knows(d, role.id):
            continue
        if any(role_barrier(inp, d, role, s) for s in shows if free(d, s)):
            continue
        if any(free(d, s) for s in short):
            covers.append(d.id)
    found.covers[(production_id, role.id)] = covers
    return all(sum(free(inp.season.dancer(c), s) for c in covers) >= depth for s in shows)
