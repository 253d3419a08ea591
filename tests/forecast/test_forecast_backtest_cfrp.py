"""A small Comédie-Française backtest on the real registers (one test season)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etoile.cli.app import app
from etoile.errors import InputError
from etoile.forecast import backtest_cfrp

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def folder(shared_dir: Path) -> Path:
    return shared_dir / "data" / "cfrp-comedie-francaise-1680-1793"


def test_cfrp_backtest_through_the_cli(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "predictions.csv"
    args = ["backtest", "cfrp", str(folder), "--train-until", "1777-1778", "--test",
            "1778-1779:1778-1779", "--predictions", str(out), "--json"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["n_test"] > 250 and report["n_train"] > 1000
    model, naive = report["model"], report["baselines"]["seasonal_naive"]
    assert model["mae"] < naive["mae"]  # titles, novelty and cast beat the weekday's level
    assert model["mape"] < 60 and 0.6 < model["coverage"] <= 1.0
    assert set(report["baselines"]) == {"seasonal_naive", "gradient_boosting"}
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["id", "date", "actual", "predicted", "lower", "upper"]
    assert len(rows) == report["n_test"]
    first = rows[0]
    assert float(first["lower"]) <= float(first["predicted"]) <= float(first["upper"])
    assert first["date"].startswith(("1778", "1779"))


def test_receipts_are_livres_sols_deniers(folder: Path) -> None:
    sessions, context = backtest_cfrp.load(folder, history_from="1778-1779")
    by_id = {s.observation.showing.id: s for s in sessions}
    with (folder / "registers.csv").open(encoding="utf-8") as fh:
        row = next(
            r
            for r in csv.DictReader(fh)
            if r["id"] in by_id and r["total_receipts_recorded_s"] not in ("", "0")
        )
    want = float(row["total_receipts_recorded_l"]) + float(row["total_receipts_recorded_s"]) / 20
    want += float(row["total_receipts_recorded_d"] or 0) / 240
    assert by_id[row["id"]].observation.revenue == pytest.approx(want)
    cast = next(s.observation.showing.cast for s in sessions if s.observation.showing.cast)
    assert cast and all(context.member_groups.get(a) in {"S", "P", "O", "?"} for a in cast)


@pytest.mark.parametrize(
    ("until", "window", "reason"),
    [("1779", "1780-1781:1781-1782", "--train-until"), ("1779-1780", "1780-1781", "FROM:TO"),
     ("1779-1780", "1778-1779:1779-1780", "must start after")],
)  # fmt: skip
def test_bad_windows_are_named(until: str, window: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        backtest_cfrp.parse_window(until, window)


def test_a_folder_without_the_registers_is_an_input_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "backtest",
            "cfrp",
            str(tmp_path),
            "--train-until",
            "1779-1780",
            "--test",
            "1780-1781:1780-1781",
        ],
    )
    assert result.exit_code == 1
    flat = " ".join(result.output.split())
    assert "plays.csv" in flat and "file not found" in flat
    assert "Traceback" not in result.output
