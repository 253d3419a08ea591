"""The rehearsal commands through the CLI: rehearse → callsheet (Markdown, PDF) → ical; plan adapter."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etoile.cli.app import app
from etoile.model.document import season_to_json
from etoile.model.plan import CastingPlan, NamedCast, PerformancePlan, RoleCast, RunPlan, SolveInfo
from etoile.model.schedule import RehearsalSchedule
from etoile.solve.rehearsals.week_castings import castings_from_plan, castings_from_season
from tests.solve.rehearsals.week_fixtures import CASTING, MONDAY, tiny_season

runner = CliRunner()


@pytest.fixture(scope="module")
def rehearsed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The season, the schedule written by ``rehearse`` and what it printed."""
    folder = tmp_path_factory.mktemp("week")
    season = folder / "season.json"
    season.write_text(season_to_json(tiny_season("paris", opening_in_days=9)), encoding="utf-8")
    schedule = folder / "schedule.json"
    result = runner.invoke(
        app,
        [
            "rehearse",
            str(season),
            "--week",
            MONDAY.isoformat(),
            "-o",
            str(schedule),
            "--time-limit",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    return season, schedule, result.output


@pytest.fixture(scope="module")
def files(rehearsed: tuple[Path, Path, str]) -> tuple[Path, Path]:
    return rehearsed[0], rehearsed[1]


def test_rehearse_summarises_the_week(rehearsed: tuple[Path, Path, str]) -> None:
    schedule = RehearsalSchedule.model_validate_json(rehearsed[1].read_text(encoding="utf-8"))
    kinds = [c.kind.value for c in schedule.calls]
    counted = ", ".join(f"{kinds.count(k)} {k}" for k in dict.fromkeys(kinds))
    assert f"{counted} calls; dancers' waiting" in rehearsed[2].replace("\n", " ")
    assert "0 rule violations" in rehearsed[2]


def test_rehearse_writes_a_schedule(files: tuple[Path, Path]) -> None:
    data = json.loads(files[1].read_text(encoding="utf-8"))
    assert data["company_id"] == "co" and data["calls"]
    assert {c["kind"] for c in data["calls"]} >= {"class", "rehearsal"}


def test_rehearse_json_report(files: tuple[Path, Path]) -> None:
    result = runner.invoke(
        app,
        ["rehearse", str(files[0]), "--week", MONDAY.isoformat(), "--json", "--time-limit", "2"],
    )
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["violations"] == [] and "waiting_hours" in report and "baseline" in report


def test_callsheet_markdown_and_pdf(files: tuple[Path, Path], tmp_path: Path) -> None:
    day = "2027-03-02"
    result = runner.invoke(
        app, ["callsheet", str(files[0]), str(files[1]), "--day", day, "--format", "markdown"]
    )
    assert result.exit_code == 0 and "| Time | Studio |" in result.stdout
    pdf = tmp_path / "sheet.pdf"
    result = runner.invoke(
        app,
        [
            "callsheet",
            str(files[0]),
            str(files[1]),
            "--day",
            day,
            "--format",
            "pdf",
            "-o",
            str(pdf),
        ],
    )
    assert result.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")


def test_callsheet_json_for_a_callboard_app(files: tuple[Path, Path]) -> None:
    day = "2027-03-02"
    result = runner.invoke(
        app, ["callsheet", str(files[0]), str(files[1]), "--day", day, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    sheet = json.loads(result.stdout)
    assert (sheet["company"], sheet["day"]) == ("Tiny Ballet", day)
    class_row, *rehearsals = sheet["rows"]
    assert class_row["rehearsal"] == "Company class" and class_row["dancers"] == []
    assert rehearsals and all(row["dancers"] and row["ballet_master"] for row in rehearsals)
    assert all(row["called"] == f"{len(row['dancers'])} dancers" for row in rehearsals)
    season = json.loads(files[0].read_text(encoding="utf-8"))
    name_of = {d["id"]: d["name"] for d in season["dancers"]}
    schedule = json.loads(files[1].read_text(encoding="utf-8"))
    called = {
        name_of[d]
        for c in schedule["calls"]
        if c["start"].startswith(day) and c["kind"] != "class"
        for d in c["dancer_ids"]
    }
    assert {name for row in rehearsals for name in row["dancers"]} == called
    bad = runner.invoke(
        app, ["callsheet", str(files[0]), str(files[1]), "--day", day, "--format", "xml"]
    )
    assert bad.exit_code != 0 and "not one of rich, markdown, json, pdf" in bad.output


def test_ical_and_bad_input(files: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["ical", str(files[0]), str(files[1]), "--dancer", "d1"])
    assert (
        result.exit_code == 0
        and "BEGIN:VCALENDAR" in result.stdout
        and "TZID=Europe/Paris" in result.stdout
    )
    bad = runner.invoke(app, ["rehearse", str(files[0]), "--week", "2027-03-02"])
    assert bad.exit_code != 0 and "Monday" in bad.output + str(bad.exception)


def test_plan_adapter_and_roles_fallback() -> None:
    season = tiny_season()
    plan = CastingPlan(
        runs=[RunPlan(production_id="prod", company_id="co", casts=[
            NamedCast(number=1, roles=[RoleCast(role_id="giselle", dancer_ids=["d1"]), RoleCast(role_id="albrecht", dancer_ids=["d2"])]),
            NamedCast(number=2, roles=[RoleCast(role_id="giselle", dancer_ids=["d3"]), RoleCast(role_id="albrecht", dancer_ids=["d4"])]),
        ])],
        performances=[PerformancePlan(performance_id="g1", production_id="prod", cast_number=1, roles=[
            RoleCast(role_id="giselle", dancer_ids=["d1"]), RoleCast(role_id="wilis", dancer_ids=["d5", "d6"])])],
        solve=SolveInfo(engine="greedy", status="COMPLETE"),
    )  # fmt: skip
    (casting,) = castings_from_plan(season, plan, "co")
    assert casting.casts[0] == {"giselle": ("d1",), "albrecht": ("d2",), "wilis": ("d5", "d6")}
    assert casting.casts[1] == dict(CASTING.casts[1])
    fallback = {c.production_id: c for c in castings_from_season(season, "co")}
    assert fallback["prod"].casts[0]["giselle"]


def test_docs_schedule_example_is_a_valid_schedule() -> None:
    text = (Path(__file__).resolve().parents[3] / "docs" / "rehearsals.md").read_text("utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    schedule = RehearsalSchedule.model_validate_json(example)
    assert schedule.calls_of("d002")[0].kind.value == "class"


def test_rehearse_after_an_earlier_week(files: tuple[Path, Path]) -> None:
    season, schedule = files
    next_week = (MONDAY + timedelta(weeks=1)).isoformat()
    result = runner.invoke(
        app,
        ["rehearse", str(season), "--week", next_week, "--after", str(schedule), "--json",
         "--time-limit", "2"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["violations"] == []
    same = runner.invoke(app, ["rehearse", str(season), "--week", MONDAY.isoformat(),
                               "--after", str(schedule)])  # fmt: skip
    assert same.exit_code == 1 and f"{schedule}: week_start {MONDAY} is not before" in same.output
    not_a_schedule = runner.invoke(
        app, ["rehearse", str(season), "--week", next_week, "--after", str(season)]
    )
    assert not_a_schedule.exit_code == 1
    assert f"{season}:" in not_a_schedule.output and "$.company_id" in not_a_schedule.output
    assert "Traceback" not in not_a_schedule.output


def test_rehearse_saves_weeks_and_reads_them_back_as_history(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    season, schedule = files
    database = f"sqlite:///{tmp_path / 'etoile.db'}"
    first = runner.invoke(app, ["rehearse", str(season), "--week", MONDAY.isoformat(),
                                "--time-limit", "2", "--publish", "--database", database])  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "week stored as published version 1" in first.output
    next_week = (MONDAY + timedelta(weeks=1)).isoformat()
    second = runner.invoke(app, ["rehearse", str(season), "--week", next_week, "--history",
                                 "--time-limit", "2", "--save", "--database", database])  # fmt: skip
    assert second.exit_code == 0, second.output
    assert "week stored as draft version 1" in second.output
    # the stored week is read: given again as a file, it is the same week twice
    twice = runner.invoke(app, ["rehearse", str(season), "--week", next_week, "--history",
                                "--after", str(schedule), "--database", database])  # fmt: skip
    assert twice.exit_code == 1
    assert f"stored week co@{MONDAY} v1: week_start {MONDAY} is given twice" in twice.output


def test_bench_rehearsals_reports_a_paris_scale_week_as_json() -> None:
    # CP-SAT's presolve takes ~2 s on this week alone and twice that beside another test: 15 s
    # leaves it time to reach a solution, else the week falls back to the greedy one
    result = runner.invoke(app, ["bench", "rehearsals", "--seed", "7", "--time-limit", "15"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["dancers"], report["studios"], report["ballet_masters"]) == (154, 6, 10)
    assert report["pianists"] == 0  # the default week lists none: no pianist limit
    assert report["studio_sites"] == 1  # and has every studio in one building
    assert report["productions_in_preparation"] == 4
    assert report["violations"] == 0 and report["wall_s"] <= 15 + 2
    assert report["status"] in {"OPTIMAL", "FEASIBLE"}
    assert report["waiting_hours"] < report["baseline"]["waiting_hours"]
    for measure in ("room_changes", "master_changes"):
        assert 0 <= report[measure] <= report["calls"] and report["baseline"][measure] >= 0
