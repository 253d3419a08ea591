"""The ``etoile`` command: assembles the command groups and turns errors into clean messages."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import typer
from rich.console import Console
from typer._click import Context
from typer.core import TyperGroup

from etoile.errors import EtoileError


class EtoileGroup(TyperGroup):
    """The top-level group: an expected error prints one red message and exits 1, no traceback.

    Catching here (not in ``main``) means tests driving the app with CliRunner see exactly what
    a user sees.
    """

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except EtoileError as exc:
            # soft_wrap: a long path or message stays on one line, whatever the terminal width
            Console(stderr=True, soft_wrap=True).print(
                f"[bold red]error:[/] {exc}", highlight=False
            )
            ctx.exit(1)
        except KeyboardInterrupt:
            Console(stderr=True).print("[yellow]interrupted[/]")
            ctx.exit(130)


app = typer.Typer(
    name="etoile",
    cls=EtoileGroup,
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
    """Run the ``etoile`` command."""
    app()
