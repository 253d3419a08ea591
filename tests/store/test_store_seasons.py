"""Import and export: lossless round trips, updates in place by id, and rejected imports that
leave the database exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from etoile.errors import InputError
from etoile.model import DocumentError, Season, season_to_json, write_season
from etoile.ops.seasons import export_season, import_season
from etoile.store import repositories
from etoile.store.engine import session_scope
from etoile.store.repositories import load_season, save_season
from etoile.store.tables import DancerRow, PerformanceRow
from tests.store.store_dump import dump


def write(tmp_path: Path, season: Season, name: str = "season.json") -> Path:
    path = tmp_path / name
    write_season(season, path)
    return path


def edited(season: Season, **changes: Any) -> Season:
    """A copy of ``season`` with some collections replaced (as plain data, then re-checked)."""
    data = season.model_dump(mode="json")
    data.update(changes)
    return Season.model_validate(data)


def test_export_of_an_empty_store_says_so(engine: Engine) -> None:
    with session_scope(engine) as session, pytest.raises(InputError, match="no season yet"):
        export_season(session)


def test_import_export_round_trip_is_lossless(
    engine: Engine, season: Season, tmp_path: Path
) -> None:
    path = write(tmp_path, season)
    with session_scope(engine) as session:
        report = import_season(session, path)
    assert (report.created, report.updated, report.deleted) == (21, 0, 0)  # one per item
    with session_scope(engine) as session:
        back = export_season(session)
    assert back.model_dump() == season.model_dump()
    assert season_to_json(back) == path.read_text(encoding="utf-8")  # offsets and order kept
    with session_scope(engine) as session:
        again = import_season(session, path)
    assert again.unchanged


def test_curtain_times_keep_their_offset(engine: Engine, season: Season) -> None:
    with session_scope(engine) as session:
        save_season(session, season)
    with session_scope(engine) as session:
        row = session.scalars(select(PerformanceRow).where(PerformanceRow.id == "abt-swan-1")).one()
        assert (row.starts_at_utc.hour, row.utc_offset_seconds) == (23, -4 * 3600)
        back = load_season(session).performance("abt-swan-1").starts_at
    assert back.isoformat() == "2027-06-01T19:30:00-04:00"


def test_updated_document_updates_in_place(engine: Engine, season: Season, tmp_path: Path) -> None:
    """A renamed dancer keeps its row, a removed dancer (and what pointed at it) is deleted."""
    with session_scope(engine) as session:
        import_season(session, write(tmp_path, season))
    data = season.model_dump(mode="json")
    data["dancers"][0]["name"] = "Misty Copeland"
    data["dancers"] = [d for d in data["dancers"] if d["id"] != "d-corps"]
    perf = data["performances"][0]
    perf["cast"] = [m for m in perf["cast"] if m["dancer_id"] != "d-corps"]
    data["studios"].append({"id": "abt-b", "company_id": "abt", "name": "Studio B", "capacity": 20})
    updated = Season.model_validate(data)
    with session_scope(engine) as session:
        report = import_season(session, write(tmp_path, updated, "v2.json"))
    assert report.changes["dancers"].updated == 1
    assert report.changes["dancers"].deleted == 1
    assert report.changes["performances"].updated == 1  # its cast lost a member
    assert report.changes["studios"].created == 1
    assert (report.created, report.updated, report.deleted) == (1, 2, 1)
    with session_scope(engine) as session:
        names = dict(session.execute(select(DancerRow.id, DancerRow.name)).tuples().all())
        assert names == {
            "d-misty": "Misty Copeland",
            "d-james": "James W.",
            "d-mathieu": "Mathieu G.",
        }
        assert export_season(session).model_dump() == updated.model_dump()


def test_import_owns_only_its_companies(engine: Engine, season: Season, tmp_path: Path) -> None:
    """Importing one company's document leaves the other company's rows alone."""
    with session_scope(engine) as session:
        save_season(session, season)
    data = season.model_dump(mode="json")
    pob_only = {
        "name": "POB",
        "companies": [c for c in data["companies"] if c["id"] == "pob"],
        "venues": [v for v in data["venues"] if v["id"] == "garnier"],
        "works": [w for w in data["works"] if w["id"] == "giselle"],
        "dancers": [],  # Mathieu is gone from the POB document
        "studios": [s for s in data["studios"] if s["company_id"] == "pob"],
        "productions": [p for p in data["productions"] if p["company_id"] == "pob"],
        "performances": [p for p in data["performances"] if p["id"] == "pob-giselle-1"],
    }
    # Mathieu still dances for ABT under the stored exchange: removing him must be refused ...
    with session_scope(engine) as session, pytest.raises(DocumentError, match="d-mathieu"):
        save_season(session, Season.model_validate(pob_only))
    # ... and keeping him works: ABT's rows (and the works and venues it uses) stay; his
    # exchange belongs to his home company, so the POB document, which has none, removes it.
    pob_only["dancers"] = [d for d in data["dancers"] if d["id"] == "d-mathieu"]
    pob_only["dancers"][0]["name"] = "Mathieu Ganio"
    with session_scope(engine) as session:
        report = save_season(session, Season.model_validate(pob_only))
        assert (report.created, report.updated, report.deleted) == (0, 1, 1)
        assert report.changes["exchanges"].deleted == 1
        after = load_season(session)
    assert [c.id for c in after.companies] == ["pob", "abt"]
    assert after.dancer("d-mathieu").name == "Mathieu Ganio"
    assert {w.id for w in after.works} == {"giselle", "swan-lake"}
    assert len(after.dancers_of("abt")) == 3
    assert after.exchanges == []


def test_bad_document_writes_nothing(engine: Engine, season: Season, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        save_season(session, season)
    before = dump(engine)
    data = season.model_dump(mode="json")
    data["dancers"][0]["rank_id"] = "nowhere"
    data["dancers"][1]["name"] = "Renamed"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DocumentError) as caught, session_scope(engine) as session:
        import_season(session, bad)
    assert "$.dancers[0].rank_id" in str(caught.value)
    assert dump(engine) == before


def test_failure_mid_write_rolls_back(
    engine: Engine, season: Season, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_scope(engine) as session:
        save_season(session, season)
    before = dump(engine)
    data = season.model_dump(mode="json")
    data["dancers"][0]["name"] = "Renamed"
    data["venues"][0]["capacity"] = 4000
    data["sales"] = []
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    real_write_table = repositories.write_table
    calls = []

    def failing_write_table(session: Any, model: Any, inserts: Any, updates: Any) -> None:
        calls.append(model)
        if model is DancerRow:  # venues are already updated by now
            raise RuntimeError("disk on fire")
        real_write_table(session, model, inserts, updates)

    monkeypatch.setattr(repositories, "write_table", failing_write_table)
    with pytest.raises(RuntimeError, match="disk on fire"), session_scope(engine) as session:
        import_season(session, path)
    assert len(calls) > 3
    assert dump(engine) == before


def test_database_refusal_is_an_input_error_and_rolls_back(engine: Engine, season: Season) -> None:
    """A value the database cannot hold (here a 64-bit seniority on a 32-bit column on
    PostgreSQL, or a broken foreign key) comes back as one clear line, nothing written."""
    with session_scope(engine) as session:
        save_season(session, season)
    before = dump(engine)
    with pytest.raises(InputError, match="the database refused"), session_scope(engine) as session:
        rows = repositories.read_rows(session)
        new = repositories.season_rows(season)
        new["dancers"][("d-misty",)] = {**new["dancers"][("d-misty",)], "rank_id": "nowhere"}
        repositories.write_rows(session, rows, new)
    assert dump(engine) == before


def test_demo_document_round_trips(engine: Engine, tmp_path: Path) -> None:
    """The demo season (two companies, a thousand performances, sales) survives import →
    export → import unchanged."""
    generate = pytest.importorskip("etoile.generate")
    demo: Season = generate.demo_season()
    path = write(tmp_path, demo, "demo-season.json")
    with session_scope(engine) as session:
        import_season(session, path)
    with session_scope(engine) as session:
        back = export_season(session)
    assert back.model_dump() == demo.model_dump()
    assert season_to_json(back) == path.read_text(encoding="utf-8")
    with session_scope(engine) as session:
        assert import_season(session, path).unchanged
