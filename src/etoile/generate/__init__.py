"""Seeded season generator: demo companies at real scale, and seasons of any size for tests.

``generate_season(GeneratorConfig(...))`` is deterministic per seed. ``demo_season()`` is the
New York + Paris demo that ``make demo`` runs. See docs/demo-data.md for the demand model.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

from etoile.generate.calendar import RunPlan, choose_works, plan_runs, split_performances
from etoile.generate.companies import NEW_YORK, PARIS, STYLES, CompanyStyle
from etoile.generate.repertoire import build_work, work_spec
from etoile.generate.roster import (
    add_absences,
    make_dancers,
    pair_partners,
    season_range,
    teach_roles,
)
from etoile.generate.sales import cast_history, draw_sales
from etoile.model import BalletMaster, Company, Dancer, Pianist, Season, Studio, Tier, Venue

DEFAULT_PERFORMANCES = {"nyc": 100, "paris": 180}
DEFAULT_PRODUCTIONS = {"nyc": 8, "paris": 12}


@dataclass(frozen=True)
class GeneratorConfig:
    """What to generate. Sizes are per company; None means the style's real-scale default."""

    dancers: int | None = None
    performances: int | None = None
    productions: int | None = None
    companies: int = 1
    seed: int = 7
    season: str = "2027-28"
    history_seasons: int = 3
    styles: tuple[str, ...] = field(default=())

    def company_styles(self) -> list[CompanyStyle]:
        """One company: Paris style; two: New York and Paris; more: alternate, renamed."""
        if self.styles:
            return [STYLES[s] for s in self.styles]
        if self.companies == 1:
            return [PARIS]
        return [(NEW_YORK, PARIS)[k % 2] for k in range(self.companies)]


def _seasons_before(label: str, count: int) -> list[str]:
    """The ``count`` completed seasons before ``label``, leaving the one in progress out."""
    year = int(label[:4])
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(year - count - 1, year - 1)]


def _company_for(style: CompanyStyle, index: int, size: int) -> Company:
    company = style.company
    if index >= 2:  # a third or fourth company of the same style needs its own ids
        company = company.model_copy(
            update={"id": f"{company.id}{index}", "name": f"{company.name} {index}"}
        )
    principals = size * dict(style.rank_shares)[company.ranks[0].id]
    casts = 3 if principals >= 12 else 2 if principals >= 6 else 1
    rules = company.casting_rules.model_copy(update={"casts_per_run": casts})
    return company.model_copy(update={"casting_rules": rules}, deep=True)


