"""A synthetic sales history whose true drivers are known (shared by the forecast tests)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from etoile.forecast.records import Context, Observation, Showing

RANK_MEAN = {"principal": 0.10, "soloist": 0.0}
TITLE_EFFECT = {"swan": 0.35, "giselle": 0.10, "new": -0.25, "jewels": 0.0}
WEEKDAY = [-0.15, -0.12, -0.05, 0.0, 0.08, 0.2, 0.15]
SIGMA = 0.10


@dataclass
class Truth:
    observations: list[Observation]
    context: Context
    draw: dict[str, float]  # each dancer's own draw (log scale), on top of the rank mean
    rank: dict[str, str]
    appearances: dict[str, int]
    log_demand: dict[str, float]  # latent log demand per observation id


def make_history(n: int = 900, capacity: float = 1e9, base: float = 7.0, seed: int = 3) -> Truth:
    """``n`` performances, casts of three leads among 30 dancers; d28 and d29 dance twice only."""
    rng = random.Random(seed)
    rank = {f"d{i:02d}": "principal" if i < 10 else "soloist" for i in range(30)}
    draw = {d: rng.gauss(0.0, 0.12) for d in rank}
    draw["d00"], draw["d01"], draw["d15"] = 0.30, -0.20, 0.25  # clear stars and a non-draw
    draw["d29"] = 0.30  # a star with almost no history: her estimate must be shrunk
    seldom = ["d28", "d29"]
    regulars = [d for d in rank if d not in seldom]
    start = date(2022, 9, 1)
    observations, appearances, latent = [], dict.fromkeys(rank, 0), {}
    for i in range(n):
        day = start + timedelta(days=int(i * 1000 / n))
        title = rng.choice(list(TITLE_EFFECT))
        cast = tuple(rng.sample(regulars, 3))
        if i in (n // 3, 2 * n // 3):
            cast = (*seldom, cast[0])
        for d in cast:
            appearances[d] += 1
        eta = base + TITLE_EFFECT[title] + WEEKDAY[day.weekday()]
        eta += sum(RANK_MEAN[rank[d]] + draw[d] for d in cast)
        log_demand = eta + rng.gauss(0.0, SIGMA)
        tickets = min(math.exp(log_demand), capacity)
        showing = Showing(
            id=f"p{i}", when=day, titles=(title,), venue="house", city="Paris",
            capacity=capacity, cast=cast,
        )  # fmt: skip
        observations.append(Observation(showing, tickets=tickets, revenue=tickets * 50.0))
        latent[f"p{i}"] = log_demand
    ctx = Context(country=None, member_groups=rank)
    return Truth(observations, ctx, draw, rank, appearances, latent)
