"""Commands for the store: import and export season documents, upgrade the database schema."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from etoile.model.document import load_season as read_season_file
from etoile.model.document import write_season
from etoile.ops.seasons import ImportReport, export_season, import_checked_season
from etoile.store.engine import head_revision, open_store, schema_revision, store_session
from etoile.store.settings import load_settings

DATABASE_HELP = (
    "Database URL (default: ETOILE_DATABASE_URL, else the SQLite file in the data folder)."
)

db_app = typer.Typer(help="The database: where it is and its schema.", no_args_is_help=True)


def _report_table(report: ImportReport) -> Table:
    table = Table(title=f"Imported {report.source}", title_justify="left")
    table.add_column("collection")
    for column in ("created", "updated", "deleted"):
        table.add_column(column, justify="right")
    for name, changes in report.changes.items():
        if changes.total:
            table.add_row(name, str(changes.created), str(changes.updated), str(changes.deleted))
    table.add_row("[bold]total[/]", str(report.created), str(report.updated), str(report.deleted))
    return table


def import_command(
    file: Path = typer.Argument(..., help="The season document (JSON) to import."),
    database: str | None = typer.Option(None, "--database", help=DATABASE_HELP),
) -> None:
    """Import a season document in one transaction: a document with any problem writes nothing."""
    season = read_season_file(file)  # a bad document stops here, before the database is opened
    settings = load_settings(database)
    with store_session(settings) as session:
        report = import_checked_season(session, season, str(file))
    console = Console()
    if report.unchanged:
        console.print(f"{file}: the database already holds this season (nothing changed).")
    else:
        console.print(_report_table(report))
    console.print(f"database: {settings.display_url()}", style="dim", highlight=False)


def export_command(
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the season document."),
    database: str | None = typer.Option(None, "--database", help=DATABASE_HELP),
) -> None:
    """Write the stored season back as a season document."""
    settings = load_settings(database)
    with store_session(settings) as session:
        season = export_season(session)
    write_season(season, output)
    Console().print(
        f"wrote {output}: {len(season.companies)} companies, {len(season.dancers)} dancers, "
        f"{len(season.performances)} performances",
        highlight=False,
    )


@db_app.command("upgrade")
def upgrade_command(
    database: str | None = typer.Option(None, "--database", help=DATABASE_HELP),
) -> None:
    """Create the database if needed and migrate its schema to this version of Étoile."""
    settings = load_settings(database)
    engine = open_store(settings)
    try:
        revision = schema_revision(engine)
    finally:
        engine.dispose()
    Console().print(
        f"database {settings.display_url()} is at schema revision {revision} "
        f"(head {head_revision()})",
        highlight=False,
    )


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Attach this module's commands to the main app and the bench group."""
    app.command("import")(import_command)
    app.command("export")(export_command)
    app.add_typer(db_app, name="db")
