"""Season-document commands: schema, validate, generate."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from etoile.errors import InputError
from etoile.generate import GeneratorConfig, generate_season
from etoile.model.document import load_season, season_json_schema, write_season
from etoile.model.problems import DocumentError

console = Console()
err_console = Console(stderr=True, soft_wrap=True)


def schema() -> None:
    """Print the JSON Schema of the season document."""
    typer.echo(json.dumps(season_json_schema(), indent=2))


def validate(
    file: Annotated[Path, typer.Argument(help="Season document (JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report.")] = False,
) -> None:
    """Check a season document: prints "ok", or every problem with its JSON path and reason."""
    try:
        season = load_season(file)
    except DocumentError as exc:
        if as_json:
            problems = [{"path": p.path, "reason": p.reason} for p in exc.problems]
            typer.echo(json.dumps({"ok": False, "file": str(file), "problems": problems}, indent=2))
        else:
            err_console.print(
                f"[bold red]{file}[/]: {len(exc.problems)} problem(s)", highlight=False
            )
            for problem in exc.problems:
                err_console.print(f"  [cyan]{problem.path}[/]: {problem.reason}", highlight=False)
        raise typer.Exit(1) from None
    if as_json:
        counts = {"companies": len(season.companies), "dancers": len(season.dancers),
                  "performances": len(season.performances)}  # fmt: skip
        typer.echo(json.dumps({"ok": True, "file": str(file), "problems": [], **counts}))
    else:
        typer.echo("ok")


def generate(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the document.")],
    dancers: Annotated[int | None, typer.Option(min=8, help="Dancers per company.")] = None,
    performances: Annotated[
        int | None, typer.Option(min=1, help="Performances per company.")
    ] = None,
    productions: Annotated[int | None, typer.Option(min=1, help="Productions per company.")] = None,
    companies: Annotated[
        int, typer.Option(min=1, max=4, help="1: Paris style; 2: New York + Paris.")
    ] = 1,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same document.")
    ] = 7,
    season: Annotated[str, typer.Option(help="Season to plan, e.g. 2027-28.")] = "2027-28",
) -> None:
    """Generate a valid season document of any scale, deterministic per seed."""
    if len(season) != 7 or not season[:4].isdigit() or season[4] != "-":
        raise InputError(f"--season: {season!r} is not a season label like 2027-28")
    started = time.perf_counter()
    config = GeneratorConfig(
        dancers=dancers, performances=performances, productions=productions,
        companies=companies, seed=seed, season=season,
    )  # fmt: skip
    document = generate_season(config)
    write_season(document, output)
    err_console.print(
        f"wrote {output}: {len(document.companies)} companies, {len(document.dancers)} dancers, "
        f"{len(document.productions)} productions, {len(document.performances)} performances "
        f"({len(document.sales)} with sales) in {time.perf_counter() - started:.1f} s",
        highlight=False,
    )


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Attach the season-document commands."""
    app.command()(schema)
    app.command()(validate)
    app.command()(generate)
