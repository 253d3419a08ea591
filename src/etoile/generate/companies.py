"""The two demo companies: ladders, labour rules (from the domain notes), houses and studios."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from etoile.model import CastingRules, Company, PriceTier, Rank, Tier, Venue
from etoile.model.rulesets import load_ruleset

# The shipped example rule sets (etoile/data/rules_*.json, each value with its source in the
# domain notes): one source of truth for the demo companies and the rehearsal scheduler.
NEW_YORK_LABOUR_RULES = load_ruleset("new_york").labour_rules
PARIS_LABOUR_RULES = load_ruleset("paris").labour_rules


@dataclass(frozen=True)
class CompanyStyle:
    """What differs between a New York-style and a Paris-style company in the generator."""

    key: str
    company: Company
    rank_shares: tuple[tuple[str, float], ...]  # rank id → share of the roster
    reference_size: int
    venues: tuple[Venue, ...]
    studio_names: tuple[str, ...]
    studio_sites: tuple[str | None, ...]  # per studio: its building (a venue id: that theatre)
    first_names_f: tuple[str, ...]
    first_names_m: tuple[str, ...]
    last_names: tuple[str, ...]
    evening: time
    matinee: time
    matinee_weekdays: tuple[int, ...]
    dark_weekdays: tuple[int, ...]


def _tiers(*ranks: tuple[str, str, Tier]) -> list[Rank]:
    top = len(ranks)
    return [Rank(id=i, name=n, tier=t, order=top - k) for k, (i, n, t) in enumerate(ranks)]


NEW_YORK = CompanyStyle(
    key="nyc",
    company=Company(
        id="mbt",
        name="Metropolitan Ballet Theater",
        city="New York",
        country="US",
        time_zone="America/New_York",
        currency="USD",
        language="en-US",
        ranks=_tiers(
            ("principal", "Principal", Tier.PRINCIPAL),
            ("soloist", "Soloist", Tier.SOLOIST),
            ("corps", "Corps de ballet", Tier.CORPS),
            ("apprentice", "Apprentice", Tier.CORPS),
        ),
        labour_rules=NEW_YORK_LABOUR_RULES,
        casting_rules=CastingRules(casts_per_run=3, cover_depth=1),
    ),
    rank_shares=(("principal", 0.14), ("soloist", 0.2), ("corps", 0.6), ("apprentice", 0.06)),
    reference_size=90,
    venues=(
        Venue(
            id="mbt-house",
            name="Lincoln Square Theater",
            city="New York",
            capacity=2544,
            price_tiers=[
                PriceTier(name="Orchestra", seats=1000, price=165.0),
                PriceTier(name="First ring", seats=544, price=120.0),
                PriceTier(name="Upper rings", seats=1000, price=55.0),
            ],
        ),
    ),
    studio_names=("Studio A", "Studio B", "Studio C", "Studio D", "Main stage studio"),
    studio_sites=(),  # one building
    first_names_f=(
        "Ava",
        "Mia",
        "Sara",
        "Lauren",
        "Tiler",
        "Megan",
        "Unity",
        "Indiana",
        "Emily",
        "Claire",
        "Isabella",
        "Grace",
        "Naomi",
        "Olivia",
        "Hannah",
        "Maria",
        "Jade",
    ),
    first_names_m=(
        "James",
        "Daniel",
        "Tyler",
        "Joseph",
        "Roman",
        "Adrian",
        "Chun",
        "Gilbert",
        "Andrew",
        "Anthony",
        "Harrison",
        "Jovani",
        "Peter",
        "Cory",
        "Aaron",
        "Sebastian",
    ),
    last_names=(
        "Bouder",
        "Reichlen",
        "Peck",
        "Mearns",
        "Angle",
        "Gordon",
        "Ramasar",
        "Huxley",
        "Veyette",
        "Stanley",
        "LaCour",
        "Fairchild",
        "Janzen",
        "Scheller",
        "Ulbricht",
        "Carlson",
        "Hyltin",
        "Lowery",
        "Danchig-Waring",
        "Kikta",
        "Sanz",
        "Woodward",
    ),
    evening=time(19, 30),
    matinee=time(14, 0),
    matinee_weekdays=(5, 6),
    dark_weekdays=(0,),
)

PARIS = CompanyStyle(
    key="paris",
    company=Company(
        id="bnp",
        name="Le Ballet National",
        city="Paris",
        country="FR",
        time_zone="Europe/Paris",
        currency="EUR",
        language="fr-FR",
        ranks=_tiers(
            ("etoile", "Étoile", Tier.PRINCIPAL),
            ("premier-danseur", "Premier danseur", Tier.SOLOIST),
            ("sujet", "Sujet", Tier.SOLOIST),
            ("coryphee", "Coryphée", Tier.CORPS),
            ("quadrille", "Quadrille", Tier.CORPS),
        ),
        labour_rules=PARIS_LABOUR_RULES,
        casting_rules=CastingRules(casts_per_run=3, cover_depth=1),
    ),
    rank_shares=(
        ("etoile", 0.11),
        ("premier-danseur", 0.08),
        ("sujet", 0.15),
        ("coryphee", 0.26),
        ("quadrille", 0.40),
    ),
    reference_size=154,
    venues=(
        Venue(
            id="bnp-palais",
            name="Palais Garnier",
            city="Paris",
            capacity=1900,
            price_tiers=[
                PriceTier(name="Catégorie 1", seats=600, price=150.0),
                PriceTier(name="Catégorie 2", seats=700, price=95.0),
                PriceTier(name="Catégorie 3", seats=600, price=40.0),
            ],
        ),
        Venue(
            id="bnp-bastille",
            name="Opéra Bastille",
            city="Paris",
            capacity=2700,
            price_tiers=[
                PriceTier(name="Catégorie 1", seats=900, price=140.0),
                PriceTier(name="Catégorie 2", seats=1000, price=85.0),
                PriceTier(name="Catégorie 3", seats=800, price=35.0),
            ],
        ),
    ),
    studio_names=(
        "Studio Petipa",
        "Studio Noureev",
        "Studio Lifar",
        "Studio Chauviré",
        "Studio Zambelli",
        "Studio Bastille",
    ),
    # five rooms at the Palais Garnier, one at the Opéra Bastille (domain notes §1)
    studio_sites=("bnp-palais",) * 5 + ("bnp-bastille",),
    first_names_f=(
        "Amandine",
        "Dorothée",
        "Léonore",
        "Hannah",
        "Valentine",
        "Sae Eun",
        "Ludmila",
        "Héloïse",
        "Bleuenn",
        "Inès",
        "Roxane",
        "Marion",
        "Camille",
        "Clémence",
        "Laura",
    ),
    first_names_m=(
        "Mathieu",
        "Germain",
        "Hugo",
        "Marc",
        "Paul",
        "Guillaume",
        "Jérémy",
        "Florent",
        "Pablo",
        "Thomas",
        "Antoine",
        "Axel",
        "Jack",
        "Simon",
        "Léo",
        "Yannick",
    ),
    last_names=(
        "Albisson",
        "Gilbert",
        "Baulac",
        "O'Neill",
        "Colasante",
        "Park",
        "Pagliero",
        "Bourdon",
        "Battut",
        "Guérineau",
        "Ganio",
        "Louvet",
        "Marchand",
        "Moreau",
        "Heymann",
        "Magnenet",
        "Legris",
        "Bullion",
        "Révillion",
        "Thibault",
        "Saiz",
        "Gaudion",
    ),
    evening=time(19, 30),
    matinee=time(14, 30),
    matinee_weekdays=(6,),
    dark_weekdays=(0,),
)

STYLES: dict[str, CompanyStyle] = {NEW_YORK.key: NEW_YORK, PARIS.key: PARIS}
