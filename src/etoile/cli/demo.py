"""`etoile demo`: the main job — build the demo database and run every engine on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from etoile.errors import InputError
from etoile.generate import demo_season
from etoile.model import Season
from etoile.model.document import write_season
from etoile.ops.seasons import import_checked_season
from etoile.ops.summary import SeasonSummary, summarise
from etoile.store.engine import open_store, session_scope
from etoile.store.settings import load_settings

console = Console()


def print_summary(summary: SeasonSummary) -> None:
    """Companies, dancers by rank, the planned runs, performances per month and past sales."""
    companies = Table(title=f"Companies — season {summary.planned_season}", title_justify="left")
    for column in ("id", "company", "city", "time zone", "dancers", "shows"):
        companies.add_column(column, justify="right" if column in ("dancers", "shows") else "left")
    for company_id, name, city, zone, dancers, shows in summary.companies:
        companies.add_row(company_id, name, city, zone, str(dancers), str(shows))
    console.print(companies)

    ranks = Table(title="Dancers by rank", title_justify="left")
    ranks.add_column("co.")
    ranks.add_column("ladder (top → bottom)")
    for name, ladder in summary.ranks.items():
        ranks.add_row(name, ", ".join(f"{rank} {count}" for rank, count in ladder))
    console.print(ranks)

    runs = Table(title="Productions", title_justify="left")
    for column in ("co.", "work", "venue", "kind", "opens", "closes", "shows"):
        runs.add_column(column, justify="right" if column == "shows" else "left")
    for run in summary.runs:
        runs.add_row(
            run.company,
            run.title,
            run.venue,
            run.kind,
            str(run.opening),
            str(run.closing),
            str(run.performances),
        )
    console.print(runs)

    months = sorted({m for per in summary.per_month.values() for m in per})
    per_month = Table(title="Performances per month", title_justify="left")
    per_month.add_column("co.")
    for month in months:
        per_month.add_column(month[2:].replace("-", "/"), justify="right")
    for name, per in summary.per_month.items():
        per_month.add_row(name, *(str(per.get(m, "")) for m in months))
    console.print(per_month)

    sales = Table(title="Past sales", title_justify="left")
    for column in ("co.", "season", "shows", "tickets", "occupancy", "revenue", "sell-outs"):
        sales.add_column(column, justify="left" if column in ("co.", "season") else "right")
    for line in summary.sales:
        sales.add_row(
            line.company, line.season, str(line.performances), f"{line.tickets:,}",
            f"{line.occupancy:.0%}", f"{line.revenue:,.0f} {line.currency}", str(line.sell_outs),
        )  # fmt: skip
    console.print(sales)


def build_demo_database(out_dir: Path, database: str | None) -> Season:
    """Generate the demo document, write it, and import it into the store in one transaction."""
    out_dir.mkdir(parents=True, exist_ok=True)
    season = demo_season()
    document = out_dir / "demo-season.json"
    write_season(season, document)
    settings = load_settings(database)
    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            report = import_checked_season(session, season, str(document))
    finally:
        engine.dispose()
    console.print(
        f"Demo season written to [bold]{document}[/] and imported into {settings.display_url()} "
        f"({report.created} rows created, {report.updated} updated).",
        highlight=False,
    )
    return season


STEPS = ("season",)
DEFAULT_OUT = Path("out/demo")


def demo(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the demo's files.")
    ] = DEFAULT_OUT,
    database: Annotated[str | None, typer.Option("--database", help="Database URL.")] = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Run only these steps.")] = None,
) -> None:
    """Build the demo database (New York + Paris) and print what every engine makes of it."""
    steps = only or list(STEPS)
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        raise InputError(f"--only: unknown step {unknown[0]!r} (steps: {', '.join(STEPS)})")
    season = build_demo_database(out_dir, database)
    print_summary(summarise(season))


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Attach the demo command."""
    app.command()(demo)
