"""The demo repertoire: real ballets with role lists that follow the real works.

Counts of solo roles follow the standard productions; corps sizes vary between stagings, so
they are marked illustrative. Durations are typical running times per act or number.
"""

from __future__ import annotations

from dataclasses import dataclass

from etoile.model import Piece, Role, Tier, Work, WorkKind

P, S, C = Tier.PRINCIPAL, Tier.SOLOIST, Tier.CORPS
F, M = "female", "male"


@dataclass(frozen=True)
class RoleSpec:
    """One role row of the table below: key, name, tier, count, gender, partner, intensity, pieces."""

    key: str
    name: str
    tier: Tier
    count: int
    gender: str | None
    partner: str | None
    intensity: int
    pieces: tuple[str, ...]


@dataclass(frozen=True)
class WorkSpec:
    """A work of the demo repertoire: pieces (key, name, minutes), roles, popularity for demand."""

    key: str
    title: str
    choreographer: str
    kind: WorkKind
    pieces: tuple[tuple[str, str, int], ...]
    roles: tuple[RoleSpec, ...]
    popularity: float


def _r(key: str, name: str, tier: Tier, count: int, gender: str | None, partner: str | None,
       intensity: int, *pieces: str) -> RoleSpec:  # fmt: skip
    return RoleSpec(key, name, tier, count, gender, partner, intensity, pieces)


