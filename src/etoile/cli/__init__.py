"""Command-line interface: thin Typer commands that parse, call ``etoile.ops`` and print with Rich."""
