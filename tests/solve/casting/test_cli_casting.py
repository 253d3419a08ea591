"""The casting commands through the Typer app: cast, check, recast, and their JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from etoile.cli.app import app
from etoile.model import write_season
from tests.solve.casting.casting_builders import build_season

runner = CliRunner()


def test_cast_check_recast(tmp_path: Path) -> None:
    season_path = tmp_path / "season.json"
    plan_path = tmp_path / "plan.json"
    season = build_season()
    write_season(season, season_path)
    result = runner.invoke(
        app, ["cast", str(season_path), "--time-limit", "5", "-o", str(plan_path), "--json"]
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["kind"] == "casting-plan" and plan["solve"]["engine"] == "cp-sat"
    checked = runner.invoke(app, ["check", str(season_path), str(plan_path), "--json"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout) == {"ok": True, "violations": []}
    heroine = plan["performances"][0]["roles"][0]["dancer_ids"][0]
    recast = runner.invoke(
        app,
        [
            "recast",
            str(season_path),
            str(plan_path),
            "--absent",
            heroine,
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-02",
            "--json",
        ],
    )
    assert recast.exit_code == 0, recast.output
    changes = json.loads(recast.stdout)["changes"]
    assert len(changes) == 1 and changes[0]["removed"] == heroine
    night = season.performance(changes[0]["performance_id"])
    zone = season.company_of(night).time_zone
    told = runner.invoke(
        app, ["recast", str(season_path), str(plan_path), "--absent", heroine,
              "--from", "2026-03-02", "--to", "2026-03-02"],
    )  # fmt: skip
    assert told.exit_code == 0, told.output
    # the callboard's words: the night in local time, the work, the role, who replaces whom
    when = night.local_start(zone).strftime("%a %d %b %Y %H:%M")
    title = season.work_of(night).title
    assert f"{when} · {title} · {season.role(changes[0]['role_id']).name}: " in told.stdout
    assert f"{season.dancer(heroine).name} → " in told.stdout


def test_check_reports_violations(tmp_path: Path) -> None:
    season_path = tmp_path / "season.json"
    write_season(build_season(), season_path)
    runner.invoke(
        app,
        ["cast", str(season_path), "--time-limit", "5", "-o", str(tmp_path / "p.json"), "--json"],
    )
    plan = json.loads((tmp_path / "p.json").read_text())
    plan["performances"][0]["roles"][0]["dancer_ids"] = []
    (tmp_path / "bad.json").write_text(json.dumps(plan))
    result = runner.invoke(app, ["check", str(season_path), str(tmp_path / "bad.json"), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["violations"][0]["rule"] == "role_filled"
    assert report["violations"][0]["performance_id"] == plan["performances"][0]["performance_id"]


def test_cast_explain_prints_penalties(tmp_path: Path) -> None:
    season_path = tmp_path / "season.json"
    write_season(build_season(), season_path)
    result = runner.invoke(app, ["cast", str(season_path), "--time-limit", "5", "--explain"])
    assert result.exit_code == 0, result.output
    assert "audience" in result.stdout and "cover_load" in result.stdout


def test_unknown_company_is_an_input_error(tmp_path: Path) -> None:
    season_path = tmp_path / "season.json"
    write_season(build_season(), season_path)
    result = runner.invoke(app, ["cast", str(season_path), "--company", "nope"])
    assert result.exit_code != 0
    assert "unknown company" in result.output + str(result.exception)


def test_cast_save_and_publish_keep_versions(tmp_path: Path) -> None:
    from etoile.ops.casting import load_stored_plan
    from etoile.store.engine import open_store, session_scope

    season_path = tmp_path / "season.json"
    write_season(build_season(), season_path)
    url = f"sqlite:///{tmp_path / 'etoile.db'}"
    args = ["cast", str(season_path), "--time-limit", "3", "--database", url]
    published = runner.invoke(app, [*args, "--publish"])
    assert published.exit_code == 0, published.output
    assert "published version 1" in published.output
    draft = runner.invoke(app, [*args, "--save"])
    assert "draft version 2" in draft.output
    engine = open_store(url)
    with session_scope(engine) as session:
        assert load_stored_plan(session, ["opera"]) is not None
        assert load_stored_plan(session, ["opera"], 2) is not None
        assert load_stored_plan(session, ["opera"], 3) is None
    engine.dispose()


def test_a_bad_plan_file_is_one_clear_error(tmp_path: Path) -> None:
    season_path, plan_path = tmp_path / "season.json", tmp_path / "plan.json"
    write_season(build_season(), season_path)
    plan_path.write_text('{"kind": "casting-plan", "runs": "all of them"}')
    result = runner.invoke(app, ["check", str(season_path), str(plan_path)])
    assert result.exit_code == 1
    assert f"{plan_path}: " in result.output
    assert "2 problems" in result.output  # every problem, each by its JSON path
    assert "$.solve: required field is missing" in result.output
    assert "$.runs: Input should be a valid array" in result.output
    missing = runner.invoke(app, ["check", str(season_path), str(tmp_path / "none.json")])
    assert missing.exit_code == 1 and "file not found" in missing.output
