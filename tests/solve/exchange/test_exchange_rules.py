"""The hard rules of a move bite: paperwork lead time, learning in time, willingness, keep/send."""

from __future__ import annotations

from datetime import timedelta

import pytest

from etoile.errors import InfeasibleError, InputError
from etoile.model import DateRange
from etoile.ops.exchange import propose_exchanges
from etoile.solve.exchange.rules import DEFAULT_LEAD_TIMES, ExchangeRules
from tests.solve.exchange.exchange_fixtures import AS_OF, build, small_season


def rules(**changes: object) -> ExchangeRules:
    base = {"as_of": AS_OF, "stars_per_company": 3, "max_runs_per_stay": 2}
    return ExchangeRules.model_validate(base | changes)


def test_every_option_respects_lead_time_travel_and_learning() -> None:
    built = build(small_season(2))
    r = rules()
    assert built.problem.options
    for o in built.problem.options:
        host = built.season.company(o.host_id)
        assert o.deadline >= r.as_of
        assert o.start - o.deadline == timedelta(
            days=r.lead_days(host.country, (o.end - o.start).days + 1)
        )
        assert o.arrival - o.start == timedelta(days=o.travel_days)
        weekly = host.labour_rules.max_rehearsal_hours_per_week * r.visitor_learning_share
        learning_days = (o.first_show - o.arrival).days
        assert o.stints[0].hours <= learning_days * weekly / 7 + 1e-9


def test_us_paperwork_takes_longer_than_a_short_stay_in_france() -> None:
    r = rules()
    assert r.lead_days("US", 30) >= 60
    assert r.lead_days("FR", 30) <= 14 < r.lead_days("FR", 120)
    assert rules(premium_processing=True).lead_days("US", 30) < r.lead_days("US", 30)
    assert "USCIS" in DEFAULT_LEAD_TIMES["US"].source


def test_lead_time_rules_out_moves_that_start_too_soon() -> None:
    season = small_season(2)
    first_show = min(
        season.local_day(p) for p in season.performances if season.sales_of(p.id) is None
    )
    late = rules(as_of=first_show - timedelta(days=40))
    built = build(season, late)
    us = [o for o in built.problem.options if built.season.company(o.host_id).country == "US"]
    assert all(o.deadline >= late.as_of for o in built.problem.options)
    assert any("paperwork lead time" in r for r in built.candidates.rejected)
    early = build(season)
    early_us = [o for o in early.problem.options if early.season.company(o.host_id).country == "US"]
    assert len(us) < len(early_us)


def test_learning_the_host_version_bites_inside_a_preferred_period() -> None:
    season = small_season(2)
    built = build(season)
    option = built.problem.options[0]
    squeezed = DateRange(start=option.first_show - timedelta(days=1), end=option.end)
    tight = build(season, rules(preferred={option.dancer_id: squeezed}))
    assert not [
        o for o in tight.problem.options if o.dancer_id == option.dancer_id and o.key == option.key
    ]
    assert any("learning" in r and option.dancer_id in r for r in tight.candidates.rejected)


def test_unwilling_dancers_and_kept_dancers_never_move() -> None:
    built = build(small_season(2))
    star = built.candidates.stars[0]
    unwilling = build(small_season(2), rules(unwilling=[star]))
    assert all(o.dancer_id != star for o in unwilling.problem.options)
    assert any(star in r and "unwilling" in r for r in unwilling.candidates.rejected)
    kept = build(small_season(2), keep={star})
    assert all(o.dancer_id != star for o in kept.problem.options)


def test_send_forces_the_dancer_into_the_proposal() -> None:
    season = small_season(2)
    free = propose_exchanges(season, top=1, time_limit=5, rules=rules(), prove=False)
    chosen = {m.dancer_id for m in free.proposals[0].moves}
    built = build(season)
    other = next(
        d
        for d in built.problem.dancers()
        if d not in chosen and any(o.dancer_id == d for o in built.problem.options)
    )
    try:
        forced = propose_exchanges(
            season, top=1, send=[other], time_limit=5, rules=rules(), prove=False
        )
    except InfeasibleError:
        return  # sending them would leave a company worse off: the planner says so
    assert other in {m.dancer_id for m in forced.proposals[0].moves}


def test_keep_removes_the_star_from_the_reoptimised_proposal() -> None:
    season = small_season(2)
    free = propose_exchanges(season, top=1, time_limit=5, rules=rules(), prove=False)
    star = free.proposals[0].moves[0].dancer_id
    again = propose_exchanges(season, top=1, keep=[star], time_limit=5, rules=rules(), prove=False)
    for p in again.proposals:
        assert star not in {m.dancer_id for m in p.moves}


def test_bad_requests_are_input_errors() -> None:
    season = small_season(2)
    with pytest.raises(InputError, match="unknown company"):
        propose_exchanges(season, companies=["mbt", "nope"], prove=False)
    with pytest.raises(InputError, match="unknown dancer"):
        propose_exchanges(season, keep=["nobody"], prove=False)
    star = season.dancers[0].id
    with pytest.raises(InputError, match="cannot both"):
        propose_exchanges(season, keep=[star], send=[star], prove=False)
