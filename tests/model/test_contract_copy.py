"""Copies of the data contract rebuild their cached lookups from their own fields."""

from __future__ import annotations

from etoile.generate import demo_season


def test_a_copied_season_finds_its_own_dancers_and_performances_by_id() -> None:
    season = demo_season()
    first = season.dancers[0]
    assert season.dancer(first.id) is first  # the lookup is now cached on the original
    renamed = first.model_copy(update={"name": "Someone Else"})
    copy = season.model_copy(update={"dancers": [renamed, *season.dancers[1:]]})
    assert copy.dancer(first.id).name == "Someone Else"
    assert season.dancer(first.id).name == first.name  # the original is untouched
    fewer = season.model_copy(update={"performances": season.performances[1:]})
    assert season.performances[0].id not in {
        p.id for p in fewer.run(season.performances[0].production_id)
    }
