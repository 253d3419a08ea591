"""Two writers at once (SQLite and PostgreSQL): the second waits for the first and builds on it."""

from __future__ import annotations

import threading
import time

from sqlalchemy import Engine

from etoile.model import Season
from etoile.store.engine import session_scope
from etoile.store.plans import save_plan
from etoile.store.repositories import load_season, save_season


def _renamed(season: Season, dancer_id: str, name: str) -> Season:
    data = season.model_dump(mode="json")
    for dancer in data["dancers"]:
        if dancer["id"] == dancer_id:
            dancer["name"] = name
    return Season.model_validate(data)


def test_concurrent_imports_are_serialised(engine: Engine, season: Season) -> None:
    first = season
    dancer = first.dancers[0].id
    second = _renamed(first, dancer, "Renamed While Waiting")
    first_wrote = threading.Event()
    errors: list[BaseException] = []

    def slow_first() -> None:
        try:
            with session_scope(engine) as session:
                save_season(session, first)
                first_wrote.set()
                time.sleep(1.0)  # still holding its transaction open
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            first_wrote.set()

    worker = threading.Thread(target=slow_first)
    worker.start()
    assert first_wrote.wait(30)
    with session_scope(engine) as session:  # would fail on the first's rows without the lock
        report = save_season(session, second)
    worker.join()
    assert errors == []
    assert report.updated >= 1 and report.created == 0  # merged into the first's rows
    with session_scope(engine) as session:
        assert load_season(session).dancer(dancer).name == "Renamed While Waiting"


def test_concurrent_plan_saves_take_consecutive_versions(engine: Engine) -> None:
    versions: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(4)

    def save() -> None:
        start.wait()
        with session_scope(engine) as session:
            version = save_plan(session, "casting", '{"runs": []}', "abt")
            time.sleep(0.2)
        with lock:
            versions.append(version)

    threads = [threading.Thread(target=save) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(versions) == [1, 2, 3, 4]
