"""Versioned plans: every save is a new version, and a new draft never erases the published plan."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Engine

from etoile.errors import InputError
from etoile.model.schedule import RehearsalSchedule
from etoile.ops.rehearsals import store_schedule, stored_weeks_before
from etoile.store.engine import session_scope
from etoile.store.plans import list_plans, load_plan, plan_scopes, publish_plan, save_plan


def test_versions_grow_and_published_survives_new_drafts(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert load_plan(session, "casting", "abt") is None
        assert save_plan(session, "casting", json.dumps({"v": 1}), "abt", publish=True) == 1
        assert save_plan(session, "casting", json.dumps({"v": 2}), "abt") == 2
    with session_scope(engine) as session:
        assert save_plan(session, "casting", json.dumps({"v": 3}), "abt") == 3
        assert save_plan(session, "casting", "{}", "pob") == 1  # versions count per scope
        assert save_plan(session, "rehearsals", "{}", "abt") == 1  # ... and per kind
    with session_scope(engine) as session:
        published = load_plan(session, "casting", "abt", "published")
        assert published is not None
        assert (published.version, published.status, published.document) == (
            1,
            "published",
            {"v": 1},
        )
        latest = load_plan(session, "casting", "abt")
        assert latest is not None and (latest.version, latest.status) == (3, "draft")
        second = load_plan(session, "casting", "abt", 2)
        assert second is not None and second.document_json == '{"v": 2}'
        assert second.created_at.tzinfo is not None
        assert load_plan(session, "casting", "abt", 9) is None
        assert load_plan(session, "casting", "pob", "published") is None

        publish_plan(session, "casting", "abt", 3)
    with session_scope(engine) as session:
        now = load_plan(session, "casting", "abt", "published")
        assert now is not None and now.version == 3
        assert [(p.version, p.status) for p in list_plans(session, "casting", "abt")] == [
            (1, "published"),
            (2, "draft"),
            (3, "published"),
        ]


def test_bad_plans_are_refused(engine: Engine) -> None:
    with session_scope(engine) as session:
        with pytest.raises(InputError, match="not valid JSON"):
            save_plan(session, "casting", "{oops", "abt")
        with pytest.raises(InputError, match="no casting plan version 4"):
            publish_plan(session, "casting", "abt", 4)


def test_rolled_back_solve_leaves_no_version(engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        save_plan(session, "exchange", "[]", "abt+pob")
        raise RuntimeError("solver crashed")
    with session_scope(engine) as session:
        assert list_plans(session, "exchange", "abt+pob") == []


def test_stored_weeks_before_a_week_are_each_weeks_published_else_newest(engine: Engine) -> None:
    def week(company: str, monday: date, note: str) -> RehearsalSchedule:
        return RehearsalSchedule(
            company_id=company, week_start=monday, time_zone="Europe/Paris", notes=[note]
        )

    first, second, third = date(2027, 3, 1), date(2027, 3, 8), date(2027, 3, 15)
    with session_scope(engine) as session:
        store_schedule(session, week("b_p", first, "draft"))
        store_schedule(session, week("b_p", first, "published"), publish=True)
        store_schedule(session, week("b_p", first, "newer draft"))
        store_schedule(session, week("b_p", second, "only a draft"))
        store_schedule(session, week("b_p", third, "the week being planned"))
        store_schedule(session, week("bxp", first, "another company"))  # '_' is no wildcard
        store_schedule(session, week("b_p2", first, "another company too"))
    with session_scope(engine) as session:
        found = stored_weeks_before(session, "b_p", third)
        assert plan_scopes(session, "rehearsals", "b") == [
            "b_p2@2027-03-01", "b_p@2027-03-01", "b_p@2027-03-08", "b_p@2027-03-15",
            "bxp@2027-03-01",
        ]  # fmt: skip
    assert [(source, w.notes) for source, w in found] == [
        ("stored week b_p@2027-03-01 v2", ["published"]),
        ("stored week b_p@2027-03-08 v1", ["only a draft"]),
    ]
