"""Cross-reference checks of a season document: what pydantic cannot see field by field.

Each check is a small function yielding named problems with their JSON paths, so that
``etoile validate`` can list every problem at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from zoneinfo import ZoneInfo

from etoile.model.problems import Problem
from etoile.model.season import Season
from etoile.model.venue import StaffMember

Check = Callable[[Season], Iterator[Problem]]


def _duplicates(items: Iterable[str], path: str, what: str) -> Iterator[Problem]:
    """Every repeat of an id after its first use."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item in seen:
            yield Problem(f"{path}[{index}].id", f"duplicate {what} id {item!r}")
        seen.add(item)


def unique_ids(season: Season) -> Iterator[Problem]:
    """Every id is unique in its collection; roles and pieces are unique across all works."""
    for name in (
        "companies",
        "venues",
        "works",
        "dancers",
        "studios",
        "ballet_masters",
        "pianists",
    ):
        yield from _duplicates((x.id for x in getattr(season, name)), f"$.{name}", name[:-1])
    for name in ("productions", "performances", "exchanges"):
        yield from _duplicates((x.id for x in getattr(season, name)), f"$.{name}", name[:-1])
    role_owner: dict[str, str] = {}
    for w, work in enumerate(season.works):
        for r, role in enumerate(work.roles):
            if role.id in role_owner:
                yield Problem(
                    f"$.works[{w}].roles[{r}].id",
                    f"duplicate role id {role.id!r} (also in work {role_owner[role.id]!r})",
                )
            role_owner[role.id] = work.id
        yield from _duplicates((p.id for p in work.pieces), f"$.works[{w}].pieces", "piece")
    for c, company in enumerate(season.companies):
        yield from _duplicates((r.id for r in company.ranks), f"$.companies[{c}].ranks", "rank")
    yield from _duplicates(
        (s.performance_id for s in season.sales), "$.sales", "sales record for performance"
    )


def work_references(season: Season) -> Iterator[Problem]:
    """Partner roles exist in the same work and partner back; roles name existing pieces."""
    for w, work in enumerate(season.works):
        roles = {r.id: r for r in work.roles}
        pieces = {p.id for p in work.pieces}
        for r, role in enumerate(work.roles):
            at = f"$.works[{w}].roles[{r}]"
            partner_id = role.partner_role_id
            if partner_id is not None:
                if partner_id not in roles:
                    yield Problem(f"{at}.partner_role_id", f"unknown partner role {partner_id!r}")
                elif partner_id == role.id:
                    yield Problem(f"{at}.partner_role_id", "a role cannot partner itself")
            for p, piece_id in enumerate(role.piece_ids):
                if piece_id not in pieces:
                    yield Problem(f"{at}.piece_ids[{p}]", f"unknown piece {piece_id!r}")


def dancer_references(season: Season) -> Iterator[Problem]:
    """Dancers belong to a known company and rank, know known roles, and have sane absences."""
    companies = {c.id: c for c in season.companies}
    role_ids = {r.id for w in season.works for r in w.roles}
    dancer_ids = {d.id for d in season.dancers}
    for d, dancer in enumerate(season.dancers):
        at = f"$.dancers[{d}]"
        company = companies.get(dancer.company_id)
        if company is None:
            yield Problem(f"{at}.company_id", f"unknown company {dancer.company_id!r}")
        elif dancer.rank_id not in {r.id for r in company.ranks}:
            yield Problem(
                f"{at}.rank_id", f"rank {dancer.rank_id!r} is not in {company.id}'s ladder"
            )
        for k, known in enumerate(dancer.roles):
            if known.role_id not in role_ids:
                yield Problem(f"{at}.roles[{k}].role_id", f"unknown role {known.role_id!r}")
        for k, role_id in enumerate(dancer.preferred_roles):
            if role_id not in role_ids:
                yield Problem(f"{at}.preferred_roles[{k}]", f"unknown role {role_id!r}")
        for k, partner in enumerate(dancer.preferred_partners):
            if partner not in dancer_ids:
                yield Problem(f"{at}.preferred_partners[{k}]", f"unknown dancer {partner!r}")
            elif partner == dancer.id:
                yield Problem(f"{at}.preferred_partners[{k}]", "a dancer cannot partner themself")
        absences = sorted(enumerate(dancer.absences), key=lambda ia: ia[1].start)
        for (_, first), (j, second) in itertools.pairwise(absences):
            if first.overlaps(second):
                yield Problem(
                    f"{at}.absences[{j}]",
                    f"absence {second.start}..{second.end} overlaps {first.start}..{first.end}",
                )


