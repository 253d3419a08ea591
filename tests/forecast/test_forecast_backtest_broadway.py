"""A small Broadway backtest on the real Playbill grosses (one summer)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etoile.cli.app import app
from etoile.errors import InputError
from etoile.forecast import backtest_broadway

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def folder(shared_dir: Path) -> Path:
    return shared_dir / "data" / "broadway-weekly-grosses"


def test_broadway_backtest_through_the_cli(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "predictions.csv"
    args = ["backtest", "broadway", str(folder), "--train-until", "2011-05-31", "--test",
            "2011-06-01:2011-08-31", "--predictions", str(out), "--json"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["n_test"] > 300
    model, baselines = report["model"], report["baselines"]
    assert model["mae"] < baselines["seasonal_naive"]["mae"]
    assert model["mae"] < baselines["gradient_boosting"]["mae"]
    assert 0.6 < model["coverage"] <= 1.0
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == report["n_test"]
    title, week = rows[0]["id"].rsplit("|", 1)
    assert title and week == rows[0]["date"] and "2011-06-01" <= week <= "2011-08-31"


def test_show_weeks_parse_money_and_censor_full_houses(folder: Path) -> None:
    observations, context = backtest_broadway.load(folder)
    assert context.country == "US"
    first = observations[0]
    assert first.revenue and first.revenue > 1000 and first.tickets and first.showing.capacity
    full = [
        o
        for o in observations
        if o.tickets and o.showing.capacity and o.tickets >= o.showing.capacity
    ]
    assert len(full) > 100  # sold-out weeks exist, and the model treats them as censored
    assert all(o.showing.performances > 0 for o in observations)


def test_bad_dates_are_named() -> None:
    with pytest.raises(InputError, match="--train-until"):
        backtest_broadway.parse_window("May 2016", "2016-06-01:2017-05-31")
    with pytest.raises(InputError, match="FROM:TO"):
        backtest_broadway.parse_window("2016-05-31", "2016-06-01")