def _staff(
    company: Company, style: CompanyStyle, work_ids: list[str], masters: int, taken: set[str]
) -> tuple[list[Studio], list[BalletMaster], list[Pianist]]:
    """Studios, ballet masters, and one pianist fewer than studios (so the pianists, not only
    the rooms, can decide how many calls run at once)."""
    studios = [
        Studio(
            id=f"{company.id}-studio-{k + 1}",
            company_id=company.id,
            name=name,
            capacity=80 if k == 0 else 60 if k % 3 == 0 else 30,
            site=style.studio_sites[k] if k < len(style.studio_sites) else None,
        )
        for k, name in enumerate(style.studio_names)
    ]
    team = [
        BalletMaster(
            id=f"{company.id}-bm-{k + 1:02d}",
            company_id=company.id,
            name=f"{style.first_names_f[k % len(style.first_names_f)] if k % 2 else style.first_names_m[k % len(style.first_names_m)]} {style.last_names[-1 - k % len(style.last_names)]}",
            work_ids=sorted({work_ids[(k + j) % len(work_ids)] for j in range(0, len(work_ids), max(1, masters // 2))} | {work_ids[k % len(work_ids)]}),
            weekdays=[0, 1, 2, 3, 4, 5] if k % 4 else [1, 2, 3, 4, 5],
        )
        for k in range(masters)
    ]  # fmt: skip
    names = _unused_names(style, taken | {m.name for m in team}, len(studios) - 1)
    pianists = [
        Pianist(id=f"{company.id}-pn-{k + 1:02d}", company_id=company.id, name=name)
        for k, name in enumerate(names)
    ]
    return studios, team, pianists


def _unused_names(style: CompanyStyle, taken: set[str], count: int) -> list[str]:
    """``count`` names from the style's lists that nobody in ``taken`` has (a callboard must
    not show a pianist with a dancer's name); deterministic, no random draws."""
    firsts = [
        n for pair in zip(style.first_names_f, style.first_names_m, strict=False) for n in pair
    ]
    lasts = style.last_names[::-1]
    names = (  # every pair once, diagonally, so that neighbours differ in both names
        f"{first} {lasts[(j + shift) % len(lasts)]}"
        for shift in range(len(lasts))
        for j, first in enumerate(firsts)
    )
    return list(itertools.islice((n for n in names if n not in taken), count))


def generate_season(config: GeneratorConfig) -> Season:
    """A valid season document of the requested scale, deterministic for a seed."""
    rng = random.Random(config.seed)
    styles = config.company_styles()
    sizes = [config.dancers or style.reference_size for style in styles]
    corps_scale = min(
        1.0, min(size / style.reference_size for size, style in zip(sizes, styles, strict=True))
    )
    companies: list[Company] = []
    venues: list[Venue] = []
    dancers: list[Dancer] = []
    studios: list[Studio] = []
    masters: list[BalletMaster] = []
    pianists: list[Pianist] = []
    planned: list[tuple[Company, list[RunPlan]]] = []
    history: list[tuple[Company, list[RunPlan]]] = []
    work_keys: set[str] = set()
    for index, (style, size) in enumerate(zip(styles, sizes, strict=True)):
        company = _company_for(style, index, size)
        own_id = {v.id: f"{v.id}{index}" if index >= 2 else v.id for v in style.venues}
        own_venues = [v.model_copy(update={"id": own_id[v.id]}) for v in style.venues]
        own_sites = tuple(own_id.get(s, s) if s else s for s in style.studio_sites)
        style_here = CompanyStyle(
            **{
                **style.__dict__,
                "company": company,
                "venues": tuple(own_venues),
                "studio_sites": own_sites,
            }
        )
        performances = config.performances or DEFAULT_PERFORMANCES[style.key]
        productions = min(config.productions or DEFAULT_PRODUCTIONS[style.key], performances)
        season_works = choose_works(rng, style, productions, history=False)
        runs = plan_runs(
            rng,
            style_here,
            config.season,
            season_works,
            split_performances(rng, season_works, performances),
            history=False,
        )
        planned.append((company, runs))
        for label in _seasons_before(config.season, config.history_seasons):
            past = choose_works(rng, style, productions, history=True)
            history.append(
                (
                    company,
                    plan_runs(
                        rng,
                        style_here,
                        label,
                        past,
                        split_performances(rng, past, performances),
                        history=True,
                    ),
                )
            )
        company_works = sorted(
            {r.production.work_id for c, rs in planned + history if c is company for r in rs}
        )
        work_keys.update(company_works)
        season_dates = season_range(config.season)
        roster = make_dancers(rng, style, company, size, season_dates)
        for d in roster:
            if index >= 2:
                d.id = d.id.replace(style.company.id, company.id, 1)
        teach_roles(rng, company, roster, [build_work(work_spec(k), corps_scale) for k in company_works],
                    company.casting_rules.casts_per_run, company.casting_rules.cover_depth)  # fmt: skip
        pair_partners(rng, company, roster)
        add_absences(rng, roster, season_dates)
        studio_list, team, players = _staff(
            company,
            style_here,
            company_works,
            6 if style.key == "nyc" else 10,
            {d.name for d in [*dancers, *roster]} | {p.name for p in [*masters, *pianists]},
        )
        companies.append(company)
        venues.extend(own_venues)
        dancers.extend(roster)
        studios.extend(studio_list)
        masters.extend(team)
        pianists.extend(players)
    works = [build_work(work_spec(k), corps_scale) for k in sorted(work_keys)]
    draft = Season(name="", companies=companies, venues=venues, works=works, dancers=dancers)
    venue_by_id = {v.id: v for v in venues}
    sales = []
    for company, runs in history:
        cast_history(rng, runs, draft, company, company.casting_rules.casts_per_run)
        sales.extend(draw_sales(rng, runs, draft, company, venue_by_id))
    all_runs = [run for _, runs in planned + history for run in runs]
    names = " + ".join(c.name for c in companies)
    return Season(
        name=f"{names}, season {config.season} (generated, seed {config.seed})",
        companies=companies,
        venues=venues,
        works=works,
        dancers=dancers,
        studios=studios,
        ballet_masters=masters,
        pianists=pianists,
        productions=[run.production for run in all_runs],
        performances=[p for run in all_runs for p in run.performances],
        sales=sales,
    )


def demo_season(seed: int = 2027) -> Season:
    """The New York + Paris demo season that ``make demo`` runs."""
    return generate_season(GeneratorConfig(companies=2, seed=seed))


__all__ = ["GeneratorConfig", "Tier", "demo_season", "generate_season"]