def staff_references(season: Season) -> Iterator[Problem]:
    """Studios, ballet masters and pianists belong to known companies; masters know known works."""
    companies = {c.id for c in season.companies}
    works = {w.id for w in season.works}
    for s, studio in enumerate(season.studios):
        if studio.company_id not in companies:
            yield Problem(f"$.studios[{s}].company_id", f"unknown company {studio.company_id!r}")
    for name in ("ballet_masters", "pianists"):
        staff: list[StaffMember] = getattr(season, name)
        for b, member in enumerate(staff):
            at = f"$.{name}[{b}]"
            if member.company_id not in companies:
                yield Problem(f"{at}.company_id", f"unknown company {member.company_id!r}")
            for k, day in enumerate(member.weekdays):
                if not 0 <= day <= 6:
                    yield Problem(f"{at}.weekdays[{k}]", f"weekday {day} is not 0 (Mon) to 6 (Sun)")
    for b, master in enumerate(season.ballet_masters):
        for k, work_id in enumerate(master.work_ids):
            if work_id not in works:
                yield Problem(f"$.ballet_masters[{b}].work_ids[{k}]", f"unknown work {work_id!r}")


def production_references(season: Season) -> Iterator[Problem]:
    """Productions point at a known company, work and venue, in the company's city unless touring."""
    companies = {c.id: c for c in season.companies}
    works = {w.id for w in season.works}
    venues = {v.id: v for v in season.venues}
    for p, production in enumerate(season.productions):
        at = f"$.productions[{p}]"
        company = companies.get(production.company_id)
        if company is None:
            yield Problem(f"{at}.company_id", f"unknown company {production.company_id!r}")
        if production.work_id not in works:
            yield Problem(f"{at}.work_id", f"unknown work {production.work_id!r}")
        venue = venues.get(production.venue_id)
        if venue is None:
            yield Problem(f"{at}.venue_id", f"unknown venue {production.venue_id!r}")
        elif company is not None and not production.tour and venue.city != company.city:
            yield Problem(
                f"{at}.venue_id",
                f"venue {venue.id!r} is in {venue.city}, not in {company.name}'s city "
                f"{company.city} (mark the production as a tour if it travels)",
            )


def performance_references(season: Season) -> Iterator[Problem]:
    """Performances name a known production and venue in the right city, with the company's
    time-zone offset, and a cast of known dancers in roles of the work."""
    productions = {p.id: p for p in season.productions}
    companies = {c.id: c for c in season.companies}
    venues = {v.id: v for v in season.venues}
    works = {w.id: w for w in season.works}
    dancer_ids = {d.id for d in season.dancers}
    for i, perf in enumerate(season.performances):
        at = f"$.performances[{i}]"
        production = productions.get(perf.production_id)
        if production is None:
            yield Problem(f"{at}.production_id", f"unknown production {perf.production_id!r}")
            continue
        company = companies.get(production.company_id)
        if perf.venue_id is not None:
            venue = venues.get(perf.venue_id)
            home = venues.get(production.venue_id)
            if venue is None:
                yield Problem(f"{at}.venue_id", f"unknown venue {perf.venue_id!r}")
            elif home is not None and venue.city != home.city and not production.tour:
                yield Problem(
                    f"{at}.venue_id",
                    f"venue {venue.id!r} is in {venue.city}, another city than the run's "
                    f"{home.city} (mark the production as a tour if it travels)",
                )
        if company is not None:
            expected = perf.starts_at.astimezone(ZoneInfo(company.time_zone)).utcoffset()
            if perf.starts_at.utcoffset() != expected:
                yield Problem(
                    f"{at}.starts_at",
                    f"offset {perf.starts_at.isoformat()[-6:]} does not match "
                    f"{company.time_zone} on that date",
                )
        work = works.get(production.work_id)
        role_ids = {r.id for r in work.roles} if work else set()
        for k, member in enumerate(perf.cast):
            if work is not None and member.role_id not in role_ids:
                yield Problem(
                    f"{at}.cast[{k}].role_id", f"role {member.role_id!r} is not in {work.id!r}"
                )
            if member.dancer_id not in dancer_ids:
                yield Problem(f"{at}.cast[{k}].dancer_id", f"unknown dancer {member.dancer_id!r}")


