"""The ``etoile`` command: assembles the command groups and turns errors into clean messages."""

from __future__ import annotations

import sys
from importlib import import_module

import typer
from rich.console import Console

from etoile.errors import EtoileError

app = typer.Typer(
    name="etoile",
    help="Étoile: casting, rehearsals, star exchanges and box-office forecasts for ballet companies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
bench_app = typer.Typer(help="Benchmarks that print one JSON object each.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")

# Each module registers its own commands (and its ``bench`` sub-command, if any).
COMMAND_MODULES = (
    "season",
    "store",
    "casting",
    "rehearsals",
    "sequencing",
    "exchange",
    "forecast",
    "demo",
)

for _name in COMMAND_MODULES:
    import_module(f"etoile.cli.{_name}").register(app, bench_app)


def main() -> None:
    """Run the CLI; an expected error prints one red line and exits 1, never a traceback."""
    err = Console(stderr=True)
    try:
        app()
    except EtoileError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]")
        sys.exit(130)
