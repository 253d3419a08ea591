"""`etoile forecast` (fit, predict a season) and `etoile backtest` (CFRP, Broadway)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from etoile.errors import InputError
from etoile.model.document import load_season

if TYPE_CHECKING:  # the model and the backtests pull in scipy and scikit-learn: load on use
    from etoile.forecast.backtest import PredictionRow

console = Console()
err = Console(stderr=True)


class DefaultToPredict(TyperGroup):
    """`etoile forecast SEASON.json` means `etoile forecast predict SEASON.json`."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["predict", *args]
        return super().resolve_command(ctx, args)


forecast_app = typer.Typer(
    cls=DefaultToPredict,
    help="Box-office forecasts: `etoile forecast SEASON.json` or `etoile forecast fit HISTORY`.",
    no_args_is_help=True,
)
backtest_app = typer.Typer(
    help="Backtests on real box-office data (folder as argument).", no_args_is_help=True
)


@contextmanager
def _progress() -> Iterator[Callable[[str], None]]:
    """A Rich status line on stderr; yields a function that names the current step."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=None)
        yield lambda text: bar.update(task, description=text)


@forecast_app.command("fit")
def fit(
    history: Annotated[Path, typer.Argument(help="Season document (.json) or sales-history CSV.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Save the fitted model here.")] = None,
    country: Annotated[
        str | None, typer.Option(help="Holiday calendar for a CSV, e.g. FR.")
    ] = None,
) -> None:
    """Learn demand from a company's sales history; print what it learned."""
    from etoile.ops.forecasting import fit_history_file

    with _progress() as step:
        step(f"fitting on {history}")
        fitted = fit_history_file(history, country)
    if out is not None:
        fitted.save(out)
    summary = {key: _summary(model) for key, model in fitted.models.items()}
    if as_json:
        console.print_json(json.dumps({"models": summary, "saved_to": str(out) if out else None}))
        return
    for key, s in summary.items():
        console.print(
            f"[bold]{key}[/]: {s['observations']} performances, {s['target']}, residual sd {s['sigma']:.3f}"
        )
        table = Table(
            title="Strongest learned draws (log demand vs rank average)", title_justify="left"
        )
        table.add_column("dancer")
        table.add_column("draw", justify="right")
        table.add_column("± sd", justify="right")
        for d in s["top_draws"]:
            table.add_row(d["dancer"], f"{d['draw']:+.3f}", f"{d['sd']:.3f}")
        console.print(table)
    if out:
        console.print(f"saved to {out}")


def _summary(model: Any) -> dict[str, Any]:
    draws = sorted(model.member_draws().items(), key=lambda kv: -kv[1][0])[:10]
    return {
        "observations": model.n_train,
        "target": model.volume_kind,
        "sigma": model.volume.sigma,
        "shrinkage_sd": {b: v**0.5 for b, v in model.volume.tau2.items()},
        "full_house_ratio": model.full_house,
        "top_draws": [{"dancer": k, "draw": v[0], "sd": v[1]} for k, v in draws],
    }


@forecast_app.command("predict")
def predict(
    season_file: Annotated[Path, typer.Argument(help="Season document (.json).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON rows.")] = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a PNG chart here.")] = None,
    model: Annotated[
        Path | None, typer.Option(help="A model saved by `forecast fit --out`.")
    ] = None,
) -> None:
    """Predict tickets and revenue of every performance without sales, with 80 % intervals."""
    from etoile.forecast.plot import plot_forecasts
    from etoile.ops.forecasting import SeasonForecaster, forecasts_to_json, predict_season

    with _progress() as step:
        step(f"reading {season_file}")
        season = load_season(season_file)
        fitted = SeasonForecaster.load(model) if model else None
        step("fitting and predicting")
        rows = predict_season(season, fitted)
    if plot is not None:
        plot_forecasts([(r.day, r.company_id, r.forecast) for r in rows], plot)
    if as_json:
        console.print_json(json.dumps({"forecasts": forecasts_to_json(rows)}))
        return
    table = Table(title=f"Forecast: {len(rows)} performances", title_justify="left")
    for column in (
        "date",
        "co.",
        "title",
        "capacity",
        "tickets (80 %)",
        "revenue (80 %)",
        "P(sell-out)",
    ):
        table.add_column(column, justify="left" if column in ("date", "co.", "title") else "right")
    for r in rows:
        f = r.forecast
        t = (
            f"{f.tickets.median:,.0f} [{f.tickets.lower:,.0f}–{f.tickets.upper:,.0f}]"
            if f.tickets
            else "-"
        )
        m = (
            f"{f.revenue.median:,.0f} [{f.revenue.lower:,.0f}–{f.revenue.upper:,.0f}]"
            if f.revenue
            else "-"
        )
        p = f"{f.sell_out_probability:.0%}" if f.sell_out_probability is not None else "-"
        table.add_row(r.day.isoformat(), r.company_id, r.title, f"{f.capacity or 0:,.0f}", t, m, p)
    console.print(table)
    if plot is not None:
        console.print(f"chart written to {plot}")


def _finish(
    report: dict[str, Any], rows: list[PredictionRow], predictions: Path | None, as_json: bool
) -> None:
    if predictions is not None:
        from etoile.forecast.backtest import write_predictions

        write_predictions(predictions, rows)
        report["predictions"] = str(predictions)
    if as_json:
        console.print_json(json.dumps(report))
        return
    table = Table(
        title=f"Backtest {report['dataset']}: {report['n_test']} predictions", title_justify="left"
    )
    for column in ("method", "MAE", "MAPE %", "RMSE", "80 % coverage"):
        table.add_column(column, justify="left" if column == "method" else "right")
    methods = {"model": report["model"], **report["baselines"]}
    for name, s in methods.items():
        table.add_row(
            name,
            f"{s['mae']:,.1f}",
            f"{s['mape']:.1f}",
            f"{s['rmse']:,.1f}",
            f"{s['coverage']:.2f}",
        )
    console.print(table)


Window = Annotated[str, typer.Option("--test", help="FROM:TO, the held-out window.")]
Predictions = Annotated[
    Path | None, typer.Option("--predictions", help="Write the model's predictions CSV.")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


@backtest_app.command("cfrp")
def cfrp(
    folder: Annotated[Path, typer.Argument(help="The cfrp-comedie-francaise-1680-1793 folder.")],
    train_until: Annotated[
        str, typer.Option("--train-until", help="Last training season, e.g. 1779-1780.")
    ],
    test: Window,
    predictions: Predictions = None,
    as_json: AsJson = False,
) -> None:
    """Comédie-Française nightly receipts: learn titles, weekdays and the actors' draw."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    with _progress() as step:
        from etoile.forecast import backtest_cfrp

        report, rows = backtest_cfrp.backtest(folder, train_until, test, step)
    _finish(report, rows, predictions, as_json)


@backtest_app.command("broadway")
def broadway(
    folder: Annotated[Path, typer.Argument(help="The broadway-weekly-grosses folder.")],
    train_until: Annotated[
        str, typer.Option("--train-until", help="Last training week ending, e.g. 2016-05-31.")
    ],
    test: Window,
    predictions: Predictions = None,
    as_json: AsJson = False,
) -> None:
    """Broadway weekly grosses per show, predicted a season ahead."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    with _progress() as step:
        from etoile.forecast import backtest_broadway

        report, rows = backtest_broadway.backtest(folder, train_until, test, step)
    _finish(report, rows, predictions, as_json)


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Attach this module's commands to the main app and the bench group."""
    app.add_typer(forecast_app, name="forecast")
    app.add_typer(backtest_app, name="backtest")