def exchange_references(season: Season) -> Iterator[Problem]:
    """Exchanges send a known dancer to another known company, without overlapping each other."""
    companies = {c.id for c in season.companies}
    dancers = {d.id: d for d in season.dancers}
    role_ids = {r.id for w in season.works for r in w.roles}
    production_company = {p.id: p.company_id for p in season.productions}
    perf_company = {
        p.id: production_company[p.production_id]
        for p in season.performances
        if p.production_id in production_company
    }
    for e, agreement in enumerate(season.exchanges):
        at = f"$.exchanges[{e}]"
        dancer = dancers.get(agreement.dancer_id)
        if dancer is None:
            yield Problem(f"{at}.dancer_id", f"unknown dancer {agreement.dancer_id!r}")
        if agreement.host_company_id not in companies:
            yield Problem(f"{at}.host_company_id", f"unknown company {agreement.host_company_id!r}")
        elif dancer is not None and dancer.company_id == agreement.host_company_id:
            yield Problem(f"{at}.host_company_id", "a dancer cannot be exchanged to their home")
        for k, role_id in enumerate(agreement.role_ids):
            if role_id not in role_ids:
                yield Problem(f"{at}.role_ids[{k}]", f"unknown role {role_id!r}")
        for k, perf_id in enumerate(agreement.performance_ids):
            owner = perf_company.get(perf_id)
            if owner is None:
                yield Problem(f"{at}.performance_ids[{k}]", f"unknown performance {perf_id!r}")
            elif owner != agreement.host_company_id:
                yield Problem(
                    f"{at}.performance_ids[{k}]", f"performance {perf_id!r} is not the host's"
                )
        for k, cover in enumerate(agreement.home_cover_ids):
            if cover not in dancers:
                yield Problem(f"{at}.home_cover_ids[{k}]", f"unknown dancer {cover!r}")
    for e, agreement in enumerate(season.exchanges):
        for f in range(e + 1, len(season.exchanges)):
            other = season.exchanges[f]
            if other.dancer_id == agreement.dancer_id and other.overlaps(agreement):
                yield Problem(
                    f"$.exchanges[{f}]",
                    f"overlaps exchange {agreement.id!r} of the same dancer",
                )


def sales_references(season: Season) -> Iterator[Problem]:
    """Sales belong to known performances, in the company's currency, within the house."""
    perfs = {p.id: p for p in season.performances}
    productions = {p.id: p for p in season.productions}
    companies = {c.id: c for c in season.companies}
    venues = {v.id: v for v in season.venues}
    for s, record in enumerate(season.sales):
        at = f"$.sales[{s}]"
        perf = perfs.get(record.performance_id)
        if perf is None:
            yield Problem(f"{at}.performance_id", f"unknown performance {record.performance_id!r}")
            continue
        production = productions.get(perf.production_id)
        if production is None:
            continue
        company = companies.get(production.company_id)
        if company is not None and record.currency != company.currency:
            yield Problem(
                f"{at}.currency", f"{record.currency} is not {company.name}'s {company.currency}"
            )
        venue = venues.get(perf.venue_id or production.venue_id)
        if venue is not None and record.tickets > venue.capacity:
            yield Problem(
                f"{at}.tickets",
                f"{record.tickets} tickets exceed {venue.id}'s {venue.capacity} seats",
            )


CHECKS: tuple[Check, ...] = (
    unique_ids,
    work_references,
    dancer_references,
    staff_references,
    production_references,
    performance_references,
    exchange_references,
    sales_references,
)


def check_integrity(season: Season) -> list[Problem]:
    """Every cross-reference problem of a season document (empty when it is sound)."""
    return [problem for check in CHECKS for problem in check(season)]
