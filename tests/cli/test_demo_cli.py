"""`etoile demo` builds the demo database; the stored season is the generated document."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from etoile.cli.app import app
from etoile.generate import demo_season
from etoile.model import season_to_json
from etoile.ops.seasons import export_season
from etoile.ops.summary import planned_season_label, summarise
from etoile.store.engine import open_store, session_scope


def test_summary_counts_the_planned_season() -> None:
    season = demo_season()
    summary = summarise(season)
    assert summary.planned_season == planned_season_label(season) == "2027-28"
    assert [(c[0], c[4], c[5]) for c in summary.companies] == [("mbt", 90, 100), ("bnp", 154, 180)]
    assert sum(summary.per_month["bnp"].values()) == 180
    assert {line.season for line in summary.sales} == {"2023-24", "2024-25", "2025-26"}
    assert all(0 < line.occupancy <= 1 for line in summary.sales)


def test_demo_imports_the_season_into_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = CliRunner().invoke(
        app, ["demo", "--out", str(tmp_path / "out"), "--database", url, "--only", "season"]
    )
    assert result.exit_code == 0, result.output
    assert "Companies" in result.output and "Past sales" in result.output
    # an 80-column terminal shows every month whole (a month per row, not per column)
    assert "2027-09" in result.output and "2028-06" in result.output and "…" not in result.output
    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            stored = export_season(session)
    finally:
        engine.dispose()
    assert season_to_json(stored) == (tmp_path / "out" / "demo-season.json").read_text()


def test_demo_forecast_step_prints_the_season_and_writes_the_chart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["demo", "--out", str(out), "--database", url, "--only", "forecast"]
    )
    assert result.exit_code == 0, result.output
    assert "Box-office forecast, before casting" in result.output
    assert "The Nutcracker" in result.output
    assert (out / "forecast.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_demo_rejects_an_unknown_step(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path), "--only", "ballet"])
    assert result.exit_code == 1
    assert "unknown step 'ballet'" in result.output
