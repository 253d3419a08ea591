"""An unseen title at its premiere is shrunk toward the new-play group's mean, not the average title."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from etoile.forecast.features import NEW_TITLE_GROUP, FeatureBuilder
from etoile.forecast.model import BoxOfficeModel, ModelConfig
from etoile.forecast.records import Context, Observation, Showing

BASE, NEW_PLAY_LIFT = 7.0, 0.4


def _history(seed: int = 5) -> list[Observation]:
    """Old repertoire (effects around 0) and a stream of new plays that draw 40 % more (log)."""
    rng = random.Random(seed)
    repertoire = {f"old{i}": rng.gauss(0.0, 0.1) for i in range(12)}
    start, out, day = date(2020, 1, 1), [], 0
    for k in range(30):  # each new play: a first run of 6 premieres, then 6 later showings
        new = f"new{k}"
        lift = NEW_PLAY_LIFT + rng.gauss(0.0, 0.1)
        for j in range(12):
            for title, eff, first in ((new, lift, j < 6), (rng.choice(list(repertoire)), 0, 0)):
                eff = eff or repertoire[title]
                value = math.exp(BASE + eff + rng.gauss(0.0, 0.05))
                s = Showing(
                    id=f"s{day}", when=start + timedelta(days=day), titles=(title,),
                    premiere=bool(first),
                )  # fmt: skip
                out.append(Observation(s, revenue=value))
                day += 1
    return out


def test_unseen_premiere_gets_the_new_play_group_mean() -> None:
    history = _history()
    model = BoxOfficeModel.fit(history, Context(), ModelConfig(halflife_days=None))
    assert NEW_TITLE_GROUP in model.features.columns
    when = history[-1].showing.day + timedelta(days=1)
    premiere = Showing(id="x", when=when, titles=("brand_new",), premiere=True)
    revival = Showing(id="y", when=when, titles=("brand_new",), premiere=False)
    lat = model.latent([premiere, revival])
    assert abs(lat.mu[0] - (BASE + NEW_PLAY_LIFT)) < 0.1  # the group's mean, not the average
    assert lat.mu[0] - lat.mu[1] > 0.25  # an unseen title outside a first run is repertoire


def test_new_play_group_survives_a_save_and_old_files_still_load() -> None:
    history = _history()[:120]
    fb = FeatureBuilder().fit([o.showing for o in history])
    again = FeatureBuilder.from_dict(fb.to_dict())
    assert again.new_titles == fb.new_titles and "new0" in (fb.new_titles or [])
    legacy = fb.to_dict()
    del legacy["new_titles"]
    old = FeatureBuilder.from_dict(legacy)
    assert old.new_titles is None
    assert old.transform([history[0].showing]).n == 1
