"""A live progress bar for the solvers that run against a time limit (casting, rehearsal weeks).

The bar fills with the time used and shows the solver's latest news (objective and bound); it
goes to stderr and disappears when the solve ends, leaving the command's own summary. Off a
terminal (tests, pipes) Rich draws nothing, so scripted output stays clean.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from etoile.solve.casting.solver import Progress as CastingProgress

News = Callable[[str], None]
"""Report the solver's latest news; the bar advances with the time since the solve began."""


@contextmanager
def solver_bar(label: str, time_limit: float, console: Console | None = None) -> Iterator[News]:
    """A transient bar over ``time_limit`` seconds, labelled, with the latest news beside it."""
    started = time.monotonic()
    console = console or Console(stderr=True)
    with Progress(
        TextColumn(f"[bold]{label}[/]"),
        BarColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # not even a blank line in a pipe or a log
    ) as bar:
        task = bar.add_task("", total=time_limit)

        def news(text: str) -> None:
            used = min(time.monotonic() - started, time_limit)
            bar.update(task, completed=used, description=text)

        yield news


def casting_news(news: News) -> CastingProgress:
    """The casting engine's objective and bound as news for :func:`solver_bar`."""

    def report(objective: float | None, bound: float, _wall: float) -> None:
        shown = "—" if objective is None else f"{objective:,.0f}"
        news(f"objective {shown}  bound {bound:,.0f}")

    return report
