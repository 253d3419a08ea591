"""Commands for the store (being built)."""

from __future__ import annotations

import typer


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Attach this module's commands to the main app and the bench group."""
