"""Stars worth exchanging and the moves open to them: host × run sequence × dates.

A move option is one dancer's stay at one host company over one or a few consecutive host runs
(or the whole host season). Each is checked here against the hard rules that do not depend on
the other moves — willingness, preferred period, contract and absences, a partner at the host,
learning the host's version before the first performance, paperwork lead time and travel — and
valued once. Rejections are kept with their reason so that ``--explain`` can say why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from etoile.model import Dancer, Role, Season
from etoile.solve.exchange.rules import ExchangeRules
from etoile.solve.exchange.runs import Run, RunIndex, can_dance, tier_of
from etoile.solve.exchange.value import Delta, Valuer, total

NEXT_RUN_WINDOW = timedelta(days=7)
"""Runs opening within a week of the next one are alternatives in a chain (parallel houses)."""

STATUS_ORDER = {"performed": 0, "rehearsed": 1, "learning": 2, "new": 3}


@dataclass(frozen=True)
class StintOption:
    """One host run in a stay: the role danced, how well it is known, and its value."""

    run: Run
    role: Role
    status: str
    hours: float
    delta: Delta


@dataclass(frozen=True)
class HomeMiss:
    """A home run the star misses, the role they would have danced and who steps up."""

    run: Run
    role: Role
    replacements: tuple[str, ...]
    delta: Delta


@dataclass(frozen=True)
class MoveOption:
    """One possible move, timed and valued (gains in the reference currency)."""

    key: str
    dancer_id: str
    home_id: str
    host_id: str
    stints: tuple[StintOption, ...]
    start: date
    arrival: date
    end: date
    lead_days: int
    deadline: date
    travel_days: int
    misses: tuple[HomeMiss, ...]
    host_delta: Delta
    home_delta: Delta
    host_gain: float
    home_loss: float
    season_long: bool = False

    def gain(self, company_id: str) -> float:
        """This move's contribution to a company's gain (reference currency)."""
        out = 0.0
        if company_id == self.host_id:
            out += self.host_gain
        if company_id == self.home_id:
            out -= self.home_loss
        return out

    @property
    def first_show(self) -> date:
        """Day of the first host performance."""
        return self.stints[0].run.opening

    @property
    def last_show(self) -> date:
        """Day of the last host performance."""
        return self.stints[-1].run.closing


@dataclass
class Candidates:
    """The stars considered, their valid options and every rejection with its reason."""

    stars: list[str] = field(default_factory=list)
    options: list[MoveOption] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def pick_stars(
    season: Season, company_ids: list[str], rules: ExchangeRules, send: set[str]
) -> tuple[list[str], list[str]]:
    """Top-draw willing dancers per company (forced senders always in); (stars, rejections)."""
    stars: list[str] = []
    rejected: list[str] = []
    for company_id in company_ids:
        pool = sorted(season.dancers_of(company_id), key=lambda d: (-d.star_draw, d.id))
        taken = 0
        for dancer in pool:
            if dancer.star_draw < rules.min_star_draw or taken >= rules.stars_per_company:
                break
            if dancer.id in rules.unwilling:
                rejected.append(f"{dancer.id} ({dancer.name}): unwilling to go")
                continue
            stars.append(dancer.id)
            taken += 1
        stars.extend(d.id for d in pool if d.id in send and d.id not in stars)
    return stars, rejected


class OptionBuilder:
    """Builds and checks the move options of one star to one host."""

    def __init__(self, index: RunIndex, valuer: Valuer, rules: ExchangeRules) -> None:
        self.index = index
        self.valuer = valuer
        self.rules = rules
        self.season = index.season

    def stint(self, dancer: Dancer, run: Run) -> StintOption | str:
        """The best role for the star in a host run, or why there is none."""
        tier = tier_of(self.season, dancer)
        best: tuple[tuple[int, float], StintOption] | None = None
        reason = "no lead role for their gender and rank"
        host_rules = self.season.company(run.company_id).casting_rules
        for role in self.index.lead_roles(run):
            if not can_dance(self.season, dancer, role) or role.tier.level < tier.level:
                continue
            known = dancer.knows(role.id)
            status = known.value if known is not None else "new"
            if status == "new" and not self.rules.allow_new_roles:
                reason = "does not know the roles and new roles are not allowed"
                continue
            if not self._partner_exists(dancer, run, role):
                reason = f"no partner of a suitable height for {role.name}"
                continue
            share = self.rules.version_share.get(status, 1.0)
            hours = share * host_rules.learning_hours.get(role.tier, 0.0)
            delta = self.valuer.host_delta(dancer.id, run, role)
            score = (STATUS_ORDER[status], -delta.revenue)
            option = StintOption(run, role, status, hours, delta)
            if best is None or score < best[0]:
                best = (score, option)
        return best[1] if best else reason

    def _partner_exists(self, dancer: Dancer, run: Run, role: Role) -> bool:
        if role.partner_role_id is None:
            return True
        partner_role = self.season.role(role.partner_role_id)
        rules = self.season.company(run.company_id).casting_rules
        for other_id in self.index.line(run, partner_role).eligible:
            other = self.season.dancer(other_id)
            if dancer.id in other.preferred_partners or other.id in dancer.preferred_partners:
                return True
            if dancer.gender == other.gender:
                gap = abs(dancer.height_cm - other.height_cm)
                if gap <= rules.max_partner_height_gap_cm:
                    return True
                continue
            man, woman = (dancer, other) if dancer.gender == "male" else (other, dancer)
            gap = man.height_cm - woman.height_cm
            if rules.min_partner_height_gap_cm <= gap <= rules.max_partner_height_gap_cm:
                return True
        return False

    def chains(self, stints: list[StintOption]) -> list[tuple[StintOption, ...]]:
        """Sequences of consecutive, non-overlapping host runs (up to ``max_runs_per_stay``)."""
        stints = sorted(stints, key=lambda s: (s.run.opening, s.run.production_id))
        found: list[tuple[StintOption, ...]] = []

        def nexts(last: StintOption) -> list[StintOption]:
            later = [s for s in stints if s.run.opening > last.run.closing]
            if not later:
                return []
            first = min(s.run.opening for s in later)
            return [s for s in later if s.run.opening <= first + NEXT_RUN_WINDOW]

        def grow(chain: tuple[StintOption, ...]) -> None:
            found.append(chain)
            if len(chain) < self.rules.max_runs_per_stay:
                for nxt in nexts(chain[-1]):
                    grow((*chain, nxt))

        for s in stints:
            grow((s,))
        return found

    def season_chain(self, stints: list[StintOption]) -> tuple[StintOption, ...] | None:
        """The whole host season: from the first run on, always the best next run."""
        stints = sorted(stints, key=lambda s: (s.run.opening, -s.delta.revenue))
        if not stints:
            return None
        chain = [stints[0]]
        while True:
            later = [s for s in stints if s.run.opening > chain[-1].run.closing]
            if not later:
                return tuple(chain)
            first = min(s.run.opening for s in later)
            options = [s for s in later if s.run.opening <= first + NEXT_RUN_WINDOW]
            chain.append(max(options, key=lambda s: s.delta.revenue))

    def timed(
        self, dancer: Dancer, host_id: str, chain: tuple[StintOption, ...], season_long: bool
    ) -> MoveOption | str:
        """Dates, paperwork and value of a stay, or why it breaks a rule."""
        season, rules = self.season, self.rules
        home, host = season.company(dancer.company_id), season.company(host_id)
        weekly = host.labour_rules.max_rehearsal_hours_per_week * rules.visitor_learning_share
        per_day = weekly / 7
        arrival, hours = chain[0].run.opening - timedelta(days=1), 0.0
        for s in chain:
            hours += s.hours
            need = max(1, math.ceil(hours / per_day)) if per_day > 0 else 10**4
            arrival = min(arrival, s.run.opening - timedelta(days=need))
        travel = rules.travel_days(home.country, host.country)
        start, end = (
            arrival - timedelta(days=travel),
            chain[-1].run.closing + timedelta(days=travel),
        )
        lead = rules.lead_days(host.country, (end - start).days + 1)
        deadline = start - timedelta(days=lead)
        label = f"{dancer.id} → {host_id} ({', '.join(s.run.production_id for s in chain)})"
        if deadline < rules.as_of:
            return (
                f"{label}: paperwork lead time — {lead} days for {host.country} means starting "
                f"by {deadline}, before {rules.as_of}"
            )
        pref = rules.preferred.get(dancer.id)
        if pref is not None and not (pref.start <= start and end <= pref.end):
            why = (
                f"learning {hours:.0f} h of the host's version needs arrival by {arrival}"
                if pref.start > start and pref.start <= chain[0].run.opening
                else "outside the period"
            )
            return f"{label}: preferred period {pref.start}..{pref.end} — {why}"
        if not (dancer.contract.contains(arrival) and dancer.contract.contains(end)):
            return f"{label}: outside the dancer's contract"
        for absence in dancer.absences:
            if absence.start <= chain[-1].run.closing and arrival <= absence.end:
                return f"{label}: {absence.kind.value} {absence.start}..{absence.end}"
        misses = []
        for run in self.index.runs_of(dancer.company_id):
            if run.opening <= end and start <= run.closing:
                delta, role, repl = self.valuer.home_delta(dancer.id, run)
                if role is not None:
                    misses.append(HomeMiss(run, role, tuple(repl), delta))
        host_delta = total(s.delta for s in chain)
        home_delta = total(m.delta for m in misses)
        return MoveOption(
            key=f"{dancer.id}>{host_id}@{'+'.join(s.run.production_id for s in chain)}",
            dancer_id=dancer.id,
            home_id=home.id,
            host_id=host.id,
            stints=chain,
            start=start,
            arrival=arrival,
            end=end,
            lead_days=lead,
            deadline=deadline,
            travel_days=travel,
            misses=tuple(misses),
            host_delta=host_delta,
            home_delta=home_delta,
            host_gain=rules.to_reference(host_delta.revenue, host.currency),
            home_loss=-rules.to_reference(home_delta.revenue, home.currency),
            season_long=season_long,
        )


def build_candidates(
    index: RunIndex,
    valuer: Valuer,
    rules: ExchangeRules,
    keep: set[str] | None = None,
    send: set[str] | None = None,
) -> Candidates:
    """Every valid move option of the candidate stars to every other company."""
    season = index.season
    keep, send = keep or set(), send or set()
    stars, rejected = pick_stars(season, index.company_ids, rules, send)
    out = Candidates(stars=[s for s in stars if s not in keep], rejected=rejected)
    out.rejected += [f"{d}: kept at home by the director" for d in stars if d in keep]
    builder = OptionBuilder(index, valuer, rules)
    seen: set[str] = set()
    for dancer_id in out.stars:
        dancer = season.dancer(dancer_id)
        if season.exchanges_of(dancer_id):
            out.rejected.append(f"{dancer_id}: already under an exchange agreement")
            continue
        for host_id in index.company_ids:
            if host_id == dancer.company_id:
                continue
            stints: list[StintOption] = []
            for run in index.runs_of(host_id):
                found = builder.stint(dancer, run)
                if isinstance(found, str):
                    out.rejected.append(f"{dancer_id} → {run.production_id}: {found}")
                else:
                    stints.append(found)
            chains = [(c, False) for c in builder.chains(stints)]
            whole = builder.season_chain(stints)
            if whole is not None:
                chains.append((whole, True))
            for chain, season_long in chains:
                option = builder.timed(dancer, host_id, chain, season_long)
                if isinstance(option, str):
                    out.rejected.append(option)
                elif option.key not in seen:
                    seen.add(option.key)
                    out.options.append(option)
                elif season_long:
                    out.options = [o if o.key != option.key else option for o in out.options]
    out.rejected = list(dict.fromkeys(out.rejected))
    return out