REPERTOIRE: tuple[WorkSpec, ...] = (
    WorkSpec(
        "swan-lake",
        "Swan Lake",
        "Petipa / Ivanov",
        WorkKind.CLASSIC,
        (
            ("act1", "Act I: the prince's birthday", 35),
            ("act2", "Act II: the lakeside", 35),
            ("act3", "Act III: the ball", 40),
            ("act4", "Act IV: the lake", 25),
        ),
        (
            _r("odette", "Odette / Odile", P, 1, F, "siegfried", 5, "act2", "act3", "act4"),
            _r(
                "siegfried",
                "Prince Siegfried",
                P,
                1,
                M,
                "odette",
                4,
                "act1",
                "act2",
                "act3",
                "act4",
            ),
            _r("rothbart", "Von Rothbart", S, 1, M, None, 3, "act2", "act3", "act4"),
            _r("benno", "Benno", S, 1, M, None, 3, "act1"),
            _r("pas-de-trois-f", "Pas de trois (women)", S, 2, F, None, 4, "act1"),
            _r("big-swans", "Big swans", S, 2, F, None, 3, "act2", "act4"),
            _r("cygnets", "Cygnets", C, 4, F, None, 4, "act2"),
            _r("swans", "Swans", C, 24, F, None, 3, "act2", "act4"),
            _r("national-dances", "National dances", C, 8, None, None, 3, "act3"),
            _r("courtiers", "Courtiers and villagers", C, 12, None, None, 2, "act1", "act3"),
        ),
        1.25,
    ),
    WorkSpec(
        "giselle",
        "Giselle",
        "Coralli / Perrot / Petipa",
        WorkKind.CLASSIC,
        (("act1", "Act I: the village", 55), ("act2", "Act II: the Wilis", 50)),
        (
            _r("giselle", "Giselle", P, 1, F, "albrecht", 5, "act1", "act2"),
            _r("albrecht", "Albrecht", P, 1, M, "giselle", 4, "act1", "act2"),
            _r("myrtha", "Myrtha, Queen of the Wilis", S, 1, F, None, 4, "act2"),
            _r("hilarion", "Hilarion", S, 1, M, None, 3, "act1", "act2"),
            _r("peasant-pdd-f", "Peasant pas de deux (woman)", S, 1, F, "peasant-pdd-m", 4, "act1"),
            _r("peasant-pdd-m", "Peasant pas de deux (man)", S, 1, M, "peasant-pdd-f", 4, "act1"),
            _r("moyna-zulme", "Moyna and Zulme", S, 2, F, None, 3, "act2"),
            _r("wilis", "Wilis", C, 24, F, None, 3, "act2"),
            _r("villagers", "Villagers", C, 16, None, None, 2, "act1"),
        ),
        1.1,
    ),
    WorkSpec(
        "nutcracker",
        "The Nutcracker",
        "Balanchine after Ivanov",
        WorkKind.CLASSIC,
        (
            ("party", "Act I: the party", 30),
            ("battle", "Act I: the battle", 10),
            ("snow", "Act I: the snow", 12),
            ("divert", "Act II: divertissements", 25),
            ("flowers", "Act II: Waltz of the Flowers", 8),
            ("grand-pdd", "Act II: grand pas de deux", 12),
        ),
        (
            _r("sugar-plum", "Sugar Plum Fairy", P, 1, F, "cavalier", 5, "divert", "grand-pdd"),
            _r("cavalier", "Cavalier", P, 1, M, "sugar-plum", 4, "grand-pdd"),
            _r("dewdrop", "Dewdrop", S, 1, F, None, 5, "flowers"),
            _r("snow-queen", "Snow Queen", S, 1, F, "snow-king", 4, "snow"),
            _r("snow-king", "Snow King", S, 1, M, "snow-queen", 4, "snow"),
            _r("drosselmeyer", "Herr Drosselmeyer", S, 1, M, None, 2, "party", "battle"),
            _r("arabian", "Coffee (Arabian)", S, 1, F, None, 3, "divert"),
            _r("candy-canes", "Candy canes", C, 6, None, None, 4, "divert"),
            _r("snowflakes", "Snowflakes", C, 16, F, None, 3, "snow"),
            _r("flowers", "Flowers", C, 14, F, None, 3, "flowers"),
            _r("party-guests", "Party guests", C, 12, None, None, 2, "party"),
        ),
        1.35,
    ),
    WorkSpec(
        "la-bayadere",
        "La Bayadère",
        "Petipa",
        WorkKind.CLASSIC,
        (
            ("act1", "Act I: the temple", 40),
            ("act2", "Act II: the betrothal", 35),
            ("shades", "Act III: the Kingdom of the Shades", 30),
        ),
        (
            _r("nikiya", "Nikiya", P, 1, F, "solor", 5, "act1", "act2", "shades"),
            _r("solor", "Solor", P, 1, M, "nikiya", 5, "act1", "act2", "shades"),
            _r("gamzatti", "Gamzatti", P, 1, F, None, 4, "act1", "act2"),
            _r("golden-idol", "The Golden Idol", S, 1, M, None, 5, "act2"),
            _r("shades-soloists", "Three Shades (variations)", S, 3, F, None, 4, "shades"),
            _r("high-brahmin", "The High Brahmin", S, 1, M, None, 2, "act1"),
            _r("shades", "Shades", C, 24, F, None, 3, "shades"),
            _r(
                "temple-dancers",
                "Temple dancers and warriors",
                C,
                12,
                None,
                None,
                3,
                "act1",
                "act2",
            ),
        ),
        0.95,
    ),
    WorkSpec(
        "don-quixote",
        "Don Quixote",
        "Petipa / Gorsky",
        WorkKind.CLASSIC,
        (
            ("act1", "Act I: Barcelona", 40),
            ("act2", "Act II: the dream", 30),
            ("act3", "Act III: the wedding", 35),
        ),
        (
            _r("kitri", "Kitri", P, 1, F, "basilio", 5, "act1", "act2", "act3"),
            _r("basilio", "Basilio", P, 1, M, "kitri", 5, "act1", "act3"),
            _r("espada", "Espada", S, 1, M, None, 4, "act1"),
            _r("street-dancer", "Street dancer", S, 1, F, None, 4, "act1"),
            _r("dryad-queen", "Queen of the Dryads", S, 1, F, None, 4, "act2"),
            _r("amour", "Amour (Cupid)", S, 1, F, None, 3, "act2"),
            _r("don-quixote", "Don Quixote", S, 1, M, None, 1, "act1", "act2", "act3"),
            _r("dryads", "Dryads", C, 16, F, None, 3, "act2"),
            _r("toreadors", "Toreadors and townspeople", C, 16, None, None, 3, "act1", "act3"),
        ),
        1.0,
    ),
    WorkSpec(
        "sleeping-beauty",
        "The Sleeping Beauty",
        "Petipa",
        WorkKind.CLASSIC,
        (
            ("prologue", "Prologue: the christening", 35),
            ("act1", "Act I: the Rose Adagio", 30),
            ("act2", "Act II: the vision", 30),
            ("act3", "Act III: the wedding", 40),
        ),
        (
            _r("aurora", "Princess Aurora", P, 1, F, "desire", 5, "act1", "act2", "act3"),
            _r("desire", "Prince Désiré", P, 1, M, "aurora", 4, "act2", "act3"),
            _r("lilac-fairy", "Lilac Fairy", S, 1, F, None, 4, "prologue", "act2", "act3"),
            _r("carabosse", "Carabosse", S, 1, None, None, 2, "prologue", "act1"),
            _r("bluebird", "Bluebird", S, 1, M, "florine", 5, "act3"),
            _r("florine", "Princess Florine", S, 1, F, "bluebird", 4, "act3"),
            _r("fairies", "Prologue fairies", S, 5, F, None, 4, "prologue"),
            _r("suitors", "Four suitors", S, 4, M, None, 2, "act1"),
            _r("garland", "Garland dance and court", C, 20, None, None, 2, "act1", "act3"),
            _r("nymphs", "Nymphs", C, 16, F, None, 3, "act2"),
        ),
        1.05,
    ),
    WorkSpec(
        "coppelia",
        "Coppélia",
        "Saint-Léon",
        WorkKind.CLASSIC,
        (
            ("act1", "Act I: the square", 35),
            ("act2", "Act II: the workshop", 30),
            ("act3", "Act III: the festival", 30),
        ),
        (
            _r("swanilda", "Swanilda", P, 1, F, "franz", 4, "act1", "act2", "act3"),
            _r("franz", "Franz", P, 1, M, "swanilda", 4, "act1", "act2", "act3"),
            _r("coppelius", "Dr Coppélius", S, 1, M, None, 2, "act1", "act2"),
            _r("dawn", "Dawn", S, 1, F, None, 3, "act3"),
            _r("prayer", "Prayer", S, 1, F, None, 3, "act3"),
            _r("swanilda-friends", "Swanilda's friends", C, 6, F, None, 3, "act1", "act2"),
            _r("villagers", "Villagers (mazurka, czardas)", C, 16, None, None, 3, "act1", "act3"),
        ),
        0.8,
    ),
    WorkSpec(
        "romeo-and-juliet",
        "Romeo and Juliet",
        "MacMillan",
        WorkKind.CLASSIC,
        (
            ("act1", "Act I: Verona and the ball", 50),
            ("act2", "Act II: the square and the wedding", 35),
            ("act3", "Act III: the tomb", 30),
        ),
        (
            _r("juliet", "Juliet", P, 1, F, "romeo", 5, "act1", "act2", "act3"),
            _r("romeo", "Romeo", P, 1, M, "juliet", 4, "act1", "act2", "act3"),
            _r("mercutio", "Mercutio", S, 1, M, None, 4, "act1", "act2"),
            _r("tybalt", "Tybalt", S, 1, M, None, 3, "act1", "act2"),
            _r("benvolio", "Benvolio", S, 1, M, None, 3, "act1", "act2"),
            _r("lady-capulet", "Lady Capulet", S, 1, F, None, 2, "act1", "act2", "act3"),
            _r("harlots", "Three harlots", S, 3, F, None, 3, "act1", "act2"),
            _r("townspeople", "Townspeople and ball guests", C, 24, None, None, 3, "act1", "act2"),
        ),
        1.15,
    ),
    WorkSpec(
        "la-sylphide",
        "La Sylphide",
        "Bournonville",
        WorkKind.CLASSIC,
        (("act1", "Act I: the farmhouse", 40), ("act2", "Act II: the glade", 35)),
        (
            _r("sylph", "The Sylph", P, 1, F, "james", 4, "act1", "act2"),
            _r("james", "James", P, 1, M, "sylph", 5, "act1", "act2"),
            _r("madge", "Madge", S, 1, None, None, 2, "act1", "act2"),
            _r("effie", "Effie", S, 1, F, None, 2, "act1"),
            _r("gurn", "Gurn", S, 1, M, None, 3, "act1"),
            _r("sylphs", "Sylphs", C, 12, F, None, 3, "act2"),
            _r("highlanders", "Highlanders", C, 12, None, None, 3, "act1"),
        ),
        0.75,
    ),
    WorkSpec(
        "crossing-lines",
        "Crossing Lines",
        "new creation",
        WorkKind.CREATION,
        (("part1", "Part one", 25), ("duet", "Central duet", 12), ("part3", "Finale", 20)),
        (
            _r("lead-a", "Lead A", P, 1, F, "lead-b", 4, "part1", "duet", "part3"),
            _r("lead-b", "Lead B", P, 1, M, "lead-a", 4, "part1", "duet", "part3"),
            _r("quartet", "Quartet", S, 4, None, None, 4, "part1", "part3"),
            _r("ensemble", "Ensemble", C, 16, None, None, 3, "part1", "part3"),
        ),
        0.7,
    ),
    WorkSpec(
        "atlas-of-light",
        "Atlas of Light",
        "new creation",
        WorkKind.CREATION,
        (
            ("mvt1", "First movement", 18),
            ("mvt2", "Second movement", 15),
            ("mvt3", "Third movement", 20),
        ),
        (
            _r("soloist-1", "First soloist", P, 1, F, "soloist-2", 4, "mvt1", "mvt2"),
            _r("soloist-2", "Second soloist", P, 1, M, "soloist-1", 4, "mvt1", "mvt2"),
            _r("trio", "Trio", S, 3, None, None, 4, "mvt2", "mvt3"),
            _r("corps", "Corps", C, 12, None, None, 3, "mvt1", "mvt3"),
        ),
        0.65,
    ),
)


def build_work(spec: WorkSpec, corps_scale: float = 1.0) -> Work:
    """The ``Work`` for a spec; ``corps_scale`` < 1 shrinks corps counts for small companies."""
    roles = []
    for role in spec.roles:
        count = role.count
        if role.tier is C and corps_scale < 1.0:
            count = max(1, round(count * corps_scale))
        roles.append(
            Role(
                id=f"{spec.key}.{role.key}",
                name=role.name,
                tier=role.tier,
                count=count,
                gender=role.gender,
                partner_role_id=f"{spec.key}.{role.partner}" if role.partner else None,
                intensity=role.intensity,
                piece_ids=[f"{spec.key}.{p}" for p in role.pieces],
                count_is_illustrative=role.tier is C,
            )
        )
    return Work(
        id=spec.key,
        title=spec.title,
        choreographer=spec.choreographer,
        kind=spec.kind,
        pieces=[Piece(id=f"{spec.key}.{k}", name=n, duration_minutes=m) for k, n, m in spec.pieces],
        roles=roles,
    )


def work_spec(key: str) -> WorkSpec:
    """The repertoire entry with this key."""
    return next(spec for spec in REPERTOIRE if spec.key == key)
