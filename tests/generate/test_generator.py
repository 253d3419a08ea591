"""The generator makes valid, deterministic, castable-looking seasons at any scale."""

from __future__ import annotations

from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from etoile.generate import GeneratorConfig, demo_season, generate_season
from etoile.model import Tier, season_to_json
from etoile.model.integrity import check_integrity


def test_same_seed_same_document_other_seed_other_document() -> None:
    config = GeneratorConfig(dancers=40, performances=20, productions=3, seed=11)
    first = season_to_json(generate_season(config))
    assert first == season_to_json(generate_season(config))
    other = GeneratorConfig(dancers=40, performances=20, productions=3, seed=12)
    assert first != season_to_json(generate_season(other))


def test_paris_scale_has_the_requested_size() -> None:
    season = generate_season(GeneratorConfig(dancers=154, performances=180, productions=12))
    planned = [p for p in season.productions if p.season == "2027-28"]
    assert len(season.dancers) == 154
    assert len(planned) == 12
    assert sum(len(season.run(p.id)) for p in planned) == 180
    assert check_integrity(season) == []
    ladder = Counter(d.rank_id for d in season.dancers)
    assert set(ladder) == {"etoile", "premier-danseur", "sujet", "coryphee", "quadrille"}
    assert ladder["quadrille"] > ladder["coryphee"] > ladder["etoile"]


def test_demo_has_new_york_and_paris_with_history() -> None:
    season = demo_season()
    assert [c.city for c in season.companies] == ["New York", "Paris"]
    assert [c.time_zone for c in season.companies] == ["America/New_York", "Europe/Paris"]
    sizes = Counter(d.company_id for d in season.dancers)
    assert sizes == {"mbt": 90, "bnp": 154}
    seasons = {p.season for p in season.productions}
    assert seasons == {"2023-24", "2024-25", "2025-26", "2027-28"}
    nutcracker = [
        p for p in season.productions if p.work_id == "nutcracker" and p.season == "2027-28"
    ]
    assert len(nutcracker) == 1 and len(season.run(nutcracker[0].id)) >= 30
    assert {v.capacity for v in season.venues} == {2544, 1900, 2700}
    assert len(season.sales) == sum(1 for p in season.performances if p.cast)
    assert all(
        s.tickets <= season.venue_of(season.performance(s.performance_id)).capacity
        for s in season.sales
    )


def test_every_planned_role_has_enough_dancers_for_casts_and_covers() -> None:
    season = demo_season()
    for company in season.companies:
        rules = company.casting_rules
        works = {p.work_id for p in season.productions_of(company.id) if p.season == "2027-28"}
        for work_id in works:
            for role in season.work(work_id).roles:
                knowers = [d for d in season.dancers_of(company.id) if d.knows(role.id)]
                need = (
                    role.count
                    if role.tier is Tier.CORPS
                    else role.count * rules.casts_per_run + rules.cover_depth
                )
                assert len(knowers) >= need, (company.id, role.id)


def test_star_draw_is_higher_at_the_top_of_the_ladder() -> None:
    season = demo_season()
    paris = season.company("bnp")
    by_tier: dict[Tier, list[float]] = {}
    for dancer in season.dancers_of("bnp"):
        by_tier.setdefault(paris.rank(dancer.rank_id).tier, []).append(dancer.star_draw)
    mean = {tier: sum(v) / len(v) for tier, v in by_tier.items()}
    assert mean[Tier.PRINCIPAL] > mean[Tier.SOLOIST] > mean[Tier.CORPS]


@settings(max_examples=20, deadline=None)
@example(dancers=20, performances=1, productions=3, companies=1, seed=0)
@given(
    dancers=st.integers(min_value=8, max_value=60),
    performances=st.integers(min_value=1, max_value=30),
    productions=st.integers(min_value=1, max_value=4),
    companies=st.integers(min_value=1, max_value=3),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_any_scale_gives_a_valid_document_of_that_size(
    dancers: int, performances: int, productions: int, companies: int, seed: int
) -> None:
    config = GeneratorConfig(
        dancers=dancers, performances=performances, productions=productions,
        companies=companies, seed=seed, history_seasons=1,
    )  # fmt: skip
    season = generate_season(config)
    assert check_integrity(season) == []
    assert len(season.dancers) == dancers * companies
    for company in season.companies:
        planned = [p for p in season.productions_of(company.id) if p.season == config.season]
        assert sum(len(season.run(p.id)) for p in planned) == performances
        assert len(planned) == min(productions, performances)


def test_each_company_has_one_pianist_fewer_than_studios_named_unlike_anyone_else() -> None:
    four = generate_season(GeneratorConfig(companies=4, dancers=30, seed=1))  # styles repeat
    for season in (demo_season(), four):
        people = {d.name for d in season.dancers} | {m.name for m in season.ballet_masters}
        for company in season.companies:
            studios = [s for s in season.studios if s.company_id == company.id]
            pianists = [p for p in season.pianists if p.company_id == company.id]
            assert len(pianists) == len(studios) - 1
            # New York style: one building; Paris style: rooms in two of the season's houses
            sites = {s.site for s in studios}
            assert sites == {None} or (len(sites) == 2 and sites <= {v.id for v in season.venues})
        houses = [{s.site for s in season.studios if s.company_id == c.id} - {None}
                  for c in season.companies]  # fmt: skip
        assert sum(map(len, houses)) == len(set().union(*houses)) > 0  # each company its own
        names = [p.name for p in season.pianists]
        assert len(set(names)) == len(names) and not set(names) & people
