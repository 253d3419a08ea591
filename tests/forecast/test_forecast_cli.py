"""`etoile forecast` through the CLI: a season document, a history CSV, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etoile.cli.app import app
from etoile.generate import demo_season
from etoile.model import write_season

runner = CliRunner()


def _flat(text: str) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def season_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("forecast") / "season.json"
    write_season(demo_season(), path)
    return path


def test_forecast_a_season_as_json_with_a_chart(season_file: Path, tmp_path: Path) -> None:
    chart = tmp_path / "forecast.png"
    result = runner.invoke(app, ["forecast", str(season_file), "--json", "--plot", str(chart)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["forecasts"]
    assert len(rows) == 280 and {r["company"] for r in rows} == {"mbt", "bnp"}
    first = rows[0]
    assert first["tickets"]["lower"] <= first["tickets"]["median"] <= first["capacity"]
    assert 0 <= first["sell_out_probability"] <= 1
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fit_then_predict_with_the_saved_model(season_file: Path, tmp_path: Path) -> None:
    saved = tmp_path / "model.json"
    fit = runner.invoke(app, ["forecast", "fit", str(season_file), "--json", "--out", str(saved)])
    assert fit.exit_code == 0, fit.output
    summary = json.loads(fit.stdout)["models"]
    assert set(summary) == {"mbt", "bnp"} and summary["bnp"]["observations"] == 540
    table = runner.invoke(app, ["forecast", "predict", str(season_file), "--model", str(saved)])
    assert table.exit_code == 0, table.output
    assert "Forecast: 280 performances" in table.stdout


def test_fit_a_history_csv(tmp_path: Path) -> None:
    lines = ["id,date,title,venue,capacity,cast,tickets,revenue"]
    for i in range(60):
        day = f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}"
        title = "giselle" if i % 2 else "swan"
        cast = "ana:principal;bo:soloist" if i % 3 else "cy:principal"
        tickets = 1500 + 300 * (i % 2) + 150 * (i % 3 == 0)
        lines.append(f"p{i},{day}T19:30,{title},garnier,1900,{cast},{tickets},{tickets * 80}")
    history = tmp_path / "history.csv"
    history.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["forecast", "fit", str(history), "--country", "FR", "--json"])
    assert result.exit_code == 0, result.output
    model = json.loads(result.stdout)["models"]["history"]
    assert model["observations"] == 60 and model["target"] == "tickets"
    assert {d["dancer"] for d in model["top_draws"]} == {"ana", "bo", "cy"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("id,date,tickets\np1,2025-01-01,10\n", "missing column(s) title"),
        ("id,date,title\np1,2025-01-01,swan\n", "needs a tickets or a revenue column"),
        ("id,date,title,tickets\np1,2025-01-01,swan,many\n", "line 2: field tickets: not a number"),
        ("id,date,title,tickets\np1,01/02/2025,swan,10\n", "line 2: field date: not an ISO date"),
        ("id,date,title,tickets,premiere\np1,2025-01-01,swan,10,maybe\n", "field premiere"),
    ],
)
def test_bad_history_csv_names_file_line_and_field(
    tmp_path: Path, content: str, reason: str
) -> None:
    history = tmp_path / "history.csv"
    history.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["forecast", "fit", str(history)])
    assert result.exit_code == 1
    assert reason in _flat(result.output) and "history.csv" in result.output
    assert "Traceback" not in result.output


def test_missing_files_and_foreign_models_are_clean_errors(
    season_file: Path, tmp_path: Path
) -> None:
    missing = runner.invoke(app, ["forecast", str(tmp_path / "nope.json")])
    assert missing.exit_code == 1 and "file not found" in _flat(missing.output)
    foreign = tmp_path / "foreign.json"
    foreign.write_text("[]", encoding="utf-8")
    bad = runner.invoke(app, ["forecast", str(season_file), "--model", str(foreign)])
    assert bad.exit_code == 1 and "not a saved forecast model" in _flat(bad.output)
