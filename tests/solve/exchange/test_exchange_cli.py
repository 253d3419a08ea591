"""`etoile exchange` through the real app: tables, JSON, output file, agreement, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etoile.cli.app import app
from etoile.model import write_season
from tests.solve.exchange.exchange_fixtures import small_season

runner = CliRunner()


@pytest.fixture(scope="module")
def season_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exchange") / "season.json"
    write_season(small_season(2), path)
    return path


BASE = ["--as-of", "2026-11-24", "--no-prove", "--time-limit", "5", "--top", "2"]


def test_exchange_prints_ranked_proposals(season_file: Path) -> None:
    result = runner.invoke(app, ["exchange", str(season_file), *BASE])
    assert result.exit_code == 0, result.output
    assert "Proposal 1" in result.output
    assert "smallest company's gain" in result.output
    # on an 80-column terminal the effects table shows every measure whole
    assert "lowest cover depth" in result.output and "…" not in result.output


def test_exchange_json_output_file_and_agreement(season_file: Path, tmp_path: Path) -> None:
    out, pdf = tmp_path / "proposals.json", tmp_path / "agreement.pdf"
    result = runner.invoke(
        app,
        [
            "exchange",
            str(season_file),
            *BASE,
            "--json",
            "-o",
            str(out),
            "--agreement",
            str(pdf),
            "--explain",
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["kind"] == "exchange-proposals" and doc["proposals"]
    assert doc["explanation"] and any("next best" in line for line in doc["explanation"])
    assert pdf.read_bytes().startswith(b"%PDF")
    md = tmp_path / "agreement.md"
    result = runner.invoke(app, ["exchange", str(season_file), *BASE, "--agreement", str(md)])
    assert result.exit_code == 0 and md.read_text().startswith("# Exchange agreement")


def test_keep_and_unknown_dancer(season_file: Path) -> None:
    first = json.loads(runner.invoke(app, ["exchange", str(season_file), *BASE, "--json"]).stdout)
    star = first["proposals"][0]["moves"][0]["dancer_id"]
    result = runner.invoke(app, ["exchange", str(season_file), *BASE, "--json", "--keep", star])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert all(star != m["dancer_id"] for p in doc["proposals"] for m in p["moves"])
    bad = runner.invoke(app, ["exchange", str(season_file), *BASE, "--keep", "nobody"])
    assert bad.exit_code == 1 and "unknown dancer" in bad.output


def test_bad_options_are_clean_errors(season_file: Path) -> None:
    result = runner.invoke(app, ["exchange", str(season_file), *BASE, "--objective", "best"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    result = runner.invoke(app, ["exchange", str(season_file), *BASE, "--prefer", "x=soon"])
    assert result.exit_code == 1 and "--prefer" in result.output
