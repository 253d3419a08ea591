"""`etoile demo`: the main job — build the demo database and run every engine on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from etoile.cli.demo_tables import print_cast_sheet, print_forecast, print_summary
from etoile.cli.progress import casting_news, solver_bar
from etoile.errors import InputError
from etoile.generate import demo_season
from etoile.model import Season
from etoile.model.document import write_season
from etoile.model.plan import CastingPlan, write_plan
from etoile.ops.cast_sheet import cast_sheet, opening_night
from etoile.ops.seasons import import_checked_season
from etoile.ops.summary import summarise
from etoile.store.engine import store_session
from etoile.store.settings import load_settings

console = Console()
STEPS = ("season", "forecast", "casting", "rehearsals", "exchange")
DEFAULT_OUT = Path("out/demo")


def build_demo_database(out_dir: Path, database: str | None) -> Season:
    """Generate the demo document, write it, and import it into the store in one transaction."""
    out_dir.mkdir(parents=True, exist_ok=True)
    season = demo_season()
    document = out_dir / "demo-season.json"
    write_season(season, document)
    settings = load_settings(database)
    with store_session(settings) as session:
        report = import_checked_season(session, season, str(document))
    console.print(
        f"Demo season written to [bold]{document}[/] and imported into {settings.display_url()} "
        f"({report.created} rows created, {report.updated} updated).",
        highlight=False,
    )
    return season


def cast_demo(
    season: Season, out_dir: Path, database: str | None, time_limit: float
) -> CastingPlan:
    """Cast both companies with a live progress bar, validate, store and show opening nights."""
    from etoile.ops.casting import cast_season, check_plan, store_plan

    with solver_bar("casting", time_limit, console) as news:
        plan = cast_season(season, None, time_limit, progress=casting_news(news))
    violations = check_plan(season, plan)
    info = plan.solve
    console.print(
        f"Casting: [bold]{info.status}[/], objective {info.objective:,.1f}, proven bound "
        f"{info.bound:,.1f} (gap {100 * (info.gap or 0):.2f} %) in {info.wall_s:.1f} s; "
        f"independent validator: {len(violations)} violation(s).",
        highlight=False,
    )
    write_plan(plan, out_dir / "casting-plan.json")
    with store_session(load_settings(database)) as session:
        version = store_plan(session, plan, publish=True)
    console.print(
        f"Casting plan stored as published version {version} and written to {out_dir / 'casting-plan.json'}."
    )
    for company in season.companies:
        night = opening_night(season, plan, company.id)
        if night is not None:
            print_cast_sheet(cast_sheet(season, plan, night))
    return plan


def rehearse_demo(season: Season, plan: CastingPlan, time_limit: float) -> None:
    """The first rehearsal week of each company from the casting plan, and tomorrow's call sheet."""
    from datetime import timedelta

    from etoile.ops.rehearsals import call_sheet, first_rehearsal_week, plan_week
    from etoile.solve.rehearsals.callsheet import to_rich
    from etoile.solve.rehearsals.validate import waiting_minutes

    for company in season.companies:
        week = first_rehearsal_week(season, company.id)
        with console.status(f"scheduling {company.name}'s week of {week} …"):
            result = plan_week(season, plan, week, company.id, time_limit)
        console.print(
            f"Rehearsals, {company.name}, week of {week}: {len(result.schedule.calls)} calls, "
            f"{len(result.violations)} violation(s), dancers' waiting {result.waiting_minutes / 60:.1f} h "
            f"(first-come schedule: {waiting_minutes(result.baseline) / 60:.1f} h).",
            highlight=False,
        )
        console.print(to_rich(call_sheet(season, result.schedule, week + timedelta(days=1))))


def exchange_demo(season: Season, out_dir: Path, time_limit: float) -> None:
    """The best star exchange between New York and Paris, proved castable, and its agreement."""
    from etoile.cli.exchange import print_proposal
    from etoile.ops.exchange import agreement, propose_exchanges

    with console.status("planning the star exchange …"):
        proposals = propose_exchanges(season, max_stars=2, top=1, time_limit=time_limit)
    if not proposals.proposals:
        console.print("Exchange: no proposal leaves both companies better off.")
        return
    best = proposals.proposals[0]
    print_proposal(season, best, "Best star exchange (fair: the smaller gain is maximised)")
    markdown, _pdf = agreement(season, best)
    (out_dir / "exchange-agreement.md").write_text(markdown, encoding="utf-8")
    console.print(f"Exchange agreement written to {out_dir / 'exchange-agreement.md'}.")


def forecast_demo(season: Season, plan: CastingPlan | None, out_dir: Path) -> None:
    """Fit each company's sales history and forecast the coming season (with the planned casts
    when casting ran), by production, with the chart."""
    from etoile.forecast.plot import plot_forecasts
    from etoile.ops.forecasting import fit_season, predict_season, with_planned_casts

    with console.status("fitting the box-office model on three past seasons …"):
        forecaster = fit_season(season)
        rows = predict_season(with_planned_casts(season, plan) if plan else season, forecaster)
    chart = out_dir / "forecast.png"
    plot_forecasts([(r.day, r.company_id, r.forecast) for r in rows], chart)
    print_forecast(rows, "with the planned casts" if plan else "before casting")
    console.print(f"Forecast chart written to {chart}.")


def demo(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the demo's files.")
    ] = DEFAULT_OUT,
    database: Annotated[str | None, typer.Option("--database", help="Database URL.")] = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Run only these steps.")] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=1, help="Seconds for each solve.")
    ] = 60.0,
) -> None:
    """Build the demo database (New York + Paris) and print what every engine makes of it."""
    steps = only or list(STEPS)
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        raise InputError(f"--only: unknown step {unknown[0]!r} (steps: {', '.join(STEPS)})")
    season = build_demo_database(out_dir, database)
    print_summary(summarise(season))
    plan: CastingPlan | None = None
    if "casting" in steps or "rehearsals" in steps:
        plan = cast_demo(season, out_dir, database, time_limit)
    if "forecast" in steps:
        forecast_demo(season, plan, out_dir)
    if "rehearsals" in steps and plan is not None:
        rehearse_demo(season, plan, min(time_limit, 30.0))
    if "exchange" in steps:
        exchange_demo(season, out_dir, time_limit)


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Attach the demo command."""
    app.command()(demo)
